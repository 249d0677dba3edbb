"""``petarawan demo`` end to end: the synthetic regency through the importers and every stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from petarawan.cli import main


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo") / "ws"
    assert main(["demo", "--workspace", str(ws), "--seed", "7"]) == 0
    return ws


def test_demo_builds_a_complete_regency(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    args = ["status", "--workspace", str(demo_ws), "--json", "--election", "pemilu2024"]
    assert main(args) == 0
    status = json.loads(capsys.readouterr().out)
    assert 22 <= status["regions"]["kecamatan"] <= 26
    assert 180 <= status["regions"]["desa"] <= 200
    assert 740 <= status["tps"] <= 800
    assert 180_000 <= status["voters"] <= 220_000
    assert status["personnel"]["polri"] == 425
    assert 60 <= status["incidents"] <= 150
    assert status["stakeholders"] > 0 and status["engagements"] > 0
    assert {"dem.tif", "roads.gpkg", "border.gpkg"} <= set(status["layers"])
    # the demo's data are ordinary files a user could import again: nothing changes
    data = demo_ws / "data-demo"
    args = ["import", "tps", str(data / "tps.csv"), "-w", str(demo_ws), "--json"]
    assert main([*args, "--election", "pemilu2024"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tables"]["tps"]["new"] == 0 and report["tables"]["tps"]["changed"] == 0
    # the Pilkada list (the latest election, the default) merged TPS to at most 600 voters
    assert main(["status", "--workspace", str(demo_ws), "--json"]) == 0
    pilkada = json.loads(capsys.readouterr().out)
    assert pilkada["election"] == "pilkada2024"
    assert pilkada["voters"] == status["voters"]
    assert pilkada["tps"] < status["tps"]


def test_demo_indicators_cover_every_tps(demo_ws: Path) -> None:
    from petarawan.store import Workspace

    with Workspace.open(demo_ws) as ws:
        tps = ws.tps()
        ind = ws.indicators("tps")
    assert set(tps["tps_id"]) <= set(ind.index)
    assert ind["travel_time_min"].notna().all()
    assert set(ind["travel_method"]) <= {"road", "terrain", "straight"}


def test_demo_runs_every_stage_and_writes_its_outputs(demo_ws: Path) -> None:
    from petarawan.store import Workspace
    from petarawan.store.records import read_assessment

    with Workspace.open(demo_ws) as ws:
        latest = read_assessment(ws)
    assert latest is not None and latest.framework == "kamtibmas"
    outputs = demo_ws / "outputs"
    for name in (
        "peta_kerawanan.png",
        "peta_kerawanan.pdf",
        "peta_interaktif.html",
        "laporan.pdf",
        "kerawanan.xlsx",
        "petarawan.gpkg",
        "rencana_ttu-pemilu2024.json",
        "rencana_ttu-pemilu2024.xlsx",
    ):
        assert (outputs / name).stat().st_size > 0, name
    plan = json.loads((outputs / "rencana_ttu-pemilu2024.json").read_text(encoding="utf-8"))
    assert plan["required"]["polri"] > 0 and "shortfall" in plan
