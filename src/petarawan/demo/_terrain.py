"""Synthetic terrain of the demo regency: ridged noise, mountain massifs and river valleys."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from numpy.typing import NDArray
from scipy import ndimage

__all__ = ["Terrain", "make_terrain", "write_dem"]

FloatArray = NDArray[np.float64]

CELL_KM = 0.1  # terrain grid and DEM resolution
MAX_ELEVATION_M = 2350.0


@dataclass(frozen=True)
class Terrain:
    """Elevation on a regular grid of the local frame (km east/north of the regency centre).

    Attributes
    ----------
    x0, y0
        Local coordinates (km) of the centre of cell ``[0, 0]`` (south-west corner of the grid).
    elevation
        Metres, rows increase northwards.
    """

    x0: float
    y0: float
    elevation: FloatArray

    def at(self, x: FloatArray, y: FloatArray) -> FloatArray:
        """Return the bilinear elevation (m) at local points (km)."""
        rows = (np.asarray(y, dtype=float) - self.y0) / CELL_KM
        cols = (np.asarray(x, dtype=float) - self.x0) / CELL_KM
        out: FloatArray = ndimage.map_coordinates(
            self.elevation, [rows, cols], order=1, mode="nearest"
        )
        return out

    def slope_deg(self, x: FloatArray, y: FloatArray) -> FloatArray:
        """Return the terrain slope (degrees) at local points (km)."""
        gy, gx = np.gradient(self.elevation, CELL_KM * 1000.0)
        slope = np.degrees(np.arctan(np.hypot(gx, gy)))
        rows = (np.asarray(y, dtype=float) - self.y0) / CELL_KM
        cols = (np.asarray(x, dtype=float) - self.x0) / CELL_KM
        out: FloatArray = ndimage.map_coordinates(slope, [rows, cols], order=1, mode="nearest")
        return out


def _value_noise(rng: np.random.Generator, shape: tuple[int, int], cell: float) -> FloatArray:
    """Return smooth noise in [0, 1] with features about ``cell`` grid cells wide."""
    ny, nx = int(shape[0] / cell) + 4, int(shape[1] / cell) + 4
    coarse = rng.random((ny, nx))
    rows = np.arange(shape[0]) / cell + 1.0
    cols = np.arange(shape[1]) / cell + 1.0
    rr, cc = np.meshgrid(rows, cols, indexing="ij")
    out: FloatArray = ndimage.map_coordinates(coarse, [rr, cc], order=3, mode="nearest")
    return np.clip(out, 0.0, 1.0)


def _ridged(rng: np.random.Generator, shape: tuple[int, int]) -> FloatArray:
    """Return ridged fractal noise in [0, 1]: sharp crests, rounded valleys."""
    total = np.zeros(shape)
    weight = 0.0
    for octave, cell_km in enumerate((16.0, 8.0, 4.0, 2.0, 1.0)):
        amp = 0.55**octave
        n = _value_noise(rng, shape, cell_km / CELL_KM)
        total += amp * (1.0 - np.abs(2.0 * n - 1.0)) ** 2
        weight += amp
    return total / weight


def _bump(xx: FloatArray, yy: FloatArray, cx: float, cy: float, sigma: float) -> FloatArray:
    return np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2.0 * sigma**2))


def make_terrain(
    rng: np.random.Generator,
    *,
    extent: tuple[float, float, float, float],
    capital: tuple[float, float],
    massif: tuple[float, float],
    highlands: tuple[float, float],
    rivers: list[FloatArray],
) -> Terrain:
    """Build the elevation grid (0–2,350 m) over ``extent`` = (xmin, ymin, xmax, ymax) in km.

    Parameters
    ----------
    rng
        Random generator for the noise.
    extent
        Local-frame bounds of the grid (km).
    capital, massif, highlands
        Local positions of the capital valley, the border mountain massif and the interior
        highlands.
    rivers
        Polylines (n × 2 arrays, km) along which valleys are carved.

    Returns
    -------
    Terrain
        The elevation grid.
    """
    xmin, ymin, xmax, ymax = extent
    nx = round((xmax - xmin) / CELL_KM)
    ny = round((ymax - ymin) / CELL_KM)
    xs = xmin + CELL_KM * (np.arange(nx) + 0.5)
    ys = ymin + CELL_KM * (np.arange(ny) + 0.5)
    xx, yy = np.meshgrid(xs, ys)
    ridged = _ridged(rng, (ny, nx))
    mountains = (
        1700.0 * _bump(xx, yy, *massif, 7.0)
        + 1000.0 * _bump(xx, yy, *highlands, 9.0)
        + 350.0 * np.clip(1.0 - (xx**2 / 30.0**2 + yy**2 / 32.0**2), 0.0, 1.0)
    )
    relief = 0.35 + 0.65 * np.clip(mountains / 1200.0, 0.0, 1.0)
    elev = 120.0 + mountains + 900.0 * ridged * relief
    elev -= 450.0 * _bump(xx, yy, *capital, 6.0)
    # river valleys: distance to each river polyline, rasterised on the grid
    mask = np.ones((ny, nx), dtype=bool)
    for line in rivers:
        dense = _densify(line, CELL_KM / 2.0)
        cols = np.clip(((dense[:, 0] - xmin) / CELL_KM).astype(int), 0, nx - 1)
        rows = np.clip(((dense[:, 1] - ymin) / CELL_KM).astype(int), 0, ny - 1)
        mask[rows, cols] = False
    dist_km = ndimage.distance_transform_edt(mask) * CELL_KM
    valley = np.exp(-dist_km / 1.2)
    elev = elev * (1.0 - 0.6 * valley)
    elev = np.clip(elev, 0.0, None)
    elev *= MAX_ELEVATION_M / float(elev.max())
    return Terrain(x0=float(xs[0]), y0=float(ys[0]), elevation=np.round(elev, 1))


def _densify(line: FloatArray, step: float) -> FloatArray:
    pts = [line[0:1]]
    for a, b in itertools.pairwise(line):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        pts.append(a + t * (b - a))
    return np.vstack(pts)


def write_dem(
    path: Path,
    terrain: Terrain,
    *,
    to_local: Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    bounds_utm: tuple[float, float, float, float],
) -> None:
    """Write the terrain as a deflate GeoTIFF in EPSG:32751 with 100 m cells and nodata -9999.

    Parameters
    ----------
    path
        Output file.
    terrain
        The elevation grid in the local frame.
    to_local
        Function mapping UTM 51S easting/northing arrays (m) to local-frame arrays (km).
    bounds_utm
        (xmin, ymin, xmax, ymax) of the raster in metres, multiples of 100.
    """
    xmin, ymin, xmax, ymax = bounds_utm
    step = CELL_KM * 1000.0
    width = round((xmax - xmin) / step)
    height = round((ymax - ymin) / step)
    east = xmin + step * (np.arange(width) + 0.5)
    north = ymax - step * (np.arange(height) + 0.5)
    ee, nn = np.meshgrid(east, north)
    lx, ly = to_local(ee.ravel(), nn.ravel())
    values = terrain.at(lx, ly).reshape(height, width)
    rows = (ly - terrain.y0) / CELL_KM
    cols = (lx - terrain.x0) / CELL_KM
    inside = (
        (rows >= 0)
        & (rows <= terrain.elevation.shape[0] - 1)
        & (cols >= 0)
        & (cols <= terrain.elevation.shape[1] - 1)
    ).reshape(height, width)
    data = np.where(inside, np.round(values, 1), -9999.0).astype(np.float32)
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:32751",
        "transform": Affine(step, 0.0, xmin, 0.0, -step, ymax),
        "nodata": -9999.0,
        "compress": "deflate",
        "predictor": 3,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
        dst.update_tags(1, units="m")
        dst.set_band_description(1, "elevasi (m)")
