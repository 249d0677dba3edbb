"""Routable road graphs: snapped junctions, speeds by class and slope, multi-source paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from petarawan.domain.access.tobler import tobler_speed_kmh
from petarawan.domain.terrain import Raster, sample

__all__ = [
    "DEFAULT_SPEEDS_KMH",
    "Attachment",
    "RoadGraph",
    "attach_points",
    "build_road_graph",
    "road_travel_times",
    "shortest_times",
    "slope_factor",
]

#: Travel speed (km/h) per OSM ``highway`` class for a four-wheel vehicle on rural roads.
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 80.0,
    "trunk": 60.0,
    "primary": 60.0,
    "secondary": 50.0,
    "tertiary": 40.0,
    "unclassified": 30.0,
    "residential": 25.0,
    "service": 20.0,
    "living_street": 15.0,
    "road": 30.0,
    "track": 15.0,
    "path": 5.0,
    "footway": 5.0,
    "bridleway": 5.0,
    "steps": 2.0,
}
#: Speed used for a class that is not in the table (reported in ``RoadGraph.notes``).
UNKNOWN_CLASS_SPEED_KMH = 20.0
_EPS = 1e-9


def slope_factor(gradient: np.ndarray | float) -> np.ndarray:
    """Return the speed multiplier on a road of slope magnitude ``gradient`` (rise over run).

    ``f = max(0.25, 1 − 2.5·|s|)``: 10 % grade → 0.75, 30 % or steeper → 0.25.
    """
    g = np.abs(np.asarray(gradient, dtype=float))
    return np.maximum(0.25, 1.0 - 2.5 * g)


@dataclass(frozen=True)
class RoadGraph:
    """An undirected road network in a metric CRS.

    Attributes
    ----------
    xy
        Node coordinates, shape ``(n, 2)``.
    u, v
        Edge end nodes (each undirected edge once).
    minutes
        Travel time along each edge.
    length_m
        Edge length in metres.
    component
        Connected-component label of each node.
    crs
        The metric CRS of ``xy``.
    notes
        What was assumed while building (unknown classes, snapped vertices …), in Indonesian.
    """

    xy: np.ndarray
    u: np.ndarray
    v: np.ndarray
    minutes: np.ndarray
    length_m: np.ndarray
    component: np.ndarray
    crs: str
    notes: list[str] = field(default_factory=list)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.xy.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.u.shape[0])

    @property
    def n_components(self) -> int:
        """Number of connected pieces of the network."""
        return int(self.component.max()) + 1 if self.component.size else 0

    @cached_property
    def segment_lines(self) -> np.ndarray:
        """The edges as shapely line strings (built once)."""
        coords = np.stack([self.xy[self.u], self.xy[self.v]], axis=1)
        return shapely.linestrings(coords)

    @cached_property
    def segment_tree(self) -> shapely.STRtree:
        """Spatial index of the edges (built once)."""
        return shapely.STRtree(self.segment_lines)

    def segments(self) -> np.ndarray:
        """Return the edges as shapely line strings."""
        return self.segment_lines


def _line_speeds(
    lines: gpd.GeoDataFrame, speeds: Mapping[str, float], notes: list[str]
) -> np.ndarray:
    n = len(lines)
    speed = np.full(n, np.nan)
    if "speed_kmh" in lines.columns:
        speed = pd.to_numeric(lines["speed_kmh"], errors="coerce").to_numpy(dtype=float, copy=True)
        speed[speed <= 0] = np.nan
    if "highway" in lines.columns:
        cls = lines["highway"].astype("string").str.strip().str.lower().fillna("")
        by_class = cls.map(lambda c: speeds.get(c, np.nan)).to_numpy(dtype=float)
        need = np.isnan(speed)
        unknown = need & np.isnan(by_class)
        if unknown.any():
            names = sorted(set(cls[unknown].tolist()))
            notes.append(
                f"{int(unknown.sum())} ruas dengan kelas jalan tak dikenal "
                f"({', '.join(map(repr, names[:8]))}) "
                f"memakai kecepatan {UNKNOWN_CLASS_SPEED_KMH:g} km/jam."
            )
        speed = np.where(
            need, np.where(np.isnan(by_class), UNKNOWN_CLASS_SPEED_KMH, by_class), speed
        )
    missing = np.isnan(speed)
    if missing.any():
        notes.append(
            f"{int(missing.sum())} ruas tanpa kelas jalan dan tanpa speed_kmh memakai "
            f"{UNKNOWN_CLASS_SPEED_KMH:g} km/jam."
        )
        speed[missing] = UNKNOWN_CLASS_SPEED_KMH
    return speed


def build_road_graph(
    lines: gpd.GeoDataFrame,
    *,
    snap_tolerance_m: float = 5.0,
    speeds: Mapping[str, float] | None = None,
    dem: Raster | None = None,
) -> RoadGraph:
    """Build a routable graph from road lines in a metric CRS.

    Every vertex becomes a node; vertices closer than ``snap_tolerance_m`` (also across lines)
    are merged into one junction. Each segment's speed comes from ``speed_kmh`` when given,
    else from the ``highway`` class (``speeds``, default :data:`DEFAULT_SPEEDS_KMH`), multiplied
    by :func:`slope_factor` of the segment's slope read from ``dem``.

    Parameters
    ----------
    lines
        Line features in a projected CRS (metres), with ``highway`` and/or ``speed_kmh``.
    snap_tolerance_m
        Distance under which vertices are the same junction.
    speeds
        Speed per ``highway`` class in km/h.
    dem
        Elevation raster in the same CRS, or None for flat roads.

    Returns
    -------
    RoadGraph
    """
    if lines.crs is None or not lines.crs.is_projected:
        msg = f"Jaringan jalan harus dalam CRS metrik (terproyeksi), bukan {lines.crs}."
        raise ValueError(msg)
    notes: list[str] = []
    speeds = dict(DEFAULT_SPEEDS_KMH if speeds is None else speeds)
    lines = lines[~(lines.geometry.isna() | lines.geometry.is_empty)]
    lines = lines.explode(index_parts=False, ignore_index=True)
    lines = lines[lines.geometry.geom_type == "LineString"].reset_index(drop=True)
    speed_line = _line_speeds(lines, speeds, notes)
    coords, line_idx = shapely.get_coordinates(lines.geometry.to_numpy(), return_index=True)
    if coords.shape[0] < 2:
        empty_i = np.zeros(0, dtype=np.int64)
        empty_f = np.zeros(0)
        return RoadGraph(
            np.zeros((0, 2)), empty_i, empty_i, empty_f, empty_f, empty_i, str(lines.crs), notes
        )
    # --- snap vertices into junctions
    tree = cKDTree(coords)
    pairs = tree.query_pairs(r=max(float(snap_tolerance_m), 1e-6), output_type="ndarray")
    n_vert = coords.shape[0]
    adj = coo_matrix(
        (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])) if len(pairs) else ([], ([], [])),
        shape=(n_vert, n_vert),
    )
    _, node_of_vertex = connected_components(adj, directed=False)
    n_nodes = int(node_of_vertex.max()) + 1
    counts = np.bincount(node_of_vertex, minlength=n_nodes)
    xy = np.column_stack(
        [
            np.bincount(node_of_vertex, weights=coords[:, 0], minlength=n_nodes) / counts,
            np.bincount(node_of_vertex, weights=coords[:, 1], minlength=n_nodes) / counts,
        ]
    )
    merged = n_vert - n_nodes
    # --- segments between consecutive vertices of the same line
    same = line_idx[1:] == line_idx[:-1]
    a = np.flatnonzero(same)
    b = a + 1
    u = node_of_vertex[a]
    v = node_of_vertex[b]
    length = np.hypot(*(coords[b] - coords[a]).T)
    keep = (u != v) & (length > 0)
    u, v, length, seg_line = u[keep], v[keep], length[keep], line_idx[a][keep]
    seg_speed = speed_line[seg_line]
    if dem is not None:
        za = sample(dem, coords[a][keep][:, 0], coords[a][keep][:, 1])
        zb = sample(dem, coords[b][keep][:, 0], coords[b][keep][:, 1])
        grade = np.where(np.isfinite(za) & np.isfinite(zb), (zb - za) / length, 0.0)
        seg_speed = seg_speed * slope_factor(grade)
    minutes = length / 1000.0 / seg_speed * 60.0
    # --- one edge per node pair: keep the fastest
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((minutes, hi, lo))
    lo, hi, minutes, length = lo[order], hi[order], minutes[order], length[order]
    first = np.ones(lo.shape[0], dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, minutes, length = lo[first], hi[first], minutes[first], length[first]
    graph = coo_matrix((np.ones(lo.shape[0]), (lo, hi)), shape=(n_nodes, n_nodes))
    n_comp, component = connected_components(graph, directed=False)
    if merged:
        notes.append(f"{merged} titik sambung dirapatkan (toleransi {snap_tolerance_m:g} m).")
    if n_comp > 1:
        sizes = np.bincount(component)
        notes.append(
            f"Jaringan jalan terpecah menjadi {n_comp} bagian yang tidak tersambung "
            f"(terbesar {sizes.max()} simpul); titik di bagian tanpa satuan memakai cara cadangan."
        )
    return RoadGraph(
        xy,
        lo.astype(np.int64),
        hi.astype(np.int64),
        minutes,
        length,
        component.astype(np.int64),
        str(lines.crs),
        notes,
    )


def shortest_times(
    n_nodes: int,
    u: np.ndarray,
    v: np.ndarray,
    weight: np.ndarray,
    sources: np.ndarray,
    *,
    directed: bool = False,
    min_only: bool = False,
    unique_edges: bool = False,
) -> np.ndarray:
    """Return the shortest-path cost from each source to every node (``inf`` if unreachable).

    Parallel edges keep their smallest weight. Uses ``scipy.sparse.csgraph.dijkstra`` once for all
    sources.

    Parameters
    ----------
    n_nodes
        Number of nodes.
    u, v, weight
        Edge list (non-negative weights).
    sources
        Source node ids.
    directed
        Whether edges go only from ``u`` to ``v``.
    min_only
        Return only the cost from the nearest source (one multi-source run).
    unique_edges
        The caller guarantees no parallel edges (skips the de-duplication sort).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sources), n_nodes)``, or ``(1, n_nodes)`` with ``min_only``.
    """
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    w = np.asarray(weight, dtype=float)
    if not directed:
        u, v, w = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    if not unique_edges:
        order = np.lexsort((w, v, u))
        u, v, w = u[order], v[order], w[order]
        first = np.ones(u.shape[0], dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        u, v, w = u[first], v[first], w[first]
    # csgraph treats explicit zeros as edges only in some paths; keep every weight positive
    graph = csr_matrix((w + _EPS, (u, v)), shape=(n_nodes, n_nodes))
    dist = dijkstra(
        graph, directed=True, indices=np.asarray(sources, dtype=np.int64), min_only=min_only
    )
    return np.atleast_2d(dist)


@dataclass(frozen=True)
class Attachment:
    """Where points join a road graph.

    Attributes
    ----------
    edge
        Index of the nearest edge.
    fraction
        Position along the edge from ``u`` (0) to ``v`` (1).
    offroad_m
        Straight distance from the point to the road.
    point_z, road_z
        Elevation of the point and of its road point (NaN without DEM).
    """

    edge: np.ndarray
    fraction: np.ndarray
    offroad_m: np.ndarray
    point_z: np.ndarray
    road_z: np.ndarray


def attach_points(
    graph: RoadGraph, x: np.ndarray, y: np.ndarray, *, dem: Raster | None = None
) -> Attachment:
    """Find each point's nearest position on the road graph (its off-road leg starts there)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pts = shapely.points(x, y)
    segs = graph.segment_lines
    tree = graph.segment_tree
    idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    edge = np.zeros(len(pts), dtype=np.int64)
    off = np.full(len(pts), np.inf)
    edge[idx[0]] = idx[1]
    off[idx[0]] = dist
    frac = shapely.line_locate_point(segs[edge], pts, normalized=True)
    frac = np.clip(np.nan_to_num(frac, nan=0.0), 0.0, 1.0)
    if dem is not None:
        road_pt = shapely.line_interpolate_point(segs[edge], frac, normalized=True)
        rx, ry = shapely.get_x(road_pt), shapely.get_y(road_pt)
        pz = sample(dem, x, y)
        rz = sample(dem, rx, ry)
    else:
        pz = np.full(len(pts), np.nan)
        rz = np.full(len(pts), np.nan)
    return Attachment(edge, frac, off, pz, rz)


