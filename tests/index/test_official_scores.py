"""Published IPKP/IKP scores entered with `import indicators` win over the computed score."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from petarawan.cli import main
from petarawan.domain.index import Hierarchy, compute_index
from petarawan.domain.index.explain import explain
from petarawan.domain.records.assessment import AssessmentPayload
from petarawan.io.frameworks import find_framework

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCE = "Polres TTU, tribratanews.polresttu.id, 6 Agustus 2024 (IPKP tahap I)"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(path)]) == 0
    ind = tmp_path / "ipkp.csv"
    dims = ["penyelenggara", "keamanan", "peserta", "masyarakat"]
    rows = [f"53.03,ipkp_{d},20" for d in dims]
    rows.append(f'53.03,ipkp,"40,69","{SOURCE}"')
    ind.write_text("kode,indikator,nilai,sumber\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["import", "indicators", str(ind), "-w", str(path)]) == 0
    return path


def test_imported_ipkp_score_wins_in_explain_with_its_source(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", "-w", str(ws), "-f", "ipkp", "--no-uncertainty"]) == 0
    capsys.readouterr()
    assert main(["explain", "53.03", "-w", str(ws), "-f", "ipkp", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["score"] == pytest.approx(40.69)
    assert info["class"] == "rawan"
    assert info["official"]["source"] == SOURCE
    assert info["official"]["computed"] == pytest.approx(20.0)  # the computed one is kept aside
    assert main(["explain", "53.03", "-w", str(ws), "-f", "ipkp"]) == 0
    text = capsys.readouterr().out.replace("\n", " ")
    assert "Skor resmi 40,69, rawan" in text
    assert "Polres TTU" in text


def test_official_score_reaches_the_province_and_the_rule_is_labelled() -> None:
    fw = find_framework("ipkp")
    assert fw.rollup.assumption and "asumsi" in fw.rollup.method_id
    regions = pd.DataFrame(
        {
            "code": ["53", "53.03", "53.04"],
            "level": ["provinsi", "kabkota", "kabkota"],
            "parent_code": [None, "53", "53"],
        }
    )
    kab = pd.DataFrame(
        {
            "ipkp_keamanan": [10.0, 30.0],
            "ipkp_resmi": [40.69, None],
            "ipkp_resmi_sumber": [SOURCE, None],
        },
        index=["53.03", "53.04"],
    )
    res = compute_index(fw, {"kabkota": kab}, hierarchy=Hierarchy.from_tables(regions))
    lr = res.levels["kabkota"]
    assert lr.scores.at["53.03", "ipkp"] == pytest.approx(40.69)
    assert lr.classes.at["53.03", "ipkp"] == "rawan"
    assert lr.scores.at["53.04", "ipkp"] == pytest.approx(30.0)  # no published score: computed
    assert lr.extra.at["53.04", "score_source"] == ""
    assert res.levels["provinsi"].scores.at["53", "ipkp"] == pytest.approx(40.69)
    assert any("Skor resmi" in w for w in res.warnings)
    assert explain(res, "53.04")["official"] is None
    # stored and read back, the source survives
    payload = AssessmentPayload.model_validate(json.loads(json.dumps(res.to_dict())))
    back = type(res).from_payload(payload)
    assert explain(back, "53.03")["official"]["source"] == SOURCE


def test_a_bad_official_value_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(path)]) == 0
    ind = tmp_path / "bad.csv"
    ind.write_text("kode,indikator,nilai,sumber\n53.03,ipkp,tinggi,x\n", encoding="utf-8")
    assert main(["import", "indicators", str(ind), "-w", str(path)]) == 2


def test_official_score_in_the_briefing_and_the_export(ws: Path) -> None:
    from petarawan.services.briefing import build_briefing
    from petarawan.store import Workspace
    from petarawan.store.layers import workspace_layers

    with Workspace.open(ws) as w:
        lines = build_briefing(w).summary
        layers = workspace_layers(w)
    line = next(s for s in lines if "IPKP" in s)
    assert "40,69 (rawan)" in line and SOURCE in line
    kab = layers["kabkota"].set_index("code")
    assert kab.at["53.03", "ipkp_resmi"] == pytest.approx(40.69)
    assert kab.at["53.03", "ipkp_resmi_sumber"] == SOURCE


def test_assess_without_any_indicator_value_refuses_and_names_what_to_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(path)]) == 0
    capsys.readouterr()
    assert main(["assess", "-w", str(path), "-f", "ipkp", "--no-uncertainty"]) == 2
    err = capsys.readouterr()
    text = (err.out + err.err).replace("\n", " ")
    assert "petarawan import indicators" in text and "ipkp_keamanan" in text
    from petarawan.store import Workspace
    from petarawan.store.records import latest_assessment_id

    with Workspace.open(path) as w:
        assert latest_assessment_id(w) is None  # nothing stored, no "0 dari 0"
