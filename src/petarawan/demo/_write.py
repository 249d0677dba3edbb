"""Deterministic writers for the demo files: CSV and GeoJSON with fixed formatting and order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["fmt", "write_csv", "write_geojson"]


def fmt(value: float, digits: int = 6) -> str:
    """Format a float with a fixed number of decimals (``-0`` printed as ``0``)."""
    text = f"{value:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a UTF-8 CSV with Unix line ends; return the number of data rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            n += 1
    return n


def _ring(coords: Any) -> str:
    return "[" + ",".join(f"[{fmt(x)},{fmt(y)}]" for x, y in coords) + "]"


def _polygon(poly: BaseGeometry) -> str:
    rings = [poly.exterior.coords, *(r.coords for r in poly.interiors)]  # type: ignore[attr-defined]
    return "[" + ",".join(_ring(r) for r in rings) + "]"


def _geometry(geom: BaseGeometry) -> str:
    """Return RFC 7946 geometry JSON (counter-clockwise exteriors) with 6-decimal coordinates."""
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)
    if kind == "Polygon":
        coords = _polygon(geom)
    elif kind == "MultiPolygon":
        coords = "[" + ",".join(_polygon(p) for p in geom.geoms) + "]"  # type: ignore[attr-defined]
    elif kind == "LineString":
        coords = _ring(geom.coords)
    elif kind == "Point":
        coords = f"[{fmt(geom.x)},{fmt(geom.y)}]"  # type: ignore[attr-defined]
    else:
        msg = f"unsupported geometry type {kind!r}; expected a polygon, line or point"
        raise ValueError(msg)
    return f'{{"type":"{kind}","coordinates":{coords}}}'


def write_geojson(path: Path, features: Iterable[tuple[Mapping[str, object], BaseGeometry]]) -> int:
    """Write a FeatureCollection (EPSG:4326, one feature per line); return the feature count."""
    parts = []
    for props, geom in features:
        p = json.dumps(dict(props), ensure_ascii=False, separators=(",", ":"))
        parts.append(f'{{"type":"Feature","properties":{p},"geometry":{_geometry(geom)}}}')
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(parts) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(parts)
