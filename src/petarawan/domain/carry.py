"""Carry a TPS mapping from one election to the next: link the TPS, then combine their values.

The Pilkada 2024 merged Pemilu 2024 TPS (≤ 300 voters each) into larger ones (≤ 600), so a
new TPS serves the voters of one or more old TPS of the same desa. :func:`link_tps` finds, for
every new TPS, the old TPS that served the same voters:

1. ``koordinat``: where both lists have surveyed coordinates in a desa, each surveyed old TPS
   feeds the nearest surveyed new TPS of that desa;
2. ``urutan``: the other TPS of the desa, in TPS-number order, are cut into consecutive groups,
   one per new TPS, so that each group's voters come as close as possible to the new TPS's
   voters (equal shares when voter counts are missing); each new TPS gets at least one old TPS
   when the desa had at least as many old TPS as new ones;
3. ``pecahan``: when the new list split TPS (more new than old in a desa), a new TPS left
   without an old one is fed by the old TPS whose voters it took over.

An old TPS feeds one new TPS (except ``pecahan``). A new TPS in a desa that had no old TPS gets
no link and is listed for a person to decide. TPS khusus link only to TPS khusus.
:func:`carry_values` then combines the linked old TPS's category (the highest by default),
checklist flags (any set) and incident history. Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CATEGORY_RULES",
    "FLAG_RULES",
    "METHODS",
    "CarriedValue",
    "CarryPlan",
    "CarryRules",
    "Link",
    "carry_values",
    "link_tps",
]

METHODS: tuple[str, ...] = ("koordinat", "urutan", "pecahan")
CATEGORY_RULES: tuple[str, ...] = ("highest", "lowest", "majority")
FLAG_RULES: tuple[str, ...] = ("any", "all", "majority")
# rank of the Polri categories when TPS are merged; a TPS never designated counts as kurang rawan
_RANK = {"kurang_rawan": 0, "rawan": 1, "sangat_rawan": 2}
UNSET_CATEGORY = "kurang_rawan"


@dataclass(frozen=True)
class Link:
    """An old TPS whose voters a new TPS serves, and how the link was found."""

    from_tps: str
    to_tps: str
    method: str


@dataclass(frozen=True)
class CarryPlan:
    """The links between two TPS lists and the TPS left without one."""

    links: tuple[Link, ...]
    unmatched_from: tuple[str, ...]
    unmatched_to: tuple[str, ...]

    def feeders(self) -> dict[str, list[str]]:
        """Return, per new TPS id, the old TPS ids that feed it (in link order)."""
        out: dict[str, list[str]] = {}
        for link in self.links:
            out.setdefault(link.to_tps, []).append(link.from_tps)
        return out

    def method_counts(self) -> dict[str, int]:
        """Return the number of links per method (every method named, zeros included)."""
        counts = Counter(link.method for link in self.links)
        return {m: int(counts.get(m, 0)) for m in METHODS}


@dataclass(frozen=True)
class CarryRules:
    """How values of merged TPS combine.

    ``category``: highest | lowest | majority; ``flags``: any | all | majority.
    """

    category: str = "highest"
    flags: str = "any"


@dataclass(frozen=True)
class CarriedValue:
    """What one new TPS receives from its old TPS."""

    tps_id: str
    sources: tuple[str, ...]
    category: str | None
    flags: dict[str, bool] = field(default_factory=dict)
    incidents: tuple[str, ...] = ()


def _distance_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> Any:
    """Haversine distances (km) between every point of set 1 (rows) and set 2 (columns)."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dlat = p2 - p1
    dlon = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _surveyed(frame: pd.DataFrame) -> pd.Series:
    src = frame.get("location_source", pd.Series(None, index=frame.index))
    return (src == "surveyed") & frame["lon"].notna() & frame["lat"].notna()


def _weights(frame: pd.DataFrame) -> np.ndarray:
    voters = pd.to_numeric(frame["voters"], errors="coerce") if "voters" in frame else None
    if voters is None or voters.isna().any() or (voters <= 0).any():
        return np.ones(len(frame))
    return np.asarray(voters, dtype=float)


