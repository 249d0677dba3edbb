"""Comparison of two index results: units that changed class, and the indicators that moved them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain.index.compute import IndexResult

__all__ = ["compare_results"]


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
