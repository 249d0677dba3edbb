"""Facility location on cost matrices: p-median, MCLP, LSCP and p-center as exact MILPs."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from petarawan.errors import InfeasibleProblemError, InputDataError, Issue

if TYPE_CHECKING:
    from petarawan.solve import MilpProblem, MilpResult, Solver

__all__ = ["LocationResult", "lscp", "mclp", "p_center", "p_median"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class LocationResult:
    """The answer of a location model.

    Attributes
    ----------
    objective
        Model objective: total weighted cost (p-median), covered weight (MCLP), number of
        facilities (LSCP) or the largest assignment cost (p-center).
    facilities
        Column indices of the open facilities, sorted.
    assignment
        For every row, the column index of the facility serving it (nearest open facility;
        ``-1`` for rows left uncovered by MCLP).
    status
        ``"optimal"`` (proven) or ``"time_limit"`` (best found, see ``gap``).
    gap
        Relative gap between ``objective`` and the proven bound (0 when optimal).
    seconds
        Wall time of the whole solve.
    bound
        The proven bound on the objective.
    details
        Model-specific extra figures (iterations, variables, uncovered rows …).
    """

    objective: float
    facilities: IntArray
    assignment: IntArray
    status: str
    gap: float
    seconds: float
    bound: float
    details: dict[str, float] = field(default_factory=dict)


def _default_solver(time_limit: float | None, options: dict[str, object] | None = None) -> Solver:
    from petarawan.solve import highs_solver

    return highs_solver(time_limit=time_limit, mip_rel_gap=1e-9, options=options)


def _check_costs(costs: npt.ArrayLike, name: str = "costs") -> FloatArray:
    arr = np.asarray(costs, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        msg = (
            f"{name}: diharapkan matriks 2 dimensi tidak kosong (baris × lokasi), "
            f"didapat bentuk {arr.shape}."
        )
        raise InputDataError(msg)
    bad = ~np.isfinite(arr)
    if bad.any():
        rows, cols = np.nonzero(bad)
        issues = [
            Issue(name, int(r), str(c), "biaya bukan angka hingga (NaN/inf)")
            for r, c in zip(rows[:20], cols[:20], strict=True)
        ]
        msg = (
            f"{name}: {int(bad.sum())} sel biaya NaN/inf dari {arr.size}; "
            "setiap pasangan baris–lokasi harus punya biaya."
        )
        raise InputDataError(msg, issues)
    if (arr < 0).any():
        neg = int((arr < 0).sum())
        msg = f"{name}: {neg} biaya negatif (minimum {arr.min():g}); biaya harus ≥ 0."
        raise InputDataError(msg)
    return arr


def _check_weights(weights: npt.ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64).ravel()
    if w.shape[0] != n:
        msg = f"weights: panjang {w.shape[0]}, diharapkan {n} (satu bobot per baris biaya)."
        raise InputDataError(msg)
    if not np.all(np.isfinite(w)) or (w < 0).any():
        msg = (
            f"weights: {int((~np.isfinite(w) | (w < 0)).sum())} bobot NaN/negatif; bobot harus ≥ 0."
        )
        raise InputDataError(msg)
    return w


def _check_p(p: int, n_sites: int) -> int:
    if int(p) != p or p < 1:
        msg = f"p = {p}: jumlah fasilitas harus bilangan bulat ≥ 1."
        raise InputDataError(msg)
    if p > n_sites:
        msg = f"p = {p} lebih besar dari jumlah lokasi kandidat ({n_sites})."
        raise InputDataError(msg)
    return int(p)


def _assign(costs: FloatArray, facilities: IntArray) -> tuple[IntArray, FloatArray]:
    sub = costs[:, facilities]
    pos = np.argmin(sub, axis=1)
    return facilities[pos].astype(np.int64), sub[np.arange(costs.shape[0]), pos]


# --------------------------------------------------------------------------------------------
# p-median
# --------------------------------------------------------------------------------------------
def _greedy_median(costs: FloatArray, w: FloatArray, p: int) -> IntArray:
    """Greedy addition followed by alternating (locate–allocate) improvement."""
    n = costs.shape[0]
    best = np.full(n, np.inf)
    chosen: list[int] = []
    wc = costs * w[:, None]
    for _ in range(p):
        if not chosen:
            totals = wc.sum(axis=0)
        else:
            totals = (np.minimum(best[:, None], costs) * w[:, None]).sum(axis=0)
            totals[chosen] = np.inf
        j = int(np.argmin(totals))
        chosen.append(j)
        best = np.minimum(best, costs[:, j])
    fac = np.array(sorted(chosen), dtype=np.int64)
    value = float((w * best).sum())
    for _ in range(20):
        assign, _ = _assign(costs, fac)
        new = set()
        for f in np.unique(assign):
            members = assign == f
            cand = wc[members].sum(axis=0)
            new.add(int(np.argmin(cand)))
        if len(new) < p:  # keep p facilities: fill with the old ones
            new.update(int(f) for f in fac if len(new) < p and int(f) not in new)
        cand_fac = np.array(sorted(new), dtype=np.int64)
        _, d = _assign(costs, cand_fac)
        cand_value = float((w * d).sum())
        if cand_value < value - 1e-9:
            fac, value = cand_fac, cand_value
        else:
            break
    return fac


def _swap_search(costs: FloatArray, w: FloatArray, fac: IntArray, max_swaps: int = 200) -> IntArray:
    """Best-improvement interchange (Teitz–Bart) with vectorised swap gains."""
    n = costs.shape[0]
    fac = np.array(fac, dtype=np.int64)
    rows = np.arange(n)
    for _ in range(max_swaps):
        sub = costs[:, fac]
        order = np.argsort(sub, axis=1)
        near = order[:, 0]
        d1 = sub[rows, near]
        d2 = sub[rows, order[:, 1]] if len(fac) > 1 else np.full(n, np.inf)
        m1 = np.minimum(costs, d1[:, None])
        add = (w[:, None] * (m1 - d1[:, None])).sum(axis=0)  # gain of opening j (≤ 0)
        fix = w[:, None] * (np.minimum(costs, d2[:, None]) - m1)  # extra cost if near(i) closes
        onehot = sp.csr_matrix((np.ones(n), (near, rows)), shape=(len(fac), n))
        lose = np.asarray(onehot @ fix)  # p × m
        delta = add[None, :] + lose
        delta[:, fac] = np.inf
        f, j = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if delta[f, j] >= -1e-9:
            break
        fac[f] = j
    return np.sort(fac)


def _lagrangean_reduction(
    costs: FloatArray,
    w: FloatArray,
    p: int,
    upper: float,
    iterations: int = 300,
    *,
    integral: bool = False,
) -> tuple[float, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Lagrangean bound of the p-median and the sites it proves closed or open.

    Relaxing ``Σ_j x_ij = 1`` with multipliers ``λ_i`` gives
    ``L(λ) = Σ_i λ_i + Σ_{p smallest} ρ_j`` with ``ρ_j = Σ_i min(0, w_i c_ij − λ_i)``;
    a site outside the chosen ``p`` whose forced opening lifts ``L`` to ``upper`` or above
    cannot be in a solution better than the incumbent, so it is dropped (and symmetrically for
    sites that must stay open); the caller's bound is then ``min(upper, bound of the rest)``.
    With integral costs a bound is rounded up.
    """
    m = costs.shape[1]
    wc = w[:, None] * costs
    sorted_wc = np.sort(wc, axis=1)
    lam = sorted_wc[:, min(1, m - 1)].copy()  # start: second-smallest weighted cost
    best_lb, best_lam = -np.inf, lam.copy()
    step = 2.0
    stall = 0
    for _ in range(iterations):
        red = np.minimum(0.0, wc - lam[:, None])
        rho = red.sum(axis=0)
        chosen = np.argpartition(rho, p - 1)[:p]
        lb = float(lam.sum() + rho[chosen].sum())
        if lb > best_lb + 1e-9:
            best_lb, best_lam, stall = lb, lam.copy(), 0
        else:
            stall += 1
            if stall >= 20:
                step /= 2.0
                stall = 0
        done = math.ceil(best_lb - 1e-6) >= upper if integral else best_lb >= upper - 1e-9
        if done or step < 1e-4:
            break
        g = 1.0 - (red[:, chosen] < 0).sum(axis=1)
        norm = float((g * g).sum())
        if norm == 0:
            break
        lam = lam + step * (upper - lb) / norm * g
    red = np.minimum(0.0, wc - best_lam[:, None])
    rho = red.sum(axis=0)
    order = np.argsort(rho, kind="stable")
    base = float(best_lam.sum() + rho[order[:p]].sum())
    closed = np.zeros(m, dtype=bool)
    opened = np.zeros(m, dtype=bool)
    # a site is dropped when forcing it lifts the bound to the incumbent's value
    tol = (1.0 - 1e-6) if integral else 1e-7 * max(1.0, abs(upper))
    inside = np.zeros(m, dtype=bool)
    inside[order[:p]] = True
    kth = rho[order[p - 1]]
    nxt = rho[order[p]] if p < m else np.inf
    closed[~inside] = base - kth + rho[~inside] > upper - tol
    opened[inside] = base - rho[inside] + nxt > upper - tol
    return base, closed, opened


