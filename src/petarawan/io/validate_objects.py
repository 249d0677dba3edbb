"""Validation of object files (KPU, Bawaslu, warehouse, PPK …) and of personnel files."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from petarawan.domain.codes import normalize_code
from petarawan.domain.operation import OBJECT_KINDS
from petarawan.errors import Issue
from petarawan.io.parse import parse_choice
from petarawan.io.records import Batch, Snapshot, cells, duplicate_check, lonlat, require
from petarawan.io.tables import RawTable

__all__ = ["cross_objects", "cross_personnel", "validate_objects", "validate_personnel"]

_OBJECT_ALIASES = {
    "kantor_kpu": "kpu",
    "kpud": "kpu",
    "kantor_bawaslu": "bawaslu",
    "panwaslu": "bawaslu",
    "gudang": "gudang_logistik",
    "gudang_kpu": "gudang_logistik",
    "logistik": "gudang_logistik",
    "posko": "posko_paslon",
    "rumah": "rumah_paslon",
    "lainnya": "other",
    "lain": "other",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def validate_objects(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    """Rows of an object file into ``batch.objects`` (key: ``code`` or kind-desa-name)."""
    if not require(table, "objects", "kind", "name"):
        return
    geoms = np.asarray(table.geometry.values) if table.geometry is not None else None
    kinds, names = cells(table, "kind"), cells(table, "name")
    desas, codes = cells(table, "desa_code"), cells(table, "code")
    keys: list[str | None] = []
    for i in range(len(kinds)):
        ok = True
        rec: dict[str, Any] = {"_row": (table.label, int(table.rows[i]))}
        try:
            rec["kind"] = parse_choice(kinds[i], OBJECT_KINDS, _OBJECT_ALIASES)
        except ValueError as exc:
            table.issue(i, "kind", str(exc))
            ok = False
        rec["name"] = names[i]
        if not names[i]:
            table.issue(i, "name", "nama objek kosong")
            ok = False
        desa = normalize_code(desas[i]) if desas[i] else None
        if desas[i] and desa is None:
            table.issue(i, "desa_code", f"kode desa {desas[i]!r} tidak sah")
            ok = False
        rec["desa_code"] = desa
        loc = lonlat(table, i, geoms)
        if loc is False:
            ok = False
        elif loc is None:
            table.issue(i, "lon", "objek tanpa koordinat (lon/lat wajib untuk perencanaan)")
            ok = False
        else:
            rec["lon"], rec["lat"] = loc
        kind = rec.get("kind", "other")
        key = codes[i] or "-".join(x for x in (kind, desa, _slug(names[i])) if x)
        rec["code"] = key
        keys.append(key if ok else None)
        if ok:
            batch.objects[key] = rec
    duplicate_check(table, keys, "code", "objek")


def cross_objects(batch: Batch, snapshot: Snapshot) -> None:
    """Every object's desa must exist in the workspace."""
    for code, rec in batch.objects.items():
        file, row = rec.pop("_row")
        desa = rec.get("desa_code")
        if desa and desa not in snapshot.regions:
            batch.issues.append(
                Issue(file, row, "desa", f"desa {desa} dari objek {code} tidak ada di basis data")
            )


def validate_personnel(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    """Rows of a personnel file (NRP, nama, pangkat, satuan, fungsi) into ``batch.personnel``."""
    if not require(table, "personnel", "nrp", "name", "rank", "unit_code"):
        return
    nrps = cells(table, "nrp")
    duplicate_check(table, [n or None for n in nrps], "nrp", "NRP")
    for i, nrp in enumerate(nrps):
        ok = True
        if not re.fullmatch(r"\d{8,18}", nrp.replace(" ", "")):
            table.issue(i, "nrp", f"NRP {nrp!r} tidak sah (8–18 angka)")
            ok = False
        rec = {
            "nrp": nrp.replace(" ", ""),
            "name": cells(table, "name")[i],
            "rank": cells(table, "rank")[i],
            "unit_code": cells(table, "unit_code")[i],
            "function": cells(table, "function")[i] or None,
            "_row": (table.label, int(table.rows[i])),
        }
        for col, what in (("name", "nama"), ("rank", "pangkat"), ("unit_code", "satuan")):
            if not rec[col]:
                table.issue(i, col, f"{what} kosong")
                ok = False
        unit = rec["unit_code"]
        if unit and unit not in snapshot.units and unit not in batch.units:
            table.issue(i, "unit_code", f"satuan {unit!r} tidak ada (impor satuan dulu)")
            ok = False
        if ok:
            batch.personnel[str(rec["nrp"])] = rec


def cross_personnel(batch: Batch, snapshot: Snapshot) -> None:
    """Drop the row bookkeeping (units were checked row by row)."""
    for rec in batch.personnel.values():
        rec.pop("_row", None)
