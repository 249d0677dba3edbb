"""Choice of the metric CRS (a UTM zone) in which distances and areas are measured."""

from __future__ import annotations

import math

import geopandas as gpd

__all__ = ["utm_crs", "utm_crs_for"]


def utm_crs(lon: float, lat: float) -> str:
    """Return the UTM zone CRS (``EPSG:326zz`` north, ``EPSG:327zz`` south) containing a point.

    Examples
    --------
    >>> utm_crs(124.4, -9.4)   # Timor Tengah Utara
    'EPSG:32751'
    >>> utm_crs(106.8, -6.2)   # Jakarta
    'EPSG:32748'
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        msg = f"Koordinat tidak valid untuk memilih zona UTM: lon={lon}, lat={lat}."
        raise ValueError(msg)
    zone = min(max(int((lon + 180.0) // 6.0) + 1, 1), 60)
    return f"EPSG:{32700 + zone if lat < 0 else 32600 + zone}"


def utm_crs_for(*frames: gpd.GeoDataFrame | gpd.GeoSeries) -> str:
    """Return the UTM zone of the centroid of the combined bounds of the given layers (any CRS)."""
    bounds = []
    for frame in frames:
        if frame is None or len(frame) == 0 or frame.crs is None:
            continue
        b = frame.to_crs("EPSG:4326").total_bounds
        if all(math.isfinite(v) for v in b):
            bounds.append(b)
    if not bounds:
        msg = "Tidak ada data berkoordinat untuk memilih CRS metrik (zona UTM)."
        raise ValueError(msg)
    xmin = min(b[0] for b in bounds)
    ymin = min(b[1] for b in bounds)
    xmax = max(b[2] for b in bounds)
    ymax = max(b[3] for b in bounds)
    return utm_crs((xmin + xmax) / 2.0, (ymin + ymax) / 2.0)
