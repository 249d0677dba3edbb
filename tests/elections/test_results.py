"""``import results``: C1 tallies per TPS into vote margins; bad files write nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from petarawan.cli import main
from petarawan.domain.results import margin_pct
from petarawan.store import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(path)]) == 0
    assert main(["election", "add", "pilkada2024", "-w", str(path)]) == 0
    tps = tmp_path / "tps.csv"
    tps.write_text(
        "kode_desa,no_tps,dpt\n53.03.01.2005,1,300\n53.03.01.2005,2,200\n53.03.01.2006,1,100\n",
        encoding="utf-8",
    )
    assert main(["import", "tps", str(tps), "-w", str(path)]) == 0
    return path


def test_margins_per_tps_and_desa(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c1 = tmp_path / "c1.csv"
    c1.write_text(
        "kode_tps,paslon_01,paslon_02,paslon_03\n"
        "5303012005001,120,100,30\n5303012005002,50,90,10\n5303012006001,45,45,0\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    args = ["import", "results", str(c1), "-w", str(ws), "--author", "Kasat Intelkam", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["tps"], report["desa"]) == (3, 2)
    assert report["valid_from"] == "2024-11-27"  # the Pilkada's voting day
    with Workspace.open(ws) as w:
        tps = w.indicators("tps")["result_margin_pct"]
        desa = w.indicators("desa")["result_margin_pct"]
    assert tps["5303012005001"] == pytest.approx(100 * 20 / 250)
    assert tps["5303012006001"] == 0.0  # evenly split support
    # the desa margin comes from the desa's summed votes (170 vs 190 of 400), not a mean of TPS
    assert desa["53.03.01.2005"] == pytest.approx(100 * 20 / 400)


def test_bad_results_list_every_problem_and_write_nothing(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256((ws / "petarawan.db").read_bytes()).hexdigest()
    c1 = tmp_path / "c1.csv"
    c1.write_text(
        "kode_tps,paslon_01,paslon_02\n"
        "5303012005001,200,150\n"  # 350 votes, DPT 300
        "5303012005009,10,10\n"  # no such TPS
        "5303012006001,x,10\n",  # not a number
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["import", "results", str(c1), "-w", str(ws)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "melebihi DPT 300" in err
    assert "5303012005009" in err
    assert "paslon_01" in err
    from petarawan.errors import InputDataError
    from petarawan.services.results import import_results

    with Workspace.open(ws) as w, pytest.raises(InputDataError) as caught:
        import_results(w, c1)
    where = {(i.row, i.column) for i in caught.value.issues}
    assert where == {(2, "paslon_01, paslon_02"), (3, "kode_tps"), (4, "paslon_01")}
    assert hashlib.sha256((ws / "petarawan.db").read_bytes()).hexdigest() == before
    assert main(["import", "results", str(c1), "-w", str(ws), "--election", "pemilu1999"]) == 2


def test_margin_formula() -> None:
    got = margin_pct(np.array([[60, 30, 10], [5, 5, 0], [7, 0, 0]]))
    assert got.tolist() == [30.0, 0.0, 100.0]
