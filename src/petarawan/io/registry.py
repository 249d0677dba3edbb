"""Validate registry files (regions, TPS, units, incidents, stakeholders, indicators) into records.

Nothing here touches the database: the caller passes a :class:`Snapshot` of what exists, and gets
back a :class:`Batch` of records plus every problem found (file, spreadsheet row, column).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import shapely

from petarawan.domain import columns as C
from petarawan.domain.checklist import CHECKLIST
from petarawan.domain.codes import level_of, normalize_code, parent_of, split_tps_id, tps_id
from petarawan.domain.regions import geodesic_area_km2, kind_from_code
from petarawan.errors import InputDataError, Issue
from petarawan.io.aliases import ALIASES, known_headers, map_columns
from petarawan.io.parse import parse_bool, parse_choice, parse_datetime, parse_float, parse_int
from petarawan.io.tables import RawTable, geometry_problems, read_table

__all__ = ["ENTITIES", "Batch", "Snapshot", "validate_files"]

ENTITIES = ("regions", "tps", "units", "incidents", "stakeholders", "indicators")
MAX_VOTERS_PER_TPS = 600  # PKPU 7/2024 art. 10 (Pilkada 2024)


@dataclass
class Snapshot:
    """What the database already holds, as plain data (codes and a few fields)."""

    regions: dict[str, str] = field(default_factory=dict)  # code → level
    region_geometry: dict[str, bytes] = field(
        default_factory=dict
    )  # code → WKB (only those with one)
    names: dict[str, str] = field(default_factory=dict)  # code → name
    tps: dict[str, tuple[float | None, float | None, str | None]] = field(default_factory=dict)
    units: set[str] = field(default_factory=set)
    stakeholders: set[str] = field(default_factory=set)


@dataclass
class Batch:
    """Validated records keyed by their natural key, and the problems found."""

    regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    tps: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)
    stakeholders: dict[str, dict[str, Any]] = field(default_factory=dict)
    engagements: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Problems that block the import."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Problems reported while the import goes on."""
        return [i for i in self.issues if i.severity != "error"]


def validate_files(
    entity: str, paths: Sequence[Path], snapshot: Snapshot, *, crs: str | None = None
) -> Batch:
    """Read and validate files of one entity; row problems go to ``issues``, never raised."""
    if entity not in ENTITIES:
        msg = f"Jenis impor tidak dikenal: {entity!r}; pilihan: {', '.join(ENTITIES)}"
        raise InputDataError(msg)
    batch = Batch()
    tables: list[RawTable] = []
    for path in paths:
        try:
            table = read_table(Path(path), known_headers=_known(entity), crs=crs)
        except InputDataError as exc:
            batch.issues.extend(exc.issues or [Issue(Path(path).name, None, None, str(exc))])
            continue
        tables.append(table)
    handler: Callable[[RawTable, Snapshot, Batch], None] = _HANDLERS[entity]
    for table in tables:
        if entity == "stakeholders":
            map_columns(table, "engagements")
            if table.has("stakeholder_code") and table.has("date"):
                _engagements(table, snapshot, batch)
                batch.issues.extend(table.issues)
                continue
            table.columns.clear()
        map_columns(table, entity)
        if not table.issues or all(i.severity != "error" for i in table.issues):
            handler(table, snapshot, batch)
        batch.issues.extend(table.issues)
    _cross_check(entity, batch, snapshot)
    return batch


def _known(entity: str) -> list[str]:
    names = known_headers(entity)
    if entity == "stakeholders":
        names += known_headers("engagements")
    return names


def _require(table: RawTable, entity: str, *names: str) -> bool:
    missing = [n for n in names if not table.has(n)]
    for n in missing:
        options = ", ".join(ALIASES[entity][n][:6])
        seen = ", ".join(map(str, table.frame.columns[:12]))
        table.issues.append(
            Issue(
                table.label,
                table.header_row,
                ALIASES[entity][n][0],
                f"kolom wajib tidak ada; diharapkan salah satu dari: {options}; "
                f"judul kolom yang ada: {seen}",
            )
        )
    return not missing


def _cells(table: RawTable, name: str) -> list[str]:
    return table.cells(name)


def _duplicate_check(table: RawTable, keys: list[str | None], column: str, what: str) -> None:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            table.issue(
                i, column, f"{what} {key} ganda (juga di baris {int(table.rows[first[key]])})"
            )
        else:
            first[key] = i


