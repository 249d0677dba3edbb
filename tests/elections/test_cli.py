"""Elections from the command line: add, list, show, and TPS lists per election."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from petarawan.cli import main
from petarawan.store import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256((path / "petarawan.db").read_bytes()).hexdigest()


@pytest.fixture
def ws_two(tmp_path: Path) -> Path:
    """A workspace with the mini regions, a Pemilu list of 4 TPS and a Pilkada list of 2."""
    ws = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(ws)]) == 0
    assert main(["election", "add", "pemilu2024", "-w", str(ws)]) == 0
    assert (
        main(
            [
                "election",
                "add",
                "pilkada-ttu",
                "--name",
                "Pilkada TTU 2024",
                "--date",
                "2024-11-27",
                "--kind",
                "pilkada",
                "-w",
                str(ws),
            ]
        )
        == 0
    )
    pemilu = tmp_path / "pemilu.csv"
    pemilu.write_text(
        "kode_desa,no_tps,dpt\n53.03.01.2005,1,250\n53.03.01.2005,2,240\n"
        "53.03.01.2005,3,200\n53.03.01.2006,1,280\n",
        encoding="utf-8",
    )
    pilkada = tmp_path / "pilkada.csv"
    pilkada.write_text(
        "kode_desa,no_tps,dpt\n53.03.01.2005,1,490\n53.03.01.2005,2,200\n", encoding="utf-8"
    )
    assert main(["import", "tps", str(pemilu), "--election", "pemilu2024", "-w", str(ws)]) == 0
    assert main(["import", "tps", str(pilkada), "--election", "pilkada-ttu", "-w", str(ws)]) == 0
    return ws


def test_two_tps_lists_live_side_by_side(ws_two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["election", "list", "-w", str(ws_two), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    by_id = {e["id"]: e for e in got["elections"]}
    assert by_id["pemilu2024"]["tps"] == 4
    assert by_id["pemilu2024"]["voters"] == 970
    assert by_id["pilkada-ttu"]["tps"] == 2
    assert by_id["pilkada-ttu"]["contests"] == ["gubernur", "bupati_walikota"]
    assert got["default"] == "pilkada-ttu"  # the latest voting date
    # TPS 5303012005001 exists in both lists with its own voters
    with Workspace.open(ws_two, election="pemilu2024") as ws:
        assert ws.tps().set_index("tps_id").loc["5303012005001", "voters"] == 250
    with Workspace.open(ws_two) as ws:
        assert ws.election_id == "pilkada-ttu"
        assert ws.tps().set_index("tps_id").loc["5303012005001", "voters"] == 490


def test_status_says_which_election_it_took(
    ws_two: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["status", "-w", str(ws_two), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["tps"] == 2
    assert "Pilkada TTU 2024" in err
    assert main(["status", "-w", str(ws_two), "--json", "--election", "pemilu2024"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["tps"] == 4
    assert "terbaru" not in err


def test_show_and_export_by_election(
    ws_two: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["election", "show", "pemilu2024", "-w", str(ws_two), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["name"], shown["voting_date"], shown["tps"]) == ("Pemilu 2024", "2024-02-14", 4)
    out = tmp_path / "tps.csv"
    args = ["export", "-w", str(ws_two), "--election", "pemilu2024", "--format", "csv"]
    assert main([*args, "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"tps_id": str})
    assert len(table) == 4
    assert "category" in table.columns


def test_unknown_election_is_an_error_and_writes_nothing(
    ws_two: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(ws_two)
    more = tmp_path / "more.csv"
    more.write_text("kode_desa,no_tps,dpt\n53.03.01.2006,2,100\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["import", "tps", str(more), "--election", "pilkada2042", "-w", str(ws_two)])
    assert code == 2
    err = capsys.readouterr().err
    assert "pilkada2042" in err
    assert "--election" in err
    assert "pemilu2024" in err  # the ids that do exist are named
    assert _digest(ws_two) == before
    cats = tmp_path / "cats.csv"
    cats.write_text("tps_id,kategori\n5303012005001,rawan\n", encoding="utf-8")
    args = ["import", "tps-categories", str(cats), "-w", str(ws_two)]
    assert main([*args, "--election", "nope"]) == 2
    assert _digest(ws_two) == before


def test_add_rejects_bad_elections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    assert main(["election", "add", "Pilkada 2024!", "--kind", "x", "-w", str(ws)]) == 2
    err = capsys.readouterr().err
    for column in ("ID", "--name", "--kind", "--date"):
        assert column in err
    assert main(["election", "add", "pemilu2024", "-w", str(ws)]) == 0
    assert main(["election", "add", "pemilu2024", "-w", str(ws)]) == 2
    assert "sudah ada" in capsys.readouterr().err
    with Workspace.open(ws) as w:
        assert [e.id for e in w.elections()] == ["pemilu2024"]


def test_tps_categories_belong_to_one_election(
    ws_two: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cats = tmp_path / "cats.csv"
    cats.write_text("tps_id,kategori\n5303012005003,sangat rawan\n", encoding="utf-8")
    args = ["import", "tps-categories", str(cats), "-w", str(ws_two)]
    assert main([*args, "--election", "pemilu2024"]) == 0
    # TPS 003 is not in the Pilkada list: a row error, nothing written
    assert main(args) == 2
    assert "5303012005003" in capsys.readouterr().err
    with Workspace.open(ws_two, election="pemilu2024") as ws:
        assert ws.tps().set_index("tps_id").loc["5303012005003", "category"] == "sangat_rawan"
    with Workspace.open(ws_two) as ws:
        assert ws.tps()["category"].isna().all()
