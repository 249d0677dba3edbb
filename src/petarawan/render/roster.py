"""Excel roster of a deployment plan: a summary sheet and one sheet per unit (Polres/Polsek)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from petarawan.domain.patterns import category_label
from petarawan.io.cells import safe_cell, safe_row

__all__ = ["write_roster_xlsx"]

_HEAD = {
    "id": ["Kelompok", "Kecamatan", "Kategori", "TPS", "Polri", "Linmas", "Waktu tempuh (menit)"],
    "en": ["Group", "Kecamatan", "Category", "TPS", "Polri", "Linmas", "Travel time (min)"],
}


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Unit"
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name.lower())
    return name


def write_roster_xlsx(
    roster: pd.DataFrame, summary: dict[str, Any], path: Path, *, lang: str = "id"
) -> Path:
    """Write the roster: sheet "Ringkasan" with required/available/shortfall, then one per unit.

    Parameters
    ----------
    roster
        ``PlanResult.roster``.
    summary
        ``PlanResult.summary``.
    path
        Target ``.xlsx`` file.
    lang
        ``id`` (default) or ``en`` headers.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan" if lang == "id" else "Summary"
    bold = Font(bold=True)
    req = summary["required"]
    ws.append(["Pola" if lang == "id" else "Pattern", summary["pattern"]["id"]])
    ws.append(["Kategori" if lang == "id" else "Category", "TPS", "Polri", "Linmas", "Pola"])
    for cell in ws[2]:
        cell.font = bold
    for cat, row in req["by_category"].items():
        ws.append(
            [category_label(cat, lang), row["tps"], row["polri"], row["linmas"], row["pattern"]]
        )
    ws.append(["Jumlah" if lang == "id" else "Total", None, req["polri"], req["linmas"]])
    avail = summary.get("available", {}).get("polri")
    short = summary.get("shortfall", {}).get("polri")
    ws.append([])
    ws.append(["Personel Pam TPS" if lang == "id" else "Personnel on TPS duty", avail])
    ws.append(["Kekurangan" if lang == "id" else "Shortfall", short])
    for unit, n in summary.get("bko", {}).get("to_unit", {}).items():
        ws.append(["BKO → " + str(unit), n])  # starts with "B": never a formula
    used = {ws.title.lower()}
    for unit, part in roster.groupby("unit", sort=True):
        sheet = wb.create_sheet(_sheet_name(str(part["unit_name"].iloc[0]), used))
        sheet.append([safe_cell(str(unit))])
        sheet.append(_HEAD.get(lang, _HEAD["id"]))
        for cell in sheet[2]:
            cell.font = bold
        for rec in part.to_dict("records"):
            sheet.append(
                safe_row(
                    [
                        int(rec["group"]) + 1,
                        rec["kecamatan"],
                        category_label(str(rec["category"]), lang),
                        rec["tps_ids"],
                        int(rec["polri"]),
                        int(rec["linmas"]),
                        float(rec["minutes"]),
                    ]
                )
            )
        sheet.column_dimensions["D"].width = 50
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
