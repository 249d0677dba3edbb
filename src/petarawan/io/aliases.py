"""Header aliases: the spellings real files use for each canonical column (docs/data-formats.md)."""

from __future__ import annotations

import re
from typing import Final

from petarawan.domain import columns as C
from petarawan.domain.checklist import LEGACY, all_flag_ids
from petarawan.io.tables import RawTable, normalize_header

__all__ = ["ALIASES", "CATEGORY_ALIASES", "category_id", "map_columns"]

_LON = ["lon", "longitude", "lng", "long", "bujur", "x", "koordinat_x"]
_LAT = ["lat", "latitude", "lintang", "y", "koordinat_y"]

ALIASES: Final[dict[str, dict[str, list[str]]]] = {
    "regions": {
        "code": [
            "code",
            "kode",
            "kode_wilayah",
            "kode_kemendagri",
            "kd_wilayah",
            "kode_bps_kemendagri",
            "id",
            "kode_desa",
            "desa_code",
            "kode_kelurahan",
            "kode_kecamatan",
            "kode_kec",
            "district_code",
            "kode_kabupaten",
            "kode_kab",
            "regency_code",
            "kode_provinsi",
            "kode_prov",
            "province_code",
        ],
        "name": [
            "name",
            "nama",
            "nama_wilayah",
            "nama_desa",
            "nama_kelurahan",
            "nama_kecamatan",
            "nama_kabupaten",
            "nama_kab_kota",
            "nama_provinsi",
            "wilayah",
        ],
        "kind": ["type", "tipe", "jenis", "kind", "level", "tingkat"],
        "parent_code": ["parent_code", "kode_induk", "induk", "parent"],
        "area_km2": ["area_km2", "luas_km2", "luas", "area", "luas_wilayah"],
    },
    "tps": {
        "tps_id": ["tps_id", "id_tps", "kode_tps", "kode_tps_kpu", "kode_tps_lengkap"],
        "desa_code": [
            "desa_code",
            "kode_desa",
            "kode_kelurahan",
            "kode_desa_kelurahan",
            "kode_kpu",
            "kode_wilayah",
            "kode",
        ],
        "number": ["number", "no_tps", "nomor_tps", "nomor", "no", "tps"],
        "count": ["jumlah_tps", "jml_tps", "tps_count", "count", "banyak_tps"],
        "khusus_min": ["tps_khusus_no_min", "khusus_no_min"],
        "khusus_max": ["tps_khusus_no_max", "khusus_no_max"],
        "voters": [
            "voters",
            "dpt",
            "jumlah_dpt",
            "jml_dpt",
            "pemilih",
            "jumlah_pemilih",
            "dpt_total",
        ],
        "khusus": ["khusus", "tps_khusus", "special", "lokasi_khusus_tps"],
        "lon": _LON,
        "lat": _LAT,
        "location_source": ["location_source", "sumber_lokasi", "sumber_koordinat"],
        "category": ["category", "kategori", "kategori_tps", "kerawanan"],
        **{f"rawan_{c}": [f"rawan_{c}", c] for c in all_flag_ids()},
        **{f"rawan_{c}": [f"rawan_{c}", c] for c in LEGACY},
    },
    "units": {
        "code": ["code", "kode", "kode_satuan", "id"],
        "name": ["name", "nama", "nama_satuan", "satuan"],
        "kind": ["kind", "jenis", "tipe", "type"],
        "parent_code": ["parent_code", "induk", "kode_induk", "parent"],
        "lon": _LON,
        "lat": _LAT,
        "covers": ["covers", "wilayah", "cakupan", "wilayah_hukum", "kode_wilayah"],
        "polri": ["polri", "personel_polri", "personel", "jumlah_personel"],
        "brimob": ["brimob", "bko", "brimob_bko", "personel_brimob"],
        "tni": ["tni", "personel_tni"],
        "linmas": ["linmas", "satlinmas", "personel_linmas"],
    },
    "incidents": {
        "ref": ["ref", "id", "kode", "no_laporan", "nomor_laporan"],
        "occurred_at": [
            "occurred_at",
            "tanggal",
            "waktu",
            "tanggal_waktu",
            "tgl",
            "date",
            "datetime",
        ],
        "election": ["election", "pemilu", "pemilihan"],
        "phase": ["phase", "tahapan", "fase", "tahap"],
        "type": ["type", "jenis", "jenis_kejadian", "kategori"],
        "severity": ["severity", "tingkat", "keparahan", "tingkat_keparahan"],
        "casualties": ["casualties", "korban", "jumlah_korban"],
        "desa_code": ["desa_code", "kode_desa", "kode_wilayah", "kode_kelurahan"],
        "tps": ["no_tps", "tps_id", "kode_tps", "tps", "nomor_tps"],
        "lon": _LON,
        "lat": _LAT,
        "source": ["source", "sumber"],
        "status": ["status", "verifikasi", "status_verifikasi"],
        "description": ["description", "uraian", "keterangan", "deskripsi", "kronologi"],
    },
    "stakeholders": {
        "code": ["code", "kode", "id"],
        "name": ["name", "nama"],
        "role": ["role", "peran", "kategori", "jenis"],
        "organisation": [
            "organisation",
            "organization",
            "organisasi",
            "partai",
            "lembaga",
            "instansi",
        ],
        "region_code": ["region_code", "kode_wilayah", "wilayah", "kode_desa"],
        "phone": ["phone", "telepon", "telp", "hp", "no_hp", "nomor_hp"],
    },
    "engagements": {
        "ref": ["ref", "id"],
        "stakeholder_code": ["stakeholder_code", "kode_tokoh", "tokoh"],
        "date": ["date", "tanggal", "waktu"],
        "topic": ["topic", "topik", "agenda", "pokok_bahasan"],
        "commitments": ["commitments", "komitmen", "kesepakatan"],
        "follow_up": ["follow_up", "tindak_lanjut"],
        "follow_up_due": ["follow_up_due", "batas_tindak_lanjut", "tenggat", "batas_waktu"],
        "participants": ["participants", "peserta"],
    },
    "tps_categories": {
        "tps_id": ["tps_id", "kode_tps", "id_tps", "tps"],
        "category": ["kategori", "category", "kategori_tps"],
    },
    "objects": {
        "code": ["code", "kode", "kode_objek", "id"],
        "kind": ["kind", "jenis", "jenis_objek", "tipe", "type"],
        "name": ["name", "nama", "nama_objek"],
        "desa_code": ["desa_code", "kode_desa", "desa", "kode_wilayah"],
        "lon": _LON,
        "lat": _LAT,
    },
    "personnel": {
        "nrp": ["nrp", "nip", "nrp_nip"],
        "name": ["name", "nama", "nama_lengkap"],
        "rank": ["rank", "pangkat", "pangkat_golongan"],
        "unit_code": ["unit_code", "satuan", "kode_satuan", "kesatuan"],
        "function": ["function", "fungsi", "jabatan", "bagian"],
    },
    "indicators": {
        "code": ["code", "kode", "kode_wilayah", "tps_id"],
        "indicator": ["indicator", "indikator"],
        "value": ["value", "nilai"],
        "source": ["source", "sumber", "sumber_data", "referensi"],
        "valid_from": ["valid_from", "berlaku_sejak", "tanggal", "per_tanggal", "as_of"],
        "author": ["author", "penulis", "dicatat_oleh", "pencatat", "analis"],
    },
}


