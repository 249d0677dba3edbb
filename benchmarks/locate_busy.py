"""p-median on a quiet and on a busy machine: the same path, answer and CPU time.

Usage: python benchmarks/locate_busy.py [--instances 36] [--busy 2]

Solves each OR-Library instance twice: first alone, then while ``--busy`` other processes spin
on the CPU (started and stopped by this script). The switch from the tree search to the MILP is
decided by nodes, not seconds, so both runs take the same path (same nodes, same objective,
same proof) and about the same CPU time; only the wall time grows with the load.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from pathlib import Path

from petarawan.locate import ORLIB_PMEDIAN_OPTIMA, p_median, read_orlib_pmedian

DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "benchmarks" / "orlib_pmedian"
)


def _spin(stop: mp.synchronize.Event) -> None:
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def _solve(k: int) -> tuple[float, float, float, str, float, float]:
    costs, p = read_orlib_pmedian(DATA / f"pmed{k}.txt")
    wall, cpu = time.perf_counter(), time.process_time()
    res = p_median(costs, p)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    nodes = res.details["tree_nodes"]
    return res.objective, wall, cpu, res.status, nodes, res.details["rounds"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", default="36")
    ap.add_argument("--busy", type=int, default=2, help="busy processes during the second run")
    args = ap.parse_args()
    print(
        f"{'inst':>5} {'load':>5} | {'objective':>9} {'known':>6} {'status':>8} {'nodes':>6} "
        f"{'milp':>5} | {'wall s':>7} {'cpu s':>7}"
    )
    for k in (int(x) for x in args.instances.split(",")):
        rows = []
        for load in (0, args.busy):
            stop = mp.Event()
            spinners = [mp.Process(target=_spin, args=(stop,)) for _ in range(load)]
            for s in spinners:
                s.start()
            try:
                rows.append((load, *_solve(k)))
            finally:
                stop.set()
                for s in spinners:
                    s.join()
        for load, obj, wall, cpu, status, nodes, rounds in rows:
            print(
                f"{k:>5} {load:>5} | {obj:>9.0f} {ORLIB_PMEDIAN_OPTIMA[k - 1]:>6} {status:>8} "
                f"{nodes:>6.0f} {rounds:>5.0f} | {wall:>7.2f} {cpu:>7.2f}"
            )
        (_, o0, w0, c0, s0, n0, _), (_, o1, w1, c1, s1, n1, _) = rows
        same = o0 == o1 and s0 == s1 and n0 == n1
        print(
            f"      busy/quiet: wall {w1 / w0:.2f}x, cpu {c1 / c0:.2f}x; "
            f"same path and answer: {'ya' if same else 'TIDAK'}"
        )


if __name__ == "__main__":
    main()
