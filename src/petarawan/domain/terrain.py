"""Terrain measures from a DEM array: slope, ruggedness, hillshade, sampling, zonal statistics."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = [
    "Raster",
    "coverage_fraction",
    "hillshade",
    "ruggedness",
    "sample",
    "slope_degrees",
    "zonal_stats",
]

Transform = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Raster:
    """A single-band grid in a metric CRS.

    Parameters
    ----------
    values
        2-D float array; missing cells (no data) are NaN.
    transform
        Affine coefficients ``(a, b, c, d, e, f)`` in rasterio order: ``x = a·col + b·row + c``,
        ``y = d·col + e·row + f`` for the cell corner ``(col, row)``.
    crs
        CRS string (for example ``"EPSG:32751"``); distances are in its units (metres).
    """

    values: np.ndarray
    transform: Transform
    crs: str

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns."""
        return (int(self.values.shape[0]), int(self.values.shape[1]))

    @property
    def cell_size(self) -> tuple[float, float]:
        """Cell height and width in CRS units (positive)."""
        a, b, _, d, e, _ = self.transform
        return (float(np.hypot(b, e)), float(np.hypot(a, d)))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` of the grid."""
        rows, cols = self.shape
        corners = np.array([[0, 0], [cols, 0], [0, rows], [cols, rows]], dtype=float)
        x, y = self.xy(corners[:, 1], corners[:, 0])
        return (float(x.min()), float(y.min()), float(x.max()), float(y.max()))

    def xy(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the coordinates of (fractional) grid positions; ``+0.5`` gives cell centres."""
        a, b, c, d, e, f = self.transform
        rows = np.asarray(rows, dtype=float)
        cols = np.asarray(cols, dtype=float)
        return a * cols + b * rows + c, d * cols + e * rows + f

    def rowcol(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the row and column of the cells containing the points (may lie outside)."""
        a, b, c, d, e, f = self.transform
        det = a * e - b * d
        x = np.asarray(x, dtype=float) - c
        y = np.asarray(y, dtype=float) - f
        col = (e * x - b * y) / det
        row = (-d * x + a * y) / det
        return np.floor(row).astype(np.int64), np.floor(col).astype(np.int64)

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point falls on a cell with a value (not outside, not no-data)."""
        row, col = self.rowcol(x, y)
        rows, cols = self.shape
        ok = (row >= 0) & (row < rows) & (col >= 0) & (col < cols)
        out = np.zeros(row.shape, dtype=bool)
        out[ok] = np.isfinite(self.values[row[ok], col[ok]])
        return out

    def with_values(self, values: np.ndarray) -> Raster:
        """Return a raster on the same grid with other values."""
        return Raster(np.asarray(values, dtype=float), self.transform, self.crs)


def _gradient(dem: Raster) -> tuple[np.ndarray, np.ndarray]:
    """Return dz/dx and dz/dy (east and north) with central differences (one-sided at edges)."""
    z = np.asarray(dem.values, dtype=float)
    dy_cell, dx_cell = dem.cell_size
    if z.shape[0] < 2 or z.shape[1] < 2:
        return np.zeros_like(z), np.zeros_like(z)
    dz_drow, dz_dcol = np.gradient(z, dy_cell, dx_cell)
    north_up = dem.transform[4] < 0
    return dz_dcol, (-dz_drow if north_up else dz_drow)


def slope_degrees(dem: Raster) -> np.ndarray:
    """Return the slope of each cell in degrees.

    ``slope = atan(sqrt((dz/dx)^2 + (dz/dy)^2))`` with central differences; NaN where a
    neighbour is missing.

    Examples
    --------
    >>> import numpy as np
    >>> ramp = Raster(np.tile(np.arange(5.0) * 10, (5, 1)), (10, 0, 0, 0, -10, 50), "EPSG:32751")
    >>> float(np.round(slope_degrees(ramp)[2, 2], 3))
    45.0
    """
    gx, gy = _gradient(dem)
    return np.degrees(np.arctan(np.hypot(gx, gy)))


def ruggedness(dem: Raster) -> np.ndarray:
    """Return the Terrain Ruggedness Index (Riley et al. 1999) in metres.

    ``TRI = sqrt(sum over the 8 neighbours of (z_n - z)^2)``; NaN at the grid edge and next to
    missing cells.
    """
    z = np.asarray(dem.values, dtype=float)
    out = np.full(z.shape, np.nan)
    if z.shape[0] < 3 or z.shape[1] < 3:
        return out
    centre = z[1:-1, 1:-1]
    total = np.zeros_like(centre)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            nb = z[1 + dr : z.shape[0] - 1 + dr, 1 + dc : z.shape[1] - 1 + dc]
            total += (nb - centre) ** 2
    out[1:-1, 1:-1] = np.sqrt(total)
    return out


def hillshade(dem: Raster, *, azimuth: float = 315.0, altitude: float = 45.0) -> np.ndarray:
    """Return a hillshade (0–255; NaN where the DEM is missing) lit from ``azimuth``/``altitude``.

    ``hs = 255 · max(0, cos(zenith)·cos(slope) + sin(zenith)·sin(slope)·cos(azimuth − aspect))``.
    """
    gx, gy = _gradient(dem)
    slope = np.arctan(np.hypot(gx, gy))
    aspect = np.arctan2(-gx, -gy)  # direction the slope faces, clockwise from north
    zenith = np.radians(90.0 - altitude)
    az = np.radians(azimuth)
    shade = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(az - aspect)
    return np.clip(shade, 0.0, 1.0) * 255.0


def sample(raster: Raster, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the cell value at each point (NaN outside the grid or on missing cells)."""
    row, col = raster.rowcol(x, y)
    rows, cols = raster.shape
    ok = (row >= 0) & (row < rows) & (col >= 0) & (col < cols)
    out = np.full(row.shape, np.nan)
    out[ok] = raster.values[row[ok], col[ok]]
    return out


def zonal_stats(
    raster: Raster,
    zones: gpd.GeoSeries,
    *,
    percentiles: tuple[float, ...] = (90.0,),
) -> pd.DataFrame:
    """Return per zone the mean, percentiles and count of the cells whose centre is inside.

    Zones smaller than a cell get the value at their representative point (``count`` 0), so small
    desa are not left empty. ``zones`` must be in the raster's CRS.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``zones`` with columns ``mean``, ``p<q>`` for each percentile, ``count``.
    """
    rows, cols = raster.shape
    values = raster.values
    out = pd.DataFrame(
        np.nan,
        index=zones.index,
        columns=["mean", *[f"p{q:g}" for q in percentiles], "count"],
    )
    out["count"] = 0
    for key, geom in zones.items():
        if geom is None or geom.is_empty:
            continue
        xmin, ymin, xmax, ymax = geom.bounds
        r, c = raster.rowcol(np.array([xmin, xmax, xmin, xmax]), np.array([ymin, ymin, ymax, ymax]))
        r0, r1 = max(int(r.min()), 0), min(int(r.max()) + 1, rows)
        c0, c1 = max(int(c.min()), 0), min(int(c.max()) + 1, cols)
        picked = np.array([], dtype=float)
        if r0 < r1 and c0 < c1:
            rr, cc = np.mgrid[r0:r1, c0:c1]
            px, py = raster.xy(rr.ravel() + 0.5, cc.ravel() + 0.5)
            mask = shapely.contains_xy(geom, px, py)
            picked = values[rr.ravel()[mask], cc.ravel()[mask]]
            picked = picked[np.isfinite(picked)]
        if picked.size == 0:
            pt = geom.representative_point()
            v = sample(raster, np.array([pt.x]), np.array([pt.y]))[0]
            if np.isfinite(v):
                out.loc[key, "mean"] = v
                for q in percentiles:
                    out.loc[key, f"p{q:g}"] = v
            continue
        out.loc[key, "mean"] = float(picked.mean())
        for q in percentiles:
            out.loc[key, f"p{q:g}"] = float(np.percentile(picked, q))
        out.loc[key, "count"] = int(picked.size)
    return out


def coverage_fraction(raster: Raster, zone: shapely.Geometry) -> float:
    """Return the share (0–1) of a polygon's area covered by cells with a value.

    ``cells with a value whose centre is inside × cell area / polygon area``; ``zone`` must be in
    the raster's CRS. 0 means the raster does not cover the polygon at all.
    """
    if zone is None or zone.is_empty or zone.area <= 0:
        return 0.0
    stats = zonal_stats(raster, gpd.GeoSeries([zone], crs=raster.crs), percentiles=())
    dy, dx = raster.cell_size
    return float(min(1.0, stats["count"].iloc[0] * dy * dx / zone.area))
