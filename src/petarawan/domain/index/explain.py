"""Explanations of scores: contributions of indicators and dimensions, and top-driver sentences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain.index.classify import class_info
from petarawan.domain.index.compute import IndexResult
from petarawan.errors import NotFoundError
from petarawan.formatting import format_number

__all__ = ["explain", "signed"]


def signed(x: float, digits: int = 1, lang: str = "id") -> str:
    """Format a change with its sign (``+18,2``, ``-3,0``, ``0,0``) through the one formatter."""
    text = format_number(x, digits, lang)
    return f"+{text}" if round(float(x), digits) > 0 else text


def _num(v: Any) -> float:
    return float(v)


def _value_text(value: float, unit: str, lang: str) -> str:
    if np.isnan(value):
        return "tidak ada data" if lang == "id" else "no data"
    digits = 0 if abs(value) >= 10 or float(value).is_integer() else 1
    num = format_number(value, digits, lang)
    if unit in ("ya/tidak", "yes/no"):
        yes = value > 0
        return ("ya" if yes else "tidak") if lang == "id" else ("yes" if yes else "no")
    return f"{num} {unit}".strip()


def explain(
    result: IndexResult,
    code: str,
    *,
    level: str | None = None,
    lang: str = "id",
    top: int = 3,
) -> dict[str, Any]:
    """Explain the score of one unit.

    Returns
    -------
    dict
        ``code``, ``level``, ``score``, ``rank``, ``n``, ``class`` (id and label), ``dimensions``
        and ``indicators`` (each with contribution, raw value, unit, normalised value, imputed),
        the missing indicators and ``sentence``: the top drivers in Indonesian (or English).

    Raises
    ------
    NotFoundError
        When the code is not in the result.
    """
    fw = result.framework
    levels = [level] if level else list(result.levels)
    lr = next((result.levels[lv] for lv in levels if code in result.levels[lv].scores.index), None)
    if lr is None:
        msg = f"Kode {code} tidak ada dalam hasil (tingkat: {', '.join(levels)})."
        raise NotFoundError(msg)
    root = result.root
    score = _num(lr.scores.at[code, root])
    cls_id = lr.classes.at[code, root] if root in lr.classes else None
    label = None
    if cls_id is not None and fw.kind == "index":
        scheme = fw.scheme_for(root)
        if scheme is not None:
            info = {c.id: c for c in class_info(scheme, lr.level)}
            if str(cls_id) in info:
                c = info[str(cls_id)]
                label = c.label_id if lang == "id" else c.label_en
    out: dict[str, Any] = {
        "code": code,
        "level": lr.level,
        "method": lr.method,
        "score": score,
        "rank": None if pd.isna(lr.rank.get(code)) else int(lr.rank[code]),
        "n": len(lr.scores),
        "class": cls_id,
        "class_label": label,
        "missing": result.missing.get(lr.level, []),
        "dimensions": [],
        "indicators": [],
    }
    if fw.kind != "index":
        out["sentence"] = _checklist_sentence(fw, lr, code, lang)
        return out
    official = _official(lr, code)
    out["official"] = official
    contrib = lr.contributions.loc[code] if code in lr.contributions.index else pd.Series()
    for node in fw.nodes:
        if node.id == root:
            continue
        out["dimensions"].append(
            {
                "id": node.id,
                "name": node.name_id if lang == "id" else node.name_en,
                "score": _num(lr.scores.at[code, node.id]),
                "contribution": _num(contrib.get(node.id, np.nan)),
                "parent": node.parent,
            }
        )
    items = []
    for ind in fw.indicators:
        if ind.id not in lr.raw.columns:
            continue
        unit = ind.unit if lang == "id" else (ind.unit_en or ind.unit)
        raw = _num(lr.raw.at[code, ind.id])
        items.append(
            {
                "id": ind.id,
                "name": ind.name_id if lang == "id" else ind.name_en,
                "dimension": ind.parent,
                "raw": raw,
                "unit": unit,
                "value_text": _value_text(raw, unit, lang),
                "normalised": _num(lr.normalised.at[code, ind.id]),
                "imputed": bool(lr.imputed.at[code, ind.id]) if ind.id in lr.imputed else False,
                "contribution": _num(contrib.get(ind.id, np.nan)),
            }
        )
    # an indicator equal for every unit of the regency (the incumbent split, the number of
    # pairs) moves them all the same way: it never explains why this unit differs
    shared = set(_shared_in_regency(lr.contributions, code))
    for item in items:
        item["shared"] = item["id"] in shared
    items.sort(key=lambda d: (d["shared"], -_num(np.nan_to_num(_num(d["contribution"]), nan=-1e9))))
    out["indicators"] = items
    own = [d for d in items if not d["shared"]]
    out["shared_drivers"] = [
        d["name"] for d in items if d["shared"] and _num(d["contribution"]) > 0
    ]
    out["sentence"] = _sentence(score, label, own[:top], fw.scale, lang)
    if out["shared_drivers"]:
        common = ", ".join(out["shared_drivers"])
        out["sentence"] += (
            f" Sama untuk seluruh kabupaten/kota: {common}."
            if lang == "id"
            else f" The same for the whole regency: {common}."
        )
    if official is not None:
        out["sentence"] = (
            _official_sentence(official, score, label, lang)
            + " "
            + (
                _sentence(official["computed"], None, items[:top], fw.scale, lang)
                .replace("Skor ", "Skor hitungan ", 1)
                .replace("Score ", "Computed score ", 1)
            )
        )
    return out


def _regency(code: str) -> str:
    """Return the kab/kota a unit lies in: ``53.90`` for a region code, ``5390`` for a TPS id."""
    return code[:5] if "." in code else code[:4]


def _shared_in_regency(contributions: pd.DataFrame, code: str, tol: float = 1e-9) -> list[str]:
    """Return the columns whose contribution is the same for every unit of ``code``'s regency."""
    if code not in contributions.index:
        return []
    regency = _regency(code)
    same = contributions[[_regency(str(c)) == regency for c in contributions.index]]
    if len(same) < 2:
        return []
    out = []
    for col in same.columns:
        values = same[col].to_numpy(dtype=float)
        if np.isnan(values).any():
            continue
        if float(values.max() - values.min()) <= tol:
            out.append(str(col))
    return out


