"""The TPS-rawan checklist framework: yes/no flags, counts per variable and a category rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from petarawan.domain.index.hierarchy import Hierarchy, level_rank
from petarawan.domain.index.model import ChecklistSpec, Framework

if TYPE_CHECKING:
    from petarawan.domain.index.compute import IndexResult

__all__ = ["compute_checklist", "evaluate_checklist"]


def _flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    s = frame[column]
    if s.dtype == bool:
        return s.to_numpy()
    num = pd.to_numeric(
        s.map(lambda v: float(v) if isinstance(v, bool | np.bool_) else v), errors="coerce"
    )
    return num.fillna(0).to_numpy(dtype=float) > 0


def evaluate_checklist(spec: ChecklistSpec, tps: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Return the flags per variable, counts and the proposed category of every TPS.

    Returns
    -------
    tuple
        A frame indexed like ``tps`` with ``<variable>`` (0/1 flag), ``n_<variable>`` (conditions
        met), ``variables_flagged``, ``flags_total`` and ``category``; and the checklist columns
        absent from the table.
    """
    out = pd.DataFrame(index=tps.index)
    absent = []
    n_flags = np.zeros(len(tps), dtype=int)
    n_vars = np.zeros(len(tps), dtype=int)
    flagged: dict[str, np.ndarray] = {}
    for var in spec.variables:
        cnt = np.zeros(len(tps), dtype=int)
        for ind in var.indicators:
            col = f"{spec.column_prefix}{ind}"
            if col not in tps.columns:
                absent.append(col)
            cnt += _flag(tps, col).astype(int)
        flagged[var.id] = cnt > 0
        out[f"n_{var.id}"] = cnt
        out[var.id] = flagged[var.id].astype(int)
        n_flags += cnt
        n_vars += flagged[var.id].astype(int)
    out["variables_flagged"] = n_vars
    out["flags_total"] = n_flags
    category = np.full(len(tps), spec.default, dtype=object)
    decided = np.zeros(len(tps), dtype=bool)
    for rule in spec.rules:
        ok = (n_vars >= rule.min_variables) & (n_flags >= rule.min_flags)
        for req in rule.requires:
            ok &= flagged.get(req, np.zeros(len(tps), dtype=bool))
        hit = ok & ~decided
        category[hit] = rule.category
        decided |= hit
    khusus = _flag(tps, spec.khusus_column)
    category[khusus] = spec.khusus_category
    out["category"] = category
    return out, absent


def compute_checklist(
    framework: Framework,
    tables: Mapping[str, pd.DataFrame],
    *,
    hierarchy: Hierarchy | None = None,
) -> IndexResult:
    """Evaluate a checklist framework at TPS level and count categories per region above."""
    from petarawan.domain.index.compute import IndexResult, LevelResult

    spec = framework.checklist
    assert spec is not None
    tps = tables.get("tps", next(iter(tables.values())) if tables else pd.DataFrame())
    tps = tps.copy()
    tps.index = tps.index.astype(str)
    ev, absent = evaluate_checklist(spec, tps)
    score = ev["variables_flagged"] / max(1, len(spec.variables)) * framework.scale
    scores = pd.DataFrame({"score": score.astype(float)}, index=tps.index)
    rank = scores["score"].rank(ascending=False, method="min")
    classes = pd.DataFrame({"score": ev["category"]}, index=tps.index)
    extra = ev.drop(columns=["category"])
    levels = {
        "tps": LevelResult(
            level="tps",
            method="checklist",
            scores=scores,
            rank=rank,
            classes=classes,
            extra=extra,
        )
    }
    if hierarchy is not None:
        for level in framework.rollup.levels:
            if level_rank(level) <= 0:
                continue
            key = pd.Series(hierarchy.ancestors(tps.index, level), index=tps.index)
            counts = pd.crosstab(key, ev["category"])
            units = counts.index
            top = spec.rules[0].category if spec.rules else spec.default
            share = counts.get(top, pd.Series(0, index=units)) / counts.sum(axis=1)
            lv_scores = pd.DataFrame({"score": (share * framework.scale).astype(float)})
            levels[level] = LevelResult(
                level=level,
                method="checklist:count",
                scores=lv_scores,
                rank=lv_scores["score"].rank(ascending=False, method="min"),
                classes=pd.DataFrame(index=units),
                class_counts=counts,
                extra=ev.drop(columns=["category"]).groupby(key).sum(),
            )
    warn = []
    if absent:
        warn.append(
            "Kolom daftar periksa tidak ada (dianggap 'tidak'): " + ", ".join(sorted(set(absent)))
        )
    return IndexResult(framework, levels, {"tps": sorted(set(absent))}, {}, warn)
