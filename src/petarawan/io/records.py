"""Records, issues and row helpers shared by the per-entity validators."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from petarawan.errors import Issue
from petarawan.io.aliases import ALIASES
from petarawan.io.parse import parse_float
from petarawan.io.tables import RawTable

__all__ = [
    "MAX_VOTERS_PER_TPS",
    "Batch",
    "Snapshot",
    "cells",
    "duplicate_check",
    "lonlat",
    "point_outside_desa",
    "require",
    "stable_hash",
]

MAX_VOTERS_PER_TPS = 600  # PKPU 7/2024 art. 10 (Pilkada 2024)
POINT_TOLERANCE_DEG = 0.05
"""How far a point may lie outside its desa polygon: 0.05° ≈ 5.5 km (GPS error, coarse or
outdated desa boundaries); beyond it the point is in another place altogether."""


@dataclass
class Snapshot:
    """What the database already holds, as plain data (codes and a few fields)."""

    regions: dict[str, str] = field(default_factory=dict)  # code → level
    region_geometry: dict[str, bytes] = field(
        default_factory=dict
    )  # code → WKB (only those with one)
    names: dict[str, str] = field(default_factory=dict)  # code → name
    tps: dict[str, tuple[float | None, float | None, str | None]] = field(default_factory=dict)
    units: set[str] = field(default_factory=set)
    stakeholders: set[str] = field(default_factory=set)
    shapes: dict[str, Any] = field(default_factory=dict, repr=False)  # parsed polygons (cache)


@dataclass
class Batch:
    """Validated records keyed by their natural key, and the problems found."""

    regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    tps: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)
    stakeholders: dict[str, dict[str, Any]] = field(default_factory=dict)
    engagements: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    personnel: dict[str, dict[str, Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Problems that block the import."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Problems reported while the import goes on."""
        return [i for i in self.issues if i.severity != "error"]


def require(table: RawTable, entity: str, *names: str) -> bool:
    """Record a header-row issue for each required canonical column the file lacks."""
    missing = [n for n in names if not table.has(n)]
    for n in missing:
        options = ", ".join(ALIASES[entity][n][:6])
        seen = ", ".join(map(str, table.frame.columns[:12]))
        table.issues.append(
            Issue(
                table.label,
                table.header_row,
                ALIASES[entity][n][0],
                f"kolom wajib tidak ada; diharapkan salah satu dari: {options}; "
                f"judul kolom yang ada: {seen}",
            )
        )
    return not missing


def cells(table: RawTable, name: str) -> list[str]:
    """Return a canonical column's cells as strings (empty strings if the file lacks it)."""
    return table.cells(name)


def duplicate_check(table: RawTable, keys: list[str | None], column: str, what: str) -> None:
    """Record an issue for every key seen before in the same file, naming the first row."""
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            table.issue(
                i, column, f"{what} {key} ganda (juga di baris {int(table.rows[first[key]])})"
            )
        else:
            first[key] = i


def lonlat(
    table: RawTable, i: int, geoms: np.ndarray | None
) -> tuple[float, float] | Literal[False] | None:
    """Return (lon, lat), None when the row has no location, or False after recording a problem."""
    if geoms is not None:
        g = geoms[i]
        if g is None or g.is_empty:
            return None
        if g.geom_type != "Point":
            table.issue(i, "geometry", f"geometri bertipe {g.geom_type}; diharapkan titik")
            return False
        return float(g.x), float(g.y)
    if not (table.has("lon") or table.has("lat")):
        return None
    lon_t, lat_t = table.cells("lon")[i], table.cells("lat")[i]
    if not lon_t and not lat_t:
        return None
    try:
        lon = parse_float(lon_t)
        lat = parse_float(lat_t)
    except ValueError as exc:
        table.issue(i, "lon" if not _isnum(lon_t) else "lat", str(exc))
        return False
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        table.issue(
            i,
            "lon",
            f"koordinat ({lon_t}, {lat_t}) bukan bujur/lintang WGS84; diharapkan bujur "
            "−180…180 dan lintang −90…90 (UTM? ubah ke EPSG:4326)",
        )
        return False
    if (-90 <= lon <= 90 and abs(lat) > 90 - 1e-9) or (abs(lat) > 30 and abs(lon) <= 30):
        table.issue(i, "lat", f"bujur {lon_t} dan lintang {lat_t} tampak tertukar", "warning")
    return lon, lat


def _isnum(text: str) -> bool:
    try:
        parse_float(text)
    except ValueError:
        return False
    return True


def stable_hash(*parts: str) -> str:
    """Return a short, stable identifier for records that carry no id of their own."""
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def point_outside_desa(snapshot: Snapshot, desa: str, lon: float, lat: float) -> str | None:
    """Return a message when a point lies outside its desa (beyond the tolerance), else None.

    A desa whose polygon the database does not hold cannot be checked and passes.
    """
    import shapely

    wkb = snapshot.region_geometry.get(desa)
    if wkb is None:
        return None
    shape = snapshot.shapes.get(desa)
    if shape is None:
        shape = snapshot.shapes[desa] = shapely.from_wkb(wkb)
    dist = float(shapely.distance(shape, shapely.Point(lon, lat)))
    if dist <= POINT_TOLERANCE_DEG:
        return None
    return (
        f"titik ({lon:.5f}, {lat:.5f}) berada ±{dist * 111:.0f} km di luar desa {desa}; "
        "diharapkan di dalam batas desanya (toleransi ±5 km) — koordinat tertukar "
        "atau kosong (0,0)?"
    )
