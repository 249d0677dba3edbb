"""Radius formulation of the p-median as a MILP (Cornuéjols, Nemhauser, Wolsey 1980)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from petarawan.domain.location.common import FloatArray, IntArray, assign

if TYPE_CHECKING:
    from petarawan.solve import MilpProblem

__all__ = ["median_model"]


def median_model(
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
        _, start_d = assign(costs, start)
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
