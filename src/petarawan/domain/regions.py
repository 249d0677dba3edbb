"""Region geometry helpers: geodesic areas and ancestor lookups over the code hierarchy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from petarawan.domain.codes import parent_of

__all__ = ["ancestors", "geodesic_area_km2", "kind_from_code"]

_GEOD = Geod(ellps="WGS84")


def geodesic_area_km2(geoms: Iterable[BaseGeometry | None]) -> np.ndarray:
    """Return geodesic areas in km² of lon/lat geometries on WGS84 (NaN where missing)."""
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            out.append(np.nan)
            continue
        area, _ = _GEOD.geometry_area_perimeter(shapely.normalize(g))
        out.append(abs(area) / 1e6)
    return np.asarray(out, dtype=float)


def kind_from_code(code: str) -> str:
    """Infer the region kind from a dotted Kemendagri code.

    Kab/kota codes 71 and above are *kota*; desa codes whose 4-digit part starts with 1 are
    *kelurahan*.

    Examples
    --------
    >>> kind_from_code("53.71"), kind_from_code("53.03.06.1015"), kind_from_code("53.03.01")
    ('kota', 'kelurahan', 'kecamatan')
    """
    parts = code.split(".")
    if len(parts) == 1:
        return "provinsi"
    if len(parts) == 2:
        return "kota" if int(parts[1]) >= 71 else "kabupaten"
    if len(parts) == 3:
        return "kecamatan"
    return "kelurahan" if parts[3].startswith("1") else "desa"


def ancestors(code: str, known: Mapping[str, object] | set[str]) -> list[str]:
    """Return the ancestors of ``code`` present in ``known``, nearest first."""
    out, p = [], parent_of(code)
    while p is not None:
        if p in known:
            out.append(p)
        p = parent_of(p)
    return out
