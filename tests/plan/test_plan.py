"""Deployment planner on the real regency (TTU, 774 TPS) and on hand-made degenerate input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain.grouping import group_tps
from petarawan.domain.plan import PlanOptions, coverage_curve, next_bko, plan_deployment
from petarawan.errors import InfeasibleProblemError, InputDataError
from petarawan.io.patterns import read_pattern


@pytest.fixture(scope="module")
def ttu_pattern():  # type: ignore[no-untyped-def]
    return read_pattern("ttu-pemilu2024")


@pytest.fixture(scope="module")
def ttu_plan(ttu_tps, ttu_unit_table, ttu_pattern):  # type: ignore[no-untyped-def]
    return plan_deployment(ttu_tps, ttu_pattern, ttu_unit_table)


def test_ttu_requirement_is_what_a_polres_would_recognise(ttu_tps, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    result = plan_deployment(ttu_tps, ttu_pattern)
    s = result.summary
    by_cat = s["required"]["by_category"]
    assert by_cat["kurang_rawan"]["tps"] == 749
    assert by_cat["rawan"] == {
        "tps": 19,
        "groups": 19,
        "polri": 19,
        "linmas": 38,
        "pattern": "1:1:2",
    }
    assert by_cat["sangat_rawan"]["polri"] == 10
    assert by_cat["khusus"]["tps"] == 1
    # the ideal 749/3 + 19 + 10 + 2 = 281 (Polres TTU: about 282 on TPS duty); grouping within
    # kecamatan and 15 minutes can only add a few groups
    assert 281 <= s["required"]["polri"] <= 300
    assert s["required"]["linmas"] == 749 * 2 + 19 * 2 + 5 * 2 + 2
    assert s["grouping"]["groups"] >= s["grouping"]["lower_bound"]
    assert s["grouping"]["gap"] <= 0.02
    assert s["status"] == "requirement_only"
    assert s["available"] == {"polri": None}
    assert "unit" in s["notice"]
    assert "kurang rawan 1 Polri untuk 3 TPS dan 6 Linmas" in s["how"]  # the 1:3:6 in words


def test_ttu_allocation_meets_the_hard_constraints(ttu_plan, ttu_unit_table) -> None:  # type: ignore[no-untyped-def]
    s = ttu_plan.summary
    assert s["status"] == "optimal"
    assert s["gap"] <= 0.01
    assert s["available"]["polri"] == 283  # 425 less a third kept in reserve
    g = ttu_plan.groups
    strict = g["category"].isin(["sangat_rawan", "khusus"])
    assert (g.loc[strict, "assigned"] == g.loc[strict, "polri"]).all()
    assert s["shortfall"]["polri"] == int(g["shortfall"].sum())
    assert s["shortfall"]["polri"] == max(s["required"]["polri"] - 283, 0)
    assert s["shortfall"]["by_category"]["rawan"] == 0  # rawan outranks kurang rawan
    assert s["bko"]["polri"] == s["shortfall"]["polri"]
    used = ttu_plan.roster.groupby("unit")["polri"].sum()
    for unit, n in used.items():
        assert n <= s["available"]["by_unit"][unit]
    assert (ttu_plan.roster["minutes"] <= 120).all()
    assert ttu_plan.roster["polri"].sum() == int(g["assigned"].sum())
    assert set(s) >= {"required", "available", "shortfall", "status", "gap"}


def test_ttu_plan_reports_how_the_solver_ended(ttu_plan) -> None:  # type: ignore[no-untyped-def]
    s = ttu_plan.summary
    solver = s["solver"]
    assert solver["name"] == "HiGHS"
    assert solver["seconds"] > 0 and s["seconds"] >= solver["seconds"]
    n_units = len(s["available"]["by_unit"])
    assert solver["variables"] >= s["grouping"]["groups"]  # one shortfall per group at least
    assert solver["variables"] <= s["grouping"]["groups"] * (n_units + 1)
    # the reported gap is the distance between the objective and the proven bound
    obj, bound = solver["objective"], solver["bound"]
    assert bound <= obj + 1e-6
    assert s["gap"] == pytest.approx((obj - bound) / max(abs(obj), 1e-9), abs=1e-6)


def test_what_if_curve_is_monotone(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    curve = coverage_curve(ttu_tps, ttu_pattern, ttu_unit_table, [10, 300, 425, 500])
    assert curve.loc[0, "status"] == "infeasible"  # 6 on duty < 12 for sangat rawan + khusus
    shares = curve["covered_risk_share"].iloc[1:].astype(float).to_numpy()
    assert np.all(np.diff(shares) >= -1e-9)
    assert curve["shortfall"].iloc[-1] == 0


def test_next_bko_goes_to_uncovered_groups(ttu_plan) -> None:  # type: ignore[no-untyped-def]
    nxt = next_bko(ttu_plan, 5)
    assert nxt["polri"].sum() == min(5, ttu_plan.summary["shortfall"]["polri"])
    assert set(nxt["unit"]) <= set(ttu_plan.summary["bko"]["to_unit"])


def test_no_personnel_is_named_infeasible(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    units = ttu_unit_table.assign(polri=0)
    with pytest.raises(InfeasibleProblemError, match="Tidak ada personel"):
        plan_deployment(ttu_tps, ttu_pattern, units)


def test_too_few_for_sangat_rawan_gives_the_numbers(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InfeasibleProblemError, match=r"butuh 12 Polri.*hanya 6.*kurang 6"):
        plan_deployment(ttu_tps, ttu_pattern, ttu_unit_table, options=PlanOptions(available=10))


def test_unit_that_reaches_no_tps(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    units = ttu_unit_table.copy()
    units.loc[3, "lon"] = 130.0  # far out at sea
    with pytest.raises(InputDataError, match="1 unit tidak menjangkau") as info:
        plan_deployment(ttu_tps, ttu_pattern, units)
    assert any(units.loc[3, "code"] in i.message for i in info.value.issues)


def test_unknown_category_and_missing_coordinates(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    bad = ttu_tps.copy()
    bad.loc[0, "category"] = "gawat"
    with pytest.raises(InputDataError, match="kategori tidak dikenal"):
        plan_deployment(bad, ttu_pattern)
    bad = ttu_tps.copy()
    bad.loc[[1, 2], "lon"] = np.nan
    with pytest.raises(InputDataError, match="2 dari 774 TPS tanpa koordinat"):
        plan_deployment(bad, ttu_pattern, ttu_unit_table)
    # the requirement alone works: those TPS are grouped within their desa only
    s = plan_deployment(bad, ttu_pattern).summary
    assert s["tps"]["without_coordinates"] == 2
    assert s["notices"] and s["required"]["polri"] >= 281


def test_unreachable_sangat_rawan_is_infeasible(ttu_tps, ttu_unit_table, ttu_pattern) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((InfeasibleProblemError, InputDataError)):
        plan_deployment(
            ttu_tps, ttu_pattern, ttu_unit_table, options=PlanOptions(max_unit_minutes=1.0)
        )


# -------------------------------------------------------------------------------- grouping
@settings(max_examples=30, deadline=None)
@given(
    pts=st.lists(
        st.tuples(st.integers(0, 3), st.floats(0, 20000), st.floats(0, 20000)),
        min_size=1,
        max_size=40,
    ),
    k=st.integers(1, 5),
)
def test_groups_are_small_close_and_within_kecamatan(pts, k) -> None:  # type: ignore[no-untyped-def]
    kec = pd.Series([f"k{p[0]}" for p in pts])
    xy = np.array([[p[1], p[2]] for p in pts])
    mpm = 1.3 / 500.0  # 30 km/h
    res = group_tps(kec, xy, pd.Series([k] * len(pts)), minutes_per_metre=mpm, max_minutes=15.0)
    assert (res.group >= 0).all()
    assert res.n_groups >= res.lower_bound >= 1
    for g in np.unique(res.group):
        members = np.nonzero(res.group == g)[0]
        assert len(members) <= k
        assert kec.iloc[members].nunique() == 1
        d = np.hypot(*(xy[members, None, :] - xy[None, members, :]).transpose(2, 0, 1)) * mpm
        assert d.max() <= 15.0 + 1e-9


def test_requirement_counts_groups_not_ratios() -> None:
    # 7 kurang rawan TPS at one point: 1:3:6 needs ceil(7/3) = 3 Polri and 14 Linmas
    pat = read_pattern("ttu-pemilu2024")
    tps = pd.DataFrame(
        {
            "tps_id": [f"530301200500{i}" for i in range(1, 8)],
            "desa_code": "53.03.01.2005",
            "lon": 124.4,
            "lat": -9.4,
        }
    )
    s = plan_deployment(tps, pat).summary
    assert s["required"]["polri"] == 3
    assert s["required"]["linmas"] == 14
    assert s["grouping"]["groups"] == s["grouping"]["lower_bound"] == 3


def test_tps_and_units_share_one_projection_across_a_utm_zone_boundary() -> None:
    """TPS west and a unit east of 126°E (UTM 51/52) are 5 km apart, not hundreds of minutes."""
    tps = pd.DataFrame(
        {
            "tps_id": ["5399012001001", "5399012001002"],
            "desa_code": ["53.99.01.2001"] * 2,
            "lon": [125.97, 125.975],
            "lat": [-9.0, -9.0],
            "voters": [200, 200],
            "category": ["sangat_rawan", "sangat_rawan"],
            "khusus": [False, False],
        }
    )
    units = pd.DataFrame(
        {
            "code": ["PS"],
            "name": ["Polsek Batas"],
            "kind": ["polsek"],
            "lon": [126.02],
            "lat": [-9.0],
            "polri": [30],
            "brimob": [0],
            "tni": [0],
            "linmas": [10],
        }
    )
    result = plan_deployment(tps, read_pattern("ttu-pemilu2024"), units)
    assert result.summary["status"] == "optimal"
    assert result.summary["shortfall"]["polri"] == 0