def _cuts(old_w: np.ndarray, new_w: np.ndarray) -> list[int]:
    """Cut points 0 = c0 < c1 < … < cm = n so group k (old c_k..c_k+1) matches new TPS k's share."""
    n, m = len(old_w), len(new_w)
    cum_old = np.concatenate([[0.0], np.cumsum(old_w)])
    target = np.cumsum(new_w) / new_w.sum() * cum_old[-1]
    cuts = [0]
    for k in range(1, m):
        best = int(np.argmin(np.abs(cum_old - target[k - 1])))
        cuts.append(min(max(best, cuts[-1] + 1), n - (m - k)))
    cuts.append(n)
    return cuts


def _by_order(old: pd.DataFrame, new: pd.DataFrame) -> list[Link]:
    """Link old to new TPS of one desa by number order and voter shares."""
    old = old.sort_values("number")
    new = new.sort_values("number")
    old_ids, new_ids = old["tps_id"].tolist(), new["tps_id"].tolist()
    old_w, new_w = _weights(old), _weights(new)
    if len(old_ids) >= len(new_ids):
        cuts = _cuts(old_w, new_w)
        return [
            Link(old_ids[i], new_ids[k], "urutan")
            for k in range(len(new_ids))
            for i in range(cuts[k], cuts[k + 1])
        ]
    # the new list split TPS: each old TPS feeds the new TPS holding its voters' midpoint
    cum_old = np.cumsum(old_w)
    mid_old = cum_old - old_w / 2
    cum_new = np.cumsum(new_w) / new_w.sum() * cum_old[-1]
    start_new = cum_new - new_w / new_w.sum() * cum_old[-1]
    links = []
    fed: set[int] = set()
    for i, mid in enumerate(mid_old):
        k = int(min(np.searchsorted(cum_new, mid, side="left"), len(new_ids) - 1))
        links.append(Link(old_ids[i], new_ids[k], "urutan"))
        fed.add(k)
    for k in range(len(new_ids)):
        if k in fed:
            continue
        mid = (start_new[k] + cum_new[k]) / 2
        i = int(min(np.searchsorted(cum_old, mid, side="right"), len(old_ids) - 1))
        links.append(Link(old_ids[i], new_ids[k], "pecahan"))
    return links


def _by_coordinates(old: pd.DataFrame, new: pd.DataFrame) -> list[Link]:
    """Link each old TPS to the nearest new TPS of its desa.

    A new TPS left without one takes over the nearest old TPS whose new TPS has others (or,
    with fewer old TPS than new ones, shares one: ``pecahan``).
    """
    d = _distance_km(
        old["lon"].to_numpy(float),
        old["lat"].to_numpy(float),
        new["lon"].to_numpy(float),
        new["lat"].to_numpy(float),
    )
    target = d.argmin(axis=1)
    old_ids, ids = old["tps_id"].tolist(), new["tps_id"].tolist()
    shared: list[Link] = []
    for k in np.argsort(d.min(axis=0), kind="stable"):
        if (target == k).any():
            continue
        counts = np.bincount(target, minlength=len(ids))
        movable = np.flatnonzero(counts[target] > 1)
        if len(movable):
            i = int(movable[np.argmin(d[movable, k])])
            target[i] = k
        else:
            shared.append(Link(old_ids[int(np.argmin(d[:, k]))], ids[int(k)], "pecahan"))
    links = [Link(o, ids[int(k)], "koordinat") for o, k in zip(old_ids, target, strict=True)]
    return links + shared


