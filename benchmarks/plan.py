"""Deployment planner timings: the demo regency (≈770 TPS, 15 units) and NTT province (16,727 TPS).

Usage: python benchmarks/plan.py [--skip-ntt] [--skip-demo] [--skip-operation]

Operation plans (``polres-pilkada2024``, 7 stages): the full demo workspace (roads, DEM, objects;
aim ≤ 20 s for travel matrix + every stage + reserves) and NTT kab/kota by kab/kota (synthetic
objects: KPU, Bawaslu, warehouse at the Polres, a PPK per kecamatan; straight-line minutes;
aim ≤ 5 min in total).

Demo regency: the synthetic regency of ``petarawan demo`` imported into a temporary workspace,
19 TPS set rawan and 5 sangat rawan, pattern ttu-pemilu2024; grouping + allocation to ≤ 1 % gap.
NTT: 16,727 regular TPS placed at random inside their kecamatan polygons (no desa polygons),
a Polres per kab/kota and a Polsek per kecamatan (synthetic pools: 0.33 Polri per TPS), planned
kab/kota by kab/kota with pattern pilkada2020-nasional; the total time is compared with the
2-minute aim. The ideal requirement Σ_c polri_c · n_c / k_c is printed as the reference.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from petarawan.domain.codes import tps_id
from petarawan.domain.plan import PlanOptions, plan_deployment
from petarawan.io.patterns import read_pattern

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"


def _ideal(tps_cat: pd.Series, pattern_id: str) -> int:
    pat = read_pattern(pattern_id)
    counts = tps_cat.value_counts()
    return sum(pat.rule(c).polri * math.ceil(n / pat.rule(c).tps) for c, n in counts.items())


def demo_regency() -> None:
    from petarawan.cli.demo import _IMPORTS
    from petarawan.demo.regency import generate_regency
    from petarawan.store import Workspace
    from petarawan.store.importer import import_files

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate_regency(data, seed=2024)
        ws = Workspace.open(Path(tmp) / "ws")
        try:
            for entity, names in _IMPORTS[:4]:
                import_files(ws, entity, [data / n for n in names])
            tps = pd.DataFrame(ws.tps().drop(columns="geometry"))
            units = pd.DataFrame(ws.units().drop(columns="geometry"))
        finally:
            ws.close()
    rng = np.random.default_rng(7)
    regular = tps.index[~tps["khusus"].astype(bool)]
    pick = rng.choice(regular, 24, replace=False)
    tps.loc[pick[:19], "category"] = "rawan"
    tps.loc[pick[19:], "category"] = "sangat_rawan"
    pat = read_pattern("ttu-pemilu2024")
    t0 = time.perf_counter()
    res = plan_deployment(tps, pat, units, options=PlanOptions(mip_rel_gap=0.01))
    secs = time.perf_counter() - t0
    s = res.summary
    cat = tps["category"].fillna("kurang_rawan")
    cat = cat.where(~(tps["category"].isna() & tps["khusus"].astype(bool)), "khusus")
    print("== Demo regency (synthetic, petarawan demo seed 2024)")
    print(f"TPS {len(tps)}, units {len(units)}, Polri strength {int(units['polri'].sum())}")
    print(
        f"groups {s['grouping']['groups']} (lower bound {s['grouping']['lower_bound']}), "
        f"required Polri {s['required']['polri']} (ideal without geography "
        f"{_ideal(cat, 'ttu-pemilu2024')}), on duty {s['available']['polri']}, "
        f"shortfall {s['shortfall']['polri']}"
    )
    print(
        f"allocation: status {s['status']}, gap {s['gap']:.4%}, solver "
        f"{s['solver']['seconds']:.2f} s, {s['solver']['variables']} variables"
    )
    print(
        f"grouping + allocation total {secs:.2f} s   (aim ≤ 10 s: "
        f"{'met' if secs <= 10 and s['gap'] <= 0.01 else 'NOT met'})\n"
    )


def _ntt_tps() -> pd.DataFrame:
    per_desa = pd.read_csv(DATA / "tps" / "ntt_tps_per_desa_pemilu2024_kawalpemilu.csv")
    kec = gpd.read_file(DATA / "boundaries" / "ntt_kecamatan.geojson").set_index("kode")
    rng = np.random.default_rng(53)
    rows: list[dict[str, object]] = []
    per_desa["kec"] = per_desa["kode_desa"].str.rsplit(".", n=1).str[0]
    for code, part in per_desa.groupby("kec", sort=True):
        n = int(part["jumlah_tps"].sum())
        poly = kec.geometry.get(code)
        if poly is None or n == 0:
            continue
        minx, miny, maxx, maxy = poly.bounds
        pts: list[tuple[float, float]] = []
        prepared = shapely.prepared.prep(poly)
        while len(pts) < n:
            xs = rng.uniform(minx, maxx, 4 * n)
            ys = rng.uniform(miny, maxy, 4 * n)
            inside = [prepared.contains(shapely.Point(x, y)) for x, y in zip(xs, ys, strict=True)]
            pts += [(x, y) for x, y, ok in zip(xs, ys, inside, strict=True) if ok]
        i = 0
        for r in part.itertuples():
            for num in range(1, int(r.jumlah_tps) + 1):
                rows.append(
                    {
                        "tps_id": tps_id(r.kode_desa, num),
                        "desa_code": r.kode_desa,
                        "lon": pts[i][0],
                        "lat": pts[i][1],
                        "khusus": False,
                    }
                )
                i += 1
    frame = pd.DataFrame(rows)
    # categories as NTT reported for Pilkada 2024: ≈12.5 % rawan, ≈1 % sangat rawan
    draw = rng.random(len(frame))
    frame["category"] = np.where(draw < 0.01, "sangat_rawan", np.where(draw < 0.135, "rawan", None))
    return frame


def _ntt_units(tps: pd.DataFrame) -> pd.DataFrame:
    kec = tps["desa_code"].str[:8]
    kab = tps["desa_code"].str[:5]
    k = tps.groupby(kec).agg(lon=("lon", "mean"), lat=("lat", "mean"), n=("tps_id", "size"))
    b = tps.groupby(kab).agg(lon=("lon", "mean"), lat=("lat", "mean"), n=("tps_id", "size"))
    units = [
        {
            "code": f"POLSEK-{c}",
            "name": f"Polsek {c}",
            "kind": "polsek",
            "lon": r.lon,
            "lat": r.lat,
            "polri": max(4, round(0.25 * r.n)),
            "kab": c[:5],
        }
        for c, r in k.iterrows()
    ] + [
        {
            "code": f"POLRES-{c}",
            "name": f"Polres {c}",
            "kind": "polres",
            "lon": r.lon,
            "lat": r.lat,
            "polri": round(0.08 * r.n) + 20,
            "kab": c,
        }
        for c, r in b.iterrows()
    ]
    return pd.DataFrame(units)


def ntt() -> None:
    t0 = time.perf_counter()
    tps = _ntt_tps()
    units = _ntt_units(tps)
    prep = time.perf_counter() - t0
    print("== NTT province (16,727 regular TPS, kab/kota by kab/kota)")
    print(
        f"TPS {len(tps)} placed in {tps['desa_code'].str[:8].nunique()} kecamatan, "
        f"{len(units)} synthetic units, preparation {prep:.1f} s"
    )
    pat = read_pattern("pilkada2020-nasional")
    total = 0.0
    req = short = 0
    worst_gap = 0.0
    rows = []
    for kab, part in tps.groupby(tps["desa_code"].str[:5], sort=True):
        u = units[units["kab"] == kab].drop(columns="kab")
        t1 = time.perf_counter()
        res = plan_deployment(part, pat, u, options=PlanOptions(max_unit_minutes=240.0))
        secs = time.perf_counter() - t1
        total += secs
        s = res.summary
        req += s["required"]["polri"]
        short += s["shortfall"]["polri"]
        worst_gap = max(worst_gap, s["gap"])
        rows.append(
            (
                kab,
                len(part),
                s["grouping"]["groups"],
                s["grouping"]["lower_bound"],
                s["required"]["polri"],
                s["available"]["polri"],
                s["shortfall"]["polri"],
                s["status"],
                s["gap"],
                secs,
            )
        )
    print(
        f"{'kab':>6} {'TPS':>6} {'groups':>7} {'LB':>6} {'req':>6} {'duty':>6} {'short':>6} "
        f"{'status':>9} {'gap':>7} {'s':>6}"
    )
    for r in rows:
        print(
            f"{r[0]:>6} {r[1]:>6} {r[2]:>7} {r[3]:>6} {r[4]:>6} {r[5]:>6} {r[6]:>6} "
            f"{r[7]:>9} {r[8]:>7.2%} {r[9]:>6.2f}"
        )
    ideal = _ideal(tps["category"].fillna("kurang_rawan"), "pilkada2020-nasional")
    print(
        f"required Polri {req} (ideal without geography {ideal}), shortfall {short}, "
        f"worst gap {worst_gap:.2%}"
    )
    print(f"planning total {total:.1f} s (aim ≤ 120 s: {'met' if total <= 120 else 'NOT met'})")


def demo_operation() -> None:
    from petarawan.cli.demo import run_demo
    from petarawan.io.operations import read_operation
    from petarawan.services.operation import build_plan
    from petarawan.store import Workspace

    op = read_operation("polres-pilkada2024")
    pat = read_pattern(op.pattern)
    with tempfile.TemporaryDirectory() as tmp:
        run_demo(Path(tmp) / "ws")
        with Workspace.open(Path(tmp) / "ws") as ws:
            n_tps, n_obj, n_units = len(ws.tps()), len(ws.objects()), len(ws.units())
            t0 = time.perf_counter()
            rec = build_plan(ws, op, pat)
            secs = time.perf_counter() - t0
    print("== Demo operation (polres-pilkada2024 on the demo workspace: roads, DEM, objects)")
    print(
        f"stages {len(rec.stages)}, TPS {n_tps}, objects {n_obj}, units {n_units}; "
        f"travel methods {rec.travel}"
    )
    for st in rec.stages:
        print(
            f"  {st.id:<14} required {st.required.polri:>4} assigned {st.assigned.polri:>4} "
            f"short {st.shortfall.polri:>3} gap {st.gap:.2%}"
        )
    print(
        f"operation plan total {secs:.2f} s   (aim ≤ 20 s: {'met' if secs <= 20 else 'NOT met'})\n"
    )


def _kab_objects(part: pd.DataFrame, unit: pd.Series) -> pd.DataFrame:
    rows = [
        {"code": f"kpu-{unit.kab}", "kind": "kpu", "name": "KPU", "lon": unit.lon, "lat": unit.lat},
        {
            "code": f"bawaslu-{unit.kab}",
            "kind": "bawaslu",
            "name": "Bawaslu",
            "lon": unit.lon,
            "lat": unit.lat + 0.003,
        },
        {
            "code": f"gudang-{unit.kab}",
            "kind": "gudang_logistik",
            "name": "Gudang",
            "lon": unit.lon + 0.004,
            "lat": unit.lat,
        },
    ]
    kec = part.groupby(part["desa_code"].str[:8])[["lon", "lat"]].mean()
    rows += [
        {"code": f"ppk-{k}", "kind": "ppk", "name": f"PPK {k}", "lon": r.lon, "lat": r.lat}
        for k, r in kec.iterrows()
    ]
    frame = pd.DataFrame(rows)
    frame["desa_code"] = None
    return frame


def ntt_operation() -> None:
    from dataclasses import replace

    from petarawan.domain.access import straight_travel_times
    from petarawan.domain.operation_record import plan_operation
    from petarawan.domain.plan import _utm_xy
    from petarawan.io.operations import read_operation

    tps = _ntt_tps()
    units = _ntt_units(tps)
    op = read_operation("polres-pilkada2024")
    op = replace(op, max_unit_minutes=240.0)
    pat = read_pattern(op.pattern)
    print("== NTT operation (polres-pilkada2024, kab/kota by kab/kota, straight-line minutes)")
    total = 0.0
    peak = short = 0
    for kab, part in tps.groupby(tps["desa_code"].str[:5], sort=True):
        part = part.reset_index(drop=True)
        u = units[units["kab"] == kab].reset_index(drop=True)
        hq = u[u["kind"] == "polres"].iloc[0]
        objects = _kab_objects(part, hq)
        t1 = time.perf_counter()
        pts = pd.concat([part[["lon", "lat"]], objects[["lon", "lat"]]], ignore_index=True)
        epsg = 32751 if pts["lon"].mean() >= 120 else 32750
        txy = _utm_xy(pts["lon"], pts["lat"], epsg)
        uxy = _utm_xy(u["lon"], u["lat"], epsg)
        minutes = straight_travel_times(uxy, txy)
        rec = plan_operation(
            op,
            pat,
            part,
            u.drop(columns="kab"),
            objects,
            minutes,
            ["straight"] * len(pts),
            kecamatan_names={},
            convoy_minutes=np.zeros(0),
        )
        secs = time.perf_counter() - t1
        total += secs
        peak += rec.peak.polri
        short += rec.bko_request.polri
        print(
            f"  {kab} TPS {len(part):>5} objects {len(objects):>3} units {len(u):>3} "
            f"peak {rec.peak.polri:>5} BKO {rec.bko_request.polri:>4}  {secs:6.2f} s"
        )
    print(f"peak Polri (sum over kab/kota) {peak}, BKO Polri {short}")
    print(
        f"operation plans total {total:.1f} s (aim ≤ 300 s: {'met' if total <= 300 else 'NOT met'})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--skip-ntt", action="store_true")
    ap.add_argument("--skip-operation", action="store_true")
    args = ap.parse_args()
    if not args.skip_demo:
        demo_regency()
        if not args.skip_operation:
            demo_operation()
    if not args.skip_ntt:
        ntt()
        if not args.skip_operation:
            ntt_operation()


if __name__ == "__main__":
    main()
