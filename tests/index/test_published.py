"""Correctness against published results: COINr ASEM and INFORM Risk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petarawan.domain.index import compute_index
from petarawan.io.frameworks import load_framework

from .conftest import ROOT


def test_asem_reproduces_coinr_published_index(asem_table: pd.DataFrame) -> None:
    fw = load_framework(ROOT / "examples" / "coinr-asem" / "asem.yaml")
    res = compute_index(fw, {"country": asem_table})
    t = res.table("country")
    assert round(t.at["CHE", "Index"], 2) == 68.38
    assert round(t.at["NLD", "Index"], 2) == 64.82
    assert round(t.at["DNK", "Index"], 2) == 64.80
    assert round(t.at["RUS", "Index"], 2) == 35.66
    assert t.at["CHE", "rank"] == 1
    assert t.at["RUS", "rank"] == 51
    assert len(t) == 51
    assert {"Conn", "Sust", "Physical", "SusEcFin"} <= set(t.columns)


def test_asem_treatment_follows_coinr(asem_table: pd.DataFrame) -> None:
    fw = load_framework(ROOT / "examples" / "coinr-asem" / "asem.yaml")
    res = compute_index(fw, {"country": asem_table})
    treated = res.treatments["country"]
    assert treated["Services"] == "winsorised 4"
    assert treated["Goods"] == "none"
    assert sum(v.startswith("winsorised") for v in treated.values()) == 15


def test_asem_contributions_sum_to_index(asem_table: pd.DataFrame) -> None:
    fw = load_framework(ROOT / "examples" / "coinr-asem" / "asem.yaml")
    res = compute_index(fw, {"country": asem_table})
    lr = res.levels["country"]
    ind = lr.contributions[[i.id for i in fw.indicators]].sum(axis=1)
    np.testing.assert_allclose(ind, lr.scores["Index"], atol=1e-9)
    dims = lr.contributions[["Conn", "Sust"]].sum(axis=1)
    np.testing.assert_allclose(dims, lr.scores["Index"], atol=1e-9)


# Indonesia's published INFORM values (JRC; OCHA-DAP/viz-inform-risk INFORM-2016.csv,
# INFORM_Mid2018_v034.csv, inform_gri_2020_v040.csv): risk, hazard & exposure, vulnerability,
# lack of coping capacity. The other countries are compared by benchmarks/inform_risk.py.
@pytest.mark.parametrize(
    ("edition", "yaml_name", "published"),
    [
        ("inform_2016_components.csv", "inform.yaml", (4.6, 6.5, 2.8, 5.2)),
        ("inform_mid2018_components.csv", "inform.yaml", (4.3, 7.0, 2.5, 4.7)),
        ("inform_2020_components.csv", "inform-2020.yaml", (4.7, 7.2, 3.2, 4.5)),
    ],
)
def test_inform_indonesia_within_a_tenth(
    shared_data: Path, edition: str, yaml_name: str, published: tuple[float, ...]
) -> None:
    fw = load_framework(ROOT / "examples" / "inform" / yaml_name)
    data = pd.read_csv(shared_data / "benchmarks" / "inform_risk" / edition, na_values="x")
    data = data.dropna(subset=["ISO3"]).set_index("ISO3")  # mid-2018 has a blank footer row
    res = compute_index(fw, {"country": data})
    t = res.table("country")
    cols = ["INFORM_RISK", "HAZARD_EXPOSURE", "VULNERABILITY", "LACK_OF_COPING_CAPACITY"]
    for col, value in zip(cols, published, strict=True):
        assert abs(t.at["IDN", col] - value) <= 0.1, col
    assert t["INFORM_RISK"].between(0, 10).all()
    # the risk is the geometric mean of the three dimensions
    dims = t[cols[1:]]
    np.testing.assert_allclose(np.exp(np.log(dims).mean(axis=1)), t["INFORM_RISK"], rtol=1e-12)
    assert res.missing["country"] == []