def _median_model(
    costs: FloatArray, w: FloatArray, p: int, levels: list[FloatArray], start: IntArray | None
) -> tuple[MilpProblem, int]:
    """Radius formulation of the p-median on per-row subsets of cost levels (rounding down).

    For row ``i`` with levels ``S_1 < … < S_K`` (``S_1`` its smallest cost), ``z_k = 1`` when no
    open site costs less than ``S_{k+1}``; the row's modelled cost is its actual cost rounded
    down to a level, capped at ``S_K``: a relaxation, exact when every actual cost is a level.
    """
    from petarawan.solve import MilpProblem

    n, m = costs.shape
    c_parts: list[FloatArray] = [np.zeros(m)]
    rows_idx: list[npt.NDArray[np.int64]] = []
    cols_idx: list[npt.NDArray[np.int64]] = []
    vals: list[FloatArray] = []
    rhs_upper: list[FloatArray] = []
    offset = 0.0
    next_col = m
    next_row = 0
    start_z: list[FloatArray] = []
    start_d = None
    if start is not None:
        _, start_d = _assign(costs, start)
    for i in range(n):
        if w[i] == 0:
            continue
        lv = levels[i]
        offset += w[i] * lv[0]
        k_count = len(lv) - 1  # z_1..z_{K-1}
        if k_count == 0:
            continue
        z_cols = next_col + np.arange(k_count)
        c_parts.append(w[i] * np.diff(lv))
        next_col += k_count
        row_ids = next_row + np.arange(k_count)
        next_row += k_count
        # z_{k-1} - z_k - sum_{j: S_k <= c_ij < S_{k+1}} y_j <= 0  (z_0 = 1 moves to the right)
        rows_idx.append(row_ids)
        cols_idx.append(z_cols)
        vals.append(-np.ones(k_count))
        if k_count > 1:
            rows_idx.append(row_ids[1:])
            cols_idx.append(z_cols[:-1])
            vals.append(np.ones(k_count - 1))
        js = np.nonzero(costs[i] < lv[-1])[0]
        grp = np.searchsorted(lv, costs[i, js], side="right") - 1
        rows_idx.append(row_ids[grp])
        cols_idx.append(js.astype(np.int64))
        vals.append(-np.ones(len(js)))
        rhs = np.zeros(k_count)
        rhs[0] = -1.0
        rhs_upper.append(rhs)
        if start_d is not None:
            start_z.append((start_d[i] >= lv[1:]).astype(np.float64))
    n_rows = next_row
    # cardinality row: sum y = p
    rows_idx.append(np.full(m, n_rows, dtype=np.int64))
    cols_idx.append(np.arange(m, dtype=np.int64))
    vals.append(np.ones(m))
    a = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows_idx), np.concatenate(cols_idx))),
        shape=(n_rows + 1, next_col),
    )
    row_upper = np.concatenate([*rhs_upper, [float(p)]]) if rhs_upper else np.array([float(p)])
    row_lower = np.concatenate([np.full(n_rows, -np.inf), [float(p)]])
    integer = np.zeros(next_col, dtype=bool)
    integer[:m] = True
    x0 = None
    if start is not None:
        y0 = np.zeros(m)
        y0[start] = 1.0
        x0 = np.concatenate([y0, *start_z])
    problem = MilpProblem(
        c=np.concatenate(c_parts),
        a=a,
        row_lower=row_lower,
        row_upper=row_upper,
        col_lower=np.zeros(next_col),
        col_upper=np.ones(next_col),
        integer=integer,
        offset=offset,
        start=x0,
        name="p-median",
    )
    return problem, next_col - m


