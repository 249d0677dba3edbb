"""Location library: OR-Library optima, spopt's San Francisco case, exhaustive cross-checks."""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from petarawan.errors import InfeasibleProblemError, InputDataError
from petarawan.locate import (
    ORLIB_PMEDIAN_OPTIMA,
    cost_matrix,
    from_geodataframe,
    lscp,
    mclp,
    p_center,
    p_median,
    read_orlib_pmedian,
)

# The optima as published with the instances (OR-Library file ``pmedopt``, J.E. Beasley, "A note
# on solving large p-median problems", EJOR 21 (1985) 270-273, Table 2), transcribed here on its
# own so the library's table is checked against the source and not against itself.
PUBLISHED = {
    1: 5819, 2: 4093, 3: 4250, 4: 3034, 5: 1355, 6: 7824, 7: 5631, 8: 4445, 9: 2734, 10: 1255,
    11: 7696, 12: 6634, 13: 4374, 14: 2968, 15: 1729, 16: 8162, 17: 6999, 18: 4809, 19: 2845,
    20: 1789, 21: 9138, 22: 8579, 23: 4619, 24: 2961, 25: 1828, 26: 9917, 27: 8307, 28: 4498,
    29: 3033, 30: 1989, 31: 10086, 32: 9297, 33: 4700, 34: 3013, 35: 10400, 36: 9934, 37: 5057,
    38: 11060, 39: 9423, 40: 5128,
}  # fmt: skip
OPTIMA = PUBLISHED


@pytest.fixture(scope="module")
def sf(shared_data: Path) -> tuple[np.ndarray, np.ndarray]:
    folder = shared_data / "benchmarks" / "spopt_sf"
    net = pd.read_csv(folder / "SF_network_distance_candidateStore_16_censusTract_205_new.csv")
    piv = net.pivot_table(values="distance", index="DestinationName", columns="name")
    weights = net.groupby("DestinationName")["demand"].first().reindex(piv.index).to_numpy()
    return piv.to_numpy(), weights.astype(float)


def test_orlib_optima_table_matches_the_published_optima() -> None:
    assert dict(enumerate(ORLIB_PMEDIAN_OPTIMA, start=1)) == PUBLISHED


@pytest.mark.parametrize("k", sorted(OPTIMA))
def test_orlib_pmedian_proves_known_optimum(shared_data: Path, k: int) -> None:
    costs, p = read_orlib_pmedian(shared_data / "benchmarks" / "orlib_pmedian" / f"pmed{k}.txt")
    result = p_median(costs, p)
    # the solver's own proof (bound = objective) and the published optimum agree
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert result.bound == pytest.approx(result.objective)
    assert result.objective == PUBLISHED[k]
    assert len(result.facilities) == p
    assert set(result.assignment.tolist()) <= set(result.facilities.tolist())


def test_orlib_reader_last_duplicate_edge_wins(tmp_path: Path) -> None:
    f = tmp_path / "tiny.txt"
    f.write_text("3 3 1\r\n1 2 10\r\n2 3 1\r\n1 2 2\r\n")
    costs, p = read_orlib_pmedian(f)
    assert p == 1
    assert costs[0, 1] == 2 and costs[0, 2] == 3


def test_sf_p_median_mean_distance(sf: tuple[np.ndarray, np.ndarray]) -> None:
    costs, w = sf
    result = p_median(costs, 4, weights=w)
    assert result.objective / w.sum() == pytest.approx(2982.13, abs=0.01)
    assert result.status == "optimal"


def test_sf_mclp_uncovered(sf: tuple[np.ndarray, np.ndarray]) -> None:
    costs, w = sf
    result = mclp(costs, 4, 5000, weights=w)
    assert int((result.assignment == -1).sum()) == 21
    assert result.details["uncovered"] == 21
    # exhaustive: no 4 sites cover more weight
    best = max(
        w[(costs[:, list(s)] <= 5000).any(axis=1)].sum()
        for s in itertools.combinations(range(costs.shape[1]), 4)
    )
    assert result.objective == pytest.approx(best)


def _exhaustive_cover(costs: np.ndarray, radius: float) -> int:
    for k in range(1, costs.shape[1] + 1):
        for s in itertools.combinations(range(costs.shape[1]), k):
            if (costs[:, list(s)] <= radius).any(axis=1).all():
                return k
    raise AssertionError


def _exhaustive_center(costs: np.ndarray, p: int) -> float:
    return min(
        costs[:, list(s)].min(axis=1).max()
        for s in itertools.combinations(range(costs.shape[1]), p)
    )


@pytest.mark.parametrize("radius", [5000.0, 6000.0, 8000.0])
def test_sf_lscp_matches_exhaustive(sf: tuple[np.ndarray, np.ndarray], radius: float) -> None:
    costs, _ = sf
    result = lscp(costs, radius)
    assert result.objective == _exhaustive_cover(costs, radius)
    assert (costs[np.arange(len(costs)), result.assignment] <= radius).all()


@pytest.mark.parametrize("p", [2, 4])
def test_sf_p_center_matches_exhaustive(sf: tuple[np.ndarray, np.ndarray], p: int) -> None:
    costs, _ = sf
    result = p_center(costs, p)
    assert result.objective == pytest.approx(_exhaustive_center(costs, p))
    assert len(result.facilities) == p


matrices = st.integers(min_value=3, max_value=7).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 30), min_size=5, max_size=5), min_size=n, max_size=n)
)


@settings(max_examples=25, deadline=None)
@given(rows=matrices, p=st.integers(1, 3))
def test_p_median_equals_brute_force(rows: list[list[int]], p: int) -> None:
    costs = np.array(rows, dtype=float)
    result = p_median(costs, p)
    best = min(costs[:, list(s)].min(axis=1).sum() for s in itertools.combinations(range(5), p))
    assert result.objective == pytest.approx(best)
    assert len(result.facilities) == p
    assert set(result.assignment.tolist()) <= set(result.facilities.tolist())


