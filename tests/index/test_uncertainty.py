"""Monte Carlo uncertainty: seeded, probabilities sum to one, stability flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petarawan.domain.index import Framework
from petarawan.domain.uncertainty import STABILITY_LABELS, run_uncertainty


def test_uncertainty_is_seeded_and_consistent(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    a = run_uncertainty(small_framework, small_tables, draws=200, seed=7)
    b = run_uncertainty(small_framework, small_tables, draws=200, seed=7)
    pd.testing.assert_frame_equal(a.table, b.table)
    t = a.table
    probs = t[[c for c in t.columns if c.startswith("p_")]]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert (t["rank_p05"] <= t["median_rank"]).all()
    assert (t["median_rank"] <= t["rank_p95"]).all()
    assert set(t["stability"]) <= {"stable", "uncertain"}
    assert a.draws == 200
    assert "dari 6 unit" in a.summary()
    assert STABILITY_LABELS["id"]["uncertain"] == "ragu"  # confidence, not a security state


def test_no_spread_means_stable(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    spec = small_framework.uncertainty.model_copy(
        update={"weight_spread": 0.0, "normalisations": ["min-max"], "imputations": ["median"]}
    )
    fw = small_framework.model_copy(update={"uncertainty": spec})
    res = run_uncertainty(fw, small_tables, draws=50)
    assert (res.table["stability"] == "stable").all()
    assert (res.table["median_rank"] == res.table["rank"]).all()
    assert (res.table["modal_class"] == res.table["class"]).all()


def test_checklist_has_no_uncertainty(small_tables: dict[str, pd.DataFrame]) -> None:
    from petarawan.io.frameworks import find_framework

    with pytest.raises(ValueError, match="checklist"):
        run_uncertainty(find_framework("tps-rawan-pilkada2024"), small_tables)
