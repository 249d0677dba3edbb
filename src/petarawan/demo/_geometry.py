"""Regency geometry of the demo: local frame, outline, desa tiling and kecamatan grouping."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree
from shapely.geometry import MultiPoint, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = [
    "Adjacency",
    "Frame",
    "Tiling",
    "group_kecamatan",
    "make_outline",
    "sample_seeds",
    "tile_desa",
]

FloatArray = NDArray[np.float64]
GRID = 1e-6  # coordinate precision of every written geometry (degrees)


@dataclass(frozen=True)
class Frame:
    """Affine map between the local frame (km east/north of the centre) and lon/lat degrees."""

    lon0: float = 124.45
    lat0: float = -9.35

    @property
    def kx(self) -> float:
        """Kilometres per degree of longitude at the centre latitude."""
        return 111.320 * math.cos(math.radians(self.lat0))

    @property
    def ky(self) -> float:
        """Kilometres per degree of latitude."""
        return 110.574

    def to_lonlat(self, x: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Map local km to lon/lat degrees."""
        lon = self.lon0 + np.asarray(x, dtype=np.float64) / self.kx
        lat = self.lat0 + np.asarray(y, dtype=np.float64) / self.ky
        return lon, lat

    def to_local(self, lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Map lon/lat degrees to local km."""
        x = (np.asarray(lon, dtype=np.float64) - self.lon0) * self.kx
        y = (np.asarray(lat, dtype=np.float64) - self.lat0) * self.ky
        return x, y

    def geom_to_local(self, geom: BaseGeometry) -> BaseGeometry:
        """Return a lon/lat geometry in local km."""
        return shapely.transform(geom, lambda c: np.column_stack(self.to_local(c[:, 0], c[:, 1])))

    def geom_to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        """Return a local-km geometry in lon/lat degrees."""
        return shapely.transform(geom, lambda c: np.column_stack(self.to_lonlat(c[:, 0], c[:, 1])))


def make_outline(
    rng: np.random.Generator, frame: Frame, *, a: float = 26.5, b: float = 29.0
) -> tuple[Polygon, FloatArray]:
    """Return an irregular regency outline (lon/lat, 6-decimal vertices) and its vertex angles.

    The outline is a star-shaped curve r(θ) = 1 + Σ A_k cos(kθ + φ_k) stretched to semi-axes
    ``a`` × ``b`` km, so the regency measures about 2a × 2b km.
    """
    theta = np.linspace(0.0, 2.0 * np.pi, 480, endpoint=False)
    r = np.ones_like(theta)
    for k in range(2, 9):
        r += (
            rng.uniform(0.015, 0.07)
            / math.sqrt(k - 1)
            * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
        )
    r += 0.012 * np.cos(23 * theta + rng.uniform(0, 2 * np.pi))  # small wiggles along the edge
    r /= max(1.0, float(r.max()) / 1.15)
    lon, lat = frame.to_lonlat(a * r * np.cos(theta), b * r * np.sin(theta))
    ring = np.round(np.column_stack([lon, lat]), 6)
    poly = shapely.make_valid(Polygon(ring))
    if poly.geom_type != "Polygon":  # pragma: no cover - the curve is star-shaped
        poly = max(poly.geoms, key=lambda g: g.area)  # type: ignore[attr-defined]
    return poly, theta


def sample_seeds(
    rng: np.random.Generator,
    outline_km: Polygon,
    n: int,
    density: Callable[[FloatArray, FloatArray], FloatArray],
    first: tuple[float, float],
) -> FloatArray:
    """Pick ``n`` well-spaced desa seeds (km) inside the outline, denser where ``density`` is high.

    Mitchell's best-candidate sampling: each new seed is the candidate (drawn proportionally to the
    density) that maximises distance to existing seeds times sqrt(density).
    """
    inner = outline_km.buffer(-0.7)
    xmin, ymin, xmax, ymax = inner.bounds
    cand = rng.uniform((xmin, ymin), (xmax, ymax), size=(40000, 2))
    cand = cand[shapely.contains_xy(inner, cand[:, 0], cand[:, 1])]
    dens = np.asarray(density(cand[:, 0], cand[:, 1]), dtype=np.float64)
    prob = dens / dens.sum()
    seeds = [np.asarray(first, dtype=float)]
    for _ in range(n - 1):
        idx = rng.choice(len(cand), size=24, p=prob)
        pts = cand[idx]
        d = np.min(
            np.hypot(
                pts[:, None, 0] - np.asarray(seeds)[None, :, 0],
                pts[:, None, 1] - np.asarray(seeds)[None, :, 1],
            ),
            axis=1,
        )
        score = d * np.sqrt(dens[idx])
        seeds.append(pts[int(np.argmax(score))])
    return np.asarray(seeds)


class Adjacency:
    """An undirected graph on nodes ``0..n-1`` with weighted edges (desa or kecamatan adjacency).

    Shortest paths and connectivity go through :mod:`scipy.sparse.csgraph`.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._adj: list[dict[int, float]] = [{} for _ in range(n)]

    def add_edge(self, i: int, j: int, weight: float = 1.0) -> None:
        """Join ``i`` and ``j`` (replacing the weight of an existing edge)."""
        self._adj[i][j] = weight
        self._adj[j][i] = weight

    def neighbors(self, i: int) -> list[int]:
        """Return the neighbours of ``i`` in the order they were joined."""
        return list(self._adj[i])

    def has_edge(self, i: int, j: int) -> bool:
        """Whether ``i`` and ``j`` are joined."""
        return j in self._adj[i]

    @property
    def edges(self) -> list[tuple[int, int]]:
        """Every edge once, as ``(i, j)`` with ``i < j``."""
        return [(i, j) for i in range(self.n) for j in self._adj[i] if i < j]

    def matrix(self, nodes: list[int]) -> csr_matrix:
        """Return the weighted adjacency matrix of the subgraph on ``nodes`` (in that order)."""
        pos = {v: k for k, v in enumerate(nodes)}
        rows, cols, vals = [], [], []
        for v in nodes:
            for w, weight in self._adj[v].items():
                if w in pos:
                    rows.append(pos[v])
                    cols.append(pos[w])
                    vals.append(weight)
        return csr_matrix((vals, (rows, cols)), shape=(len(nodes), len(nodes)))

    def is_connected(self, nodes: list[int]) -> bool:
        """Whether the subgraph on ``nodes`` is in one piece (``nodes`` not empty)."""
        n_comp, _ = connected_components(self.matrix(nodes), directed=False)
        return bool(n_comp == 1)

    def nearest_source(self, nodes: list[int], sources: list[int]) -> dict[int, int]:
        """Map every node of the subgraph reachable from ``sources`` to its nearest source."""
        sub = self.matrix(nodes)
        pos = {v: k for k, v in enumerate(nodes)}
        _, _, origin = dijkstra(
            sub,
            directed=False,
            indices=[pos[s] for s in sources],
            min_only=True,
            return_predecessors=True,
        )
        return {nodes[k]: nodes[int(o)] for k, o in enumerate(origin) if o >= 0}