def _walk_minutes(dist_m: np.ndarray, z_from: np.ndarray, z_to: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        grade = np.where(
            np.isfinite(z_from) & np.isfinite(z_to) & (dist_m > 0),
            (z_to - z_from) / np.maximum(dist_m, 1e-9),
            0.0,
        )
    return dist_m / 1000.0 / tobler_speed_kmh(grade) * 60.0


def road_travel_times(
    graph: RoadGraph,
    sources: Attachment,
    targets: Attachment,
    *,
    nearest_only: bool = False,
) -> np.ndarray:
    """Return travel minutes from each source to each target over the road graph.

    Each point walks (Tobler's speed on the slope between it and the road, flat without a DEM)
    to its nearest road position, drives, and walks from the road to the target. A source and a
    target on the same edge may also go directly along it. ``inf`` marks targets on a network
    piece the source cannot reach.

    With ``nearest_only`` one multi-source run returns only the time from the nearest source.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_sources, n_targets)`` (``(1, n_targets)`` with ``nearest_only``).
    """
    n = graph.n_nodes
    ns = sources.edge.shape[0]
    nt = targets.edge.shape[0]
    if ns == 0 or nt == 0:
        return np.full((ns, nt), np.inf)
    s_nodes = n + np.arange(ns)
    t_nodes = n + ns + np.arange(nt)
    cu, cv, cm = graph.u, graph.v, graph.minutes
    # sources → both ends of their edge
    ws = _walk_minutes(sources.offroad_m, sources.point_z, sources.road_z)
    se = sources.edge
    us, vs = cu[se], cv[se]
    # ends of the edge → targets
    wt = _walk_minutes(targets.offroad_m, targets.road_z, targets.point_z)
    te = targets.edge
    ut, vt = cu[te], cv[te]
    eu = [graph.u, graph.v, s_nodes, s_nodes, ut, vt]
    ev = [graph.v, graph.u, us, vs, t_nodes, t_nodes]
    ew = [
        cm,
        cm,
        ws + sources.fraction * cm[se],
        ws + (1 - sources.fraction) * cm[se],
        targets.fraction * cm[te] + wt,
        (1 - targets.fraction) * cm[te] + wt,
    ]
    # source and target on the same edge: straight along it
    s_frame = pd.DataFrame({"edge": se, "s": np.arange(ns)})
    t_frame = pd.DataFrame({"edge": te, "t": np.arange(nt)})
    both = s_frame.merge(t_frame, on="edge")
    if not both.empty:
        si = both["s"].to_numpy()
        ti = both["t"].to_numpy()
        eu.append(s_nodes[si])
        ev.append(t_nodes[ti])
        ew.append(
            ws[si] + np.abs(sources.fraction[si] - targets.fraction[ti]) * cm[se[si]] + wt[ti]
        )
    dist = shortest_times(
        n + ns + nt,
        np.concatenate(eu),
        np.concatenate(ev),
        np.concatenate(ew),
        s_nodes,
        directed=True,
        min_only=nearest_only,
        # base edges are unique per node pair and each added edge joins a new node
        unique_edges=True,
    )
    return dist[:, t_nodes]
