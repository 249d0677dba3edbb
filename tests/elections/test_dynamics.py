"""Dated, authored political dynamics: an assessment "as of" a date sees the values of that date."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest

from petarawan.cli import main
from petarawan.services.assessment import workspace_tables
from petarawan.store import Workspace
from petarawan.store.dynamics import dynamics_as_of

DATA = Path(__file__).resolve().parents[1] / "data"


def test_assessment_inputs_as_of_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(ws)]) == 0
    assert main(["election", "add", "pilkada2024", "-w", str(ws)]) == 0
    tps = tmp_path / "tps.csv"
    tps.write_text("kode_desa,no_tps,dpt\n53.03.01.2005,1,300\n", encoding="utf-8")
    assert main(["import", "tps", str(tps), "-w", str(ws)]) == 0
    first = tmp_path / "august.csv"
    first.write_text(
        "kode,indikator,nilai,berlaku_sejak,penulis\n"
        "53.03,incumbent_split,0,2024-08-01,Kasat Intelkam\n"
        "53.03.01.2005,candidate_home,1,2024-08-01,Kasat Intelkam\n",
        encoding="utf-8",
    )
    second = tmp_path / "september.csv"
    second.write_text(
        "kode,indikator,nilai,berlaku_sejak,penulis\n"
        "53.03,incumbent_split,1,2024-09-20,Kabag Ops\n",
        encoding="utf-8",
    )
    assert main(["import", "indicators", str(first), "-w", str(ws)]) == 0
    assert main(["import", "indicators", str(second), "-w", str(ws)]) == 0
    with Workspace.open(ws) as w:
        # the registry holds the latest value …
        assert w.indicators("kabkota").loc["53.03", "incumbent_split"] == 1
        # … the dynamics keep every dated value with its author
        assert (
            dynamics_as_of(w, "kabkota", datetime(2024, 9, 1)).loc["53.03", "incumbent_split"] == 0
        )
        assert (
            dynamics_as_of(w, "kabkota", datetime(2024, 10, 1)).loc["53.03", "incumbent_split"] == 1
        )
        before = dynamics_as_of(w, "kabkota", datetime(2024, 7, 1))
        assert before.empty or math.isnan(before.loc["53.03", "incumbent_split"])
        tables, _h = workspace_tables(w, datetime(2024, 9, 1))
        assert tables["kabkota"].loc["53.03", "incumbent_split"] == 0
        assert tables["desa"].loc["53.03.01.2005", "candidate_home"] == 1
        now_tables, _h = workspace_tables(w)
        assert now_tables["kabkota"].loc["53.03", "incumbent_split"] == 1
        from sqlalchemy import select

        from petarawan.store.models import Dynamic

        with w.engine.connect() as conn:
            authors = set(conn.execute(select(Dynamic.author)).scalars())
        assert authors == {"Kasat Intelkam", "Kabag Ops"}