@dataclass
class Tiling:
    """Desa polygons (lon/lat) tiling the regency, their seed points and adjacency."""

    polygons: list[Polygon]
    seeds_lonlat: FloatArray
    graph: Adjacency  # nodes 0..n-1, edges between desa sharing a boundary line (weight = km)


def tile_desa(outline: Polygon, seeds_lonlat: FloatArray) -> Tiling:
    """Tile the outline with the Voronoi cells of the seeds, nested exactly on a 1e-6° grid.

    Cell boundaries and the outline are noded together and polygonized, so neighbouring desa
    share identical vertices before and after snapping to the grid.
    """
    n = len(seeds_lonlat)
    cells = shapely.voronoi_polygons(
        MultiPoint(seeds_lonlat), extend_to=outline.buffer(0.5), ordered=True
    )
    lines = [c.exterior for c in cells.geoms] + [outline.exterior]  # type: ignore[attr-defined]
    noded = shapely.union_all(shapely.set_precision(lines, GRID))
    faces = list(shapely.polygonize(list(noded.geoms)).geoms)  # type: ignore[attr-defined]
    reps = np.array([[p.x, p.y] for p in (f.representative_point() for f in faces)])
    keep = shapely.contains_xy(outline, reps[:, 0], reps[:, 1])
    faces = [f for f, k in zip(faces, keep, strict=True) if k]
    reps = reps[keep]
    owner = cKDTree(seeds_lonlat).query(reps)[1]
    parts: list[list[Polygon]] = [[] for _ in range(n)]
    for f, o in zip(faces, owner, strict=True):
        parts[int(o)].append(f)
    polys: list[BaseGeometry] = [shapely.union_all(p) for p in parts]
    # a clipped cell may fall apart: keep the piece holding the seed, give the rest to a neighbour
    for i in range(n):
        geom = polys[i]
        if geom.geom_type == "Polygon":
            continue
        seed = shapely.Point(seeds_lonlat[i])
        pieces = list(geom.geoms)  # type: ignore[attr-defined]
        main = next((p for p in pieces if p.covers(seed)), max(pieces, key=lambda p: p.area))
        polys[i] = main
        for piece in pieces:
            if piece is main:
                continue
            best, best_len = -1, 0.0
            for j in range(n):
                if j != i and polys[j].intersects(piece):
                    length = polys[j].intersection(piece.boundary).length
                    if length > best_len:
                        best, best_len = j, length
            polys[best] = shapely.union_all([polys[best], piece])
    snapped = [shapely.set_precision(p, GRID) for p in polys]
    out: list[Polygon] = []
    for p in snapped:
        if p.geom_type != "Polygon":  # pragma: no cover - guarded by the tests
            msg = f"desa polygon became {p.geom_type} after snapping"
            raise RuntimeError(msg)
        out.append(p)  # type: ignore[arg-type]
    graph = Adjacency(n)
    tree = shapely.STRtree(out)
    for i, poly in enumerate(out):
        for jj in tree.query(poly, predicate="intersects"):
            j = int(jj)
            if j <= i:
                continue
            shared = poly.boundary.intersection(out[j].boundary)
            if shared.length > 0:
                graph.add_edge(i, j, weight=float(np.hypot(*(seeds_lonlat[i] - seeds_lonlat[j]))))
    return Tiling(polygons=out, seeds_lonlat=seeds_lonlat, graph=graph)


