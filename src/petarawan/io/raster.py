"""Reading a DEM GeoTIFF in any CRS into a metric-CRS raster, and writing rasters (hillshade)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioIOError
from rasterio.transform import Affine
from rasterio.warp import calculate_default_transform, reproject, transform_bounds

from petarawan.domain.access.crs import utm_crs
from petarawan.domain.terrain import Raster
from petarawan.errors import InputDataError, Issue

__all__ = ["read_dem", "write_raster"]

#: Plausible elevation range in metres (Indonesia: sea floor near coasts … Puncak Jaya 4,884 m).
ELEVATION_RANGE = (-500.0, 9000.0)


def read_dem(path: Path, *, dst_crs: str | None = None, resolution: float | None = None) -> Raster:
    """Read band 1 of a DEM GeoTIFF and reproject it to a metric CRS.

    Parameters
    ----------
    path
        GeoTIFF (or any raster GDAL reads) with a CRS.
    dst_crs
        Target CRS; default: the UTM zone of the DEM's centre (kept as is when already projected
        in metres).
    resolution
        Target cell size in metres; default: the source's (converted from degrees if geographic).

    Returns
    -------
    Raster
        Elevations in metres with NaN for no-data.

    Raises
    ------
    InputDataError
        Unreadable file, no CRS, no valid cells, or implausible elevations.
    """
    label = path.name
    if not path.exists():
        msg = f"Berkas DEM {label} tidak ditemukan."
        raise InputDataError(msg, [Issue(label, None, None, "berkas tidak ada")])
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        msg = f"Berkas {label} bukan raster yang terbaca (GeoTIFF)."
        raise InputDataError(msg, [Issue(label, None, None, str(exc))]) from exc
    with src:
        if src.crs is None:
            msg = f"DEM {label} tidak punya CRS."
            raise InputDataError(
                msg,
                [
                    Issue(
                        label,
                        None,
                        None,
                        "simpan GeoTIFF dengan CRS (mis. EPSG:4326 atau EPSG:32751)",
                    )
                ],
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = src.read(1, masked=True)
        values = np.ma.filled(data.astype("float64"), np.nan)
        values[~np.isfinite(values)] = np.nan
        if src.nodata is not None and np.isfinite(src.nodata):
            values[values == src.nodata] = np.nan
        if not np.isfinite(values).any():
            msg = f"DEM {label} tidak berisi satu pun sel bernilai."
            raise InputDataError(msg, [Issue(label, None, None, "semua sel no-data")])
        lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
        if lo < ELEVATION_RANGE[0] or hi > ELEVATION_RANGE[1]:
            msg = f"Nilai DEM {label} di luar rentang ketinggian yang wajar."
            raise InputDataError(
                msg,
                [
                    Issue(
                        label,
                        None,
                        "band 1",
                        f"terlihat {lo:.1f} … {hi:.1f}; diharapkan ketinggian dalam meter "
                        f"({ELEVATION_RANGE[0]:g} … {ELEVATION_RANGE[1]:g})",
                    )
                ],
            )
        src_crs = src.crs
        if dst_crs is None:
            if src_crs.is_projected and (src_crs.linear_units or "").lower() in (
                "metre",
                "meter",
                "m",
            ):
                dst_crs = src_crs.to_string()
            else:
                w, s, e, n = transform_bounds(src_crs, "EPSG:4326", *src.bounds)
                dst_crs = utm_crs((w + e) / 2.0, (s + n) / 2.0)
        dst = CRS.from_user_input(dst_crs)
        same = dst == src_crs and resolution is None
        if same:
            t = src.transform
            return Raster(values, (t.a, t.b, t.c, t.d, t.e, t.f), dst.to_string())
        kwargs = {"resolution": resolution} if resolution else {}
        with warnings.catch_warnings():
            # rasterio ≤ 1.4 multiplies Affine objects with `*`, which affine ≥ 3.1 flags
            warnings.filterwarnings(
                "ignore", message="Use `@` matmul", category=PendingDeprecationWarning
            )
            transform, width, height = calculate_default_transform(
                src_crs, dst, src.width, src.height, *src.bounds, **kwargs
            )
            out = np.full((int(height), int(width)), np.nan)
            reproject(
                source=values,
                destination=out,
                src_transform=src.transform,
                src_crs=src_crs,
                dst_transform=transform,
                dst_crs=dst,
                src_nodata=np.nan,
                dst_nodata=np.nan,
                resampling=Resampling.bilinear,
            )
        t = transform
        code = dst.to_epsg()
        name = f"EPSG:{code}" if code else dst.to_string()
        return Raster(out, (t.a, t.b, t.c, t.d, t.e, t.f), name)


def write_raster(
    raster: Raster, path: Path, *, dtype: str = "float32", nodata: float = -9999.0
) -> Path:
    """Write a raster as a deflate-compressed single-band GeoTIFF (NaN → ``nodata``)."""
    values = np.where(np.isfinite(raster.values), raster.values, nodata).astype(dtype)
    profile = {
        "driver": "GTiff",
        "width": raster.shape[1],
        "height": raster.shape[0],
        "count": 1,
        "dtype": dtype,
        "crs": raster.crs,
        "transform": Affine(*raster.transform),
        "nodata": nodata,
        "compress": "deflate",
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path
