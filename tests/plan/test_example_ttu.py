"""The Polres TTU example (Pemilu 2024) on the real 774 TTU TPS: the published figures hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ttu-pemilu2024"


@pytest.fixture(scope="module")
def ttu_plan(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    ws = tmp_path_factory.mktemp("ttu") / "ws"
    env = {
        **os.environ,
        "PETARAWAN": f"{sys.executable} -m petarawan",
        "PETARAWAN_SHARED_DATA": str(shared_data),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    out = subprocess.run(
        [str(EXAMPLE / "run"), str(ws)], env=env, capture_output=True, text=True, check=True
    )
    plan: dict[str, Any] = json.loads(out.stdout)
    plan["_ws"] = str(ws)
    return plan


def test_tps_duty_and_categories(ttu_plan: dict[str, Any]) -> None:
    duty = ttu_plan["tps_duty"]
    assert duty["tps"] == 774
    assert 279 <= duty["polri"] <= 289  # published: 282 (2/3 of 425)
    by = duty["by_category"]
    assert by["rawan"]["polri"] == 19 and by["sangat_rawan"]["polri"] == 10


def test_voting_day_campaign_and_routine_third(ttu_plan: dict[str, Any]) -> None:
    stages = {s["id"]: s for s in ttu_plan["stages"]}
    voting = stages["pemungutan"]
    assert abs(voting["required"]["polri"] - 360) <= 0.05 * 360  # published: 360 (DIPA)
    assert abs(stages["kampanye"]["required"]["polri"] - 146) <= 0.10 * 146  # published: 146
    strength = ttu_plan["strength"]
    assert strength["polri"] == 425 and strength["routine"] == 142
    for s in ttu_plan["stages"]:
        assert s["assigned"]["polri"] <= strength["operation"] == 283
        for key in ("id", "start", "end"):
            assert s[key]
        assert set(s["required"]) >= {"polri", "brimob", "tni", "linmas"}
        assert s["shortfall"]["polri"] == s["required"]["polri"] - s["assigned"]["polri"]
    assert ttu_plan["peak"]["stage"] == "pemungutan"
    assert ttu_plan["peak"]["polri"] == voting["required"]["polri"]


def test_bko_reserves_objects_and_id(ttu_plan: dict[str, Any]) -> None:
    bko = ttu_plan["bko_request"]
    stages = {s["id"]: s for s in ttu_plan["stages"]}
    assert bko["polri"] == stages["pemungutan"]["shortfall"]["polri"] > 0
    assert bko["brimob"] == 21  # published: 21 Brimob power on hand
    assert sum(p["polri"] for p in bko["penebalan"]) == bko["polri"]
    assert all(p["unit_name"].startswith(("Polsek", "Polres")) for p in bko["penebalan"])
    kinds = {o["kind"] for o in ttu_plan["objects"]}
    assert {"kpu", "bawaslu", "gudang_logistik", "ppk"} <= kinds
    (brimob,) = ttu_plan["reserves"]
    assert brimob["coverage_minutes"] > 0 and brimob["demand_points"] == 5 + 24 + 1
    assert isinstance(ttu_plan["plan_id"], int)
    assert ttu_plan["election_id"] == "pemilu2024"
    assert ttu_plan["travel"] == {"straight": 774}