def known_headers(entity: str) -> list[str]:
    """Return every header spelling understood for an entity."""
    return [a for names in ALIASES[entity].values() for a in names]


#: How people write TPS categories (after lower-casing, non-alphanumerics → ``_``) → category id.
CATEGORY_ALIASES: Final[dict[str, str]] = {
    "aman": "kurang_rawan",
    "kurang": "kurang_rawan",
    "krg_rawan": "kurang_rawan",
    "kr": "kurang_rawan",
    "r": "rawan",
    "sangat": "sangat_rawan",
    "sr": "sangat_rawan",
}


def category_id(value: object) -> str | None:
    """Return the TPS category id of a category as people write it, else None.

    Examples
    --------
    >>> category_id("Sangat Rawan"), category_id("aman"), category_id("kurang-rawan")
    ('sangat_rawan', 'kurang_rawan', 'kurang_rawan')
    >>> category_id("rawan sekali") is None
    True
    """
    key = re.sub(r"[^0-9a-z]+", "_", str(value).strip().lower()).strip("_")
    key = CATEGORY_ALIASES.get(key, key)
    return key if key in C.TPS_CATEGORIES else None


def map_columns(table: RawTable, entity: str) -> None:
    """Fill ``table.columns`` (canonical → original header) using the aliases, first match wins.

    A header is used for one canonical column only, so ``kode`` cannot be both a TPS desa code and
    another field.
    """
    by_norm: dict[str, str] = {}
    for original in table.frame.columns:
        by_norm.setdefault(normalize_header(original), original)
    used: set[str] = set()
    for canonical, names in ALIASES[entity].items():
        for alias in names:
            header = by_norm.get(alias)
            if header is not None and header not in used:
                table.columns[canonical] = header
                used.add(header)
                break
