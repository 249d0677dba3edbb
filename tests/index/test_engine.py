"""The engine on small hand-made data: scores, contributions, missing data, roll-up, checklist."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petarawan.domain.index import Framework, Hierarchy, IndexResult, compute_index
from petarawan.domain.index.compare import compare_results
from petarawan.domain.index.explain import explain, signed
from petarawan.domain.records import AssessmentPayload
from petarawan.io.frameworks import find_framework


def test_scores_by_hand(small_framework: Framework, small_tables: dict[str, pd.DataFrame]) -> None:
    res = compute_index(small_framework, small_tables)
    t = res.table("tps")
    x = small_tables["tps"]
    n1 = (x.x1 - x.x1.min()) / (x.x1.max() - x.x1.min()) * 100
    n2 = (x.x2 - x.x2.min()) / (x.x2.max() - x.x2.min()) * 100
    n3 = (x.x3.max() - x.x3) / (x.x3.max() - x.x3.min()) * 100
    a = (n1 + 3 * n2) / 4
    expected = (2 * a + n3) / 3
    np.testing.assert_allclose(t["idx"], expected)
    assert t["rank"].min() == 1
    assert set(t["class"]) <= {"kurang_rawan", "rawan", "sangat_rawan"}
    contrib = res.levels["tps"].contributions[["x1", "x2", "x3"]].sum(axis=1)
    np.testing.assert_allclose(contrib, t["idx"])


def test_missing_indicator_is_reported_not_fatal(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    tables = {"tps": small_tables["tps"].drop(columns=["x3"])}
    res = compute_index(small_framework, tables)
    assert res.missing["tps"] == ["x3"]
    assert "x3" in res.warnings[0]
    t = res.table("tps")
    # dimension b has no indicator left: the index is dimension a alone
    np.testing.assert_allclose(t["idx"], t["a"])
    assert t["b"].isna().all()


def test_unit_missing_values_flagged(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    tps = small_tables["tps"].copy()
    tps.iloc[0, tps.columns.get_loc("x2")] = np.nan
    res = compute_index(small_framework, {"tps": tps})
    assert bool(res.levels["tps"].imputed.iloc[0]["x2"])
    assert not np.isnan(res.table("tps")["idx"].iloc[0])


def test_rollup_voter_weighted(
    small_framework: Framework,
    small_tables: dict[str, pd.DataFrame],
    small_hierarchy_frame: pd.DataFrame,
) -> None:
    res = compute_index(small_framework, small_tables, hierarchy=Hierarchy(small_hierarchy_frame))
    assert set(res.levels) == {"tps", "desa", "kecamatan"}
    tps = res.table("tps")
    v = small_tables["tps"]["voters"]
    first = tps.index[:3]
    expected = float((tps.loc[first, "idx"] * v[first]).sum() / v[first].sum())
    assert res.table("desa").at["53.03.01.2001", "idx"] == pytest.approx(expected)
    counts = res.levels["kecamatan"].class_counts
    assert int(counts.sum(axis=1).iloc[0]) == 6
    assert any("kecamatan" in s for s in res.summary())


def test_rollup_recompute_and_max(
    small_framework: Framework,
    small_tables: dict[str, pd.DataFrame],
    small_hierarchy_frame: pd.DataFrame,
) -> None:
    h = Hierarchy(small_hierarchy_frame)
    fw = small_framework.model_copy(
        update={"rollup": small_framework.rollup.model_copy(update={"method": "max"})}
    )
    res = compute_index(fw, small_tables, hierarchy=h)
    tps = res.table("tps")
    assert res.table("kecamatan")["idx"].iloc[0] == pytest.approx(tps["idx"].max())
    fw2 = small_framework.model_copy(
        update={"rollup": small_framework.rollup.model_copy(update={"method": "recompute"})}
    )
    res2 = compute_index(fw2, small_tables, hierarchy=h)
    assert res2.levels["desa"].method == "rollup:recompute"
    # two desa, min-max over desa means: one is 0 in every indicator or the other is 100
    assert res2.table("desa")["idx"].notna().all()


def test_broadcast_coarser_indicator(small_hierarchy_frame: pd.DataFrame) -> None:
    fw = find_framework("kamtibmas")
    tps = pd.DataFrame(
        {"incident_score": [0.0, 1.0, 2.0, 0.0, 0.0, 3.0], "voters": 100.0},
        index=small_hierarchy_frame.query("level == 'tps'")["code"].to_numpy(),
    )
    kab = pd.DataFrame({"incumbent_split": [1.0]}, index=["53.03"])
    res = compute_index(
        fw, {"tps": tps, "kabkota": kab}, hierarchy=Hierarchy(small_hierarchy_frame)
    )
    lr = res.levels["tps"]
    assert (lr.normalised["incumbent_split"] == 100).all()
    assert "travel_time_min" in res.missing["tps"]


def test_checklist_rule(small_hierarchy_frame: pd.DataFrame) -> None:
    fw = find_framework("tps-rawan-pilkada2024")
    codes = small_hierarchy_frame.query("level == 'tps'")["code"].to_numpy()
    cols = [
        "rawan_riwayat_kekerasan",  # keamanan
        "rawan_politik_uang",
        "rawan_politisasi_sara",
        "rawan_netralitas_aparat",
        "rawan_logistik_terlambat",
        "rawan_kendala_listrik",
        "khusus",
    ]
    rows = [
        [1, 1, 1, 1, 1, 0, 0],  # security + 4 others: sangat rawan
        [0, 1, 1, 1, 1, 1, 0],  # 5 variables without security: rawan
        [1, 1, 1, 0, 0, 0, 0],  # security + 2 others: rawan
        [1, 1, 1, 1, 1, 1, 1],  # khusus stays khusus
        [1, 0, 0, 0, 0, 0, 0],  # security alone: kurang rawan
        [0, 0, 0, 0, 0, 0, 0],
    ]
    tps = pd.DataFrame(np.array(rows, dtype=bool), index=codes, columns=cols)
    res = compute_index(fw, {"tps": tps}, hierarchy=Hierarchy(small_hierarchy_frame))
    extra = res.levels["tps"].extra
    count_rule = list(extra["category_hitungan"])
    assert count_rule == [
        "sangat_rawan",
        "rawan",
        "rawan",
        "khusus",
        "kurang_rawan",
        "kurang_rawan",
    ]
    # the security rule (the active one): conflict history with SARA is sangat rawan
    cats = list(res.levels["tps"].classes["score"])
    assert cats == ["sangat_rawan", "rawan", "sangat_rawan", "khusus", "rawan", "kurang_rawan"]
    assert extra["reason"].iloc[4] == "rawan karena riwayat konflik"
    assert res.levels["tps"].extra["variables_flagged"].iloc[0] == 5
    assert res.missing["tps"]  # most checklist columns are absent and reported
    counts = res.levels["kecamatan"].class_counts
    assert int(counts.to_numpy().sum()) == 6
    assert res.summary()[0].startswith("2 dari 6 TPS sangat rawan, 2 rawan")
    info = explain(res, codes[0])
    assert "sangat rawan" in info["sentence"]


def test_explain_sentence_indonesian_and_english(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    res = compute_index(small_framework, small_tables)
    code = res.table("tps")["idx"].idxmax()
    info = explain(res, code)
    assert info["sentence"].startswith("Skor ")
    assert "terutama karena" in info["sentence"]
    assert "waktu tempuh dari Polsek 120 menit (+" in info["sentence"]
    top = info["indicators"][0]
    assert top["contribution"] == max(d["contribution"] for d in info["indicators"])
    en = explain(res, code, lang="en")
    assert "mainly because of" in en["sentence"]
    assert signed(18.25) in ("+18,2", "+18,3")
    assert signed(-3.04) == "-3,0"
    assert signed(0.01) == "0,0"
    assert signed(1234.5, lang="en") == "+1,234.5"


def test_result_round_trip_and_compare(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    before = compute_index(small_framework, small_tables)
    again = IndexResult.from_payload(AssessmentPayload.model_validate(before.to_dict()))
    pd.testing.assert_frame_equal(
        again.table("tps")[["idx", "a", "b"]], before.table("tps")[["idx", "a", "b"]]
    )
    tps = small_tables["tps"].copy()
    low = before.table("tps")["idx"].idxmin()
    tps.loc[low, "x2"] = 120.0
    tps.loc[low, "x1"] = 9.0
    after = compute_index(small_framework, {"tps": tps})
    diff = compare_results(before, after)
    assert low in set(diff["code"])
    row = diff.set_index("code").loc[low]
    assert row["delta"] > 0
    assert "waktu tempuh" in row["why"] or "riwayat" in row["why"]


def test_domain_index_does_not_load_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys, petarawan.domain.index, petarawan.domain.uncertainty;"
        "print(sorted(m for m in ('matplotlib', 'sqlalchemy', 'fastapi', 'openpyxl')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_derived_indicator(
    small_framework: Framework, small_tables: dict[str, pd.DataFrame]
) -> None:
    inds = [
        i.model_copy(update={"derived": "x1 * 2 + x2 / 10"}) if i.id == "x1" else i
        for i in small_framework.indicators
    ]
    fw = small_framework.model_copy(update={"indicators": inds})
    res = compute_index(fw, small_tables)
    x = small_tables["tps"]
    np.testing.assert_allclose(res.levels["tps"].raw["x1"], x.x1 * 2 + x.x2 / 10)
    bad = [i.model_copy(update={"derived": "nope + 1"}) if i.id == "x1" else i for i in inds]
    res2 = compute_index(small_framework.model_copy(update={"indicators": bad}), small_tables)
    assert res2.missing["tps"] == ["x1"]