def p_median(
    costs: npt.ArrayLike,
    p: int,
    *,
    weights: npt.ArrayLike | None = None,
    solver: Solver | None = None,
    time_limit: float | None = None,
    max_rounds: int = 50,
    full_levels: int = 60_000,
) -> LocationResult:
    """Open ``p`` facilities minimising the total weighted cost of serving every row.

    Uses the radius formulation (one variable per row and distinct cost level, Elloumi 2010;
    Cornuéjols, Nemhauser and Wolsey 1980) in its telescoped form, truncated at per-row cost
    caps that start at a greedy solution's costs and grow where the optimum of the truncated
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
        Seconds for each MILP solve (default: none).
    max_rounds
        Maximum number of cap-extension rounds.
    full_levels
        Reduced problems with at most this many (row, site) pairs are modelled with every
        cost level at once instead of growing caps.

    Returns
    -------
    LocationResult
        ``objective`` is the total weighted cost.

    Raises
    ------
    InputDataError
        NaN/negative costs or weights, or ``p`` out of range.

    Examples
    --------
    >>> r = p_median([[0, 4, 9], [4, 0, 5], [9, 5, 0]], 1)
    >>> int(r.objective), r.facilities.tolist()
    (9, [1])
    """
    t0 = time.perf_counter()
    arr = _check_costs(costs)
    w = _check_weights(weights, arr.shape[0])
    p = _check_p(p, arr.shape[1])
    solve = solver or _default_solver(time_limit, {"presolve": "off", "mip_heuristic_effort": 0.0})
    best = _swap_search(arr, w, _greedy_median(arr, w, p))
    _, best_d = _assign(arr, best)
    best_value = float((w * best_d).sum())
    integral = bool(np.all(np.mod(w[:, None] * arr, 1.0) == 0))
    lag_bound, closed, opened = _lagrangean_reduction(arr, w, p, best_value, integral=integral)
    bound = math.ceil(lag_bound - 1e-6) if integral else lag_bound
    status = "optimal"
    rounds = 0
    n_vars = 0
    keep = np.nonzero(~closed)[0]
    if best_value > bound + 1e-9 * max(1.0, abs(best_value)):
        # reduced problem: sites proven closed are dropped; caps start at the incumbent's costs
        sub = arr[:, keep]
        start = np.searchsorted(keep, best)
        # small reduced problems get every cost level at once (no cap rounds)
        caps = best_d.copy() if sub.size > full_levels else np.full(len(arr), np.inf)
        for rounds in range(1, max_rounds + 1):  # noqa: B007
            levels = [np.unique(row[row <= cap]) for row, cap in zip(sub, caps, strict=True)]
            problem, n_vars = _median_model(sub, w, p, levels, start)
            problem.col_lower[: len(keep)] = opened[keep].astype(np.float64)
            res: MilpResult = solve(problem)
            bound = max(bound, math.ceil(res.bound - 1e-6) if integral else res.bound)
            if res.status != "optimal":
                status = "time_limit"
            fac = keep[np.nonzero(res.x[: len(keep)] > 0.5)[0]].astype(np.int64)
            _, d = _assign(arr, fac)
            value = float((w * d).sum())
            if value < best_value - 1e-9:
                best, best_d, best_value = fac, d, value
                start = np.searchsorted(keep, best)
            over = d > caps + 1e-9
            if not over.any() or status != "optimal":
                break
            caps = np.where(over, d, caps)
    assignment, _ = _assign(arr, best)
    gap = (
        0.0
        if best_value <= bound + 1e-9 * max(1.0, abs(best_value))
        else ((best_value - bound) / max(abs(best_value), 1e-9))
    )
    return LocationResult(
        objective=best_value,
        facilities=np.sort(best),
        assignment=assignment,
        status="optimal" if gap <= 1e-9 else status if status != "optimal" else "time_limit",
        gap=gap,
        seconds=time.perf_counter() - t0,
        bound=float(min(bound, best_value)),
        details={
            "rounds": float(rounds),
            "level_variables": float(n_vars),
            "sites_kept": float(len(keep)),
            "lagrangean_bound": lag_bound,
        },
    )


# --------------------------------------------------------------------------------------------
# coverage models
# --------------------------------------------------------------------------------------------
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
    arr = _check_costs(costs)
    w = _check_weights(weights, arr.shape[0])
    p = _check_p(p, arr.shape[1])
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
    res = (solver or _default_solver(time_limit))(problem)
    fac = np.nonzero(res.x[:m] > 0.5)[0].astype(np.int64)
    assignment, d = _assign(arr, fac)
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
    arr = _check_costs(costs)
    if not math.isfinite(radius) or radius < 0:
        msg = f"radius = {radius}: harus angka ≥ 0."
        raise InputDataError(msg)
    fac, res = _set_cover(arr, radius, solver or _default_solver(time_limit), "LSCP")
    assignment, _ = _assign(arr, fac)
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
    arr = _check_costs(costs)
    p = _check_p(p, arr.shape[1])
    solve = solver or _default_solver(time_limit)
    levels = np.unique(arr)
    # lower bound: every row needs some site, so the radius is at least max_i min_j c_ij
    lo = int(np.searchsorted(levels, arr.min(axis=1).max()))
    hi = len(levels) - 1
    greedy = _greedy_center(arr, p)
    _, gd = _assign(arr, greedy)
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
    assignment, d = _assign(arr, best)
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
