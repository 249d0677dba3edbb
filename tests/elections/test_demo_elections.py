"""Must show on the demo: carry, assess both elections, compare, and the incumbent split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from petarawan.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo-elections") / "ws"
    assert main(["demo", "--workspace", str(ws)]) == 0
    return ws


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_pilkada_tps_hold_at_most_600_voters_and_all_are_linked(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    out = demo / "pilkada.csv"
    args = ["export", "-w", str(demo), "--election", "pilkada2024", "--format", "csv"]
    assert main([*args, "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"tps_id": str})
    assert (table.loc[~table["khusus"], "voters"] <= 600).all()
    assert table["provenance"].notna().all()
    report = _json(
        ["carry", "--from", "pemilu2024", "--to", "pilkada2024", "--dry-run", "-w", str(demo)],
        capsys,
    )
    assert report["unmatched_to"] == []
    method = report["method"]
    assert isinstance(method, dict)
    assert method["koordinat"] > 0  # the demo's TPS are surveyed in both lists
    carried = report["carried"]
    assert isinstance(carried, dict)
    assert carried["incidents"] > 0


def test_compare_names_a_desa_no_longer_in_its_class_with_drivers(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _json(
        ["compare", "--from", "pemilu2024", "--to", "pilkada2024", "-w", str(demo)], capsys
    )
    units = report["units"]
    assert isinstance(units, list)
    levels = {u["level"] for u in units}
    assert levels == {"desa", "kecamatan", "kabkota"}
    down = [u for u in report["moves"] if u["level"] == "desa" and u["direction"] < 0]  # type: ignore[union-attr]
    assert down, "no desa left its class"
    for u in down:
        assert u["move"].startswith("tidak lagi ")
        assert u["drivers"]  # what changed, with points
    # the incumbent split changed for every desa alike: listed once, never as a desa's driver
    common = report["common_changes"]
    assert isinstance(common, dict)
    assert any("petahana pecah kongsi" in c for c in common["desa"])
    assert not any("petahana" in u["drivers"] for u in units)
    # the human table says it too
    capsys.readouterr()
    assert main(["compare", "--from", "pemilu2024", "--to", "pilkada2024", "-w", str(demo)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "tidak lagi" in out


def test_incumbent_split_is_never_a_villages_first_driver(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from petarawan.domain.index import IndexResult
    from petarawan.domain.index.explain import explain
    from petarawan.store import Workspace
    from petarawan.store.records import read_assessment

    with Workspace.open(demo, election="pilkada2024") as ws:
        record = read_assessment(ws)
    assert record is not None and record.payload is not None
    result = IndexResult.from_payload(record.payload)
    desa = result.levels["desa"]
    # it moves every unit the same way …
    split = desa.contributions["incumbent_split"]
    assert split.max() - split.min() < 1e-9
    assert split.min() > 0
    # … so no desa names it as what makes it differ
    for code in desa.scores.index:
        info = explain(result, str(code), level="desa")
        own = [d for d in info["indicators"] if not d["shared"]]
        assert own[0]["id"] != "incumbent_split"
        assert "petahana pecah kongsi" in info["shared_drivers"]
        assert "petahana" not in info["sentence"].split("Sama untuk")[0]


def test_briefing_shows_the_moves_with_a_map(demo: Path) -> None:
    from petarawan.render.moves import moves_png
    from petarawan.render.report import report_html
    from petarawan.services.briefing import build_briefing
    from petarawan.store import Workspace

    with Workspace.open(demo) as ws:
        briefing = build_briefing(ws)
    moves = briefing.moves
    assert moves is not None
    assert (moves.from_name, moves.to_name) == ("Pemilu 2024", "Pilkada Serentak 2024")
    assert moves.counts["turun"] >= 1
    assert moves.counts["turun"] + moves.counts["naik"] + moves.counts["tetap"] == len(moves.table)
    png = moves_png(briefing)
    assert png is not None and png.startswith(b"\x89PNG")
    html = report_html(briefing)
    assert "Perpindahan kategori: Pemilu 2024" in html
    assert "tidak lagi" in html
    # a desa's listed drivers never include the regency-wide incumbent split
    assert not briefing.levels["desa"]["drivers"].str.contains("petahana").any()
    # every carried TPS says where its values came from, in the report and the workbook
    origin = briefing.levels["tps"]["provenance"]
    assert origin.notna().all()
    assert origin.str.contains(r"kategori.* dari TPS \d{13}.*, Pemilu 2024").all()
    assert "Pemilu 2024</small>" in html
    assert any("membawa nilai dari pemilihan sebelumnya" in s for s in briefing.summary)
