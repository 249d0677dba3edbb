"""Validation of unit files (Polres, Polsek, pos) and their personnel."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from petarawan.domain import columns as C
from petarawan.domain.codes import normalize_code
from petarawan.errors import Issue
from petarawan.io.parse import parse_choice, parse_int
from petarawan.io.records import (
    Batch,
    Snapshot,
)
from petarawan.io.records import (
    cells as _cells,
)
from petarawan.io.records import (
    duplicate_check as _duplicate_check,
)
from petarawan.io.records import (
    lonlat as _lonlat,
)
from petarawan.io.records import (
    require as _require,
)
from petarawan.io.tables import RawTable

# -- units -------------------------------------------------------------------------------------
_UNIT_ALIASES = {
    "pospol": "pos",
    "pos_polisi": "pos",
    "polresta": "polres",
    "polrestabes": "polres",
    "subsektor": "pos",
    "polsubsektor": "pos",
}


def _units(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "units", "code", "name", "kind"):
        return
    codes = _cells(table, "code")
    _duplicate_check(table, [c or None for c in codes], "code", "kode satuan")
    geoms = np.asarray(table.geometry.values) if table.geometry is not None else None
    for i, code in enumerate(codes):
        if not code:
            table.issue(i, "code", "kode satuan kosong")
            continue
        rec: dict[str, Any] = {
            "code": code,
            "name": _cells(table, "name")[i],
            "_row": (table.label, int(table.rows[i])),
        }
        ok = True
        if not rec["name"]:
            table.issue(i, "name", "nama satuan kosong")
            ok = False
        try:
            rec["kind"] = parse_choice(_cells(table, "kind")[i], C.UNIT_KINDS, _UNIT_ALIASES)
        except ValueError as exc:
            table.issue(i, "kind", str(exc))
            ok = False
        parent = _cells(table, "parent_code")[i]
        rec["parent_code"] = parent or None
        covers: list[str] = []
        for part in re.split(r"[;,|\s]+", _cells(table, "covers")[i]):
            if not part:
                continue
            code_n = normalize_code(part)
            if code_n is None:
                table.issue(i, "covers", f"kode wilayah {part!r} tidak sah")
                ok = False
            else:
                covers.append(code_n)
        rec["covers"] = covers
        for pool in C.POOLS:
            text = _cells(table, pool)[i]
            try:
                rec[pool] = parse_int(text, minimum=0) if text else 0
            except ValueError as exc:
                table.issue(i, pool, str(exc))
                ok = False
        lonlat = _lonlat(table, i, geoms)
        if lonlat is False:
            ok = False
        elif lonlat is not None:
            rec["lon"], rec["lat"] = lonlat
        if ok:
            batch.units[code] = rec


def _cross_units(batch: Batch, snapshot: Snapshot) -> None:
    for code, rec in batch.units.items():
        file, row = rec.pop("_row")
        parent = rec["parent_code"]
        if parent and parent not in snapshot.units and parent not in batch.units:
            batch.issues.append(
                Issue(file, row, "induk", f"satuan induk {parent!r} dari {code} tidak ada")
            )
        if parent == code:
            batch.issues.append(
                Issue(file, row, "induk", f"satuan {code} menjadi induknya sendiri")
            )
        for region in rec["covers"]:
            if region not in snapshot.regions:
                batch.issues.append(
                    Issue(
                        file,
                        row,
                        "wilayah",
                        f"wilayah {region} yang dicakup {code} tidak ada di basis data",
                    )
                )
    # cycles in the unit tree
    parent_of_unit = {c: r["parent_code"] for c, r in batch.units.items()}
    for start in parent_of_unit:
        seen, cur = set(), start
        while parent_of_unit.get(cur):
            if cur in seen:
                batch.issues.append(
                    Issue("satuan", None, "induk", f"induk satuan membentuk lingkaran di {start}")
                )
                break
            seen.add(cur)
            cur = parent_of_unit[cur]  # type: ignore[assignment]
