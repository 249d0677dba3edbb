"""Import boundary of the pure modules, exact public names, and road times against networkx."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain import access
from petarawan.domain.access import attach_points, build_road_graph, road_travel_times


def test_domain_modules_stay_pure() -> None:
    code = (
        "import sys\n"
        "import petarawan.domain.indicators, petarawan.domain.terrain, petarawan.domain.incidents\n"
        "bad = [m for m in ('rasterio', 'sqlalchemy', 'matplotlib', 'fastapi', 'openpyxl',"
        " 'networkx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_access_public_names() -> None:
    assert sorted(access.__all__) == sorted(
        name
        for name in dir(access)
        if not name.startswith("_")
        and name
        not in {"costdistance", "coverage", "crs", "network", "tobler", "travel", "annotations"}
    )


@st.composite
def line_networks(draw: st.DrawFn) -> tuple[list[list[tuple[float, float]]], list[float]]:
    n_lines = draw(st.integers(min_value=1, max_value=6))
    coord = st.integers(min_value=0, max_value=10).map(lambda v: v * 500.0)
    lines = []
    for _ in range(n_lines):
        pts = draw(st.lists(st.tuples(coord, coord), min_size=2, max_size=4, unique=True))
        lines.append(pts)
    speeds = [draw(st.sampled_from([5.0, 20.0, 60.0])) for _ in lines]
    return lines, speeds


@settings(max_examples=40, deadline=None)
@given(
    line_networks(),
    st.lists(st.tuples(st.floats(0, 5000), st.floats(0, 5000)), min_size=1, max_size=3),
    st.lists(st.tuples(st.floats(0, 5000), st.floats(0, 5000)), min_size=1, max_size=4),
)
def test_road_times_equal_networkx_on_the_same_augmented_graph(
    net: tuple[list[list[tuple[float, float]]], list[float]],
    units: list[tuple[float, float]],
    tps: list[tuple[float, float]],
) -> None:
    lines, speeds = net
    gdf = gpd.GeoDataFrame(
        {"speed_kmh": speeds}, geometry=[shapely.LineString(p) for p in lines], crs="EPSG:32751"
    )
    graph = build_road_graph(gdf, snap_tolerance_m=1.0)
    if graph.n_edges == 0:
        return
    ux, uy = np.array(units).T
    tx, ty = np.array(tps).T
    sa = attach_points(graph, ux, uy)
    ta = attach_points(graph, tx, ty)
    ours = road_travel_times(graph, sa, ta)
    g = nx.DiGraph()
    for a, b, w in zip(graph.u.tolist(), graph.v.tolist(), graph.minutes.tolist(), strict=True):
        g.add_edge(a, b, weight=w)
        g.add_edge(b, a, weight=w)
    walk = 60.0 / 1000.0 / access.FLAT_SPEED_KMH
    for i in range(len(units)):
        e = sa.edge[i]
        w = sa.offroad_m[i] * walk
        g.add_edge(("s", i), int(graph.u[e]), weight=w + sa.fraction[i] * graph.minutes[e])
        g.add_edge(("s", i), int(graph.v[e]), weight=w + (1 - sa.fraction[i]) * graph.minutes[e])
    for j in range(len(tps)):
        e = ta.edge[j]
        w = ta.offroad_m[j] * walk
        g.add_edge(int(graph.u[e]), ("t", j), weight=w + ta.fraction[j] * graph.minutes[e])
        g.add_edge(int(graph.v[e]), ("t", j), weight=w + (1 - ta.fraction[j]) * graph.minutes[e])
        for i in range(len(units)):
            if sa.edge[i] == e:  # same edge: straight along it
                direct = (sa.offroad_m[i] + ta.offroad_m[j]) * walk + abs(
                    sa.fraction[i] - ta.fraction[j]
                ) * graph.minutes[e]
                g.add_edge(("s", i), ("t", j), weight=direct)
    for i in range(len(units)):
        ref = nx.single_source_dijkstra_path_length(g, ("s", i), weight="weight")
        for j in range(len(tps)):
            expected = ref.get(("t", j), np.inf)
            if np.isinf(expected):
                assert np.isinf(ours[i, j])
            else:
                assert ours[i, j] == pytest.approx(expected, rel=1e-6, abs=1e-6)
