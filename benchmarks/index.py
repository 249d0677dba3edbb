"""Benchmark of the index engine: national-size scoring and roll-up, and Monte Carlo uncertainty.

Run: ``python benchmarks/index.py [--tps 820000]``. Prints our time and memory beside a
straightforward per-unit Python loop of the same formula (timed on a subsample, extrapolated).
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from petarawan.domain.index import Hierarchy, compute_index
from petarawan.domain.index.model import Framework
from petarawan.domain.uncertainty import run_uncertainty
from petarawan.io.frameworks import find_framework

N_IND = 25


def national_framework() -> Framework:
    """Five dimensions of five TPS indicators, fixed classes, voter-weighted roll-up."""
    dims = [f"d{j}" for j in range(5)]
    data = {
        "id": "bench",
        "name_id": "Uji",
        "name_en": "Bench",
        "levels": ["tps"],
        "class_schemes": {
            "default": {
                "type": "fixed",
                "bands": [
                    {
                        "id": "kurang_rawan",
                        "label_id": "Kurang rawan",
                        "label_en": "Low",
                        "lower": 0,
                        "upper": 25,
                        "colour": "#1a9850",
                    },
                    {
                        "id": "rawan",
                        "label_id": "Rawan",
                        "label_en": "Vulnerable",
                        "lower": 25,
                        "upper": 35,
                        "colour": "#fdae61",
                    },
                    {
                        "id": "sangat_rawan",
                        "label_id": "Sangat rawan",
                        "label_en": "High",
                        "lower": 35,
                        "upper": 100,
                        "colour": "#d73027",
                    },
                ],
            }
        },
        "nodes": [{"id": "idx", "name_id": "I", "name_en": "I", "classes": "default"}]
        + [
            {"id": d, "name_id": d, "name_en": d, "parent": "idx", "weight": j + 1}
            for j, d in enumerate(dims)
        ],
        "indicators": [
            {
                "id": f"x{i}",
                "name_id": f"x{i}",
                "name_en": f"x{i}",
                "parent": dims[i % 5],
                "level": "tps",
                "direction": -1 if i % 7 == 0 else 1,
                "weight": 1 + i % 3,
                "imputation": "median",
            }
            for i in range(N_IND)
        ],
        "rollup": {
            "method": "voter_weighted_mean",
            "levels": ["desa", "kecamatan", "kabkota", "provinsi", "nasional"],
        },
    }
    return Framework.model_validate(data)


def national_tables(n_tps: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic nation: TPS table and hierarchy (38 provinsi, 514 kab/kota, ...)."""
    rng = np.random.default_rng(seed)
    n_prov, n_kab, n_kec, n_desa = 38, 514, 7200, 83000
    kab_prov = np.sort(rng.integers(0, n_prov, n_kab))
    kab_prov[:n_prov] = np.arange(n_prov)
    kec_kab = np.sort(np.concatenate([np.arange(n_kab), rng.integers(0, n_kab, n_kec - n_kab)]))
    desa_kec = np.sort(np.concatenate([np.arange(n_kec), rng.integers(0, n_kec, n_desa - n_kec)]))
    tps_desa = np.sort(np.concatenate([np.arange(n_desa), rng.integers(0, n_desa, n_tps - n_desa)]))
    prov = np.array([f"P{i:02d}" for i in range(n_prov)], dtype=object)
    kab = np.array([f"K{i:03d}" for i in range(n_kab)], dtype=object)
    kec = np.array([f"C{i:04d}" for i in range(n_kec)], dtype=object)
    desa = np.array([f"D{i:05d}" for i in range(n_desa)], dtype=object)
    tps = np.array([f"T{i:06d}" for i in range(n_tps)], dtype=object)
    hier = pd.DataFrame(
        {
            "code": np.concatenate([prov, kab, kec, desa, tps]),
            "level": ["provinsi"] * n_prov
            + ["kabkota"] * n_kab
            + ["kecamatan"] * n_kec
            + ["desa"] * n_desa
            + ["tps"] * n_tps,
            "parent_code": np.concatenate(
                [np.full(n_prov, None), prov[kab_prov], kab[kec_kab], kec[desa_kec], desa[tps_desa]]
            ),
        }
    )
    x = rng.gamma(2.0, 10.0, size=(n_tps, N_IND))
    x[rng.random(x.shape) < 0.01] = np.nan
    table = pd.DataFrame(x, index=pd.Index(tps), columns=[f"x{i}" for i in range(N_IND)])
    table["voters"] = rng.integers(100, 600, n_tps).astype(float)
    return table, hier


def loop_reference(fw: Framework, table: pd.DataFrame, sample: int) -> tuple[float, np.ndarray]:
    """The same formula, one unit at a time in plain Python (min/max precomputed)."""
    inds = fw.indicators
    cols = [i.id for i in inds]
    med = {c: float(np.nanmedian(table[c].to_numpy())) for c in cols}
    lo = {i.id: float(np.nanmin(table[i.id] * i.direction)) for i in inds}
    hi = {i.id: float(np.nanmax(table[i.id] * i.direction)) for i in inds}
    # imputation by the median happens before min/max, as in the engine
    for i in inds:
        v = table[i.id].fillna(med[i.id]) * i.direction
        lo[i.id], hi[i.id] = float(v.min()), float(v.max())
    rows = table[cols].to_numpy()[:sample].tolist()
    dims = {n.id: n for n in fw.nodes if n.parent is not None}
    start = time.process_time()
    out = []
    for row in rows:
        dim_val = {}
        for d in dims:
            num = den = 0.0
            for j, ind in enumerate(inds):
                if ind.parent != d:
                    continue
                v = row[j]
                if np.isnan(v):
                    v = med[ind.id]
                z = (v * ind.direction - lo[ind.id]) / (hi[ind.id] - lo[ind.id]) * 100
                num += ind.weight * z
                den += ind.weight
            dim_val[d] = num / den
        tot = sum(dims[d].weight * dim_val[d] for d in dims) / sum(dims[d].weight for d in dims)
        cls = "sangat_rawan" if tot >= 35 else ("rawan" if tot >= 25 else "kurang_rawan")
        out.append((tot, cls))
    elapsed = time.process_time() - start
    return elapsed, np.array([o[0] for o in out])


