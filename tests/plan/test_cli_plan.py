"""CLI: pattern, import tps-categories, plan and locate on a workspace holding TTU's real TPS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from petarawan.cli import main
from petarawan.store import Workspace
from petarawan.store.importer import import_files

from .conftest import RAWAN_DESA, SANGAT_RAWAN, ttu_units


@pytest.fixture(scope="module")
def ttu_ws(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("plan") / "ws"
    ws = Workspace.open(root)
    try:
        codes = shared_data / "region_codes"
        import_files(
            ws,
            "regions",
            [
                codes / "idn_provinces.csv",
                codes / "idn_regencies.csv",
                codes / "ttu_districts.csv",
                codes / "ttu_villages.csv",
            ],
        )
        import_files(ws, "regions", [shared_data / "boundaries" / "ttu_desa.geojson"])
        import_files(
            ws, "tps", [shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"]
        )
        units = ttu_units(pd.DataFrame(ws.tps().drop(columns="geometry")))
        f = root / "units.csv"
        units.rename(columns={"code": "kode", "name": "nama", "kind": "jenis"}).to_csv(
            f, index=False
        )
        import_files(ws, "units", [f])
    finally:
        ws.close()
    yield root


def _categories_file(ws_path: Path, out: Path) -> Path:
    ws = Workspace.open(ws_path)
    try:
        ids = ws.tps().query("not khusus")["tps_id"].tolist()
    finally:
        ws.close()
    rows = [(t, "Rawan") for t in ids[:RAWAN_DESA]]
    rows += [(t, "sangat rawan") for t in ids[100 : 100 + SANGAT_RAWAN]]
    pd.DataFrame(rows, columns=["kode_tps", "kategori"]).to_csv(out, index=False)
    return out


def test_pattern_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["pattern", "list", "--json"]) == 0
    ids = {p["id"] for p in json.loads(capsys.readouterr().out)}
    assert "ttu-pemilu2024" in ids
    assert main(["pattern", "show", "ttu-pemilu2024", "--json"]) == 0
    rawan = json.loads(capsys.readouterr().out)["categories"]["rawan"]
    assert {k: rawan[k] for k in ("polri", "tps", "linmas")} == {"polri": 1, "tps": 1, "linmas": 2}
    assert rawan["assumed"] == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: y\ncategories: {}\n", encoding="utf-8")
    assert main(["pattern", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "4 masalah" in err and "sangat_rawan" in err


def test_import_categories_then_plan_json(
    ttu_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cats = _categories_file(ttu_ws, tmp_path / "kategori.csv")
    assert main(["import", "tps-categories", str(cats), "-w", str(ttu_ws), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 24 and out["by_category"] == {"rawan": 19, "sangat_rawan": 5}
    assert (
        main(
            [
                "plan",
                "-w",
                str(ttu_ws),
                "--pattern",
                "ttu-pemilu2024",
                "--json",
                "--totals",
                "300,425",
                "--next-bko",
                "3",
            ]
        )
        == 0
    )
    s = json.loads(capsys.readouterr().out)
    assert s["required"]["by_category"]["rawan"]["tps"] == 19
    assert s["required"]["by_category"]["sangat_rawan"]["tps"] == 5
    assert 281 <= s["required"]["polri"] <= 300
    assert s["available"]["polri"] == 283
    assert s["status"] == "optimal" and s["gap"] <= 0.01
    assert s["shortfall"]["polri"] == max(s["required"]["polri"] - 283, 0)
    assert len(s["what_if"]) == 2
    xlsx = Path(s["outputs"]["xlsx"])
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames[0] == "Ringkasan"
    assert "Polres TTU" in wb.sheetnames
    assert len(wb.sheetnames) == 1 + 15
    assert json.loads(Path(s["outputs"]["json"]).read_text())["required"] == s["required"]


def test_plan_human_output_and_available(ttu_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "-w", str(ttu_ws), "-p", "ttu-pemilu2024", "--available", "600"]) == 0
    out = capsys.readouterr().out
    assert "Kebutuhan personel" in out and "Sangat rawan" in out
    assert "kekurangan: 0 Polri" in out


def test_plan_infeasible_exit_code(ttu_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", "-w", str(ttu_ws), "-p", "ttu-pemilu2024", "--available", "10"])
    assert code == 1
    assert "butuh" in capsys.readouterr().err


def test_bad_category_file_reports_rows(
    ttu_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        "tps_id,kategori\n5303012005001,gawat\n123,rawan\n9999999999001,rawan\n", encoding="utf-8"
    )
    assert main(["import", "tps-categories", str(f), "-w", str(ttu_ws)]) == 2
    err = capsys.readouterr().err
    assert "3 masalah" in err
    assert "gawat" in err and "'123'" in err and "5303009999999001" not in err


def test_locate_command(ttu_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "-w", str(ttu_ws), "--model", "p_median", "--p", "15", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal" and len(out["facilities"]) == 15
    assert main(["locate", "-w", str(ttu_ws), "--model", "mclp", "--p", "3"]) == 2


def test_plan_without_units_gives_requirement_only(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        codes = shared_data / "region_codes"
        import_files(
            ws,
            "regions",
            [
                codes / "idn_provinces.csv",
                codes / "idn_regencies.csv",
                codes / "ttu_districts.csv",
                codes / "ttu_villages.csv",
            ],
        )
        import_files(
            ws, "tps", [shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"]
        )
    finally:
        ws.close()
    assert main(["plan", "-w", str(tmp_path / "ws"), "-p", "ttu-pemilu2024", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["status"] == "requirement_only"
    assert s["available"] == {"polri": None} and s["shortfall"] == {"polri": None}
    assert s["required"]["by_category"]["khusus"]["tps"] == 1
    assert any("tanpa koordinat" in n for n in s["notices"])
    assert "xlsx" not in s["outputs"]
