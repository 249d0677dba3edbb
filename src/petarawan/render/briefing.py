"""What a briefing is made of: the render-ready data every renderer draws (no I/O here).

:func:`petarawan.services.briefing.build_briefing` gathers a :class:`Briefing` from a workspace;
the modules of :mod:`petarawan.render` only draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from petarawan.render._text import INCIDENT_TYPES, LEVEL_NAMES, tr

# The renderers' words (INCIDENT_TYPES, LEVEL_NAMES, tr) are public here for the briefing service.
__all__ = [
    "INCIDENT_TYPES",
    "KHUSUS_COLOUR",
    "LEVELS",
    "LEVEL_NAMES",
    "UNCLASSIFIED",
    "UNCLASSIFIED_COLOUR",
    "Briefing",
    "ClassEntry",
    "MovesInfo",
    "PlanInfo",
    "default_classes",
    "kml_colour",
    "tr",
]

UNCLASSIFIED = "belum_dinilai"
UNCLASSIFIED_COLOUR = "#bdbdbd"
KHUSUS_COLOUR = "#7b3294"
LEVELS = ("tps", "desa", "kecamatan")


@dataclass(frozen=True)
class ClassEntry:
    """One class of the scheme as the legend shows it."""

    id: str
    label: str
    colour: str


@dataclass
class PlanInfo:
    """The deployment plan as the report shows it.

    ``units`` has one row per unit: ``code``, ``name``, ``available``, ``assigned``, ``bko``.
    """

    required: int | None
    available: int | None
    shortfall: int | None
    bko: int | None
    bko_to: dict[str, int]
    units: pd.DataFrame
    how: str
    status: str
    source: str
    by_kecamatan: dict[str, int] = field(default_factory=dict)


@dataclass
class MovesInfo:
    """The moves between an earlier mapping and this one (``petarawan compare``).

    ``table`` has one row per desa: ``code``, ``name``, ``kecamatan``, ``label_before``,
    ``label_after``, ``direction`` (-1, 0, +1), ``move`` and ``drivers``; ``common`` lists the
    changes shared by every desa (such as the incumbent split).
    """

    from_name: str
    to_name: str
    table: pd.DataFrame
    counts: dict[str, int]
    common: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    """Everything the maps, the web map, the report and the workbook show; renderers only draw it.

    ``levels`` maps ``tps``/``desa``/``kecamatan`` to a table indexed by code with the columns
    ``name``, ``kecamatan``, ``score``, ``rank``, ``class_id``, ``class_label``, ``colour``,
    ``stability`` and ``drivers``. ``tps`` and ``regions`` are GeoDataFrames in EPSG:4326 carrying
    the same class columns; ``missing`` lists what the workspace lacks, in the briefing's language.
    """

    lang: str
    area_name: str
    as_of: datetime | None
    created: datetime
    framework: str | None
    framework_name: str | None
    assessment_id: int | None
    classes: list[ClassEntry]
    levels: dict[str, pd.DataFrame]
    regions: dict[str, gpd.GeoDataFrame]
    tps: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    stakeholders: pd.DataFrame
    engagements: pd.DataFrame
    plan: PlanInfo | None
    summary: list[str]
    missing: list[str]
    notes: list[str]
    layers: dict[str, Path]
    sources: list[str]
    method: dict[str, Any]
    class_counts: pd.DataFrame
    workspace: Path
    moves: MovesInfo | None = None

    def legend(self) -> list[ClassEntry]:
        """Return the classes the legend lists (the scheme plus "not assessed" when it occurs)."""
        used = set()
        for frame in self.levels.values():
            used |= set(frame["class_id"].dropna())
        extra = [ClassEntry(UNCLASSIFIED, tr("unclassified", self.lang), UNCLASSIFIED_COLOUR)] * (
            UNCLASSIFIED in used
        )
        return [*self.classes, *extra]

    def class_entry(self, class_id: str) -> ClassEntry:
        """Return the legend entry of a class id."""
        for c in self.classes:
            if c.id == class_id:
                return c
        return ClassEntry(UNCLASSIFIED, tr("unclassified", self.lang), UNCLASSIFIED_COLOUR)


def default_classes(lang: str = "id") -> list[ClassEntry]:
    """Return the three official classes and their colours (used without an assessment)."""
    labels = {
        "id": ("Kurang rawan", "Rawan", "Sangat rawan"),
        "en": ("Low", "Vulnerable", "Highly vulnerable"),
    }[lang if lang == "en" else "id"]
    return [
        ClassEntry("kurang_rawan", labels[0], "#1a9850"),
        ClassEntry("rawan", labels[1], "#fdae61"),
        ClassEntry("sangat_rawan", labels[2], "#d73027"),
    ]


def kml_colour(hex_colour: str, alpha: int = 0xCC) -> str:
    """Convert ``#rrggbb`` to KML's ``aabbggrr``."""
    h = hex_colour.lstrip("#")
    return f"{alpha:02x}{h[4:6]}{h[2:4]}{h[0:2]}"