def group_kecamatan(
    rng: np.random.Generator,
    graph: Adjacency,
    centres_km: FloatArray,
    capital_desa: int,
    *,
    n_kecamatan: int,
    capital_size: int,
    min_size: int = 3,
) -> tuple[list[int], list[int]]:
    """Group desa into contiguous kecamatan; return the group of each desa and each group's seat.

    The capital kecamatan grows from the capital desa by adding the neighbour nearest to the
    capital; the other groups are graph-Voronoi regions (multi-source Dijkstra on desa adjacency)
    around seats picked by k-means on desa centres, so every group is contiguous.
    """
    n = len(centres_km)
    cap = {capital_desa}
    cap_xy = centres_km[capital_desa]
    while len(cap) < capital_size:
        frontier = {j for i in cap for j in graph.neighbors(i)} - cap
        cap.add(min(frontier, key=lambda j: (float(np.hypot(*(centres_km[j] - cap_xy))), j)))
    rest = np.array(sorted(set(range(n)) - cap))
    k = n_kecamatan - 1
    centroids = centres_km[rng.choice(rest, size=k, replace=False)]
    for _ in range(15):
        lab = cKDTree(centroids).query(centres_km[rest])[1]
        centroids = np.array(
            [
                centres_km[rest[lab == c]].mean(axis=0) if np.any(lab == c) else centroids[c]
                for c in range(k)
            ]
        )
    seats: list[int] = []
    for c in centroids:
        order = rest[np.argsort(np.hypot(*(centres_km[rest] - c).T), kind="stable")]
        seats.append(int(next(i for i in order if int(i) not in seats)))
    group = [-1] * n
    for i in cap:
        group[i] = 0
    seat_index = {s: g + 1 for g, s in enumerate(seats)}
    for node, seat in graph.nearest_source(rest.tolist(), seats).items():
        group[node] = seat_index[seat]
    while -1 in group:  # desa cut off from every seat join a neighbouring group
        for i in range(n):
            if group[i] == -1:
                near = [group[j] for j in sorted(graph.neighbors(i)) if group[j] != -1]
                if near:
                    group[i] = near[0]
    _grow_small_groups(graph, group, {capital_desa, *seats}, minimum=min_size)
    return group, [capital_desa, *seats]


def _grow_small_groups(
    graph: Adjacency, group: list[int], seats: set[int], *, minimum: int
) -> None:
    """Give groups smaller than ``minimum`` desa taken from larger neighbours (kept contiguous).

    A small group takes a desa from its largest neighbour above ``minimum``. When no small group
    has one, the search widens ring by ring through the neighbouring groups, and the nearest
    group that can take from a neighbour at least two desa larger does so; desa thus flow from
    the large groups towards the small ones. Every move shrinks the sum of squared group sizes,
    so the loop ends.
    """
    for _ in range(4 * len(group)):
        sizes = np.bincount(group)
        small = [g for g in range(1, len(sizes)) if sizes[g] < minimum]
        if not small:
            return
        targets, seen, move = small, set(small), None
        while targets and move is None:
            for g in targets:
                options = _donations(graph, group, seats, g, sizes, minimum)
                if options:
                    move = (min(options)[1], g)
                    break
            ring = {group[j] for g in targets for j in _neighbours(graph, group, g)}
            targets = sorted(ring - seen - {0})
            seen |= set(targets)
        if move is None:
            return
        group[move[0]] = move[1]


def _neighbours(graph: Adjacency, group: list[int], g: int) -> list[int]:
    """Desa outside group ``g`` that touch it."""
    members = [i for i in range(len(group)) if group[i] == g]
    return sorted({j for i in members for j in graph.neighbors(i)} - set(members))


def _donations(
    graph: Adjacency,
    group: list[int],
    seats: set[int],
    g: int,
    sizes: NDArray[np.int64],
    floor: int,
) -> list[tuple[int, int]]:
    """Desa next to group ``g`` that a larger neighbour can give up and stay contiguous."""
    options = []
    for j in _neighbours(graph, group, g):
        donor = group[j]
        if donor == 0 or j in seats or sizes[donor] <= floor or sizes[donor] <= sizes[g] + 1:
            continue
        rest = [i for i in range(len(group)) if group[i] == donor and i != j]
        if graph.is_connected(rest):
            options.append((-int(sizes[donor]), j))
    return options
