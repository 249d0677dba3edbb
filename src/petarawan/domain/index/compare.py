"""Comparison of two index results: units that changed class, and the indicators that moved them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain.index.classify import class_info
from petarawan.domain.index.compute import IndexResult

__all__ = ["MOVE_LEVELS", "compare_classes", "compare_results", "uniform_indicators"]


def _num(v: Any) -> float:
    return float(v)


def compare_results(
    a: IndexResult, b: IndexResult, *, lang: str = "id", top: int = 2
) -> pd.DataFrame:
    """List the units whose class differs between ``a`` (before) and ``b`` (after).

    Returns
    -------
    pandas.DataFrame
        One row per changed unit: ``level``, ``code``, ``class_before``, ``class_after``,
        ``score_before``, ``score_after``, ``delta`` and ``why`` (the indicators whose
        contribution changed most, with the change in points).
    """
    rows = []
    root_a, root_b = a.root, b.root
    for level in a.levels:
        if level not in b.levels:
            continue
        la, lb = a.levels[level], b.levels[level]
        if root_a not in la.classes or root_b not in lb.classes:
            continue
        common = la.scores.index.intersection(lb.scores.index)
        ca = la.classes[root_a].reindex(common)
        cb = lb.classes[root_b].reindex(common)
        changed = common[(ca.astype(str) != cb.astype(str)).to_numpy()]
        if len(changed) == 0:
            continue
        cols = la.contributions.columns.intersection(lb.contributions.columns)
        ind_ids = [i.id for i in b.framework.indicators if i.id in cols]
        names = {i.id: (i.name_id if lang == "id" else i.name_en) for i in b.framework.indicators}
        diff = lb.contributions.reindex(changed)[ind_ids].fillna(0.0) - la.contributions.reindex(
            changed
        )[ind_ids].fillna(0.0)
        for code in changed:
            d = diff.loc[code] if ind_ids else pd.Series(dtype=float)
            order = d.abs().sort_values(ascending=False).index[:top]
            why = "; ".join(
                f"{names[i]} {d[i]:+.1f}".replace(".", "," if lang == "id" else ".")
                for i in order
                if abs(d[i]) > 1e-9
            )
            if not why and a.framework.sha256() != b.framework.sha256():
                why = (
                    "kerangka berubah (bobot atau batas kelas)"
                    if lang == "id"
                    else "framework changed (weights or class bounds)"
                )
            sa = _num(la.scores.at[code, root_a])
            sb = _num(lb.scores.at[code, root_b])
            rows.append(
                {
                    "level": level,
                    "code": code,
                    "class_before": ca[code],
                    "class_after": cb[code],
                    "score_before": sa,
                    "score_after": sb,
                    "delta": sb - sa if not (np.isnan(sa) or np.isnan(sb)) else np.nan,
                    "why": why,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "level",
            "code",
            "class_before",
            "class_after",
            "score_before",
            "score_after",
            "delta",
            "why",
        ],
    )


MOVE_LEVELS: tuple[str, ...] = ("desa", "kecamatan", "kabkota")


def uniform_indicators(contributions: pd.DataFrame, *, tol: float = 1e-9) -> list[str]:
    """Return the indicators whose contribution is the same for every unit of the table.

    Such an indicator (a regency-wide value such as the incumbent split) moves every unit the
    same way: it never explains why one unit differs from another.
    """
    out = []
    for col in contributions.columns:
        values = contributions[col].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        full = len(contributions) > 1 and len(values) == len(contributions)
        if full and float(values.max() - values.min()) <= tol:
            out.append(str(col))
    return out


def _move(
    rank_before: int | None, rank_after: int | None, before: str, after: str, lang: str
) -> str:
    if rank_before is None or rank_after is None:
        return "tidak dibandingkan" if lang == "id" else "not compared"
    before, after = before.lower(), after.lower()
    if rank_after < rank_before:
        return f"tidak lagi {before}" if lang == "id" else f"no longer {before}"
    if rank_after > rank_before:
        return f"naik menjadi {after}" if lang == "id" else f"up to {after}"
    return f"tetap {after}" if lang == "id" else f"still {after}"


def compare_classes(
    a: IndexResult,
    b: IndexResult,
    *,
    lang: str = "id",
    top: int = 3,
    levels: tuple[str, ...] = MOVE_LEVELS,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Return the class of every unit in both results, its move and the drivers that changed.

    Parameters
    ----------
    a, b
        The earlier and the later result (for instance the Pemilu 2024 and the Pilkada 2024
        assessment); compared on the units present in both (desa, kecamatan, kab/kota).

    Returns
    -------
    table
        One row per unit: ``level``, ``code``, ``class_before``, ``class_after`` (ids),
        ``label_before``, ``label_after``, ``direction`` (-1 down, 0 same, +1 up), ``move``
        (*tidak lagi sangat rawan*, *naik menjadi rawan*, *tetap …*), ``score_before``,
        ``score_after``, ``drivers`` (the indicators whose contribution changed most for this
        unit, with the change in points; changes shared by every unit are left out).
    common
        Per level, the changes shared by every unit (such as the incumbent split), as text.
    """
    rows: list[dict[str, Any]] = []
    common_changes: dict[str, list[str]] = {}
    names = {i.id: (i.name_id if lang == "id" else i.name_en) for i in b.framework.indicators}
    names.update({i.id: (i.name_id if lang == "id" else i.name_en) for i in a.framework.indicators})
    scheme = b.framework.scheme_for(b.root) if b.framework.kind == "index" else None
    dec = "," if lang == "id" else "."
    for level in levels:
        if level not in a.levels or level not in b.levels:
            continue
        la, lb = a.levels[level], b.levels[level]
        if a.root not in la.classes or b.root not in lb.classes:
            continue
        order: dict[str, int] = {}
        labels: dict[str, str] = {}
        if scheme is not None:
            for k, c in enumerate(class_info(scheme, level)):
                order[c.id] = k
                labels[c.id] = c.label_id if lang == "id" else c.label_en
        common = la.scores.index.intersection(lb.scores.index)
        ca = la.classes[a.root].reindex(common)
        cb = lb.classes[b.root].reindex(common)
        indicator_ids = set(names)
        cols = la.contributions.columns.union(lb.contributions.columns)
        cols = pd.Index([c for c in cols if c in indicator_ids])  # indicators, not dimensions
        diff = lb.contributions.reindex(index=common, columns=cols).fillna(0.0) - (
            la.contributions.reindex(index=common, columns=cols).fillna(0.0)
        )
        shared = uniform_indicators(diff)
        common_changes[level] = [
            f"{names.get(i, i)} {diff[i].iloc[0]:+.1f}".replace(".", dec)
            for i in shared
            if abs(float(diff[i].iloc[0])) > 1e-9
        ]
        own = [c for c in cols if c not in shared]
        for code in common:
            before, after = ca[code], cb[code]
            rb_, ra_ = order.get(str(before)), order.get(str(after))
            d = diff.loc[code, own] if own else pd.Series(dtype=float)
            top_ids = d.abs().sort_values(ascending=False).index[:top]
            drivers = "; ".join(
                f"{names.get(i, i)} {d[i]:+.1f}".replace(".", dec)
                for i in top_ids
                if abs(d[i]) > 1e-9
            )
            lb_label = labels.get(str(before), str(before))
            la_label = labels.get(str(after), str(after))
            sa = _num(la.scores.at[code, a.root])
            sb = _num(lb.scores.at[code, b.root])
            rows.append(
                {
                    "level": level,
                    "code": str(code),
                    "class_before": before,
                    "class_after": after,
                    "label_before": lb_label,
                    "label_after": la_label,
                    "direction": 0 if rb_ is None or ra_ is None else int(np.sign(ra_ - rb_)),
                    "move": _move(rb_, ra_, lb_label, la_label, lang),
                    "score_before": sa,
                    "score_after": sb,
                    "drivers": drivers,
                }
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "level",
            "code",
            "class_before",
            "class_after",
            "label_before",
            "label_after",
            "direction",
            "move",
            "score_before",
            "score_after",
            "drivers",
        ],
    )
    return table, common_changes