# -- regions -----------------------------------------------------------------------------------
_KIND_ALIASES = {
    "kab": "kabupaten",
    "kabupaten_kota": "kabkota",
    "kec": "kecamatan",
    "distrik": "kecamatan",
    "kel": "kelurahan",
    "prov": "provinsi",
    "province": "provinsi",
    "regency": "kabupaten",
    "city": "kota",
    "district": "kecamatan",
    "village": "desa",
    "kabkota": "kabkota",
}
_KINDS = ("provinsi", "kabupaten", "kota", "kabkota", "kecamatan", "desa", "kelurahan")
_LEVEL_OF_KIND = {
    "provinsi": "provinsi",
    "kabupaten": "kabkota",
    "kota": "kabkota",
    "kabkota": "kabkota",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "kelurahan": "desa",
}


def _regions(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "regions", "code"):
        return
    raw = _cells(table, "code")
    codes: list[str | None] = []
    for i, text in enumerate(raw):
        code = normalize_code(text)
        if code is None:
            hint = (
                " (sel angka di Excel? format sel sebagai teks)"
                if re.fullmatch(r"\d+\.\d", text)
                else ""
            )
            table.issue(
                i,
                "code",
                f"kode wilayah tidak sah {text!r}; diharapkan kode Kemendagri seperti "
                f"53.03.01.2005 atau 5303012005{hint}",
            )
        codes.append(code)
    _duplicate_check(table, codes, "code", "kode")
    names, kinds, parents, areas = (
        _cells(table, n) for n in ("name", "kind", "parent_code", "area_km2")
    )
    geoms = np.asarray(table.geometry.values) if table.geometry is not None else None
    bad_geom = dict(geometry_problems(table.geometry)) if table.geometry is not None else {}
    computed_area = (
        geodesic_area_km2(
            [
                g
                if i not in bad_geom
                and g is not None
                and g.geom_type in ("Polygon", "MultiPolygon")
                else None
                for i, g in enumerate(geoms)
            ]
        )
        if geoms is not None
        else None
    )
    for i, code in enumerate(codes):
        if code is None:
            continue
        level = level_of(code)
        rec: dict[str, Any] = {
            "code": code,
            "level": level,
            "parent_code": parent_of(code),
            "_row": (table.label, int(table.rows[i])),
        }
        if names[i]:
            rec["name"] = names[i]
        if table.has("kind") and kinds[i]:
            try:
                kind = parse_choice(kinds[i], _KINDS, _KIND_ALIASES)
            except ValueError as exc:
                table.issue(i, "kind", str(exc))
                continue
            if _LEVEL_OF_KIND[kind] != level:
                table.issue(
                    i,
                    "kind",
                    f"jenis {kinds[i]!r} tidak cocok dengan kode {code} (tingkat {level})",
                )
                continue
            rec["kind"] = kind_from_code(code) if kind in ("kabkota",) else kind
        if table.has("parent_code") and parents[i]:
            parent = normalize_code(parents[i])
            if parent != parent_of(code):
                table.issue(
                    i,
                    "parent_code",
                    f"induk {parents[i]!r} tidak cocok dengan kode {code}; "
                    f"diharapkan {parent_of(code)}",
                )
                continue
        if table.has("area_km2") and areas[i]:
            try:
                rec["area_km2"] = parse_float(areas[i], minimum=0)
            except ValueError as exc:
                table.issue(i, "area_km2", str(exc))
                continue
        if geoms is not None:
            g = geoms[i]
            if g is None or g.is_empty:
                table.issue(
                    i, None, f"wilayah {code} tanpa geometri; poligon tidak diperbarui", "warning"
                )
            elif i in bad_geom:
                table.issue(
                    i,
                    "geometry",
                    f"geometri {code} tidak sah: {bad_geom[i]}; perbaiki di QGIS "
                    "(Vektor › Alat Geometri › Perbaiki Geometri)",
                )
                continue
            elif g.geom_type not in ("Polygon", "MultiPolygon"):
                table.issue(
                    i, "geometry", f"geometri {code} bertipe {g.geom_type}; diharapkan poligon"
                )
                continue
            else:
                rec["geometry"] = shapely.to_wkb(g, output_dimension=2, include_srid=False)
                if "area_km2" not in rec and computed_area is not None:
                    rec["area_km2"] = round(float(computed_area[i]), 6)
        prev = batch.regions.get(code)
        batch.regions[code] = {**prev, **rec} if prev else rec


