"""The one rule for a spatial file's coordinate reference system when reading it.

A layer keeps the CRS its file declares; without one it takes the ``--crs`` option, or lon/lat
(WGS 84) when its coordinates can only be degrees; otherwise reading stops and says how to fix
the file. A file that declares lon/lat but holds metres (a UTM file with a wrong ``.prj``) is
refused too.
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np

from petarawan.errors import InputDataError, Issue

__all__ = ["assume_crs", "lonlat_plausible"]

_Layer = TypeVar("_Layer", gpd.GeoDataFrame, gpd.GeoSeries)
_FIX = "sertakan berkas .prj, atau beri --crs (mis. --crs EPSG:32751 untuk UTM 51S)"


def lonlat_plausible(bounds: np.ndarray) -> bool:
    """Whether bounds ``(xmin, ymin, xmax, ymax)`` can be longitudes and latitudes."""
    return bool(
        np.all(np.isfinite(bounds))
        and -180 <= bounds[0] <= 180
        and -180 <= bounds[2] <= 180
        and -90 <= bounds[1] <= 90
        and -90 <= bounds[3] <= 90
    )


def _seen(b: np.ndarray) -> str:
    return f"batas koordinat {b[0]:.1f}, {b[1]:.1f} … {b[2]:.1f}, {b[3]:.1f}"


def assume_crs(layer: _Layer, label: str, crs: str | None = None) -> tuple[_Layer, str | None]:
    """Return the layer with its CRS settled, and a note when the CRS was assumed.

    Parameters
    ----------
    layer
        The layer as read from the file.
    label
        The file's name, for messages.
    crs
        The ``--crs`` option: the CRS to assume when the file declares none.

    Returns
    -------
    tuple
        The layer (not reprojected) and ``None``, or a note saying which CRS was assumed.

    Raises
    ------
    InputDataError
        When the file declares no CRS and its coordinates are not lon/lat, or declares lon/lat
        and its coordinates are not.
    """
    bounds = np.asarray(layer.total_bounds, dtype=float)
    if layer.crs is None:
        if crs is not None:
            return layer.set_crs(crs), f"Berkas {label} tanpa CRS: dianggap {crs} (opsi --crs)."
        if lonlat_plausible(bounds):
            return (
                layer.set_crs("EPSG:4326"),
                f"Berkas {label} tanpa CRS: koordinat dianggap bujur/lintang WGS84.",
            )
        msg = f"Berkas {label} tidak punya CRS dan koordinatnya bukan bujur/lintang."
        raise InputDataError(
            msg, [Issue(label, None, None, f"tidak punya CRS ({_seen(bounds)}); {_FIX}")]
        )
    if layer.crs.is_geographic and not lonlat_plausible(bounds):
        msg = f"Koordinat {label} tidak cocok dengan CRS-nya ({layer.crs.to_string()})."
        raise InputDataError(
            msg,
            [
                Issue(
                    label,
                    None,
                    None,
                    f"CRS bujur/lintang tetapi {_seen(bounds)}: berkas kemungkinan dalam meter "
                    "(UTM); perbaiki CRS berkas atau beri --crs",
                )
            ],
        )
    return layer, None
