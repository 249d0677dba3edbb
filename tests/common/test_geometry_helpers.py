"""One UTM choice, one straight-line unit-to-TPS measure, no magic coordinates in grouping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain.access.crs import to_metres, utm_crs, utm_epsg
from petarawan.domain.access.travel import great_circle_minutes
from petarawan.domain.grouping import group_tps


def test_utm_zone_of_indonesian_places() -> None:
    assert utm_crs(124.4, -9.4) == "EPSG:32751"  # Kefamenanu, southern hemisphere
    assert utm_crs(95.3, 5.5) == "EPSG:32646"  # Banda Aceh, northern hemisphere
    assert utm_crs(140.7, -2.5) == "EPSG:32754"  # Jayapura
    with pytest.raises(ValueError, match="tidak valid"):
        utm_crs(float("nan"), 0.0)


def test_utm_epsg_uses_the_centre_and_ignores_missing_points() -> None:
    assert utm_epsg([124.1, 124.9, np.nan], [-9.8, -9.1, np.nan]) == 32751
    with pytest.raises(ValueError):
        utm_epsg([np.nan], [np.nan])


@settings(max_examples=40, deadline=None)
@given(
    st.floats(min_value=119.5, max_value=125.5),
    st.floats(min_value=-10.5, max_value=-8.0),
    st.floats(min_value=-0.3, max_value=0.3),
    st.floats(min_value=-0.3, max_value=0.3),
)
def test_planar_and_spherical_distance_agree_within_a_regency(
    lon: float, lat: float, dlon: float, dlat: float
) -> None:
    """Within a zone the UTM plane (ellipsoid) and the sphere differ by less than 1 %."""
    xy = to_metres([lon, lon + dlon], [lat, lat + dlat], utm_epsg([lon], [lat]))
    metres = float(np.hypot(*(xy[1] - xy[0])))
    minutes = great_circle_minutes(
        [lon], [lat], [lon + dlon], [lat + dlat], detour_factor=1.0, speed_kmh=60.0
    )
    km_sphere = float(minutes[0, 0])  # 60 km/h: one minute per km
    assert km_sphere == pytest.approx(metres / 1000.0, rel=1e-2, abs=1e-3)


def test_great_circle_minutes_known_distance_and_missing_point() -> None:
    # Kupang (123.60, -10.17) to Kefamenanu (124.48, -9.45): about 125 km
    m = great_circle_minutes(
        [123.60, np.nan], [-10.17, -9.0], [124.48], [-9.45], detour_factor=1.3, speed_kmh=30.0
    )
    assert m[0, 0] == pytest.approx(125.0 * 1.3 / 30.0 * 60.0, rel=0.03)
    assert m[1, 0] == np.inf
    with pytest.raises(ValueError):
        great_circle_minutes([0], [0], [0], [0], detour_factor=0.5, speed_kmh=30.0)


def test_tps_without_coordinates_group_only_within_their_desa() -> None:
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [np.nan, np.nan], [np.nan, np.nan], [np.nan, np.nan]])
    place = pd.Series(["A", "A", "B", "B", "C"])
    blocks = pd.Series(["kec|rawan"] * 5)
    k = pd.Series([5] * 5)
    res = group_tps(blocks, xy, k, minutes_per_metre=0.01, max_minutes=10.0, place=place)
    g = res.group
    assert g[0] == g[1]  # located and close
    assert g[2] == g[3]  # same desa, no coordinates
    assert len({g[0], g[2], g[4]}) == 3  # never across desa, never with a located TPS
    assert res.n_groups == 3 and res.lower_bound == 3
    alone = group_tps(blocks, xy, k, minutes_per_metre=0.01, max_minutes=10.0)
    assert alone.n_groups == 4  # without a place each TPS without coordinates stays alone


@settings(max_examples=80, deadline=None)
@given(
    st.integers(min_value=0, max_value=5000),
    st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=1, max_size=30),
    st.integers(min_value=0, max_value=10),
)
def test_largest_remainder_properties(total: int, weights: list[float], minimum: int) -> None:
    from petarawan.domain.apportion import largest_remainder

    shares = largest_remainder(total, weights, minimum)
    n = len(weights)
    assert shares.sum() == max(total, minimum * n)
    assert (shares >= minimum).all()
    rest = max(0, total - minimum * n)
    w = np.asarray(weights)
    exact = w / w.sum() * rest if w.sum() > 0 else np.full(n, rest / n)
    # Hamilton: every share is its exact quota rounded down or up
    assert (np.abs(shares - minimum - exact) < 1 + 1e-6).all()


def test_largest_remainder_examples_and_bad_weights() -> None:
    from petarawan.domain.apportion import largest_remainder

    assert largest_remainder(10, [1, 1, 1]).tolist() == [4, 3, 3]
    assert largest_remainder(7, [0, 0]).tolist() == [4, 3]
    assert largest_remainder(2, [1, 1, 1], minimum=1).tolist() == [1, 1, 1]
    with pytest.raises(ValueError):
        largest_remainder(3, [1, -1])
