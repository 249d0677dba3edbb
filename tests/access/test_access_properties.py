"""Property and hand-made checks of Tobler's function, shortest paths and cost-distance."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain.access import (
    FLAT_SPEED_KMH,
    attach_points,
    build_road_graph,
    road_travel_times,
    shortest_times,
    terrain_travel_times,
    tobler_speed_kmh,
    travel_times,
    utm_crs,
)
from petarawan.domain.terrain import Raster


def test_tobler_flat_speed() -> None:
    assert pytest.approx(5.0367, abs=1e-4) == FLAT_SPEED_KMH
    assert float(tobler_speed_kmh(0.0)) == pytest.approx(5.04, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-2.0, max_value=2.0, allow_nan=False))
def test_tobler_peaks_at_five_percent_downhill(slope: float) -> None:
    assert float(tobler_speed_kmh(slope)) <= float(tobler_speed_kmh(-0.05)) + 1e-12
    assert float(tobler_speed_kmh(-0.05)) == pytest.approx(6.0)


def test_tobler_argmax_on_grid() -> None:
    s = np.linspace(-0.5, 0.5, 10001)
    assert s[np.argmax(tobler_speed_kmh(s))] == pytest.approx(-0.05, abs=1e-4)


@st.composite
def random_graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, float]], list[int]]:
    n = draw(st.integers(min_value=2, max_value=25))
    m = draw(st.integers(min_value=0, max_value=60))
    edges = [
        (
            draw(st.integers(0, n - 1)),
            draw(st.integers(0, n - 1)),
            draw(st.floats(min_value=0.01, max_value=100.0, allow_nan=False)),
        )
        for _ in range(m)
    ]
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=5, unique=True))
    return n, edges, sources


@settings(max_examples=80, deadline=None)
@given(random_graphs())
def test_shortest_times_equal_networkx(
    case: tuple[int, list[tuple[int, int, float]], list[int]],
) -> None:
    n, edges, sources = case
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for a, b, w in edges:
        if a == b:
            continue
        # parallel edges: the fastest one counts
        if not g.has_edge(a, b) or g[a][b]["weight"] > w:
            g.add_edge(a, b, weight=w)
    kept = [(a, b, w) for a, b, w in edges if a != b]
    u = np.array([e[0] for e in kept], dtype=np.int64)
    v = np.array([e[1] for e in kept], dtype=np.int64)
    w = np.array([e[2] for e in kept], dtype=float)
    ours = shortest_times(n, u, v, w, np.array(sources))
    for row, s in enumerate(sources):
        ref = nx.single_source_dijkstra_path_length(g, s, weight="weight")
        for node in range(n):
            expected = ref.get(node, math.inf)
            if math.isinf(expected):
                assert math.isinf(ours[row, node])
            else:
                assert ours[row, node] == pytest.approx(expected, rel=1e-6, abs=1e-6)
    # nearest of several sources = networkx multi-source Dijkstra
    multi = nx.multi_source_dijkstra_path_length(g, set(sources), weight="weight")
    nearest = ours.min(axis=0)
    for node in range(n):
        assert nearest[node] == pytest.approx(multi.get(node, math.inf), rel=1e-6, abs=1e-6)


def _flat(n: int = 101, cell: float = 30.0, z: float = 500.0) -> Raster:
    return Raster(np.full((n, n), z), (cell, 0.0, 0.0, 0.0, -cell, n * cell), "EPSG:32751")


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=-45, max_value=45),
    st.sampled_from([(1, 0), (0, 1), (1, 1), (1, -1)]),
    st.sampled_from([10.0, 30.0, 90.0]),
)
def test_flat_cost_distance_equals_distance_over_tobler(
    step: int, direction: tuple[int, int], cell: float
) -> None:
    dem = _flat(cell=cell)
    c = 50
    src = np.array([[(c + 0.5) * cell, dem.transform[5] - (c + 0.5) * cell]])
    dr, dc = direction
    tr, tc = c + step * dr, c + step * dc
    tgt = np.array([[(tc + 0.5) * cell, dem.transform[5] - (tr + 0.5) * cell]])
    out = terrain_travel_times(dem, src, tgt, full_sources=(0,))
    dist_m = float(np.hypot(*(tgt - src)[0]))
    expected = dist_m / 1000.0 / FLAT_SPEED_KMH * 60.0
    assert out.nearest[0] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert out.full[0][0] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_flat_cost_distance_any_direction_within_octile_bound() -> None:
    dem = _flat(cell=30.0)
    rng = np.random.default_rng(1)
    src = np.array([[50.5 * 30, dem.transform[5] - 50.5 * 30]])
    cells = rng.integers(0, 101, size=(50, 2))
    tgt = np.column_stack([(cells[:, 1] + 0.5) * 30, dem.transform[5] - (cells[:, 0] + 0.5) * 30])
    out = terrain_travel_times(dem, src, tgt)
    dist = np.hypot(*(tgt - src).T)
    expected = dist / 1000.0 / FLAT_SPEED_KMH * 60.0
    assert np.all(out.nearest >= expected - 1e-9)
    assert np.all(out.nearest <= expected * 1.0824 + 1e-9)


def test_mountain_is_slower_than_flat() -> None:
    n, cell = 101, 30.0
    rr, cc = np.mgrid[0:n, 0:n]
    hill = 800.0 * np.exp(-(((rr - 50) ** 2 + (cc - 50) ** 2) / (2 * 15.0**2)))
    dem = Raster(hill, (cell, 0.0, 0.0, 0.0, -cell, n * cell), "EPSG:32751")
    src = np.array([[5.5 * cell, n * cell - 50.5 * cell]])
    tgt = np.array([[95.5 * cell, n * cell - 50.5 * cell]])
    out = terrain_travel_times(dem, src, tgt)
    flat = 90 * cell / 1000 / FLAT_SPEED_KMH * 60
    assert out.nearest[0] > flat


def test_hand_made_10km_road_takes_10_minutes(data_dir: Path) -> None:
    roads = gpd.read_file(data_dir / "road_10km.geojson")
    pts = pd.read_csv(data_dir / "road_10km_points.csv")
    crs = utm_crs(float(pts["lon"].mean()), float(pts["lat"].mean()))
    assert crs == "EPSG:32751"
    roads_m = roads.to_crs(crs)
    pts_m = gpd.GeoSeries(gpd.points_from_xy(pts["lon"], pts["lat"]), crs="EPSG:4326").to_crs(crs)
    graph = build_road_graph(roads_m)
    unit = pts_m[pts["role"] == "unit"]
    tps = pts_m[pts["role"] == "tps"]
    sa = attach_points(graph, unit.x.to_numpy(), unit.y.to_numpy())
    ta = attach_points(graph, tps.x.to_numpy(), tps.y.to_numpy())
    minutes = road_travel_times(graph, sa, ta)
    assert minutes[0, 0] == pytest.approx(10.0, abs=0.5)
    res = travel_times(
        np.column_stack([unit.x, unit.y]), np.column_stack([tps.x, tps.y]), hq=None, roads=graph
    )
    assert res.table.loc[0, "travel_method"] == "road"
    assert res.table.loc[0, "travel_time_min"] == pytest.approx(10.0, abs=0.5)
    assert res.table.loc[0, "units_within_30"] == 1


def test_same_edge_goes_directly() -> None:
    line = gpd.GeoDataFrame(
        {"speed_kmh": [60.0]},
        geometry=gpd.GeoSeries.from_wkt(["LINESTRING (0 0, 10000 0)"]),
        crs="EPSG:32751",
    )
    graph = build_road_graph(line)
    sa = attach_points(graph, np.array([2000.0]), np.array([0.0]))
    ta = attach_points(graph, np.array([3000.0]), np.array([0.0]))
    assert road_travel_times(graph, sa, ta)[0, 0] == pytest.approx(1.0, abs=1e-6)


def test_snapping_joins_nearby_ends_and_split_network_falls_back() -> None:
    lines = gpd.GeoDataFrame(
        {"highway": ["primary", "primary", "track"]},
        geometry=gpd.GeoSeries.from_wkt(
            [
                "LINESTRING (0 0, 1000 0)",
                "LINESTRING (1003 0, 2000 0)",  # 3 m gap: snapped
                "LINESTRING (50000 0, 51000 0)",  # far away, its own piece
            ]
        ),
        crs="EPSG:32751",
    )
    graph = build_road_graph(lines, snap_tolerance_m=5.0)
    assert graph.n_components == 2
    assert any("terpecah" in note for note in graph.notes)
    units = np.array([[0.0, 0.0]])
    tps = np.array([[2000.0, 0.0], [51000.0, 0.0]])
    res = travel_times(units, tps, hq=0, roads=graph, detour_factor=1.4, speed_kmh=30.0)
    assert list(res.table["travel_method"]) == ["road", "straight"]
    assert res.table.loc[0, "travel_time_min"] == pytest.approx(2.0, abs=0.05)
    assert res.table.loc[1, "travel_time_min"] == pytest.approx(51 * 1.4 / 30 * 60)
    assert any("CADANGAN" in n for n in res.notes)
    assert (res.table["travel_time_min"] > 0).all()


def test_steep_road_is_slower() -> None:
    line = gpd.GeoDataFrame(
        {"highway": ["secondary"]},
        geometry=gpd.GeoSeries.from_wkt(["LINESTRING (15 1500, 2985 1500)"]),
        crs="EPSG:32751",
    )
    n, cell = 100, 30.0
    ramp = np.tile(np.arange(n) * cell * 0.2, (n, 1))  # 20 % grade eastwards
    dem = Raster(ramp, (cell, 0.0, 0.0, 0.0, -cell, n * cell), "EPSG:32751")
    flat = build_road_graph(line)
    steep = build_road_graph(line, dem=dem)
    assert steep.minutes.sum() == pytest.approx(flat.minutes.sum() / 0.5, rel=1e-6)


def test_utm_zones() -> None:
    assert utm_crs(124.4, -9.4) == "EPSG:32751"
    assert utm_crs(95.3, 5.5) == "EPSG:32646"
    assert utm_crs(140.7, -2.5) == "EPSG:32754"


def test_nearby_unit_off_the_road_is_reached_on_foot() -> None:
    line = gpd.GeoDataFrame(
        {"highway": ["primary"]},
        geometry=gpd.GeoSeries.from_wkt(["LINESTRING (0 0, 10000 0)"]),
        crs="EPSG:32751",
    )
    graph = build_road_graph(line)
    res = travel_times(
        np.array([[5000.0, 3000.0]]), np.array([[6000.0, 3000.0]]), hq=0, roads=graph
    )
    assert res.table.loc[0, "travel_method"] == "road"
    assert res.table.loc[0, "travel_time_min"] == pytest.approx(1.0 / FLAT_SPEED_KMH * 60.0)
