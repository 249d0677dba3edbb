"""National run benchmark: wall time, peak memory per Dask worker, speed-up 1 -> 2 workers.

Usage::

    python benchmarks/national.py --scale 0.1 [--scale 1.0] [--workers 1 --workers 2]
        [--data-root ../shared/data] [--work /tmp/petarawan-national]

For every scale it builds the synthetic nation (streamed, per kab/kota), then runs the full
per-region pipeline (indicators -> assessment -> plan) on a ``dask.distributed.LocalCluster``
with 1 and 2 worker processes (1 thread each), and prints the figures side by side, with the
per-region times used to extrapolate to a 32-worker cluster.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from pathlib import Path

import numpy as np

from petarawan.scale.pipeline import PipelineConfig
from petarawan.scale.rollup import write_rollup
from petarawan.scale.runner import run_nation
from petarawan.scale.synth import NationSources, generate_nation, read_manifest

ROOT = Path(__file__).resolve().parents[1]


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _run_dask(data: Path, out: Path, n_workers: int, config: PipelineConfig) -> dict:
    from distributed import Client, LocalCluster

    shutil.rmtree(out, ignore_errors=True)
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit="6GB",
        ) as cluster,
        Client(cluster) as client,
    ):
        t0 = time.perf_counter()
        report = run_nation(data, out, config=config, cluster=client, incremental=False)
        wall = time.perf_counter() - t0
        peaks = client.run(_worker_peak_mb)
    codes = [r["code"] for r in read_manifest(data)["regions"]]
    t1 = time.perf_counter()
    roll, _ = write_rollup(data, out, codes, run=report.to_dict())
    rollup_s = time.perf_counter() - t1
    per_region = np.array([s["seconds"]["total"] for s in report.summaries.values()])
    stages: dict[str, float] = {}
    for s in report.summaries.values():
        for k, v in s["seconds"].items():
            if k != "total":
                stages[k] = stages.get(k, 0.0) + v
    return {
        "workers": n_workers,
        "wall_s": wall,
        "rollup_s": rollup_s,
        "failed": len(report.failed),
        "peak_mb": sorted(peaks.values()),
        "region_sum_s": float(per_region.sum()),
        "region_max_s": float(per_region.max()),
        "region_mean_s": float(per_region.mean()),
        "stages_s": stages,
        "headline": roll.summary["headline"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, action="append")
    ap.add_argument("--workers", type=int, action="append")
    ap.add_argument("--data-root", type=Path, default=ROOT / ".." / "shared" / "data")
    ap.add_argument("--work", type=Path, default=Path("/tmp/petarawan-national"))
    ap.add_argument("--boundaries", action="store_true", help="use the real kab/kota shapes")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    scales = args.scale or [0.1]
    workers = args.workers or [1, 2]
    shared = args.data_root.resolve()
    src = NationSources(
        codes=shared / "region_codes",
        population=shared / "population" / "idn_prov_kabkota_population_area_kepmendagri2025.csv",
        boundaries=(shared / "boundaries" / "indonesia_kabkota_simplified.geojson")
        if args.boundaries
        else None,
    )
    config = PipelineConfig()
    results = []
    for scale in scales:
        data = args.work / f"nation_{scale:g}"
        shutil.rmtree(data, ignore_errors=True)
        t0 = time.perf_counter()
        manifest = generate_nation(data, src, scale=scale, seed=1)
        gen_s = time.perf_counter() - t0
        gen_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        row = {"scale": scale, "tps": manifest["totals"]["tps"], "kabkota": manifest["kabkota"],
               "generate_s": gen_s, "generate_peak_mb": gen_peak, "runs": []}  # fmt: skip
        for n in workers:
            r = _run_dask(data, args.work / f"run_{scale:g}_{n}", n, config)
            row["runs"].append(r)
            print(
                f"scale {scale:g}: {n} worker(s) wall {r['wall_s']:.1f} s, peak/worker "
                f"{', '.join(f'{p:.0f}' for p in r['peak_mb'])} MB, failed {r['failed']}",
                flush=True,
            )
        results.append(row)
    print()
    print(
        f"{'scale':>6} {'TPS':>8} {'gen s':>7} {'workers':>7} {'wall s':>8} {'speed-up':>8} "
        f"{'peak MB/worker':>15} {'Σregion s':>10} {'max region s':>12} {'s/1000 TPS':>10} "
        f"{'32 workers s (extrap.)':>22}"
    )
    for row in results:
        base = row["runs"][0]["wall_s"]
        for r in row["runs"]:
            per_k = r["region_sum_s"] / row["tps"] * 1000
            extrap = max(r["region_sum_s"] / 32, r["region_max_s"])
            print(
                f"{row['scale']:>6g} {row['tps']:>8} {row['generate_s']:>7.1f} {r['workers']:>7} "
                f"{r['wall_s']:>8.1f} {base / r['wall_s']:>8.2f} {max(r['peak_mb']):>15.0f} "
                f"{r['region_sum_s']:>10.1f} {r['region_max_s']:>12.1f} {per_k:>10.2f} "
                f"{extrap:>22.1f}"
            )
        print(f"       stage seconds (last run): {row['runs'][-1]['stages_s']}")
        print(f"       {'; '.join(row['runs'][-1]['headline'])}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        ra, rb = a["runs"][-1], b["runs"][-1]
        print(
            f"\ngrowth {a['scale']:g} -> {b['scale']:g}: TPS x{b['tps'] / a['tps']:.1f}, "
            f"wall x{rb['wall_s'] / ra['wall_s']:.1f}, Σregion x"
            f"{rb['region_sum_s'] / ra['region_sum_s']:.1f}, peak/worker x"
            f"{max(rb['peak_mb']) / max(ra['peak_mb']):.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
