"""The index commands end to end: framework, index, assess, explain, compare."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from petarawan.cli import main

from .conftest import ROOT, SMALL


def test_framework_list_show_export_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["framework", "list", "--json"]) == 0
    names = {r["name"] for r in json.loads(capsys.readouterr().out)}
    assert {"kamtibmas", "ipkp", "ikp2024", "tps-rawan-pilkada2024"} <= names
    assert main(["framework", "show", "kamtibmas"]) == 0
    assert "riwayat" in capsys.readouterr().out
    assert main(["framework", "show", "tps-rawan-pilkada2024", "--lang", "en"]) == 0
    out = tmp_path / "k.yaml"
    assert main(["framework", "export", "kamtibmas", "--out", str(out)]) == 0
    assert main(["framework", "validate", str(out)]) == 0
    assert "Sah" in capsys.readouterr().out


def test_framework_validate_shows_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("weight: 3}", "weight: -3}"), encoding="utf-8")
    assert main(["framework", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "weight: -3" in t)
    assert "Baris" in err
    assert f" {line} " in err


def test_index_command_on_asem(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = shared_data / "benchmarks" / "coinr_asem"
    out = tmp_path / "asem.csv"
    code = main(
        [
            "index",
            "--framework",
            str(ROOT / "examples" / "coinr-asem" / "asem.yaml"),
            "--data",
            str(d / "asem_coin_v0_inddata.csv"),
            "--data",
            str(d / "asem_coin_v0_denominators.csv"),
            "--id-column",
            "UnitCode",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    t = pd.read_csv(out).set_index("UnitCode")
    assert round(t.at["CHE", "Index"], 2) == 68.38
    assert t.at["CHE", "rank"] == 1
    assert {"Conn", "Sust", "Physical", "class"} <= set(t.columns)


def test_index_command_bad_id_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.csv"
    data.write_text("id,x1,x2,x3\na,1,2,3\na,2,3,4\n", encoding="utf-8")
    args = ["index", "-f", "kamtibmas", "--data", str(data), "--out", str(tmp_path / "o.csv")]
    assert main([*args, "--id-column", "kode"]) == 2
    assert "kode" in capsys.readouterr().err
    assert main([*args, "--id-column", "id"]) == 2
    err = capsys.readouterr().err
    assert "ganda" in err
    assert " 3 " in err


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo-index") / "ws"
    assert main(["demo", "--workspace", str(ws), "--seed", "11"]) == 0
    return ws


def test_assess_explain_compare_on_the_demo(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    ws = str(demo_ws)
    assert main(["assess", "-w", ws, "--framework", "kamtibmas", "--json", "--draws", "200"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["framework"] == "kamtibmas"
    counts = first["counts"]
    assert set(counts) >= {"tps", "desa", "kecamatan", "kabkota"}
    n_tps = sum(counts["tps"].values())
    # the demo's latest election is the Pilkada: its TPS merged Pemilu TPS (~770) to ≤ 600 voters
    assert 400 <= n_tps < 740
    assert any("TPS" in s for s in first["sentences"])
    assert "uncertainty" in first

    from petarawan.store import Workspace
    from petarawan.store.records import read_assessment

    with Workspace.open(demo_ws) as w:
        rec = read_assessment(w, first["id"])
        assert rec is not None and rec.payload is not None
        table = rec.payload.levels["tps"].table
    top = table.index[max(range(len(table.data)), key=lambda i: table.data[i][0] or 0)]
    assert main(["explain", top, "-w", ws, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["sentence"].startswith("Skor ")
    assert "uncertainty" in info
    assert abs(sum(d["contribution"] for d in info["indicators"]) - info["score"]) < 1e-6
    assert main(["explain", top, "-w", ws]) == 0
    assert "terutama karena" in capsys.readouterr().out

    # a copy of the preset with other weights: some units change class
    copy = tmp_path / "k2.yaml"
    text = (ROOT / "src" / "petarawan" / "frameworks" / "index" / "kamtibmas.yaml").read_text()
    text = text.replace("parent: kamtibmas, weight: 0.25}", "parent: kamtibmas, weight: 1.5}")
    copy.write_text(text, encoding="utf-8")
    assert main(["assess", "-w", ws, "-f", str(copy), "--no-uncertainty", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert main(["compare", str(first["id"]), str(second["id"]), "-w", ws, "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert changes, "heavier incident weights should move some units"
    assert {"code", "class_before", "class_after", "why"} <= set(changes[0])
    assert main(["compare", str(first["id"]), str(second["id"]), "-w", ws]) == 0
    assert main(["explain", "tidak-ada", "-w", ws]) == 2


def test_assess_checklist_preset(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    ws = str(demo_ws)
    assert main(["assess", "-w", ws, "-f", "tps-rawan-pilkada2024", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert set(res["counts"]["tps"]) <= {"kurang_rawan", "rawan", "sangat_rawan", "khusus"}