@settings(max_examples=20, deadline=None)
@given(rows=matrices, p=st.integers(1, 3))
def test_p_center_equals_brute_force(rows: list[list[int]], p: int) -> None:
    costs = np.array(rows, dtype=float)
    assert p_center(costs, p).objective == pytest.approx(_exhaustive_center(costs, p))


def test_nan_costs_named_error() -> None:
    costs = np.array([[1.0, np.nan], [2.0, 3.0]])
    with pytest.raises(InputDataError, match="1 sel biaya NaN"):
        p_median(costs, 1)


def test_p_larger_than_sites() -> None:
    with pytest.raises(InputDataError, match=r"p = 3 lebih besar dari jumlah lokasi\D+\(2\)"):
        p_median(np.ones((4, 2)), 3)
    with pytest.raises(InputDataError, match="p = 5"):
        mclp(np.ones((4, 2)), 5, 1.0)


def test_lscp_unreachable_row_is_infeasible() -> None:
    costs = np.array([[1.0, 2.0], [50.0, 60.0]])
    with pytest.raises(InfeasibleProblemError, match=r"1 baris tidak terjangkau.*radius 10"):
        lscp(costs, 10.0)


def test_geodataframe_front() -> None:
    demand = gpd.GeoDataFrame(
        {"w": [1.0, 1.0, 5.0]},
        geometry=[Point(124.4, -9.4), Point(124.41, -9.4), Point(124.6, -9.5)],
        crs=4326,
    )
    sites = gpd.GeoDataFrame(geometry=[Point(124.405, -9.4), Point(124.6, -9.5)], crs=4326)
    costs = cost_matrix(demand, sites)
    assert costs[2, 1] == pytest.approx(0.0, abs=1e-6)
    assert costs[0, 0] == pytest.approx(549, rel=0.02)  # 0.005° of longitude at 9.4° S
    result = from_geodataframe("p_median", demand, sites, p=1, weights_col="w")
    assert result.facilities.tolist() == [1]
    with pytest.raises(InputDataError, match="tidak dikenal"):
        from_geodataframe("nope", demand, sites)


def _random_instances(count: int) -> list[tuple[np.ndarray, np.ndarray, int]]:
    """Euclidean instances large enough that the root bound leaves a gap (the tree branches)."""
    rng = np.random.default_rng(7)
    out = []
    for k in range(count):
        pts = rng.uniform(0, 100, size=(24, 2))
        costs = np.rint(np.linalg.norm(pts[:, None] - pts[None, :12], axis=2))
        weights = rng.integers(1, 9, size=24).astype(float)
        if k % 3 == 0:
            weights = weights + 0.25  # non-integral costs: no rounding of bounds
        out.append((costs, weights, 2 + k % 4))
    return out


def _brute_median(costs: np.ndarray, w: np.ndarray, p: int) -> float:
    return float(
        min(
            (w * costs[:, list(s)].min(axis=1)).sum()
            for s in itertools.combinations(range(costs.shape[1]), p)
        )
    )


@pytest.mark.parametrize("method", ["auto", "tree", "milp"])
def test_p_median_methods_equal_brute_force(method: str) -> None:
    nodes = 0.0
    for costs, w, p in _random_instances(18):
        result = p_median(costs, p, weights=w, method=method)
        assert result.objective == pytest.approx(_brute_median(costs, w, p))
        assert result.status == "optimal" and result.gap == 0.0
        assert len(result.facilities) == p
        nodes += result.details["tree_nodes"]
    assert (nodes > 0) == (method != "milp")  # the tree really searched


def test_branch_and_bound_proves_and_improves() -> None:
    from petarawan.domain.location.lagrange import branch_and_bound, lagrangean_bound

    costs, w, p = _random_instances(2)[1]
    wc = w[:, None] * costs
    opt = _brute_median(costs, w, p)
    root = lagrangean_bound(wc, p, opt + 50, integral=True)
    found = branch_and_bound(wc, p, opt + 50, root.lam, integral=True)
    assert found.finished and found.value == pytest.approx(opt)
    assert float(wc[:, found.facilities].min(axis=1).sum()) == pytest.approx(opt)
    # given the optimum as upper bound, the tree proves nothing better exists
    proof = branch_and_bound(wc, p, opt, root.lam, integral=True)
    assert proof.finished and len(proof.facilities) == 0 and proof.value == opt


def test_p_median_unknown_method() -> None:
    with pytest.raises(InputDataError, match="method = 'simplex'"):
        p_median(np.ones((3, 3)), 1, method="simplex")


def test_p_median_switch_is_decided_by_nodes_not_time() -> None:
    """The tree's node budget, not elapsed time, hands over to the MILP: same inputs, same path."""
    branching = [
        (costs, w, p)
        for costs, w, p in _random_instances(18)
        if p_median(costs, p, weights=w).details["tree_nodes"] > 1
    ]
    assert branching, "no random instance needed the tree"
    costs, w, p = branching[0]
    full = p_median(costs, p, weights=w)
    assert full.details["tree_finished"] == 1.0 and full.details["rounds"] == 0.0
    cut = p_median(costs, p, weights=w, tree_nodes=1)
    assert cut.details["tree_nodes"] == 1.0 and cut.details["tree_finished"] == 0.0
    assert cut.details["rounds"] >= 1.0  # the MILP took over and proved the optimum
    assert cut.status == "optimal" and cut.objective == pytest.approx(full.objective)
    again = p_median(costs, p, weights=w, tree_nodes=1)
    assert again.details == cut.details
    assert again.facilities.tolist() == cut.facilities.tolist()