def _cross_regions(batch: Batch, snapshot: Snapshot) -> None:
    for code, rec in batch.regions.items():
        file, row = rec.pop("_row")
        if code not in snapshot.regions and "name" not in rec:
            batch.issues.append(
                Issue(file, row, "nama", f"wilayah baru {code} tanpa nama; isi kolom nama")
            )
        rec.setdefault("kind", kind_from_code(code)) if code not in snapshot.regions else None
        parent = rec["parent_code"]
        if parent is not None and parent not in snapshot.regions and parent not in batch.regions:
            batch.issues.append(
                Issue(
                    file,
                    row,
                    "kode",
                    f"induk {parent} ({level_of(parent)}) dari {code} tidak ada di basis data "
                    f"maupun di impor ini; impor {level_of(parent)} lebih dulu atau sertakan "
                    "berkasnya",
                )
            )


# -- TPS ---------------------------------------------------------------------------------------
_CATEGORY_ALIASES = {
    "aman": "kurang_rawan",
    "kurang": "kurang_rawan",
    "sangat": "sangat_rawan",
    "krg_rawan": "kurang_rawan",
    "sr": "sangat_rawan",
    "kr": "kurang_rawan",
    "r": "rawan",
}


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
    """Return (checklist id, canonical column, cells) of the checklist columns the file has."""
    cached: list[tuple[str, str, list[str]]] | None = getattr(table, "_flag_cache", None)
    if cached is None:
        cached = [
            (item.id, f"rawan_{item.id}", table.cells(f"rawan_{item.id}"))
            for item in CHECKLIST
            if table.has(f"rawan_{item.id}")
        ]
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
                rec["category"] = parse_choice(text, C.TPS_CATEGORIES, _CATEGORY_ALIASES)
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
        rec["flags"] = flags
    return ok


def _lonlat(
    table: RawTable, i: int, geoms: np.ndarray | None
) -> tuple[float, float] | Literal[False] | None:
    """Return (lon, lat), None when the row has no location, or False after recording a problem."""
    if geoms is not None:
        g = geoms[i]
        if g is None or g.is_empty:
            return None
        if g.geom_type != "Point":
            table.issue(i, "geometry", f"geometri bertipe {g.geom_type}; diharapkan titik")
            return False
        return float(g.x), float(g.y)
    if not (table.has("lon") or table.has("lat")):
        return None
    lon_t, lat_t = _cells(table, "lon")[i], _cells(table, "lat")[i]
    if not lon_t and not lat_t:
        return None
    try:
        lon = parse_float(lon_t)
        lat = parse_float(lat_t)
    except ValueError as exc:
        table.issue(i, "lon" if not _isnum(lon_t) else "lat", str(exc))
        return False
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        table.issue(
            i,
            "lon",
            f"koordinat ({lon_t}, {lat_t}) bukan bujur/lintang WGS84; diharapkan bujur "
            "−180…180 dan lintang −90…90 (UTM? ubah ke EPSG:4326)",
        )
        return False
    if (-90 <= lon <= 90 and abs(lat) > 90 - 1e-9) or (abs(lat) > 30 and abs(lon) <= 30):
        table.issue(i, "lat", f"bujur {lon_t} dan lintang {lat_t} tampak tertukar", "warning")
    return lon, lat


def _isnum(text: str) -> bool:
    try:
        parse_float(text)
    except ValueError:
        return False
    return True


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
            rec["occurred_at"] = parse_datetime(get["occurred_at"])
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


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def _cross_incidents(batch: Batch, snapshot: Snapshot) -> None:
    for rec in batch.incidents.values():
        file, row = rec.pop("_row")
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
            rec["date"] = parse_datetime(get["date"])
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
                rec["follow_up_due"] = parse_datetime(get["follow_up_due"])
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
        key = (level, code, name)
        if key in batch.indicators:
            table.issue(i, "indicator", f"indikator {name} untuk {code} ganda")
            continue
        batch.indicators[key] = {
            "level": level,
            "code": code,
            "indicator": name,
            "value": value,
            "text": None,
            "source": table.label,
        }


def _noop(batch: Batch, snapshot: Snapshot) -> None:
    return None


_HANDLERS: dict[str, Callable[[RawTable, Snapshot, Batch], None]] = {
    "regions": _regions,
    "tps": _tps,
    "units": _units,
    "incidents": _incidents,
    "stakeholders": _stakeholders,
    "indicators": _indicators,
}
_CROSS: dict[str, Callable[[Batch, Snapshot], None]] = {
    "regions": _cross_regions,
    "tps": _cross_tps,
    "units": _cross_units,
    "incidents": _cross_incidents,
    "stakeholders": _cross_stakeholders,
    "indicators": _noop,
}


def _cross_check(entity: str, batch: Batch, snapshot: Snapshot) -> None:
    _CROSS[entity](batch, snapshot)
