"""Published (official) index scores entered with ``import indicators``: IPKP, IKP 2024.

A framework with ``official_indicator`` reads a published score of its root for a unit; it wins
over the computed score in assessments (``domain/index/compute.py``). This module lists them for
the briefing and other readers, with their class and source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from petarawan.domain.index import classify_scores
from petarawan.domain.index.classify import class_info
from petarawan.formatting import format_number
from petarawan.io.frameworks import find_framework

__all__ = ["OFFICIAL_FRAMEWORKS", "OfficialScore", "official_lines", "official_scores"]

#: Presets that accept a published score, with the name a reader knows them by.
OFFICIAL_FRAMEWORKS = {"ipkp": "IPKP (Polri)", "ikp2024": "IKP 2024 (Bawaslu)"}


@dataclass(frozen=True)
class OfficialScore:
    """One published score of a unit."""

    framework: str
    index_name: str
    level: str
    code: str
    score: float
    class_id: str
    class_label: str
    source: str


def official_scores(ws: Any, *, lang: str = "id") -> list[OfficialScore]:
    """Return the published scores stored in a workspace, classed with their preset's bands."""
    out: list[OfficialScore] = []
    for fw_id, index_name in OFFICIAL_FRAMEWORKS.items():
        fw = find_framework(fw_id)
        name = fw.official_indicator
        scheme = fw.scheme_for(fw.root)
        if name is None or scheme is None:
            continue
        for level in ("kabkota", "provinsi"):
            ind = ws.indicators(level)
            if name not in ind.columns:
                continue
            values = ind[name].astype(float).dropna()
            if values.empty:
                continue
            classes = classify_scores(values.to_numpy(dtype=float), scheme, level)
            labels = {
                c.id: (c.label_id if lang == "id" else c.label_en)
                for c in class_info(scheme, level)
            }
            sources = ind.get(f"{name}_sumber")
            for (code, value), cls in zip(values.items(), classes, strict=True):
                src = sources.get(code) if sources is not None else None
                text = src if isinstance(src, str) and src else "impor indikator"
                out.append(
                    OfficialScore(
                        fw_id,
                        index_name,
                        level,
                        str(code),
                        float(value),
                        str(cls),
                        labels.get(str(cls), str(cls)),
                        text,
                    )
                )
    return out


def official_lines(ws: Any, names: dict[str, str], *, lang: str = "id") -> list[str]:
    """Return one sentence per published score, e.g. "Skor IPKP resmi … 40,69 (rawan) — sumber …".

    Parameters
    ----------
    ws
        An open workspace.
    names
        Region code → name.
    lang
        ``"id"`` or ``"en"``.
    """
    lines = []
    for s in official_scores(ws, lang=lang):
        where = names.get(s.code, s.code)
        score = format_number(s.score if np.isfinite(s.score) else None, 2, lang)
        if lang == "id":
            lines.append(
                f"Skor resmi {s.index_name} {where}: {score} ({s.class_label.lower()}) — "
                f"sumber: {s.source}; menggantikan skor hitungan"
            )
        else:
            lines.append(
                f"Official {s.index_name} score of {where}: {score} "
                f"({s.class_label.lower()}) — source: {s.source}; replaces the computed score"
            )
    return lines