def _official(lr: Any, code: str) -> dict[str, Any] | None:
    """Return the published score of a unit and its source, or None when it was computed."""
    extra = lr.extra
    if "score_source" not in extra.columns or code not in extra.index:
        return None
    source = extra.at[code, "score_source"]
    if not isinstance(source, str) or not source:
        return None
    return {
        "score": _num(extra.at[code, "official_score"]),
        "computed": _num(extra.at[code, "computed_score"]),
        "source": source,
    }


def _official_sentence(official: dict[str, Any], score: float, label: str | None, lang: str) -> str:
    score_txt = format_number(score, 2, lang)
    cls = f", {label.lower()}" if label else ""
    if lang == "id":
        return f"Skor resmi {score_txt}{cls} — sumber: {official['source']}."
    return f"Official score {score_txt}{cls} — source: {official['source']}."


def _sentence(
    score: float, label: str | None, drivers: list[dict[str, Any]], scale: int, lang: str
) -> str:
    if np.isnan(score):
        return "Skor tidak dapat dihitung." if lang == "id" else "The score cannot be computed."
    level_word = (
        ("tinggi", "high")
        if score >= 0.6 * scale
        else (("sedang", "moderate") if score >= 0.3 * scale else ("rendah", "low"))
    )
    drivers = [d for d in drivers if not np.isnan(d["contribution"]) and d["contribution"] > 0]
    parts = []
    for d in drivers:
        value = d["value_text"]
        contrib = signed(d["contribution"], lang=lang)
        name = d["name"]
        parts.append(f"{name} {value} ({contrib})" if value else f"{name} ({contrib})")
    score_txt = format_number(score, lang=lang)
    cls = f", {label.lower()}" if label else ""
    if lang == "id":
        head = f"Skor {level_word[0]} ({score_txt}{cls})"
        if not parts:
            return head + "."
        joined = ", ".join(parts[:-1]) + " dan " + parts[-1] if len(parts) > 1 else parts[0]
        return f"{head} terutama karena {joined}."
    head = f"Score {level_word[1]} ({score_txt}{cls})"
    if not parts:
        return head + "."
    joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"{head} mainly because of {joined}."


def _checklist_sentence(fw: Any, lr: Any, code: str, lang: str) -> str:
    spec = fw.checklist
    cls = lr.classes.at[code, "score"]
    extra = lr.extra.loc[code]
    en = lang != "id"
    flagged = [
        (v.name_en if en else v.name_id)
        for v in spec.variables
        if v.id in lr.extra.columns and float(extra[v.id]) > 0
    ]
    cat = str(cls).replace("_", " ")
    rs = spec.active_rule_set()
    rule_name = rs.name_en if en else rs.name_id
    reason = str(extra.get("reason", "") or "")
    if en:
        rule = next((r for r in rs.rules if r.reason_id == reason), None)
        reason = rule.reason_en if rule is not None else reason
    why = f" — {reason}" if reason else ""
    if not en:
        vars_txt = ", ".join(flagged) if flagged else "tidak ada"
        return f"Usulan kategori ({rule_name}): {cat}{why}; variabel terpenuhi: {vars_txt}."
    vars_txt = ", ".join(flagged) if flagged else "none"
    return f"Proposed category ({rule_name}): {cat}{why}; variables flagged: {vars_txt}."