def link_tps(old: pd.DataFrame, new: pd.DataFrame) -> CarryPlan:
    """Link every new TPS to the old TPS that served the same voters (see the module docstring).

    Parameters
    ----------
    old, new
        TPS tables with ``tps_id``, ``desa_code``, ``number``, ``voters`` (may be missing),
        ``lon``, ``lat``, ``location_source`` and ``khusus``.

    Examples
    --------
    >>> old = pd.DataFrame({"tps_id": ["a1", "a2", "a3"], "desa_code": "d", "number": [1, 2, 3],
    ...                     "voters": [200, 200, 200], "lon": None, "lat": None,
    ...                     "location_source": None, "khusus": False})
    >>> new = pd.DataFrame({"tps_id": ["b1", "b2"], "desa_code": "d", "number": [1, 2],
    ...                     "voters": [400, 200], "lon": None, "lat": None,
    ...                     "location_source": None, "khusus": False})
    >>> [(x.from_tps, x.to_tps) for x in link_tps(old, new).links]
    [('a1', 'b1'), ('a2', 'b1'), ('a3', 'b2')]
    """
    links: list[Link] = []
    unmatched_to: list[str] = []
    linked_from: set[str] = set()

    def key(frame: pd.DataFrame) -> pd.Series:
        khusus = frame["khusus"].fillna(False).astype(bool) if "khusus" in frame else False
        return frame["desa_code"].astype(str) + np.where(khusus, "|khusus", "")

    old = old.assign(_key=key(old))
    new = new.assign(_key=key(new))
    old_groups = dict(iter(old.groupby("_key", sort=True)))
    for group, new_g in new.groupby("_key", sort=True):
        old_g = old_groups.get(str(group))
        if old_g is None or old_g.empty:
            unmatched_to.extend(new_g["tps_id"].tolist())
            continue
        group_links: list[Link] = []
        so, sn = _surveyed(old_g), _surveyed(new_g)
        if so.any() and sn.any():
            group_links += _by_coordinates(old_g[so], new_g[sn])
            old_g = old_g[~so]
            fed = {lk.to_tps for lk in group_links}
            waiting = new_g[~new_g["tps_id"].isin(fed)]
            new_g = waiting if len(waiting) else new_g
        if len(old_g):
            group_links += _by_order(old_g, new_g)
        links += group_links
        linked_from.update(lk.from_tps for lk in group_links)
    unmatched_from = sorted(set(old["tps_id"]) - linked_from)
    return CarryPlan(tuple(links), tuple(unmatched_from), tuple(sorted(unmatched_to)))


def _combine_category(values: Sequence[str | None], rule: str) -> str:
    cats = [v if v in _RANK or v == "khusus" else UNSET_CATEGORY for v in values]
    if cats and all(c == "khusus" for c in cats):
        return "khusus"
    ranked = [c for c in cats if c in _RANK] or [UNSET_CATEGORY]
    if rule == "lowest":
        return min(ranked, key=_RANK.__getitem__)
    if rule == "majority":
        counts = Counter(ranked)
        return max(counts, key=lambda c: (counts[c], _RANK[c]))
    return max(ranked, key=_RANK.__getitem__)


def _combine_flags(flag_sets: Sequence[Mapping[str, Any]], rule: str) -> dict[str, bool]:
    keys = sorted({k for f in flag_sets for k in f})
    out: dict[str, bool] = {}
    for k in keys:
        hits = sum(bool(f.get(k, False)) for f in flag_sets)
        if rule == "all":
            out[k] = hits == len(flag_sets)
        elif rule == "majority":
            out[k] = hits * 2 > len(flag_sets)
        else:
            out[k] = hits > 0
    return out


def carry_values(
    plan: CarryPlan,
    old_category: Mapping[str, str | None],
    old_flags: Mapping[str, Mapping[str, Any]],
    incidents_by_tps: Mapping[str, Sequence[str]] | None = None,
    rules: CarryRules | None = None,
) -> list[CarriedValue]:
    """Combine the linked old TPS's values for every linked new TPS.

    ``old_category`` and ``old_flags`` are keyed by old TPS id; an old TPS without a category
    was not designated rawan and counts as *kurang rawan*. ``incidents_by_tps`` lists the
    incident refs of each old TPS.
    """
    rules = rules or CarryRules()
    incidents_by_tps = incidents_by_tps or {}
    out = []
    for to_tps, sources in sorted(plan.feeders().items()):
        refs = tuple(r for s in sources for r in incidents_by_tps.get(s, ()))
        out.append(
            CarriedValue(
                tps_id=to_tps,
                sources=tuple(sources),
                category=_combine_category([old_category.get(s) for s in sources], rules.category),
                flags=_combine_flags([old_flags.get(s) or {} for s in sources], rules.flags),
                incidents=refs,
            )
        )
    return out
