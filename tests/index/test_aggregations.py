"""INFORM's aggregations: c - GM(c - x) with its own complement and the weighted maximum."""

from __future__ import annotations

import numpy as np
import pytest

from petarawan.domain.index import aggregate_node


def test_complement_geometric_with_complement_11() -> None:
    values = np.array([[8.9, 8.1, 9.7, 6.1, 3.4, 7.1], [10.0, 10.0, 0.0, 0.0, 0.0, 0.0]])
    w = np.ones(6)
    v, shares = aggregate_node(values, w, "complement_geometric", 11.0)
    expected = 11 - np.exp(np.log(11 - values).mean(axis=1))
    np.testing.assert_allclose(v, expected)
    assert v[1] < 10  # a 10 no longer forces the category to 10, as with 10 - GM(10 - x)
    ten, _ = aggregate_node(values, w, "complement_geometric", 10.0)
    assert ten[1] == pytest.approx(10.0)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_weighted_max_uses_raw_weights_and_skips_missing() -> None:
    # INFORM Human = max(current conflict intensity, 0.7 x projected conflict risk)
    values = np.array([[9.8, 0.0], [9.2, 7.0], [10.0, np.nan], [np.nan, np.nan]])
    v, shares = aggregate_node(values, np.array([0.7, 1.0]), "weighted_max", 10.0)
    np.testing.assert_allclose(v[:3], [6.86, 7.0, 7.0])
    assert np.isnan(v[3])
    assert shares[1].tolist() == [0.0, 1.0]
