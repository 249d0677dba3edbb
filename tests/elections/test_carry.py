"""Linking TPS across elections and combining their values (pure domain logic)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.domain.carry import CarryRules, carry_values, link_tps


def _tps(
    desa: str,
    numbers: list[int],
    voters: list[int] | None = None,
    coords: list[tuple[float, float]] | None = None,
    prefix: str = "",
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tps_id": [f"{prefix}{desa}{n:03d}" for n in numbers],
            "desa_code": desa,
            "number": numbers,
            "voters": voters if voters is not None else [None] * len(numbers),
            "lon": [c[0] for c in coords] if coords else None,
            "lat": [c[1] for c in coords] if coords else None,
            "location_source": "surveyed" if coords else None,
            "khusus": [n >= 900 for n in numbers],
        }
    )


def test_voter_counts_decide_the_groups() -> None:
    old = _tps("D", [1, 2, 3, 4], voters=[280, 290, 150, 160])
    new = _tps("D", [1, 2], voters=[570, 310], prefix="n")
    plan = link_tps(old, new)
    assert plan.feeders() == {"nD001": ["D001", "D002"], "nD002": ["D003", "D004"]}
    assert plan.method_counts() == {"koordinat": 0, "urutan": 4, "pecahan": 0}


def test_surveyed_coordinates_take_precedence() -> None:
    # old TPS 1 is surveyed next to new TPS 2, old TPS 2 next to new TPS 1: order would cross them
    old = _tps("D", [1, 2], coords=[(124.0, -9.0), (124.1, -9.0)])
    new = _tps("D", [1, 2], coords=[(124.1, -9.0005), (124.0, -9.0005)], prefix="n")
    plan = link_tps(old, new)
    assert plan.feeders() == {"nD002": ["D001"], "nD001": ["D002"]}
    assert plan.method_counts()["koordinat"] == 2


def test_new_desa_and_vanished_desa_are_listed() -> None:
    old = pd.concat([_tps("A", [1, 2]), _tps("B", [1])])
    new = pd.concat([_tps("A", [1], prefix="n"), _tps("C", [1, 2], prefix="n")])
    plan = link_tps(old, new)
    assert plan.unmatched_to == ("nC001", "nC002")
    assert plan.unmatched_from == ("B001",)
    assert plan.feeders() == {"nA001": ["A001", "A002"]}


def test_a_split_tps_feeds_both_halves() -> None:
    old = _tps("D", [1], voters=[500])
    new = _tps("D", [1, 2], voters=[250, 250], prefix="n")
    plan = link_tps(old, new)
    assert sorted((lk.to_tps, lk.method) for lk in plan.links) == [
        ("nD001", "urutan"),
        ("nD002", "pecahan"),
    ]


def test_tps_khusus_link_only_to_tps_khusus() -> None:
    old = _tps("D", [1, 2, 901])
    new = _tps("D", [1, 901], prefix="n")
    assert link_tps(old, new).feeders() == {"nD001": ["D001", "D002"], "nD901": ["D901"]}


def test_rules_combine_categories_and_flags() -> None:
    old = _tps("D", [1, 2, 3])
    new = _tps("D", [1], prefix="n")
    plan = link_tps(old, new)
    cats = {"D001": "sangat_rawan", "D002": None, "D003": None}
    flags = {"D001": {"konflik": True}, "D002": {"konflik": True, "bencana": True}, "D003": {}}
    inc = {"D002": ["K-1", "K-2"]}
    (high,) = carry_values(plan, cats, flags, inc)
    assert high.category == "sangat_rawan"
    assert high.flags == {"bencana": True, "konflik": True}
    assert high.incidents == ("K-1", "K-2")
    (low,) = carry_values(plan, cats, flags, inc, CarryRules("lowest", "all"))
    assert low.category == "kurang_rawan"
    assert low.flags == {"bencana": False, "konflik": False}
    (mid,) = carry_values(plan, cats, flags, inc, CarryRules("majority", "majority"))
    assert mid.category == "kurang_rawan"
    assert mid.flags == {"bencana": False, "konflik": True}


@settings(deadline=None)  # no wall-clock limits in tests (busy shared machine)
@given(
    n_old=st.lists(st.integers(0, 12), min_size=1, max_size=6),
    n_new=st.lists(st.integers(0, 8), min_size=1, max_size=6),
)
def test_every_tps_is_counted_once(n_old: list[int], n_new: list[int]) -> None:
    """Linked + unmatched add up to both list sizes; an old TPS feeds one new TPS (bar splits)."""
    old = pd.concat([_tps(f"D{i}", list(range(1, n + 1))) for i, n in enumerate(n_old)])
    new = pd.concat([_tps(f"D{i}", list(range(1, n + 1)), prefix="n") for i, n in enumerate(n_new)])
    plan = link_tps(old, new)
    fed = plan.feeders()
    assert len(fed) + len(plan.unmatched_to) == len(new)
    primary = [lk.from_tps for lk in plan.links if lk.method != "pecahan"]
    assert len(primary) == len(set(primary))
    assert len(set(primary)) + len(plan.unmatched_from) == len(old)
    for i, (a, b) in enumerate(zip(n_old, n_new, strict=False)):
        if a and b:  # every new TPS of a desa that had TPS is fed, from its own desa
            for k in range(1, b + 1):
                assert all(s.startswith(f"D{i}") for s in fed[f"nD{i}{k:03d}"])


@pytest.mark.parametrize("rule", ["highest", "lowest", "majority"])
def test_category_rules_keep_a_known_category(rule: str) -> None:
    plan = link_tps(_tps("D", [1, 2]), _tps("D", [1], prefix="n"))
    (value,) = carry_values(
        plan, {"D001": "rawan", "D002": "kurang_rawan"}, {}, None, CarryRules(rule)
    )
    assert value.category in {"rawan", "kurang_rawan"}
    assert value.sources == ("D001", "D002")
