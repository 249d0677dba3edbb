"""The one choice of metric CRS (a UTM zone) in which distances and areas are measured.

Every module that projects lon/lat to metres asks here: :func:`utm_crs` for a point,
:func:`utm_crs_for` for layers, :func:`utm_epsg` for coordinate arrays, and :func:`to_metres` to
project arrays. The zone itself comes from geopandas' ``estimate_utm_crs`` (the PROJ database's
UTM zone whose area of use contains the centre of the data).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

__all__ = ["to_metres", "utm_crs", "utm_crs_for", "utm_epsg"]


@lru_cache(maxsize=256)
def _estimate(lon: float, lat: float) -> int:
    import geopandas as gpd
    import shapely

    crs = gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").estimate_utm_crs()
    epsg = crs.to_epsg()
    if epsg is None:  # pragma: no cover - every WGS 84 UTM zone has an EPSG code
        msg = f"Zona UTM tanpa kode EPSG di lon={lon}, lat={lat}."
        raise ValueError(msg)
    return int(epsg)


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
    return f"EPSG:{_estimate(round(float(lon), 6), round(float(lat), 6))}"


def utm_epsg(lon: npt.ArrayLike, lat: npt.ArrayLike) -> int:
    """Return the EPSG code of the UTM zone at the centre of the points' bounds (NaN ignored).

    Raises
    ------
    ValueError
        When no point has finite coordinates.
    """
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon_a) & np.isfinite(lat_a)
    if not ok.any():
        msg = "Tidak ada titik berkoordinat untuk memilih zona UTM."
        raise ValueError(msg)
    cx = (float(lon_a[ok].min()) + float(lon_a[ok].max())) / 2.0
    cy = (float(lat_a[ok].min()) + float(lat_a[ok].max())) / 2.0
    return int(utm_crs(cx, cy).split(":")[1])


def to_metres(
    lon: npt.ArrayLike, lat: npt.ArrayLike, epsg: int | None = None
) -> npt.NDArray[np.float64]:
    """Project lon/lat (EPSG:4326) to ``(x, y)`` metres in a UTM zone.

    Parameters
    ----------
    lon, lat
        Coordinates in degrees.
    epsg
        The zone to use (pass it so two sets of points share one projection); by default the
        zone of these points (:func:`utm_epsg`).

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``.
    """
    from pyproj import Transformer

    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    tr = Transformer.from_crs(4326, epsg or utm_epsg(lon_a, lat_a), always_xy=True)
    x, y = tr.transform(lon_a, lat_a)
    return np.column_stack([x, y]).astype(np.float64)


def utm_crs_for(*frames: gpd.GeoDataFrame | gpd.GeoSeries | None) -> str:
    """Return the UTM zone of the centre of the combined bounds of the given layers (any CRS)."""
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
