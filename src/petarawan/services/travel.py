"""Travel minutes from a workspace's units to any points, on its roads and DEM when present."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.access import build_road_graph, travel_times, utm_crs_for
from petarawan.io.lines import read_lines
from petarawan.io.raster import read_dem
from petarawan.services.layers import DEM_LAYER, ROADS_LAYER
from petarawan.store import Workspace

__all__ = ["TravelMatrix", "unit_travel_matrix"]

#: Straight-line fallback: distance × detour at this speed (as in ``petarawan indicators``).
DETOUR = 1.4
SPEED_KMH = 30.0


@dataclass
class TravelMatrix:
    """Minutes unit × target with the method each target's times were computed with.

    Attributes
    ----------
    minutes
        ``(units, targets)``; ``inf`` where a target cannot be reached by its method.
    method
        Per target: ``road``, ``terrain`` or ``straight`` (``None`` without coordinates).
    notes
        Fallbacks taken, in Indonesian.
    """

    minutes: npt.NDArray[np.float64]
    method: list[str | None]
    notes: list[str] = field(default_factory=list)


def unit_travel_matrix(ws: Workspace, units: pd.DataFrame, targets: pd.DataFrame) -> TravelMatrix:
    """Travel minutes from every unit to every target (``lon``/``lat`` columns).

    Roads (the workspace's road layer), then terrain (its DEM), then the straight line
    (distance × 1.4 at 30 km/h) — the method is stated per target.
    """
    if len(units) == 0 or len(targets) == 0:
        return TravelMatrix(np.zeros((len(units), len(targets))), [None] * len(targets))
    u_pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(units[C.LON], units[C.LAT]), crs="EPSG:4326"
    )
    t_pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(targets[C.LON], targets[C.LAT]), crs="EPSG:4326"
    )
    crs = utm_crs_for(t_pts[t_pts.geometry.notna() & ~t_pts.geometry.is_empty])
    dem = (
        read_dem(ws.layer_path(DEM_LAYER), dst_crs=crs)
        if ws.layer_path(DEM_LAYER).exists()
        else None
    )
    roads = None
    if ws.layer_path(ROADS_LAYER).exists():
        frame = read_lines(ws.layer_path(ROADS_LAYER)).frame
        if len(frame):
            roads = build_road_graph(frame.to_crs(crs), dem=dem)
    uxy = np.column_stack([u_pts.to_crs(crs).geometry.x, u_pts.to_crs(crs).geometry.y])
    txy = np.column_stack([t_pts.to_crs(crs).geometry.x, t_pts.to_crs(crs).geometry.y])
    kinds: list[str] = (
        [str(k).lower() for k in units[C.UNIT_KIND]] if C.UNIT_KIND in units.columns else []
    )
    hq_pos = [i for i, k in enumerate(kinds) if k == "polres"]
    res = travel_times(
        uxy,
        txy,
        hq=hq_pos[0] if hq_pos else None,
        roads=roads,
        dem=dem,
        detour_factor=DETOUR,
        speed_kmh=SPEED_KMH,
    )
    method = [None if pd.isna(m) else str(m) for m in res.table["travel_method"]]
    return TravelMatrix(np.asarray(res.times, dtype=float), method, list(res.notes))
