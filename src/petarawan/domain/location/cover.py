"""Coverage and minimax models: MCLP, LSCP and p-center as exact MILPs."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from petarawan.domain.location.common import (
    FloatArray,
    IntArray,
    LocationResult,
    assign,
    check_costs,
    check_p,
    check_weights,
    default_solver,
)
from petarawan.errors import InfeasibleProblemError, InputDataError

if TYPE_CHECKING:
    from petarawan.solve import MilpResult, Solver

__all__ = ["lscp", "mclp", "p_center"]


def _cover_matrix(arr: FloatArray, radius: float) -> sp.csr_matrix:
    return sp.csr_matrix((arr <= radius).astype(np.float64))


def mclp(
    costs: npt.ArrayLike,
    p: int,
    radius: float,
    *,
    weights: npt.ArrayLike | None = None,
    solver: Solver | None = None,
    time_limit: float | None = None,
) -> LocationResult:
    """Open ``p`` facilities maximising the weight of rows within ``radius`` of an open facility.

    Parameters
    ----------
    costs
        Matrix rows (demand) × columns (candidate sites).
    p
        Number of facilities to open.
    radius
        Service radius in the units of ``costs`` (a row is covered when its cost ≤ radius).
    weights
        Demand weight per row (default 1).
    solver
        A ``petarawan.solve`` solver; default HiGHS.
    time_limit
        Seconds for the MILP (default: none).

    Returns
    -------
    LocationResult
        ``objective`` is the covered weight; ``assignment`` is ``-1`` for uncovered rows;
        ``details["uncovered"]`` counts them.

    Raises
    ------
    InputDataError
        Bad costs, weights, radius or ``p``.
    """
    from petarawan.solve import MilpProblem

    t0 = time.perf_counter()
    arr = check_costs(costs)
    w = check_weights(weights, arr.shape[0])
    p = check_p(p, arr.shape[1])
    if not math.isfinite(radius) or radius < 0:
        msg = f"radius = {radius}: harus angka ≥ 0."
        raise InputDataError(msg)
    n, m = arr.shape
    cover = _cover_matrix(arr, radius)
    # columns: y (m, binary), x (n, continuous); rows: x_i - sum_j a_ij y_j <= 0, sum y = p
    a = sp.vstack(
        [
            sp.hstack([-cover, sp.identity(n)]),
            sp.hstack([sp.csr_matrix(np.ones((1, m))), sp.csr_matrix((1, n))]),
        ]
    )
    problem = MilpProblem(
        c=np.concatenate([np.zeros(m), -w]),
        a=a,
        row_lower=np.concatenate([np.full(n, -np.inf), [float(p)]]),
        row_upper=np.concatenate([np.zeros(n), [float(p)]]),
        col_lower=np.zeros(m + n),
        col_upper=np.ones(m + n),
        integer=np.concatenate([np.ones(m, dtype=bool), np.zeros(n, dtype=bool)]),
        name="MCLP",
    )
    res = (solver or default_solver(time_limit))(problem)
    fac = np.nonzero(res.x[:m] > 0.5)[0].astype(np.int64)
    assignment, d = assign(arr, fac)
    covered = d <= radius
    assignment = np.where(covered, assignment, -1)
    value = float(w[covered].sum())
    return LocationResult(
        objective=value,
        facilities=fac,
        assignment=assignment,
        status=res.status,
        gap=res.gap,
        seconds=time.perf_counter() - t0,
        bound=-res.bound,
        details={
            "uncovered": float((~covered).sum()),
            "covered_share": value / max(w.sum(), 1e-12),
        },
    )


def _set_cover(
    arr: FloatArray, radius: float, solve: Solver, name: str
) -> tuple[IntArray, MilpResult]:
    from petarawan.solve import MilpProblem

    n, m = arr.shape
    cover = _cover_matrix(arr, radius)
    empty = np.asarray(cover.sum(axis=1)).ravel() == 0
    if empty.any():
        rows = np.nonzero(empty)[0]
        msg = (
            f"{name}: {len(rows)} baris tidak terjangkau lokasi mana pun dalam radius {radius:g} "
            f"(baris {', '.join(str(r) for r in rows[:10])}{' …' if len(rows) > 10 else ''}); "
            f"biaya terkecil baris itu {arr[rows].min(axis=1).max():g}."
        )
        raise InfeasibleProblemError(msg)
    problem = MilpProblem(
        c=np.ones(m),
        a=cover,
        row_lower=np.ones(n),
        row_upper=np.full(n, np.inf),
        col_lower=np.zeros(m),
        col_upper=np.ones(m),
        integer=np.ones(m, dtype=bool),
        name=name,
    )
    res = solve(problem)
    return np.nonzero(res.x > 0.5)[0].astype(np.int64), res


def lscp(
    costs: npt.ArrayLike,
    radius: float,
    *,
    solver: Solver | None = None,
    time_limit: float | None = None,
) -> LocationResult:
    """Open the fewest facilities such that every row is within ``radius`` of one.

    Parameters
    ----------
    costs
        Matrix rows (demand) × columns (candidate sites).
    radius
        Service radius in the units of ``costs``.
    solver
        A ``petarawan.solve`` solver; default HiGHS.
    time_limit
        Seconds for the MILP.

    Returns
    -------
    LocationResult
        ``objective`` is the number of facilities.

    Raises
    ------
    InfeasibleProblemError
        A row has no site within ``radius`` (the message names the rows and the nearest cost).
    """
    t0 = time.perf_counter()
    arr = check_costs(costs)
    if not math.isfinite(radius) or radius < 0:
        msg = f"radius = {radius}: harus angka ≥ 0."
        raise InputDataError(msg)
    fac, res = _set_cover(arr, radius, solver or default_solver(time_limit), "LSCP")
    assignment, _ = assign(arr, fac)
    return LocationResult(
        objective=float(len(fac)),
        facilities=fac,
        assignment=assignment,
        status=res.status,
        gap=res.gap,
        seconds=time.perf_counter() - t0,
        bound=res.bound,
    )


def p_center(
    costs: npt.ArrayLike,
    p: int,
    *,
    solver: Solver | None = None,
    time_limit: float | None = None,
) -> LocationResult:
    """Open ``p`` facilities minimising the largest cost from a row to its nearest open facility.

    Exact: a binary search over the distinct cost values, each step a set-covering MILP
    (the smallest radius whose minimum cover needs at most ``p`` facilities).

    Parameters
    ----------
    costs
        Matrix rows (demand) × columns (candidate sites).
    p
        Number of facilities.
    solver
        A ``petarawan.solve`` solver; default HiGHS.
    time_limit
        Seconds for each MILP.

    Returns
    -------
    LocationResult
        ``objective`` is the largest assignment cost.

    Raises
    ------
    InputDataError
        Bad costs or ``p``.
    """
    t0 = time.perf_counter()
    arr = check_costs(costs)
    p = check_p(p, arr.shape[1])
    solve = solver or default_solver(time_limit)
    levels = np.unique(arr)
    # lower bound: every row needs some site, so the radius is at least max_i min_j c_ij
    lo = int(np.searchsorted(levels, arr.min(axis=1).max()))
    hi = len(levels) - 1
    greedy = _greedy_center(arr, p)
    _, gd = assign(arr, greedy)
    hi = min(hi, int(np.searchsorted(levels, gd.max())))
    best = greedy
    steps = 0
    status = "optimal"
    while lo < hi:
        mid = (lo + hi) // 2
        fac, res = _set_cover(arr, float(levels[mid]), solve, "p-center")
        steps += 1
        if res.status != "optimal":
            status = "time_limit"
        if len(fac) <= p:
            hi = mid
            best = fac
        else:
            lo = mid + 1
    if len(best) < p:  # pad with unused sites; the objective cannot get worse
        extra = [j for j in range(arr.shape[1]) if j not in set(best.tolist())]
        best = np.sort(np.concatenate([best, np.array(extra[: p - len(best)], dtype=np.int64)]))
    assignment, d = assign(arr, best)
    value = float(d.max())
    return LocationResult(
        objective=value,
        facilities=np.sort(best),
        assignment=assignment,
        status=status,
        gap=0.0 if status == "optimal" else float("nan"),
        seconds=time.perf_counter() - t0,
        bound=float(levels[lo]) if status == "optimal" else float("nan"),
        details={"cover_solves": float(steps)},
    )


def _greedy_center(arr: FloatArray, p: int) -> IntArray:
    """Farthest-first heuristic: a starting upper bound for the p-center search."""
    chosen = [int(np.argmin(arr.max(axis=0)))]
    best = arr[:, chosen[0]].copy()
    while len(chosen) < p:
        far = int(np.argmax(best))
        j = int(np.argmin(np.where(np.isin(np.arange(arr.shape[1]), chosen), np.inf, arr[far])))
        chosen.append(j)
        best = np.minimum(best, arr[:, j])
    return np.array(sorted(chosen), dtype=np.int64)
