"""The TPS-rawan checklist framework: yes/no flags, counts per variable and a category rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from petarawan.domain.index.hierarchy import Hierarchy, level_rank
from petarawan.domain.index.model import ChecklistRuleSet, ChecklistSpec, Framework

if TYPE_CHECKING:
    from petarawan.domain.index.compute import IndexResult

__all__ = ["compute_checklist", "evaluate_checklist", "unknown_flag_columns"]


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


def _criterion(
    spec: ChecklistSpec, rs: ChecklistRuleSet, tps: pd.DataFrame, name: str
) -> np.ndarray:
    cond = next((c for c in rs.conditions if c.id == name), None)
    if cond is not None:
        if cond.column not in tps.columns:
            return np.zeros(len(tps), dtype=bool)
        values = pd.to_numeric(tps[cond.column], errors="coerce").to_numpy(dtype=float)
        return np.nan_to_num(values, nan=-np.inf) >= cond.min
    prefixed = f"{spec.column_prefix}{name}"
    return _flag(tps, prefixed if prefixed in tps.columns else name)


def _apply_rule_set(
    spec: ChecklistSpec,
    rs: ChecklistRuleSet,
    tps: pd.DataFrame,
    n_vars: np.ndarray,
    n_flags: np.ndarray,
    flagged: Mapping[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    category = np.full(len(tps), spec.default, dtype=object)
    reason = np.full(len(tps), "", dtype=object)
    decided = np.zeros(len(tps), dtype=bool)
    for rule in rs.rules:
        ok = (n_vars >= rule.min_variables) & (n_flags >= rule.min_flags)
        for req in rule.requires:
            ok &= flagged.get(req, np.zeros(len(tps), dtype=bool))
        for name in rule.all_of:
            ok &= _criterion(spec, rs, tps, name)
        if rule.any_of:
            hits = sum(_criterion(spec, rs, tps, n).astype(int) for n in rule.any_of)
            ok &= np.asarray(hits) >= rule.min_any
        for group in rule.each_of:
            any_hit = np.zeros(len(tps), dtype=bool)
            for name in group:
                any_hit |= _criterion(spec, rs, tps, name)
            ok &= any_hit
        hit = ok & ~decided
        category[hit] = rule.category
        reason[hit] = rule.reason_id
        decided |= hit
    return category, reason


def evaluate_checklist(spec: ChecklistSpec, tps: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Return the flags per variable, counts and the proposed category of every TPS.

    Returns
    -------
    tuple
        A frame indexed like ``tps`` with ``<variable>`` (0/1 flag), ``n_<variable>`` (conditions
        met), ``variables_flagged``, ``flags_total`` (national indicators only), ``category`` and
        ``reason`` from the active rule set and ``category_<rule set>`` for every rule set; and
        the national checklist columns absent from the table.
    """
    out = pd.DataFrame(index=tps.index)
    absent = []
    n_flags = np.zeros(len(tps), dtype=int)
    n_vars = np.zeros(len(tps), dtype=int)
    flagged: dict[str, np.ndarray] = {}
    for var in spec.variables:
        cnt = np.zeros(len(tps), dtype=int)
        national = np.zeros(len(tps), dtype=int)
        for item in var.items():
            col = f"{spec.column_prefix}{item.id}"
            if col not in tps.columns and not item.optional:
                absent.append(col)
            value = _flag(tps, col).astype(int)
            cnt += value
            if not item.optional:
                national += value
        flagged[var.id] = cnt > 0
        out[f"n_{var.id}"] = cnt
        out[var.id] = flagged[var.id].astype(int)
        n_flags += national
        n_vars += flagged[var.id].astype(int)
    out["variables_flagged"] = n_vars
    out["flags_total"] = n_flags
    khusus = _flag(tps, spec.khusus_column)
    active = spec.active_rule_set()
    for rs in spec.all_rule_sets():
        category, reason = _apply_rule_set(spec, rs, tps, n_vars, n_flags, flagged)
        category[khusus] = spec.khusus_category
        reason[khusus] = ""
        out[f"category_{rs.id}"] = category
        if rs.id == active.id:
            out["category"] = category
            out["reason"] = reason
    return out, absent


def unknown_flag_columns(spec: ChecklistSpec, tps: pd.DataFrame) -> list[str]:
    """Return the ``<prefix>`` columns of a TPS table that no indicator of the checklist reads."""
    known = {f"{spec.column_prefix}{i}" for v in spec.variables for i in v.ids()}
    known |= {
        f"{spec.column_prefix}{n}"
        for rs in spec.all_rule_sets()
        for r in rs.rules
        for n in (*r.all_of, *r.any_of, *(x for g in r.each_of for x in g))
    }
    known.add(f"{spec.column_prefix}count")
    return sorted(
        c
        for c in tps.columns
        if isinstance(c, str) and c.startswith(spec.column_prefix) and c not in known
    )


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
    numeric = ev.select_dtypes(include="number")
    if hierarchy is not None:
        for level in framework.rollup.levels:
            if level_rank(level) <= 0:
                continue
            key = pd.Series(hierarchy.ancestors(tps.index, level), index=tps.index)
            counts = pd.crosstab(key, ev["category"])
            units = counts.index
            rules = spec.active_rule_set().rules
            top = rules[0].category if rules else spec.default
            share = counts.get(top, pd.Series(0, index=units)) / counts.sum(axis=1)
            lv_scores = pd.DataFrame({"score": (share * framework.scale).astype(float)})
            levels[level] = LevelResult(
                level=level,
                method="checklist:count",
                scores=lv_scores,
                rank=lv_scores["score"].rank(ascending=False, method="min"),
                classes=pd.DataFrame(index=units),
                class_counts=counts,
                extra=numeric.groupby(key).sum(),
            )
    warn = []
    if absent:
        warn.append(
            "Kolom daftar periksa tidak ada (dianggap 'tidak'): " + ", ".join(sorted(set(absent)))
        )
    unknown = unknown_flag_columns(spec, tps)
    if unknown:
        warn.append(
            "Kolom tanda TPS yang tidak ada dalam daftar Bawaslu 2024 (tidak dihitung; isi ulang "
            "dengan kolom baru): " + ", ".join(unknown)
        )
    return IndexResult(framework, levels, {"tps": sorted(set(absent))}, {}, warn)
