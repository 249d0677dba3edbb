"""Workspace layers: import a DEM, a road network and the international border under ``layers/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from petarawan.domain.access import build_road_graph, utm_crs_for
from petarawan.domain.terrain import coverage_fraction, hillshade
from petarawan.errors import InputDataError, Issue
from petarawan.io.lines import read_lines, write_lines
from petarawan.io.raster import read_dem, write_raster
from petarawan.store import Workspace

__all__ = [
    "BORDER_LAYER",
    "DEM_LAYER",
    "HILLSHADE_LAYER",
    "ROADS_LAYER",
    "import_border",
    "import_dem",
    "import_roads",
    "regency_outline",
]

DEM_LAYER = "dem.tif"
HILLSHADE_LAYER = "hillshade.tif"
ROADS_LAYER = "roads.gpkg"
BORDER_LAYER = "border.gpkg"
#: Below this share of the regency covered, the DEM import warns.
MIN_DEM_COVERAGE = 0.95


def regency_outline(ws: Workspace) -> gpd.GeoDataFrame | None:
    """Return the desa polygons (or higher levels) that outline the workspace's area."""
    for level in ("desa", "kecamatan", "kabkota"):
        regions = ws.regions(level)
        regions = regions[regions.geometry.notna()]
        if len(regions):
            return regions
    return None


def _metric_crs(ws: Workspace) -> str | None:
    regions = regency_outline(ws)
    tps = ws.tps()
    tps = tps[tps.geometry.notna()]
    frames = [f for f in (regions, tps) if f is not None and len(f)]
    return utm_crs_for(*frames) if frames else None


# -- dem ----------------------------------------------------------------------------------
def import_dem(ws: Workspace, path: Path) -> dict[str, Any]:
    """Read a DEM, check it covers the regency, store it and its hillshade under ``layers/``."""
    crs = _metric_crs(ws)
    dem = read_dem(path, dst_crs=crs)
    result: dict[str, Any] = {
        "crs": dem.crs,
        "rows": dem.shape[0],
        "cols": dem.shape[1],
        "cell_m": round(dem.cell_size[1], 2),
        "min_m": float(np.nanmin(dem.values)),
        "max_m": float(np.nanmax(dem.values)),
        "coverage": None,
        "warnings": [],
    }
    regions = regency_outline(ws)
    if regions is not None:
        area = shapely.union_all(regions.to_crs(dem.crs).geometry.to_numpy())
        share = coverage_fraction(dem, area)
        result["coverage"] = share
        if share <= 0.0:
            b = dem.bounds
            r = area.bounds
            msg = "DEM tidak mencakup wilayah workspace sama sekali; tidak diimpor."
            raise InputDataError(
                msg,
                [
                    Issue(
                        path.name,
                        None,
                        None,
                        f"batas DEM ({dem.crs}) {b[0]:.0f}, {b[1]:.0f} … {b[2]:.0f}, {b[3]:.0f}; "
                        f"batas wilayah {r[0]:.0f}, {r[1]:.0f} … {r[2]:.0f}, {r[3]:.0f}. "
                        "Periksa CRS berkas atau pilih DEM "
                        "untuk kabupaten ini",
                    )
                ],
            )
        if share < MIN_DEM_COVERAGE:
            result["warnings"].append(
                f"DEM hanya mencakup {share:.0%} wilayah; TPS dan desa di luar DEM tidak mendapat "
                "nilai medan, dan waktu tempuhnya memakai jalan atau garis lurus."
            )
    write_raster(dem, ws.layer_path(DEM_LAYER))
    write_raster(
        dem.with_values(hillshade(dem)), ws.layer_path(HILLSHADE_LAYER), dtype="uint8", nodata=0
    )
    result["dem"] = str(ws.layer_path(DEM_LAYER))
    result["hillshade"] = str(ws.layer_path(HILLSHADE_LAYER))
    return result


def _check_overlap(ws: Workspace, layer: gpd.GeoDataFrame, label: str, what: str) -> float | None:
    """Return the share of line length inside the (10 km buffered) regency; error when none."""
    regions = regency_outline(ws)
    if regions is None:
        return None
    crs = utm_crs_for(regions)
    area = shapely.union_all(regions.to_crs(crs).geometry.to_numpy()).buffer(10_000)
    lines = layer.to_crs(crs).geometry
    total = float(lines.length.sum())
    inside = float(lines.intersection(area).length.sum())
    if total <= 0 or inside <= 0:
        b = layer.total_bounds
        r = regions.total_bounds
        msg = f"{what} di {label} tidak berada di wilayah workspace; tidak diimpor."
        raise InputDataError(
            msg,
            [
                Issue(
                    label,
                    None,
                    None,
                    f"batas garis (bujur/lintang) {b[0]:.3f}, {b[1]:.3f} … {b[2]:.3f}, {b[3]:.3f}; "
                    f"batas wilayah {r[0]:.3f}, {r[1]:.3f} … {r[2]:.3f}, {r[3]:.3f}. "
                    "Periksa CRS berkas (opsi --crs)",
                )
            ],
        )
    return inside / total


def import_roads(
    ws: Workspace, path: Path, *, crs: str | None = None, snap_tolerance_m: float = 5.0
) -> dict[str, Any]:
    """Read, validate and store a road layer; report its size and connectivity."""
    layer = read_lines(path, kind="roads", crs=crs)
    share = _check_overlap(ws, layer.frame, path.name, "Jalan")
    metric = utm_crs_for(layer.frame)
    graph = build_road_graph(layer.frame.to_crs(metric), snap_tolerance_m=snap_tolerance_m)
    write_lines(layer.frame, ws.layer_path(ROADS_LAYER))
    sizes = np.bincount(graph.component) if graph.n_nodes else np.array([0])
    return {
        "features": len(layer.frame),
        "length_km": float(graph.length_m.sum() / 1000.0),
        "nodes": graph.n_nodes,
        "edges": graph.n_edges,
        "components": graph.n_components,
        "largest_component_share": float(sizes.max() / max(sizes.sum(), 1)),
        "share_inside": share,
        "notes": layer.notes + graph.notes,
        "warnings": layer.warnings,
        "path": str(ws.layer_path(ROADS_LAYER)),
    }


def import_border(ws: Workspace, path: Path, *, crs: str | None = None) -> dict[str, Any]:
    """Read, validate and store the international border line."""
    layer = read_lines(path, kind="border", crs=crs)
    regions = regency_outline(ws)
    distance = None
    if regions is not None:
        metric = utm_crs_for(regions)
        area = shapely.union_all(regions.to_crs(metric).geometry.to_numpy())
        lines = shapely.union_all(layer.frame.to_crs(metric).geometry.to_numpy())
        distance = float(shapely.distance(area, lines) / 1000.0)
    write_lines(layer.frame, ws.layer_path(BORDER_LAYER))
    return {
        "features": len(layer.frame),
        "distance_km": distance,
        "notes": layer.notes,
        "warnings": layer.warnings,
        "path": str(ws.layer_path(BORDER_LAYER)),
    }
