"""Grouping of TPS guarded by one team: close together, within one kecamatan, few groups."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse.csgraph import connected_components

__all__ = ["GroupingResult", "group_tps"]


@dataclass
class GroupingResult:
    """TPS groups and the proof of how close to the fewest possible they are.

    Attributes
    ----------
    group
        Group number per TPS (aligned with the input rows).
    n_groups
        Number of groups formed.
    lower_bound
        Proven lower bound on the number of groups: per block (kecamatan × category), the sum
        over connected components of the "within the time limit" graph of ``ceil(size / k)``.
    """

    group: npt.NDArray[np.int64]
    n_groups: int
    lower_bound: int

    @property
    def gap(self) -> float:
        """Relative gap between the groups formed and the lower bound."""
        return (self.n_groups - self.lower_bound) / max(self.n_groups, 1)


def _greedy_cliques(
    d: npt.NDArray[np.float64], close: npt.NDArray[np.bool_], k: int
) -> list[list[int]]:
    """Partition points into groups of ≤ k that are pairwise ``close``, hardest points first.

    The seed is the unassigned point with the fewest unassigned close neighbours; it is joined
    by its nearest compatible neighbours (close to every member so far).
    """
    n = len(d)
    free = np.ones(n, dtype=bool)
    degree = close.sum(axis=1).astype(np.int64)
    out: list[list[int]] = []
    while free.any():
        cand = np.nonzero(free)[0]
        seed = int(cand[np.argmin(degree[cand])])
        members = [seed]
        ok = close[seed] & free
        ok[seed] = False
        for j in np.nonzero(ok)[0][np.argsort(d[seed, ok], kind="stable")]:
            if len(members) >= k:
                break
            if close[j, members].all():
                members.append(int(j))
        free[members] = False
        degree -= close[:, members].sum(axis=1)
        out.append(members)
    return out


def _straight_minutes(
    p: npt.NDArray[np.float64], minutes_per_metre: float, place: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Pairwise straight-line minutes; TPS without coordinates are close only within a place."""
    d = np.hypot(p[:, None, 0] - p[None, :, 0], p[:, None, 1] - p[None, :, 1]) * minutes_per_metre
    unknown: npt.NDArray[np.bool_] = np.asarray(~np.isfinite(p).all(axis=1), dtype=bool)
    if unknown.any():
        same_place = (place[:, None] == place[None, :]) & unknown[:, None] & unknown[None, :]
        d = np.where(same_place, 0.0, d)
        d = np.where(np.isnan(d), np.inf, d)
    return np.asarray(d, dtype=np.float64)


def group_tps(
    blocks: pd.Series,
    xy: npt.NDArray[np.float64],
    k: pd.Series,
    *,
    minutes_per_metre: float,
    max_minutes: float,
    travel: npt.NDArray[np.float64] | None = None,
    place: pd.Series | None = None,
) -> GroupingResult:
    """Form groups of at most ``k`` TPS within each block whose pairwise travel ≤ ``max_minutes``.

    Within a block a greedy clique partition of the "within the limit" graph is formed: the
    point with the fewest free neighbours seeds a group, filled with its nearest neighbours that
    are within the limit of every member.

    Parameters
    ----------
    blocks
        Block label per TPS (kecamatan and category); groups never cross blocks.
    xy
        Metric coordinates (metres), shape ``(n, 2)``; NaN for a TPS without coordinates.
    k
        Maximum group size per TPS (the category's ``tps``), constant within a block.
    minutes_per_metre
        Conversion of straight-line metres to minutes (detour / speed).
    max_minutes
        Largest travel time between two TPS of a group.
    travel
        Optional TPS × TPS travel-time matrix in minutes (overrides the straight-line estimate).
    place
        Where a TPS without coordinates is (its desa): two such TPS of the same place are taken
        to be next to each other, and a TPS without coordinates is never grouped with another
        one elsewhere. Without ``place`` a TPS without coordinates stays alone.

    Returns
    -------
    GroupingResult
        Group per TPS, the number of groups and a lower bound.
    """
    n = len(blocks)
    group = np.full(n, -1, dtype=np.int64)
    next_group = 0
    lower = 0
    codes, uniques = pd.factorize(blocks, sort=True)
    place_codes = (
        pd.factorize(place.astype(str))[0] if place is not None else np.arange(n, dtype=np.int64)
    )
    for b in range(len(uniques)):
        idx = np.nonzero(codes == b)[0]
        size = int(k.iloc[idx[0]])
        if len(idx) == 1:
            group[idx[0]] = next_group
            next_group += 1
            lower += 1
            continue
        if travel is not None:
            d = travel[np.ix_(idx, idx)]
            d = np.maximum(d, d.T)
        else:
            d = _straight_minutes(xy[idx], minutes_per_metre, place_codes[idx])
        close = d <= max_minutes
        n_comp, comp = connected_components(close, directed=False)
        lower += sum(math.ceil(int((comp == c).sum()) / size) for c in range(n_comp))
        if size == 1:
            group[idx] = next_group + np.arange(len(idx))
            next_group += len(idx)
            continue
        for members in _greedy_cliques(d, close, size):
            group[idx[members]] = next_group
            next_group += 1
    return GroupingResult(group=group, n_groups=next_group, lower_bound=lower)
