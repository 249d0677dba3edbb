"""OR-Library p-median: petarawan.locate.p_median (HiGHS) next to spopt PMedian (PuLP + CBC).

Usage: python benchmarks/locate.py [--instances 1-40] [--spopt-max-n 200] [--spopt-cap 120]
       [--time-limit SECONDS]

Prints, per instance: n, p, known optimum, our objective, status, seconds; spopt's objective and
seconds (with a per-instance time cap, only up to --spopt-max-n vertices) and the ratio.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from petarawan.locate import ORLIB_PMEDIAN_OPTIMA, p_median, read_orlib_pmedian

DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "benchmarks" / "orlib_pmedian"
)
OPT = ORLIB_PMEDIAN_OPTIMA


def _range(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def run_spopt(costs: np.ndarray, p: int, cap: float) -> tuple[float | None, float, str]:
    import pulp
    from spopt.locate import PMedian

    t0 = time.perf_counter()
    model = PMedian.from_cost_matrix(costs, np.ones(len(costs)), p_facilities=p)
    try:
        model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=cap))
    except Exception as exc:  # spopt raises on a non-optimal status
        return None, time.perf_counter() - t0, f"capped ({type(exc).__name__})"
    secs = time.perf_counter() - t0
    status = pulp.LpStatus[model.problem.status]
    value = float(pulp.value(model.problem.objective))
    return value, secs, "optimal" if status == "Optimal" and secs < cap else f"capped ({status})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", default="1-40")
    ap.add_argument("--spopt-max-n", type=int, default=200)
    ap.add_argument("--spopt-cap", type=float, default=120.0)
    ap.add_argument("--time-limit", type=float, default=None, help="ours: seconds per MILP solve")
    args = ap.parse_args()
    print(
        f"{'inst':>5} {'n':>4} {'p':>4} {'opt':>6} | {'ours':>6} {'status':>8} {'s':>7} | "
        f"{'spopt':>8} {'s':>7} {'status':>16} | {'ratio':>6}"
    )
    total = 0.0
    proven = 0
    ran = []
    ratios: list[float] = []
    for k in _range(args.instances):
        costs, p = read_orlib_pmedian(DATA / f"pmed{k}.txt")
        res = p_median(costs, p, time_limit=args.time_limit)
        total += res.seconds
        ok = res.status == "optimal" and round(res.objective) == OPT[k - 1]
        proven += ok
        ran.append(k)
        line = (
            f"{k:>5} {len(costs):>4} {p:>4} {OPT[k - 1]:>6} | {res.objective:>6.0f} "
            f"{res.status:>8} {res.seconds:>7.2f} | "
        )
        if len(costs) <= args.spopt_max_n:
            val, secs, st = run_spopt(costs, p, args.spopt_cap)
            vtxt = f"{val:>8.0f}" if val is not None else f"{'-':>8}"
            line += f"{vtxt} {secs:>7.2f} {st:>16} | {secs / res.seconds:>5.1f}x"
            ratios.append(secs / res.seconds)
        else:
            line += f"{'-':>8} {'-':>7} {'not run (n)':>16} | {'':>6}"
        print(line, flush=True)
    print(
        f"\n{proven}/{len(ran)} instances proven optimal at the known optimum; "
        f"total time ours {total:.1f} s (aim ≤ 300 s: {'met' if total <= 300 else 'NOT met'})"
    )
    if ratios:
        print(
            f"spopt / ours on {len(ratios)} instances: min {min(ratios):.1f}x, "
            f"median {float(np.median(ratios)):.1f}x (aim ≥ 10x; spopt times are capped, "
            "so capped ratios are lower bounds)"
        )


if __name__ == "__main__":
    main()