def uncertainty_case(seed: int = 3) -> tuple[float, float]:
    """1,000 draws of the kamtibmas preset for one regency (800 TPS in 193 desa)."""
    rng = np.random.default_rng(seed)
    desa = [f"53.03.{k:02d}.{2000 + i}" for k in range(1, 25) for i in range(1, 10)][:193]
    tps_desa = np.sort(np.concatenate([np.arange(193), rng.integers(0, 193, 800 - 193)]))
    tps_ids = [f"{desa[d]}-{i:03d}" for i, d in enumerate(tps_desa)]
    fw = find_framework("kamtibmas")
    tps = pd.DataFrame(index=pd.Index(tps_ids))
    for ind in fw.indicators:
        if ind.level == "tps":
            tps[ind.id] = rng.gamma(2.0, 20.0, 800)
    tps["voters"] = rng.integers(100, 600, 800).astype(float)
    d = pd.DataFrame(
        {i.id: rng.gamma(2.0, 5.0, 193) for i in fw.indicators if i.level == "desa"},
        index=pd.Index(desa),
    )
    kab = pd.DataFrame(
        {"incumbent_split": [1.0], "candidate_pairs": [2.0], "past_margin_pct": [4.0]},
        index=["53.03"],
    )
    rows = [(c, "desa", c[:8]) for c in desa] + [
        (t, "tps", desa[j]) for t, j in zip(tps_ids, tps_desa, strict=True)
    ]
    rows += [(f"53.03.{k:02d}", "kecamatan", "53.03") for k in range(1, 25)]
    rows += [("53.03", "kabkota", "53")]
    h = Hierarchy(pd.DataFrame(rows, columns=["code", "level", "parent_code"]))
    tables = {"tps": tps, "desa": d, "kabkota": kab}
    start, cpu = time.perf_counter(), time.process_time()
    res = run_uncertainty(fw, tables, hierarchy=h, level="tps", draws=1000)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {res.summary(lang='en')}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tps", type=int, default=820_000)
    parser.add_argument("--loop-sample", type=int, default=20_000)
    args = parser.parse_args()
    fw = national_framework()
    t0 = time.perf_counter()
    table, hier = national_tables(args.tps)
    gen = time.perf_counter() - t0
    print(f"national table: {len(table):,} TPS x {N_IND} indicators (generated in {gen:.1f} s)")
    t0, c0 = time.perf_counter(), time.process_time()
    h = Hierarchy(hier)
    res = compute_index(fw, {"tps": table}, hierarchy=h, explain=False)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    full = compute_index(fw, {"tps": table}, hierarchy=h)
    expl, expl_cpu = time.perf_counter() - t0, time.process_time() - c0
    del full
    counts = res.levels["tps"].classes["idx"].value_counts().to_dict()
    print(f"  levels: {', '.join(f'{k}={len(v.scores):,}' for k, v in res.levels.items())}")
    print(f"  TPS classes: {counts}")
    print(f"  {'; '.join(res.summary(lang='en'))}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    loop_t, loop_scores = loop_reference(fw, table, args.loop_sample)
    np.testing.assert_allclose(
        loop_scores, res.levels["tps"].scores["idx"].to_numpy()[: args.loop_sample], rtol=1e-9
    )
    loop_full = loop_t * len(table) / args.loop_sample
    print()
    print(f"{'step':<46}{'ours wall':>10}{'ours CPU':>10}{'loop CPU':>10}{'ratio':>8}")
    print(
        f"{'score + classify + roll-up, 6 levels (s)':<46}{ours:>10.2f}{ours_cpu:>10.2f}"
        f"{loop_full:>10.1f}{loop_full / ours_cpu:>7.1f}x"
    )
    print(
        f"{'  + contributions for explain (s)':<46}{expl:>10.2f}{expl_cpu:>10.2f}"
        f"{loop_full:>10.1f}{loop_full / expl_cpu:>7.1f}x"
    )
    print(f"{'peak RSS of the process (MB)':<46}{peak_mb:>10.0f}")
    print(f"  loop: the same formula unit by unit on the first {args.loop_sample:,} TPS,")
    print("  extrapolated; scoring and classes only (no roll-up); scores agree to 1e-9.")
    print("  CPU = process time (the machine is shared: wall time includes waiting). Targets:")
    print("  <= 15 s and <= 4 GB.")
    print()
    unc, unc_cpu = uncertainty_case()
    print(f"{'uncertainty 1,000 draws, 800 TPS/193 desa (s)':<46}{unc:>10.2f}{unc_cpu:>10.2f}")
    print("  target <= 5 s")


if __name__ == "__main__":
    main()
