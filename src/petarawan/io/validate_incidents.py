"""Validation of incident files (time, phase, type, severity, place)."""

from __future__ import annotations

from typing import Any

import numpy as np

from petarawan.domain import columns as C
from petarawan.domain.codes import level_of, normalize_code, tps_id
from petarawan.errors import Issue
from petarawan.io.aliases import ALIASES
from petarawan.io.parse import check_plausible_date, parse_choice, parse_datetime, parse_int
from petarawan.io.records import (
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
from petarawan.io.records import (
    stable_hash as _hash,
)
from petarawan.io.tables import RawTable

# -- incidents ---------------------------------------------------------------------------------
_PHASE_ALIASES = {
    "pra": "pra_kampanye",
    "prakampanye": "pra_kampanye",
    "pemungutan": "pemungutan_penghitungan",
    "pemungutan_dan_penghitungan": "pemungutan_penghitungan",
    "pungut_hitung": "pemungutan_penghitungan",
    "pemungutan_penghitungan_suara": "pemungutan_penghitungan",
    "rekap": "rekapitulasi",
    "pascapemilu": "pasca",
    "pasca_pemilu": "pasca",
    "pasca_pilkada": "pasca",
    "pencalonan": "pra_kampanye",
    "tenang": "masa_tenang",
}

_TYPE_ALIASES = {
    "politik_uang_money_politic": "politik_uang",
    "money_politic": "politik_uang",
    "money_politics": "politik_uang",
    "ujaran_kebencian": "sara",
    "politisasi_sara": "sara",
    "violence": "kekerasan",
    "intimidation": "intimidasi",
    "bentrok": "kekerasan",
    "penganiayaan": "kekerasan",
    "ancaman": "intimidasi",
    "pengrusakan": "perusakan",
    "kamtibmas": "gangguan_kamtibmas",
    "administrasi": "pelanggaran_administrasi",
}

_STATUS_ALIASES = {
    "terverifikasi": "diverifikasi",
    "verified": "diverifikasi",
    "baru": "dilaporkan",
    "reported": "dilaporkan",
    "closed": "selesai",
}


def _incidents(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "incidents", "occurred_at", "type"):
        return
    geoms = np.asarray(table.geometry.values) if table.geometry is not None else None
    refs: list[str | None] = []
    for i in range(len(table.frame)):
        get = {n: _cells(table, n)[i] for n in ALIASES["incidents"]}
        rec: dict[str, Any] = {"_row": (table.label, int(table.rows[i]))}
        ok = True
        try:
            rec["occurred_at"] = check_plausible_date(parse_datetime(get["occurred_at"]))
        except ValueError as exc:
            table.issue(i, "occurred_at", str(exc))
            ok = False
        try:
            rec["type"] = parse_choice(get["type"], C.INCIDENT_TYPES, _TYPE_ALIASES)
        except ValueError as exc:
            table.issue(i, "type", str(exc))
            ok = False
        if get["phase"]:
            try:
                rec["phase"] = parse_choice(get["phase"], C.PHASES, _PHASE_ALIASES)
            except ValueError as exc:
                table.issue(i, "phase", str(exc))
                ok = False
        for name, lo, hi, default in (("severity", 1, 5, 1), ("casualties", 0, None, 0)):
            try:
                rec[name] = parse_int(get[name], minimum=lo, maximum=hi) if get[name] else default
            except ValueError as exc:
                table.issue(i, name, str(exc))
                ok = False
        rec["status"] = "dilaporkan"
        if get["status"]:
            try:
                rec["status"] = parse_choice(get["status"], C.INCIDENT_STATUSES, _STATUS_ALIASES)
            except ValueError as exc:
                table.issue(i, "status", str(exc))
                ok = False
        desa = None
        if get["desa_code"]:
            desa = normalize_code(get["desa_code"])
            if desa is None or level_of(desa) != "desa":
                table.issue(i, "desa_code", f"kode desa {get['desa_code']!r} tidak sah")
                ok = False
                desa = None
            elif desa not in snapshot.regions:
                table.issue(i, "desa_code", f"desa {desa} tidak ada di basis data")
                ok = False
        rec["desa_code"] = desa
        rec["tps_id"] = None
        if get["tps"]:
            t = get["tps"].replace(".", "")
            if len(t) == 13 and t.isdigit():
                rec["tps_id"] = t
            elif desa is not None:
                try:
                    rec["tps_id"] = tps_id(desa, parse_int(t, minimum=1, maximum=999))
                except ValueError as exc:
                    table.issue(i, "tps", str(exc))
                    ok = False
            else:
                table.issue(
                    i, "tps", "nomor TPS tanpa kode desa; isi kode_desa atau kode TPS 13 digit"
                )
                ok = False
        lonlat = _lonlat(table, i, geoms)
        if lonlat is False:
            ok = False
        elif lonlat is not None:
            rec["lon"], rec["lat"] = lonlat
        if desa is None and lonlat is None:
            table.issue(i, "desa_code", "kejadian tanpa lokasi: isi kode_desa atau koordinat")
            ok = False
        rec["election"] = get["election"] or None
        rec["source"] = get["source"] or None
        rec["description"] = get["description"] or None
        ref = get["ref"] or _hash(
            str(rec.get("occurred_at")),
            str(desa),
            str(rec.get("type")),
            get["description"],
            str(rec.get("tps_id")),
        )
        rec["ref"] = ref
        refs.append(ref)
        if ok:
            batch.incidents[ref] = rec
    _duplicate_check(table, refs, "ref", "kejadian")


def _cross_incidents(batch: Batch, snapshot: Snapshot) -> None:
    for rec in batch.incidents.values():
        file, row = rec.pop("_row")
        if rec["desa_code"] is not None and rec.get("lon") is not None:
            far = point_outside_desa(snapshot, rec["desa_code"], rec["lon"], rec["lat"])
            if far is not None:
                batch.issues.append(Issue(file, row, "lon", far))
        if rec["tps_id"] is not None and rec["tps_id"] not in snapshot.tps:
            batch.issues.append(
                Issue(
                    file,
                    row,
                    "tps",
                    f"TPS {rec['tps_id']} tidak ada di daftar TPS; kejadian "
                    "tetap dicatat pada desanya",
                    "warning",
                )
            )
