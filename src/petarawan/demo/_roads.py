"""Road network of the demo regency: trunk road, roads between seats, local roads, tracks."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.sparse.csgraph import minimum_spanning_tree
from shapely.geometry import LineString, Polygon

__all__ = ["Road", "make_roads"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Road:
    """One road segment between two network nodes, in local km."""

    highway: str
    name: str | None
    line: LineString


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return False
        self.parent[max(a, b)] = min(a, b)
        return True


def _winding(rng: np.random.Generator, p: FloatArray, q: FloatArray, wiggle: float) -> FloatArray:
    """Return a winding polyline from p to q (endpoints exact) with ~0.7 km segments."""
    d = q - p
    length = float(np.hypot(*d))
    n = max(2, math.ceil(length / 0.7))
    t = np.linspace(0.0, 1.0, n + 1)
    normal = np.array([-d[1], d[0]]) / max(length, 1e-9)
    offset = np.zeros_like(t)
    for mode in (1, 2, 3):
        offset += rng.normal(0.0, wiggle * length / mode**1.5) * np.sin(mode * np.pi * t)
    pts = p + t[:, None] * d + offset[:, None] * normal
    pts[0], pts[-1] = p, q
    return pts


def make_roads(
    rng: np.random.Generator,
    *,
    centres: FloatArray,
    names: list[str],
    group: list[int],
    seats: list[int],
    elevation: FloatArray,
    outline_km: Polygon,
    mountain_m: float,
) -> tuple[list[Road], FloatArray]:
    """Build the road network; return the roads and the node coordinates they end at (km).

    Nodes are the desa settlement centres plus the two points where the trunk road leaves the
    regency. Every road starts and ends exactly at a node, so junctions share coordinates.

    Parameters
    ----------
    rng
        Random generator for the road shapes.
    centres
        Settlement centre of every desa (km).
    names
        Desa names (used for road names).
    group, seats
        Kecamatan of every desa and the seat desa of every kecamatan (seat 0 is the capital).
    elevation
        Elevation of every settlement centre (m).
    outline_km
        The regency outline in the local frame.
    mountain_m
        Settlement elevation above which desa are reached by tracks only.
    """
    nodes = list(centres)
    roads: list[Road] = []
    cap = seats[0]
    cap_xy = centres[cap]
    # trunk road: west edge → seats near an east-west line through the capital → east edge;
    # a seat joins only if the road keeps heading east-west (no zigzags)
    sides: list[list[int]] = [[], []]
    ring = np.asarray(outline_km.exterior.coords)
    ends = []
    for side, chain_side in zip((-1.0, 1.0), sides, strict=True):
        cands = sorted(
            (s for s in seats if s != cap and side * (centres[s][0] - cap_xy[0]) > 2.0),
            key=lambda s: (side * centres[s][0], s),
        )
        prev = cap_xy
        for s in cands:
            dx, dy = np.abs(centres[s] - prev)
            if dy <= 0.45 * dx and abs(centres[s][1] - cap_xy[1]) < 8.0:
                chain_side.append(s)
                prev = centres[s]
        near = ring[np.abs(ring[:, 1] - prev[1]) < 3.0]
        edge = near[np.argmax(side * near[:, 0])]
        ends.append(np.array([edge[0] + side * 1.5, edge[1]]))
    nodes += ends
    iw, ie = len(nodes) - 2, len(nodes) - 1
    chain = [iw, *reversed(sides[0]), cap, *sides[1], ie]
    uf = _UnionFind(len(nodes))
    for a, b in itertools.pairwise(chain):
        uf.union(a, b)
        roads.append(
            Road(
                "primary", "Jalan Trans Timor", LineString(_winding(rng, nodes[a], nodes[b], 0.03))
            )
        )
    # main roads between kecamatan seats: Kruskal over seat pairs, trunk already joined
    pairs = []
    for i, a in enumerate(seats):
        for b in seats[i + 1 :]:
            d = float(np.hypot(*(centres[a] - centres[b])))
            climb = 1.0 + max(elevation[a], elevation[b]) / 1500.0
            pairs.append((d * climb, a, b))
    pairs.sort()
    for _, a, b in pairs:
        if uf.union(a, b):
            roads.append(
                Road(
                    "secondary",
                    f"Jalan {names[a]}–{names[b]}",
                    LineString(_winding(rng, nodes[a], nodes[b], 0.06)),
                )
            )
    # local roads: a spanning tree of the settlement centres inside every kecamatan
    for g in range(len(seats)):
        members = [i for i in range(len(centres)) if group[i] == g]
        if len(members) < 2:
            continue
        pts = centres[members]
        dist = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        tree = minimum_spanning_tree(dist).tocoo()
        edges = sorted(
            (int(min(r, c)), int(max(r, c))) for r, c in zip(tree.row, tree.col, strict=True)
        )
        for r, c in edges:
            a, b = members[r], members[c]
            length = float(dist[r, c])
            high = max(elevation[a], elevation[b])
            if high > mountain_m:
                kind, name, wiggle = "track", None, 0.12
            elif length > 4.0 and high < 700.0:
                kind, name, wiggle = "tertiary", f"Jalan {names[b]}", 0.06
            else:
                kind, name, wiggle = "unclassified", None, 0.08
            roads.append(Road(kind, name, LineString(_winding(rng, nodes[a], nodes[b], wiggle))))
    return _node_crossings(roads), np.asarray(nodes)


def _node_crossings(roads: list[Road]) -> list[Road]:
    """Split roads where they cross, so every crossing is a junction shared by both lines."""
    lines = [r.line for r in roads]
    left, right = shapely.STRtree(lines).query(lines, predicate="crosses")
    cuts: dict[int, list[tuple[float, float]]] = {}
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        inter = lines[i].intersection(lines[j])
        for pt in getattr(inter, "geoms", [inter]):
            if pt.geom_type == "Point":
                cuts.setdefault(i, []).append((pt.x, pt.y))
                cuts.setdefault(j, []).append((pt.x, pt.y))
    out: list[Road] = []
    for i, road in enumerate(roads):
        if i not in cuts:
            out.append(road)
            continue
        out.extend(Road(road.highway, road.name, piece) for piece in _split(road.line, cuts[i]))
    return out


def _split(line: LineString, points: list[tuple[float, float]]) -> list[LineString]:
    """Split a line at points lying on it; the points become exact shared end vertices."""
    coords = [(float(x), float(y)) for x, y in line.coords]
    seg = np.hypot(*np.diff(np.asarray(coords), axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    cuts = sorted((line.project(shapely.Point(p)), p) for p in points)
    pieces: list[list[tuple[float, float]]] = []
    current = [coords[0]]
    k = 1
    for dist, xy in cuts:
        while k < len(coords) and cum[k] <= dist:
            current.append(coords[k])
            k += 1
        current.append(xy)
        pieces.append(current)
        current = [xy]
    current.extend(coords[k:])
    pieces.append(current)
    out = []
    for piece in pieces:
        dedup = [c for n, c in enumerate(piece) if n == 0 or c != piece[n - 1]]
        if len(dedup) >= 2:
            out.append(LineString(dedup))
    return out


def road_distance_km(roads: list[Road], x: FloatArray, y: FloatArray) -> FloatArray:
    """Return the distance (km) from local points to the nearest road."""
    union = shapely.union_all([r.line for r in roads])
    return np.asarray(shapely.distance(shapely.points(x, y), union), dtype=float)
