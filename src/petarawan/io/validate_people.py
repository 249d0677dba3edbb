"""Validation of stakeholder registers, engagement logs and analyst indicator values."""

from __future__ import annotations

import re
from typing import Any

from petarawan.domain import columns as C
from petarawan.domain.codes import level_of, normalize_code
from petarawan.errors import Issue
from petarawan.io.aliases import ALIASES
from petarawan.io.parse import check_plausible_date, parse_choice, parse_datetime, parse_float
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
    require as _require,
)
from petarawan.io.records import (
    stable_hash as _hash,
)
from petarawan.io.tables import RawTable

# -- stakeholders and engagements --------------------------------------------------------------
_ROLE_ALIASES = {
    "partai": "ketua_partai",
    "ketua_parpol": "ketua_partai",
    "timses": "tim_paslon",
    "tim_sukses": "tim_paslon",
    "tim_kampanye": "tim_paslon",
    "kades": "kepala_desa",
    "lurah": "kepala_desa",
    "tokoh_gereja": "tokoh_agama",
    "ulama": "tokoh_agama",
    "kpu": "penyelenggara",
    "bawaslu": "penyelenggara",
    "panwas": "penyelenggara",
}


def _stakeholders(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "stakeholders", "name", "role"):
        return
    keys: list[str | None] = []
    for i in range(len(table.frame)):
        get = {n: _cells(table, n)[i] for n in ALIASES["stakeholders"]}
        rec: dict[str, Any] = {"_row": (table.label, int(table.rows[i])), "name": get["name"]}
        ok = True
        if not get["name"]:
            table.issue(i, "name", "nama kosong")
            ok = False
        try:
            rec["role"] = parse_choice(get["role"], C.STAKEHOLDER_ROLES, _ROLE_ALIASES)
        except ValueError as exc:
            table.issue(i, "role", str(exc))
            ok = False
        region = None
        if get["region_code"]:
            region = normalize_code(get["region_code"])
            if region is None:
                table.issue(i, "region_code", f"kode wilayah {get['region_code']!r} tidak sah")
                ok = False
        rec["region_code"] = region
        rec["organisation"] = get["organisation"] or None
        rec["phone"] = get["phone"] or None
        code = get["code"] or re.sub(
            r"[^a-z0-9]+", "-", f"{get['name']} {region or ''}".lower()
        ).strip("-")
        rec["code"] = code
        keys.append(code)
        if ok:
            batch.stakeholders[code] = rec
    _duplicate_check(table, keys, "code", "tokoh")


def _engagements(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    keys: list[str | None] = []
    for i in range(len(table.frame)):
        get = {n: _cells(table, n)[i] for n in ALIASES["engagements"]}
        rec: dict[str, Any] = {
            "_row": (table.label, int(table.rows[i])),
            "stakeholder_code": get["stakeholder_code"],
        }
        ok = True
        try:
            rec["date"] = check_plausible_date(parse_datetime(get["date"]))
        except ValueError as exc:
            table.issue(i, "date", str(exc))
            ok = False
        if not get["topic"]:
            table.issue(i, "topic", "topik pertemuan kosong")
            ok = False
        rec["topic"] = get["topic"]
        rec["commitments"] = get["commitments"] or None
        rec["follow_up"] = get["follow_up"] or None
        rec["participants"] = get["participants"] or None
        rec["follow_up_due"] = None
        if get["follow_up_due"]:
            try:
                rec["follow_up_due"] = check_plausible_date(parse_datetime(get["follow_up_due"]))
            except ValueError as exc:
                table.issue(i, "follow_up_due", str(exc))
                ok = False
        ref = get["ref"] or _hash(get["stakeholder_code"], get["date"], get["topic"])
        rec["ref"] = ref
        keys.append(ref)
        if ok:
            batch.engagements[ref] = rec
    _duplicate_check(table, keys, "ref", "pertemuan")


def _cross_stakeholders(batch: Batch, snapshot: Snapshot) -> None:
    for rec in batch.stakeholders.values():
        file, row = rec.pop("_row")
        if rec["region_code"] is not None and rec["region_code"] not in snapshot.regions:
            batch.issues.append(
                Issue(file, row, "kode_wilayah", f"wilayah {rec['region_code']} tidak ada")
            )
    for rec in batch.engagements.values():
        file, row = rec.pop("_row")
        code = rec["stakeholder_code"]
        if code not in snapshot.stakeholders and code not in batch.stakeholders:
            batch.issues.append(
                Issue(file, row, "kode_tokoh", f"tokoh {code!r} tidak ada; impor daftar tokoh dulu")
            )


# -- analyst indicators ------------------------------------------------------------------------
#: Spellings of a published (official) index score → the indicator a framework reads it from
#: (``official_indicator``); such a score wins over the computed one for its unit.
OFFICIAL_SCORES = {
    "ipkp": "ipkp_resmi",
    "skor_ipkp": "ipkp_resmi",
    "ipkp_resmi": "ipkp_resmi",
    "skor_resmi_ipkp": "ipkp_resmi",
    "ikp": "ikp2024_resmi",
    "ikp2024": "ikp2024_resmi",
    "skor_ikp": "ikp2024_resmi",
    "ikp_resmi": "ikp2024_resmi",
    "ikp2024_resmi": "ikp2024_resmi",
    "skor_resmi_ikp": "ikp2024_resmi",
}


def _indicators(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "indicators", "code", "indicator", "value"):
        return
    for i in range(len(table.frame)):
        get = {n: _cells(table, n)[i] for n in ALIASES["indicators"]}
        raw = (
            get["code"].replace(".", "") if len(get["code"].replace(".", "")) == 13 else get["code"]
        )
        if len(raw) == 13 and raw.isdigit():
            level, code = "tps", raw
            known = code in snapshot.tps
        else:
            code_n = normalize_code(get["code"])
            if code_n is None:
                table.issue(i, "code", f"kode {get['code']!r} bukan kode wilayah atau kode TPS")
                continue
            level, code = level_of(code_n), code_n
            known = code in snapshot.regions
        if not known:
            table.issue(i, "code", f"{code} tidak ada di basis data")
            continue
        name = re.sub(r"[^0-9a-z_]+", "_", get["indicator"].strip().lower()).strip("_")
        if not name:
            table.issue(i, "indicator", "nama indikator kosong")
            continue
        try:
            value = parse_float(get["value"])
        except ValueError as exc:
            table.issue(i, "value", str(exc))
            continue
        name = OFFICIAL_SCORES.get(name, name)
        key = (level, code, name)
        if key in batch.indicators:
            table.issue(i, "indicator", f"indikator {name} untuk {code} ganda")
            continue
        source = get.get("source", "").strip()
        valid_from = None
        if get.get("valid_from", "").strip():
            try:
                valid_from = parse_datetime(get["valid_from"])
            except ValueError as exc:
                table.issue(i, "valid_from", str(exc))
                continue
        batch.indicators[key] = {
            "level": level,
            "code": code,
            "indicator": name,
            "value": value,
            "text": None,
            "source": source or table.label,
            "valid_from": valid_from,
            "author": get.get("author", "").strip() or None,
        }
        if source:
            batch.indicators[(level, code, f"{name}_sumber")] = {
                "level": level,
                "code": code,
                "indicator": f"{name}_sumber",
                "value": None,
                "text": source,
                "source": table.label,
            }
