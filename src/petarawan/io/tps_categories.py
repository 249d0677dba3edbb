"""Reading a list of decided TPS categories (e.g. from a Polres meeting): KPU TPS code → category.

The file is CSV or XLSX with a TPS code column and a category column, spelled as in
:data:`petarawan.io.aliases.ALIASES` (``tps_categories``); categories are written as people write
them (``Sangat Rawan``, ``aman`` …, :func:`petarawan.io.aliases.category_id`).
"""

from __future__ import annotations

from pathlib import Path

from petarawan.domain.codes import split_tps_id, tps_id
from petarawan.errors import InputDataError, Issue
from petarawan.io.aliases import ALIASES, category_id, map_columns
from petarawan.io.records import require
from petarawan.io.tables import read_table

__all__ = ["read_tps_categories"]


def read_tps_categories(path: Path, known: set[str]) -> dict[str, str]:
    """Read a category file and check it against the workspace's TPS.

    Parameters
    ----------
    path
        The CSV or XLSX file.
    known
        The TPS ids of the workspace.

    Returns
    -------
    dict
        TPS id → category id.

    Raises
    ------
    InputDataError
        Every problem at once (file, row, column, seen, expected): missing columns, codes that
        are not KPU TPS codes, TPS not in the workspace, duplicates, unknown categories.
    """
    names = ALIASES["tps_categories"]
    raw = read_table(path, known_headers=[n for v in names.values() for n in v])
    map_columns(raw, "tps_categories")
    label = raw.label
    if not require(raw, "tps_categories", "tps_id", "category"):
        missing = [i for i in raw.issues if i.severity == "error"]
        msg = f"{label}: kolom {', '.join(i.column or '' for i in missing)} tidak ada."
        raise InputDataError(msg, missing)
    id_col, cat_col = raw.columns["tps_id"], raw.columns["category"]
    issues: list[Issue] = list(raw.issues)
    mapping: dict[str, str] = {}
    seen: dict[str, int] = {}
    for i, (rid, rcat) in enumerate(zip(raw.frame[id_col], raw.frame[cat_col], strict=True)):
        row = int(raw.rows[i])
        parts = split_tps_id(rid)
        if parts is None:
            issues.append(
                Issue(
                    label,
                    row,
                    id_col,
                    f"'{rid}' bukan kode TPS KPU (13 digit: kode desa + nomor TPS)",
                )
            )
            continue
        key = tps_id(*parts)
        if key not in known:
            issues.append(Issue(label, row, id_col, f"TPS {key} tidak ada di workspace"))
        if key in seen:
            issues.append(Issue(label, row, id_col, f"TPS {key} sudah ada di baris {seen[key]}"))
        seen[key] = row
        cat = category_id(rcat)
        if cat is None:
            issues.append(
                Issue(
                    label,
                    row,
                    cat_col,
                    f"kategori '{rcat}' tidak dikenal; diharapkan kurang rawan, "
                    "rawan, sangat rawan atau khusus",
                )
            )
            continue
        mapping[key] = cat
    errors = [x for x in issues if x.severity == "error"]
    if errors:
        msg = f"{label}: {len(errors)} masalah; tidak ada yang diimpor."
        raise InputDataError(msg, errors)
    return mapping
