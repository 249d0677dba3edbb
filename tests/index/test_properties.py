"""Property tests of the index invariants (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from petarawan.domain.index import ClassScheme, Framework, classify_scores, compute_index
from petarawan.io.frameworks import parse_framework

from .conftest import SMALL

FW = parse_framework(SMALL, source="small.yaml")
AGGS = ["arithmetic", "geometric", "harmonic", "max", "complement_geometric"]
values = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)


def _frame(data: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(data, columns=["x1", "x2", "x3"], index=[f"u{i}" for i in range(len(data))])


def _with_agg(fw: Framework, agg: str) -> Framework:
    nodes = [n.model_copy(update={"aggregation": agg}) for n in fw.nodes]
    return fw.model_copy(update={"nodes": nodes})


tables = arrays(np.float64, st.tuples(st.integers(2, 12), st.just(3)), elements=values)
common = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(data=tables, agg=st.sampled_from(AGGS))
def test_scores_within_scale(data: np.ndarray, agg: str) -> None:
    res = compute_index(_with_agg(FW, agg), {"tps": _frame(data)})
    s = res.table("tps")["idx"]
    assert ((s >= -1e-9) & (s <= 100 + 1e-9)).all()


@common
@given(
    data=tables,
    agg=st.sampled_from(["arithmetic", "geometric", "harmonic", "max"]),
    unit=st.integers(0, 11),
    bump=st.floats(0.01, 100),
)
def test_raising_a_positive_indicator_never_lowers_the_score(
    data: np.ndarray, agg: str, unit: int, bump: float
) -> None:
    fw = _with_agg(FW, agg)
    unit = unit % len(data)
    before = compute_index(fw, {"tps": _frame(data)}).table("tps")["idx"].iloc[unit]
    # goalposts fix the scale, so one unit's change does not move the others' normalisation
    inds = [
        i.model_copy(update={"normalisation": "goalposts", "goalposts": (0.0, 1100.0)})
        for i in fw.indicators
    ]
    fw = fw.model_copy(update={"indicators": inds})
    before = compute_index(fw, {"tps": _frame(data)}).table("tps")["idx"].iloc[unit]
    raised = data.copy()
    raised[unit, 0] += bump  # x1 has direction +1
    after = compute_index(fw, {"tps": _frame(raised)}).table("tps")["idx"].iloc[unit]
    assert after >= before - 1e-9


@common
@given(data=tables, factor=st.floats(0.01, 1000), agg=st.sampled_from(AGGS))
def test_scaling_all_weights_leaves_scores_unchanged(
    data: np.ndarray, factor: float, agg: str
) -> None:
    fw = _with_agg(FW, agg)
    scaled = fw.with_weights(
        {
            **{i.id: i.weight * factor for i in fw.indicators},
            **{n.id: n.weight * factor for n in fw.nodes},
        }
    )
    a = compute_index(fw, {"tps": _frame(data)}).table("tps")["idx"]
    b = compute_index(scaled, {"tps": _frame(data)}).table("tps")["idx"]
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


@common
@given(data=tables, agg=st.sampled_from(AGGS))
def test_contributions_sum_to_the_score(data: np.ndarray, agg: str) -> None:
    res = compute_index(_with_agg(FW, agg), {"tps": _frame(data)})
    lr = res.levels["tps"]
    total = lr.contributions[["x1", "x2", "x3"]].sum(axis=1)
    np.testing.assert_allclose(total, lr.scores["idx"], atol=1e-7)
    dims = lr.contributions[["a", "b"]].sum(axis=1)
    np.testing.assert_allclose(dims, lr.scores["idx"], atol=1e-7)


@common
@given(
    y=arrays(np.float64, st.integers(1, 30), elements=values),
    kind=st.sampled_from(["fixed", "quantiles", "equal_interval", "fisher_jenks"]),
    k=st.integers(2, 6),
)
def test_class_counts_sum_to_n(y: np.ndarray, kind: str, k: int) -> None:
    if kind == "fixed":
        scheme = FW.scheme_for("idx")
        assert scheme is not None
    else:
        scheme = ClassScheme(type=kind, k=k)  # type: ignore[arg-type]
    cls = classify_scores(y, scheme, "tps")
    assert pd.Series(cls).value_counts().sum() == len(y)
