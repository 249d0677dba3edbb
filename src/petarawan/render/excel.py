"""The formatted Excel workbook of a briefing: one sheet per level, the roster and the notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from petarawan.formatting import format_datetime
from petarawan.io.cells import safe_cell
from petarawan.render._text import tr
from petarawan.render.briefing import Briefing

__all__ = ["write_excel_report"]

_HEAD = {
    "id": {
        "code": "Kode",
        "name": "Nama",
        "kecamatan": "Kecamatan",
        "desa": "Desa/kelurahan",
        "score": "Skor",
        "rank": "Peringkat",
        "class_label": "Kategori",
        "stability": "Keyakinan kategori",
        "drivers": "Faktor dominan",
        "provenance": "Asal nilai bawaan",
        "voters": "Pemilih (DPT)",
        "location_source": "Sumber lokasi",
        "travel_time_min": "Waktu tempuh (menit)",
        "unit": "Satuan",
        "available": "Tersedia",
        "assigned": "Bertugas",
        "bko": "Usulan BKO",
        "polri": "Polri",
        "brimob": "Brimob",
        "tni": "TNI",
        "linmas": "Linmas",
        "kind": "Jenis",
    },
    "en": {
        "code": "Code",
        "name": "Name",
        "kecamatan": "Kecamatan",
        "desa": "Desa/kelurahan",
        "score": "Score",
        "rank": "Rank",
        "class_label": "Class",
        "stability": "Stability",
        "drivers": "Main drivers",
        "provenance": "Carried from",
        "voters": "Voters (DPT)",
        "location_source": "Location source",
        "travel_time_min": "Travel time (min)",
        "unit": "Unit",
        "available": "Available",
        "assigned": "Assigned",
        "bko": "BKO request",
        "polri": "Polri",
        "brimob": "Brimob",
        "tni": "TNI",
        "linmas": "Linmas",
        "kind": "Kind",
    },
}
_SHEETS = {
    "id": {
        "summary": "Ringkasan",
        "kecamatan": "Kecamatan",
        "desa": "Desa",
        "tps": "TPS",
        "roster": "Personel",
    },
    "en": {
        "summary": "Summary",
        "kecamatan": "Kecamatan",
        "desa": "Desa",
        "tps": "TPS",
        "roster": "Personnel",
    },
}
_LOCATION = {
    "id": {"surveyed": "survei", "estimated": "perkiraan"},
    "en": {"surveyed": "surveyed", "estimated": "estimated"},
}


def _level_frame(b: Briefing, level: str) -> pd.DataFrame:
    f = b.levels[level].copy()
    f.index.name = "code"
    f = f.reset_index()
    cols = ["code", "name"]
    if level == "tps":
        tps = pd.DataFrame(b.tps.drop(columns="geometry")).set_index("tps_id")
        f["voters"] = f["code"].map(tps["voters"]).astype("Int64")
        loc = _LOCATION["en" if b.lang == "en" else "id"]
        f["location_source"] = f["code"].map(tps["location_source"]).map(loc)
        f["travel_time_min"] = f["code"].map(tps["travel_time_min"]).astype(float).round(0)
        if "provenance" in tps.columns:
            f["provenance"] = f["code"].map(tps["provenance"])
        cols += ["desa", "kecamatan"]
    elif level == "desa":
        cols += ["kecamatan"]
    cols += ["score", "rank", "class_label", "stability", "drivers"]
    if level == "tps":
        cols += ["voters", "location_source", "travel_time_min"]
        if "provenance" in f.columns and f["provenance"].notna().any():
            cols += ["provenance"]
    f = f.sort_values(["score", "code"], ascending=[False, True], na_position="last")
    return f[[*cols, "colour"]]


def write_excel_report(b: Briefing, path: Path) -> Path:
    """Write the workbook: a summary sheet, one sheet per level and the personnel roster.

    Headers are bold on the class colours' navy, panes are frozen below the header, every sheet
    has an autofilter, the class cell is filled with its colour, and pages print landscape,
    fitted to the page width with the header repeated.

    Parameters
    ----------
    b
        The briefing.
    path
        The ``.xlsx`` file to write.

    Returns
    -------
    Path
        ``path``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = "en" if b.lang == "en" else "id"
    head = _HEAD[lang]
    names = _SHEETS[lang]
    wb = Workbook()
    ws0: Any = wb.active
    ws0.title = names["summary"]
    ws0["A1"] = safe_cell(f"{b.area_name}")
    ws0["A1"].font = Font(bold=True, size=14)
    as_of = format_datetime(b.as_of, lang=lang) if b.as_of else tr("no_assessment_date", lang)
    ws0["A2"] = f"{'As of' if lang == 'en' else 'Keadaan per'} {as_of}"
    ws0["A3"] = b.framework_name or ""
    row = 5
    for s in b.summary:
        ws0.cell(row=row, column=1, value=safe_cell(f"• {s}"))
        row += 1
    row += 1
    if b.missing or b.notes:
        ws0.cell(row=row, column=1, value="Not available" if lang == "en" else "Belum tersedia")
        ws0.cell(row=row, column=1).font = Font(bold=True, color="8A1C1C")
        row += 1
        for s in [*b.missing, *b.notes]:
            ws0.cell(row=row, column=1, value=safe_cell(f"• {s}"))
            row += 1
    row += 1
    ws0.cell(row=row, column=1, value="Legend" if lang == "en" else "Legenda").font = Font(
        bold=True
    )
    for c in b.legend():
        row += 1
        cell = ws0.cell(row=row, column=1, value=c.label)
        cell.fill = PatternFill("solid", fgColor=c.colour.lstrip("#").upper())
    ws0.column_dimensions["A"].width = 100
    header_fill = PatternFill("solid", fgColor="08306B")
    header_font = Font(bold=True, color="FFFFFF")
    sheets: list[tuple[str, pd.DataFrame, bool]] = []
    for level in ("kecamatan", "desa", "tps"):
        if level in b.levels:
            sheets.append((names[level], _level_frame(b, level), True))
    roster = _roster(b)
    if len(roster):
        sheets.append((names["roster"], roster, False))
    for title, frame, coloured in sheets:
        ws: Any = wb.create_sheet(title)
        cols = [c for c in frame.columns if c != "colour"]
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j, value=head.get(col, col))
            cell.fill = header_fill
            cell.font = header_font
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        class_col = cols.index("class_label") + 1 if "class_label" in cols else None
        for i, rec in enumerate(frame.itertuples(index=False), start=2):
            values = dict(zip(frame.columns, rec, strict=True))
            for j, col in enumerate(cols, start=1):
                v = values[col]
                if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
                    v = None
                elif col == "score":
                    v = round(float(v), 1)
                elif col == "rank":
                    v = int(v)
                cell = ws.cell(row=i, column=j, value=safe_cell(v))
                if col == "score":
                    cell.number_format = "0.0"
                if col == "drivers":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if coloured and class_col is not None:
                colour = str(values["colour"]).lstrip("#").upper()
                ws.cell(row=i, column=class_col).fill = PatternFill("solid", fgColor=colour)
        widths = {"drivers": 60, "name": 26, "desa": 20, "kecamatan": 18, "class_label": 14}
        for j, col in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(j)].width = widths.get(col, 13)
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(len(frame) + 1, 2)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _roster(b: Briefing) -> pd.DataFrame:
    """Personnel per unit: from the plan when there is one, else the pools on record."""
    units = pd.DataFrame(b.units.drop(columns="geometry")) if len(b.units) else pd.DataFrame()
    if units.empty:
        return pd.DataFrame()
    out = units[["code", "name", "kind", "polri", "brimob", "tni", "linmas"]].copy()
    if b.plan is not None and len(b.plan.units):
        p = b.plan.units.set_index("code")
        out["available"] = out["code"].map(p["available"]).astype("Int64")
        out["assigned"] = out["code"].map(p["assigned"]).astype("Int64")
        out["bko"] = out["code"].map(p["bko"]).astype("Int64")
    return out
