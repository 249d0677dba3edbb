"""Validation of TPS files: one row per TPS, or TPS counts per desa."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from petarawan.domain import columns as C
from petarawan.domain.checklist import LEGACY, all_flag_ids, flag_name, map_legacy_flags
from petarawan.domain.codes import level_of, normalize_code, split_tps_id, tps_id
from petarawan.errors import Issue
from petarawan.io.aliases import CATEGORY_ALIASES
from petarawan.io.parse import parse_bool, parse_choice, parse_int
from petarawan.io.records import (
    MAX_VOTERS_PER_TPS,
    Batch,
    Snapshot,
    point_outside_desa,
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

# -- TPS ---------------------------------------------------------------------------------------


def _tps(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if table.has("count"):
        _tps_counts(table, snapshot, batch)
        return
    point_geoms = table.geometry is not None
    if not table.has("tps_id") and not (table.has("desa_code") and table.has("number")):
        missing = "no_tps" if table.has("desa_code") else "kode_desa"
        table.issues.append(
            Issue(
                table.label,
                table.header_row,
                missing,
                "kolom wajib tidak ada; diharapkan tps_id (kode TPS KPU 13 digit), atau "
                "kode_desa + no_tps, atau kode_desa + jumlah_tps; judul kolom yang ada: "
                + ", ".join(map(str, table.frame.columns[:12])),
            )
        )
        return
    ids, descs, numbers = (
        _cells(table, "tps_id"),
        _cells(table, "desa_code"),
        _cells(table, "number"),
    )
    keys: list[str | None] = []
    geoms = (
        np.asarray(table.geometry.values) if point_geoms and table.geometry is not None else None
    )
    for i in range(len(table.frame)):
        desa: str | None = None
        number: int | None = None
        if table.has("tps_id") and ids[i]:
            split = split_tps_id(ids[i])
            if split is None:
                table.issue(
                    i,
                    "tps_id",
                    f"kode TPS {ids[i]!r} tidak sah; diharapkan 10 digit kode desa + "
                    "3 digit nomor TPS, mis. 5303012005001",
                )
                keys.append(None)
                continue
            desa, number = split
            if not 1 <= number <= 999:
                table.issue(
                    i,
                    "tps_id",
                    f"nomor TPS {number} pada kode {ids[i]!r} tidak sah; diharapkan 001–999",
                )
                keys.append(None)
                continue
        else:
            desa = normalize_code(descs[i])
            if desa is None or level_of(desa) != "desa":
                table.issue(
                    i,
                    "desa_code",
                    f"kode desa {descs[i]!r} tidak sah; diharapkan mis. 53.03.01.2005",
                )
                keys.append(None)
                continue
            try:
                number = parse_int(
                    numbers[i]
                    if numbers[i].isdigit()
                    else re.sub(r"^(tps)\s*", "", numbers[i], flags=re.I),
                    minimum=1,
                    maximum=999,
                )
            except ValueError as exc:
                table.issue(i, "number", str(exc))
                keys.append(None)
                continue
        key = tps_id(desa, number)
        keys.append(key)
        rec: dict[str, Any] = {
            "tps_id": key,
            "desa_code": desa,
            "number": number,
            "_row": (table.label, int(table.rows[i])),
        }
        ok = _tps_fields(table, i, rec)
        lonlat = _lonlat(table, i, geoms)
        if lonlat is False:
            ok = False
        elif lonlat is not None:
            rec["lon"], rec["lat"] = lonlat
            src = (
                _cells(table, "location_source")[i].lower() if table.has("location_source") else ""
            )
            rec["location_source"] = (
                "estimated" if src in ("estimated", "perkiraan", "estimasi") else "surveyed"
            )
        if ok:
            batch.tps[key] = {**batch.tps.get(key, {}), **rec}
    _duplicate_check(table, keys, "tps_id" if table.has("tps_id") else "number", "TPS")


def _flag_columns(table: RawTable) -> list[tuple[str, str, list[str]]]:
    """Return (flag id, canonical column, cells) of the checklist columns the file has.

    Columns under an old id of the earlier 27-item list are read too; the first call reports,
    once per file, how each is mapped (or that it cannot be split and is kept as it is).
    """
    cached: list[tuple[str, str, list[str]]] | None = getattr(table, "_flag_cache", None)
    if cached is None:
        cached = [
            (flag, f"rawan_{flag}", table.cells(f"rawan_{flag}"))
            for flag in [*all_flag_ids(), *LEGACY]
            if table.has(f"rawan_{flag}")
        ]
        for flag, name, _ in cached:
            if flag not in LEGACY:
                continue
            targets = LEGACY[flag]
            if targets is None:
                msg = (
                    f"kolom lama '{flag}' menggabungkan dua indikator Bawaslu 2024 "
                    f"('{flag_name('dekat_lembaga_pendidikan')}' dan "
                    f"'{flag_name('dekat_wilayah_kerja')}'); disimpan apa adanya dan tidak "
                    "dihitung sampai diisi ulang dengan kolom rawan_dekat_lembaga_pendidikan / "
                    "rawan_dekat_wilayah_kerja"
                )
            else:
                msg = f"kolom lama '{flag}' dibaca sebagai " + ", ".join(
                    f"rawan_{t}" for t in targets
                )
            table.issue(None, name, msg, "warning")
        table._flag_cache = cached  # type: ignore[attr-defined]
    return cached


def _tps_fields(table: RawTable, i: int, rec: dict[str, Any]) -> bool:
    ok = True
    if table.has("voters"):
        text = _cells(table, "voters")[i]
        if text:
            try:
                rec["voters"] = parse_int(text, minimum=0)
                if rec["voters"] > MAX_VOTERS_PER_TPS:
                    table.issue(
                        i,
                        "voters",
                        f"DPT {rec['voters']} melebihi {MAX_VOTERS_PER_TPS} pemilih per TPS "
                        "(batas Pilkada, PKPU 7/2024)",
                        "warning",
                    )
            except ValueError as exc:
                table.issue(i, "voters", str(exc))
                ok = False
    if table.has("khusus"):
        try:
            rec["khusus"] = parse_bool(_cells(table, "khusus")[i])
        except ValueError as exc:
            table.issue(i, "khusus", str(exc))
            ok = False
    elif rec["number"] >= 900:
        rec["khusus"] = True
    if table.has("category"):
        text = _cells(table, "category")[i]
        if text:
            try:
                rec["category"] = parse_choice(text, C.TPS_CATEGORIES, CATEGORY_ALIASES)
            except ValueError as exc:
                table.issue(i, "category", str(exc))
                ok = False
    flags: dict[str, bool] = {}
    for item_id, name, cells in _flag_columns(table):
        try:
            flags[item_id] = parse_bool(cells[i])
        except ValueError as exc:
            table.issue(i, name, str(exc))
            ok = False
    if flags:
        rec["flags"] = map_legacy_flags(flags)[0]
    return ok


def _tps_counts(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "tps", "desa_code"):
        return
    descs, counts = _cells(table, "desa_code"), _cells(table, "count")
    kmin, kmax = _cells(table, "khusus_min"), _cells(table, "khusus_max")
    desas: list[str | None] = []
    for i in range(len(table.frame)):
        desa = normalize_code(descs[i])
        if desa is None or level_of(desa) != "desa":
            table.issue(
                i, "desa_code", f"kode desa {descs[i]!r} tidak sah; diharapkan mis. 53.03.01.2005"
            )
            desas.append(None)
            continue
        desas.append(desa)
        try:
            n = parse_int(counts[i], minimum=0, maximum=999)
        except ValueError as exc:
            table.issue(i, "count", str(exc))
            continue
        numbers = [(k, False) for k in range(1, n + 1)]
        if kmin[i] or kmax[i]:
            try:
                lo = parse_int(kmin[i] or kmax[i], minimum=1, maximum=999)
                hi = parse_int(kmax[i] or kmin[i], minimum=lo, maximum=999)
            except ValueError as exc:
                table.issue(i, "khusus_min", str(exc))
                continue
            numbers += [(k, True) for k in range(lo, hi + 1)]
        for number, khusus in numbers:
            key = tps_id(desa, number)
            batch.tps[key] = {
                "tps_id": key,
                "desa_code": desa,
                "number": number,
                "khusus": khusus,
                "_row": (table.label, int(table.rows[i])),
            }
    _duplicate_check(table, desas, "desa_code", "desa")


def _cross_tps(batch: Batch, snapshot: Snapshot) -> None:
    for key, rec in batch.tps.items():
        file, row = rec.pop("_row")
        rec["_file"] = file
        desa = rec["desa_code"]
        if desa not in snapshot.regions:
            batch.issues.append(
                Issue(
                    file,
                    row,
                    "kode_desa",
                    f"desa {desa} (TPS {key}) tidak ada di basis data; impor wilayah lebih dulu",
                )
            )
        elif rec.get("lon") is not None and rec.get("lat") is not None:
            far = point_outside_desa(snapshot, desa, rec["lon"], rec["lat"])
            if far is not None:
                batch.issues.append(Issue(file, row, "lon", f"TPS {key}: {far}"))
