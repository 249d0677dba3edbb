"""The p-median: heuristic start, Lagrangean reduction, then tree search or the radius MILP."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petarawan.domain.location.common import (
    BoolArray,
    FloatArray,
    IntArray,
    LocationResult,
    assign,
    check_costs,
    check_p,
    check_weights,
    default_solver,
)
from petarawan.domain.location.heuristics import greedy_median, swap_search
from petarawan.domain.location.lagrange import branch_and_bound, lagrangean_bound
from petarawan.domain.location.radius import median_model
from petarawan.errors import InputDataError

if TYPE_CHECKING:
    from petarawan.solve import MilpResult, Solver

__all__ = ["p_median"]

METHODS = ("auto", "tree", "milp")


def _radius_milp(
    arr: FloatArray,
    w: FloatArray,
    p: int,
    keep: IntArray,
    opened: BoolArray,
    best: IntArray,
    solve: Solver,
    *,
    integral: bool,
    max_rounds: int,
    full_levels: int,
) -> tuple[IntArray, float, str, int, int]:
    """Solve the radius formulation on the kept sites, growing per-row cost caps as needed.

    Returns the best facilities found (or ``best``), the proven bound, the status, the rounds
    and the number of level variables of the last model.
    """
    _, best_d = assign(arr, best)
    best_value = float((w * best_d).sum())
    sub = arr[:, keep]
    inside = np.isin(best, keep).all()
    start = np.searchsorted(keep, best) if inside else None
    # small reduced problems get every cost level at once (no cap rounds)
    caps = best_d.copy() if sub.size > full_levels else np.full(len(arr), np.inf)
    bound = -math.inf
    status = "optimal"
    rounds = n_vars = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007
        levels = [np.unique(row[row <= cap]) for row, cap in zip(sub, caps, strict=True)]
        problem, n_vars = median_model(sub, w, p, levels, start)
        problem.col_lower[: len(keep)] = opened[keep].astype(np.float64)
        res: MilpResult = solve(problem)
        bound = math.ceil(res.bound - 1e-6) if integral and math.isfinite(res.bound) else res.bound
        if res.status != "optimal":
            status = "time_limit"
        fac = keep[np.nonzero(res.x[: len(keep)] > 0.5)[0]].astype(np.int64)
        _, d = assign(arr, fac)
        value = float((w * d).sum())
        if value < best_value - 1e-9:
            best, best_value = fac, value
            start = np.searchsorted(keep, best)
        over = d > caps + 1e-9
        if not over.any() or status != "optimal":
            break
        caps = np.where(over, d, caps)
    return best, bound, status, rounds, n_vars


def p_median(
    costs: npt.ArrayLike,
    p: int,
    *,
    weights: npt.ArrayLike | None = None,
    solver: Solver | None = None,
    time_limit: float | None = None,
    method: str = "auto",
    tree_nodes: int = 20_000,
    polish_rounds: int = 3,
    max_rounds: int = 50,
    full_levels: int = 60_000,
) -> LocationResult:
    """Open ``p`` facilities minimising the total weighted cost of serving every row.

    A greedy start improved by interchange gives the incumbent. Sub-gradient optimisation of
    the Lagrangean relaxation of the assignment constraints gives a lower bound and drops the
    sites that cannot be in a better solution; interchange from the best relaxed solution (a
    Lagrangean heuristic) improves the incumbent, and the bound is then taken again. If a gap
    remains, a Lagrangean branch-and-bound on the kept sites (Beasley 1993) searches for the
    optimum; if it has not finished within ``tree_nodes`` nodes, the radius formulation (one
    variable per row and distinct cost level; Cornuéjols, Nemhauser and Wolsey 1980, Elloumi
    2010) is solved by HiGHS with per-row cost caps that grow where the optimum of the truncated
    model serves a row beyond its cap; the truncated model is a relaxation, so when no row is
    beyond its cap its optimum is proven optimal for the full problem.

    Parameters
    ----------
    costs
        Matrix rows (demand) × columns (candidate sites), finite and ≥ 0.
    p
        Number of facilities to open, 1 ≤ p ≤ number of columns.
    weights
        Demand weight per row (default 1).
    solver
        A ``petarawan.solve`` solver; default HiGHS.
    time_limit
        The caller's limit in seconds for the tree search and for each MILP solve (default:
        none). It stops a search early; it never decides which method runs.
    method
        ``"auto"`` (tree search, then the MILP if the tree has not finished within
        ``tree_nodes``), ``"tree"`` (tree search only, bounded by ``time_limit`` alone) or
        ``"milp"`` (the radius MILP only).
    tree_nodes
        Nodes given to the tree search in ``"auto"`` before the MILP takes over. The switch is
        decided by work done, not by elapsed time, so the path taken, the answer and its cost
        in CPU time are the same on a busy machine (OR-Library pmed36 needs about 800 nodes).
    polish_rounds
        Rounds of the Lagrangean heuristic (interchange from the relaxed solution, then a
        new bound from the better incumbent).
    max_rounds
        Maximum number of cap-extension rounds of the MILP.
    full_levels
        Reduced problems with at most this many (row, site) pairs are modelled with every
        cost level at once instead of growing caps.

    Returns
    -------
    LocationResult
        ``objective`` is the total weighted cost; ``details`` has the Lagrangean bound, the
        sites kept after reduction, the tree's nodes and the MILP's rounds.

    Raises
    ------
    InputDataError
        NaN/negative costs or weights, ``p`` out of range or an unknown ``method``.

    Examples
    --------
    >>> r = p_median([[0, 4, 9], [4, 0, 5], [9, 5, 0]], 1)
    >>> int(r.objective), r.facilities.tolist()
    (9, [1])
    """
    t0 = time.perf_counter()
    arr = check_costs(costs)
    w = check_weights(weights, arr.shape[0])
    p = check_p(p, arr.shape[1])
    if method not in METHODS:
        msg = f"method = {method!r}: pilih salah satu dari {', '.join(METHODS)}."
        raise InputDataError(msg)
    wc = w[:, None] * arr
    integral = bool(np.all(np.mod(wc, 1.0) == 0))
    best = swap_search(arr, w, greedy_median(arr, w, p))
    best_value = float(wc[:, best].min(axis=1).sum())
    root = lagrangean_bound(wc, p, best_value, integral=integral)
    for _ in range(polish_rounds):
        # Lagrangean heuristic: interchange from the relaxed solutions' best, then re-bound
        cand = swap_search(arr, w, root.incumbent)
        value = float(wc[:, cand].min(axis=1).sum())
        if value >= best_value - 1e-9:
            break
        best, best_value = cand, value
        root = lagrangean_bound(wc, p, best_value, lam=root.lam, integral=integral)
    bound = math.ceil(root.value - 1e-6) if integral else root.value
    keep = np.nonzero(~root.closed)[0].astype(np.int64)
    status = "optimal"
    details = {
        "lagrangean_bound": root.value,
        "sites_kept": float(len(keep)),
        "tree_nodes": 0.0,
        "rounds": 0.0,
        "level_variables": 0.0,
    }

    def open_gap() -> bool:
        return best_value > bound + 1e-9 * max(1.0, abs(best_value))

    if open_gap() and len(keep) <= p:
        # every better solution uses only kept sites: at most one candidate is left
        if len(keep) == p:
            value = float(wc[:, keep].min(axis=1).sum())
            if value < best_value - 1e-9:
                best, best_value = keep, value
        bound = best_value
    if open_gap() and method in ("auto", "tree"):
        sub = wc[:, keep]
        inside = np.isin(best, keep).all()
        tree = branch_and_bound(
            sub,
            p,
            best_value,
            root.lam,
            incumbent=np.searchsorted(keep, best) if inside else None,
            integral=integral,
            forced_open=root.opened[keep],
            time_limit=time_limit,
            max_nodes=tree_nodes if method == "auto" else None,
        )
        details["tree_nodes"] = float(tree.nodes)
        details["tree_finished"] = float(tree.finished)
        if len(tree.facilities) and tree.value < best_value - 1e-9:
            best, best_value = keep[tree.facilities], tree.value
        tree_bound = math.ceil(tree.bound - 1e-6) if integral else tree.bound
        bound = max(bound, tree_bound) if math.isfinite(tree.bound) else bound
        if not tree.finished and method == "tree":
            status = "time_limit"
    if open_gap() and method in ("auto", "milp"):
        solve = solver or default_solver(
            time_limit, {"presolve": "off", "mip_heuristic_effort": 0.0}
        )
        fac, milp_bound, status, rounds, n_vars = _radius_milp(
            arr,
            w,
            p,
            keep,
            root.opened,
            best,
            solve,
            integral=integral,
            max_rounds=max_rounds,
            full_levels=full_levels,
        )
        value = float(wc[:, fac].min(axis=1).sum())
        if value < best_value - 1e-9:
            best, best_value = fac, value
        bound = max(bound, min(milp_bound, best_value))
        details["rounds"], details["level_variables"] = float(rounds), float(n_vars)
    assignment, _ = assign(arr, best)
    gap = 0.0 if not open_gap() else (best_value - bound) / max(abs(best_value), 1e-9)
    return LocationResult(
        objective=best_value,
        facilities=np.sort(best).astype(np.int64),
        assignment=assignment,
        status="optimal" if gap <= 1e-9 else ("time_limit" if status == "optimal" else status),
        gap=gap,
        seconds=time.perf_counter() - t0,
        bound=float(min(bound, best_value)),
        details=details,
    )
