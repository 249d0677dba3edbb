"""Terrain measures, incident scores, hotspots, coverage and border distance on small cases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain.access import border_distance_km, build_road_graph, unit_areas
from petarawan.domain.incidents import (
    hotspot_scores,
    hotspot_surface,
    incident_scores,
    incident_weights,
)
from petarawan.domain.terrain import (
    Raster,
    coverage_fraction,
    hillshade,
    ruggedness,
    sample,
    slope_degrees,
    zonal_stats,
)

CRS = "EPSG:32751"


def _grid(values: np.ndarray, cell: float = 10.0) -> Raster:
    return Raster(values.astype(float), (cell, 0.0, 0.0, 0.0, -cell, values.shape[0] * cell), CRS)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.0, max_value=3.0), st.floats(min_value=0.0, max_value=6.28))
def test_slope_of_a_plane(gradient: float, direction: float) -> None:
    n, cell = 9, 10.0
    rr, cc = np.mgrid[0:n, 0:n]
    x = (cc + 0.5) * cell
    y = (n - rr - 0.5) * cell
    z = gradient * (np.cos(direction) * x + np.sin(direction) * y)
    slope = slope_degrees(_grid(z, cell))
    assert np.allclose(slope, np.degrees(np.arctan(gradient)), atol=1e-6)


def test_ruggedness_and_hillshade() -> None:
    flat = _grid(np.full((5, 5), 100.0))
    assert np.nanmax(ruggedness(flat)) == 0.0
    assert np.isnan(ruggedness(flat)[0, 0])
    spike = np.zeros((3, 3))
    spike[1, 1] = 10.0
    assert ruggedness(_grid(spike))[1, 1] == pytest.approx(np.sqrt(8 * 100.0))
    hs = hillshade(flat)
    assert np.allclose(hs, 255.0 * np.cos(np.radians(45.0)))
    # a slope facing the light (north-west) is brighter than one facing away
    rr, cc = np.mgrid[0:9, 0:9]
    facing_nw = _grid((rr + cc) * 5.0)  # rises to the south-east, faces north-west
    facing_se = _grid(-(rr + cc) * 5.0)
    assert hillshade(facing_nw)[4, 4] > hillshade(facing_se)[4, 4]


def test_zonal_stats_sample_and_coverage() -> None:
    values = np.arange(100.0).reshape(10, 10)
    r = _grid(values)
    zones = gpd.GeoSeries(
        [shapely.box(0, 50, 50, 100), shapely.box(1, 1, 2, 2), shapely.box(500, 500, 600, 600)],
        index=["a", "tiny", "outside"],
        crs=CRS,
    )
    stats = zonal_stats(r, zones)
    expected = values[0:5, 0:5]
    assert stats.loc["a", "mean"] == pytest.approx(expected.mean())
    assert stats.loc["a", "p90"] == pytest.approx(np.percentile(expected, 90))
    assert stats.loc["a", "count"] == 25
    assert stats.loc["tiny", "mean"] == pytest.approx(values[9, 0])  # representative point
    assert np.isnan(stats.loc["outside", "mean"])
    assert sample(r, np.array([5.0, -5.0]), np.array([95.0, 5.0]))[0] == 0.0
    assert np.isnan(sample(r, np.array([-5.0]), np.array([5.0]))[0])
    assert coverage_fraction(r, shapely.box(0, 0, 100, 100)) == pytest.approx(1.0)
    assert coverage_fraction(r, shapely.box(50, 0, 150, 100)) == pytest.approx(0.5)
    assert coverage_fraction(r, shapely.box(500, 500, 600, 600)) == 0.0


def test_incident_weights_half_life_status_and_future() -> None:
    frame = pd.DataFrame(
        {
            "occurred_at": pd.to_datetime(
                ["2024-01-01", "2023-01-01", "2024-06-01", "2024-01-01", "2024-01-01"]
            ),
            "severity": [2, 2, 5, 3, 1],
            "casualties": [0, 0, 0, 1, 3],
            "status": ["diverifikasi", "selesai", "diverifikasi", "ditolak", "dilaporkan"],
        }
    )
    w = incident_weights(frame, as_of=pd.Timestamp("2024-01-01"), half_life_days=365)
    assert w.tolist() == pytest.approx([2.0, 1.0, 0.0, 0.0, 3.0])
    with pytest.raises(ValueError, match="paruh"):
        incident_weights(frame, as_of=pd.Timestamp("2024-01-01"), half_life_days=0)


def test_incident_scores_tie_to_tps_and_desa() -> None:
    tps = pd.DataFrame(
        {
            "tps_id": ["5303012001001", "5303012001002", "5303012002001"],
            "desa_code": ["53.03.01.2001", "53.03.01.2001", "53.03.01.2002"],
        }
    )
    inc = pd.DataFrame(
        {
            "occurred_at": pd.to_datetime(["2024-01-01"] * 4),
            "type": ["kekerasan", "politik_uang", "perusakan", "hoaks"],
            "severity": [4, 2, 1, 3],
            "casualties": [0, 0, 0, 0],
            "desa_code": [None, "53.03.01.2001", "53.03.01.2002", "53.03.01.2002"],
            "tps_id": ["5303012001001", None, "5303012002001", None],
            "status": ["diverifikasi"] * 4,
        }
    )
    t, d = incident_scores(inc, tps, as_of=pd.Timestamp("2024-01-01"))
    # desa of the first incident comes from its TPS id
    assert d.loc["53.03.01.2001", "incident_score"] == 6.0
    assert d.loc["53.03.01.2001", "incident_score_kekerasan"] == 4.0
    assert d.loc["53.03.01.2001", "incident_score_politik_uang"] == 2.0
    assert d.loc["53.03.01.2002", "incident_score_kekerasan"] == 1.0  # perusakan → kekerasan
    assert d.loc["53.03.01.2002", "incident_score_lainnya"] == 3.0  # unknown type → lainnya
    # TPS: own incidents + the desa's incidents not tied to a TPS
    assert t.loc["5303012001001", "incident_score"] == 6.0
    assert t.loc["5303012001002", "incident_score"] == 2.0
    assert t.loc["5303012002001", "incident_score"] == 4.0


def test_hotspot_surface_and_scores() -> None:
    s = hotspot_surface(
        np.array([0.0, 0.0]),
        np.array([0.0, 0.0]),
        np.array([1.0, 2.0]),
        bounds=(-10_000, -10_000, 10_000, 10_000),
        crs=CRS,
        cell_m=250,
        bandwidth_m=1000,
    )
    total = np.nansum(s.values) * 0.25 * 0.25
    assert total == pytest.approx(3.0, rel=1e-3)
    zones = gpd.GeoSeries(
        [shapely.box(-1000, -1000, 1000, 1000), shapely.box(5000, 5000, 9000, 9000)],
        index=["hot", "cold"],
        crs=CRS,
    )
    scores = hotspot_scores(s, zones)
    assert scores["hot"] > 50 > scores["cold"]
    assert scores.between(0, 100).all()


def test_unit_areas_split_desa_by_first_reached_tps() -> None:
    first = np.array([0, 0, 1, 1, 1, -1])
    desa = pd.Series(["A", "A", "A", "B", "B", "B"])
    voters = pd.Series([100, 200, 300, 400, None, 50])
    area = pd.Series({"A": 30.0, "B": 10.0, "C": 5.0})
    out = unit_areas(
        first, desa, voters, area, np.array([2.0, 0.0]), desa_fallback_unit=pd.Series({"C": 0})
    )
    assert out.loc[0, "area_km2"] == pytest.approx(20.0 + 5.0)
    assert out.loc[1, "area_km2"] == pytest.approx(10.0 + 10.0)
    assert out.loc[0, "voters"] == 300 and out.loc[1, "voters"] == 700
    assert out.loc[0, "area_per_officer_km2"] == pytest.approx(12.5)
    assert np.isnan(out.loc[1, "voters_per_officer"])  # no officers: empty, not infinite


def test_border_distance() -> None:
    border = gpd.GeoSeries([shapely.LineString([(0, 0), (0, 10_000)])], crs=CRS)
    pts = gpd.GeoSeries([shapely.Point(3000, 5000), shapely.box(-10, 0, 10, 10), None], crs=CRS)
    d = border_distance_km(pts, border)
    assert d[0] == pytest.approx(3.0)
    assert d[1] == 0.0
    assert np.isnan(d[2])


def test_road_graph_refuses_lonlat() -> None:
    roads = gpd.GeoDataFrame(
        {"highway": ["primary"]},
        geometry=[shapely.LineString([(124.0, -9.4), (124.1, -9.4)])],
        crs="EPSG:4326",
    )
    with pytest.raises(ValueError, match="metrik"):
        build_road_graph(roads)
