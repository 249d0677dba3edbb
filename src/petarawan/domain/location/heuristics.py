"""Heuristics for the p-median: greedy addition, locate–allocate and Teitz–Bart interchange."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from petarawan.domain.location.common import FloatArray, IntArray, assign

__all__ = ["greedy_median", "swap_search"]


def greedy_median(costs: FloatArray, w: FloatArray, p: int) -> IntArray:
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
        owner, _ = assign(costs, fac)
        new = set()
        for f in np.unique(owner):
            members = owner == f
            cand = wc[members].sum(axis=0)
            new.add(int(np.argmin(cand)))
        if len(new) < p:  # keep p facilities: fill with the old ones
            new.update(int(f) for f in fac if len(new) < p and int(f) not in new)
        cand_fac = np.array(sorted(new), dtype=np.int64)
        _, d = assign(costs, cand_fac)
        cand_value = float((w * d).sum())
        if cand_value < value - 1e-9:
            fac, value = cand_fac, cand_value
        else:
            break
    return fac


def swap_search(costs: FloatArray, w: FloatArray, fac: IntArray, max_swaps: int = 200) -> IntArray:
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
