"""The formatted workbook: sheets per level, frozen header, filters, class colours, roster."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from petarawan.render.excel import write_excel_report
from petarawan.services.briefing import assessment_columns, build_briefing
from petarawan.store import Workspace


def test_workbook(demo_ws: Workspace, tmp_path: Path) -> None:
    b = build_briefing(demo_ws)
    path = write_excel_report(b, tmp_path / "kerawanan.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Ringkasan", "Kecamatan", "Desa", "TPS", "Personel"]
    ws = wb["TPS"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Kode", "Nama"]
    assert "Kategori" in header and "Faktor dominan" in header
    assert ws.max_row == len(demo_ws.tps()) + 1
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref.startswith("A1:")
    col = header.index("Kategori") + 1
    colours = {c.id: c.colour.lstrip("#").upper() for c in b.legend()}
    labels = {c.label: c.id for c in b.legend()}
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row=row, column=col)
        assert cell.fill.fgColor.rgb[-6:] == colours[labels[cell.value]]
    roster = wb["Personel"]
    assert roster.max_row == len(demo_ws.units()) + 1


def test_assessment_columns_for_exports(demo_ws: Workspace) -> None:
    cols = assessment_columns(demo_ws)
    assert set(cols) == {"tps", "desa", "kecamatan"}
    tps = cols["tps"]
    assert len(tps) == len(demo_ws.tps())
    assert {"score", "class", "class_label", "colour", "kml_colour"} <= set(tps.columns)
    row = tps[tps["class"] == "sangat_rawan"].iloc[0]
    assert row["colour"] == "#d73027"
    assert row["kml_colour"] == "cc2730d7"  # KML is aabbggrr


def test_formula_like_names_stay_text(demo_ws: Workspace, tmp_path: Path) -> None:
    """A unit or area named like a formula is a text cell in the Excel report (issue 17)."""
    b = build_briefing(demo_ws)
    b.area_name = '=HYPERLINK("http://x","klik")'
    b.units = b.units.copy()
    b.units.loc[b.units.index[0], "name"] = "=cmd|' /C calc'!A0"
    wb = load_workbook(write_excel_report(b, tmp_path / "kerawanan.xlsx"))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'=cmd|' /C calc'!A0" in texts
    assert "'" + b.area_name in texts
