"""Canonical column names shared by readers, the store and the domain core.

Every table that crosses a module boundary uses these names; readers map the spellings real
files use (``kode``, ``nama``, ``kode_desa``, ``jumlah_tps`` …) onto them.
"""

from __future__ import annotations

from typing import Final

# --- regions -------------------------------------------------------------------------------
CODE: Final = "code"  # Kemendagri code, dotted form: "53", "53.03", "53.03.01", "53.03.01.2005"
NAME: Final = "name"
LEVEL: Final = "level"  # provinsi | kabkota | kecamatan | desa
KIND: Final = "kind"  # provinsi | kabupaten | kota | kecamatan | desa | kelurahan
PARENT: Final = "parent_code"
AREA_KM2: Final = "area_km2"
GEOMETRY: Final = "geometry"

LEVELS: Final = ("provinsi", "kabkota", "kecamatan", "desa")

# --- TPS -----------------------------------------------------------------------------------
TPS_ID: Final = "tps_id"  # KPU form: 10-digit desa code + 3-digit TPS number, "5303012005001"
DESA: Final = "desa_code"  # dotted Kemendagri desa code
TPS_NUMBER: Final = "number"
VOTERS: Final = "voters"  # DPT
LON: Final = "lon"
LAT: Final = "lat"
LOCATION_SOURCE: Final = "location_source"  # surveyed | estimated
KHUSUS: Final = "khusus"  # special TPS (prisons, detention)
CATEGORY: Final = "category"  # manual category if any: kurang_rawan | rawan | sangat_rawan | khusus
FLAG_PREFIX: Final = "rawan_"  # TPS-rawan checklist columns: rawan_<indicator id>, boolean

LOCATION_SOURCES: Final = ("surveyed", "estimated")
TPS_CATEGORIES: Final = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")

# --- units ---------------------------------------------------------------------------------
UNIT_CODE: Final = "code"
UNIT_KIND: Final = "kind"  # polres | polsek | pos
UNIT_KINDS: Final = ("polres", "polsek", "pos")
COVERS: Final = "covers"  # list of region codes the unit covers
POOLS: Final = ("polri", "brimob", "tni", "linmas")  # personnel pools, one integer column each

# --- incidents -----------------------------------------------------------------------------
OCCURRED_AT: Final = "occurred_at"
PHASE: Final = "phase"
INCIDENT_TYPE: Final = "type"
SEVERITY: Final = "severity"  # 1 (ringan) .. 5 (sangat berat)
CASUALTIES: Final = "casualties"
SOURCE: Final = "source"
STATUS: Final = "status"
ELECTION: Final = "election"
DESCRIPTION: Final = "description"

PHASES: Final = (
    "pra_kampanye",
    "kampanye",
    "masa_tenang",
    "pemungutan_penghitungan",
    "rekapitulasi",
    "pasca",
)
INCIDENT_TYPES: Final = (
    "kekerasan",
    "intimidasi",
    "politik_uang",
    "sara",
    "netralitas",
    "logistik",
    "perusakan",
    "penolakan",
    "gangguan_kamtibmas",
    "pelanggaran_administrasi",
    "bencana",
    "lainnya",
)
INCIDENT_STATUSES: Final = ("dilaporkan", "diverifikasi", "ditangani", "selesai", "ditolak")

# --- stakeholders ----------------------------------------------------------------------------
STAKEHOLDER_ROLES: Final = (
    "ketua_partai",
    "tim_paslon",
    "tokoh_agama",
    "tokoh_adat",
    "tokoh_masyarakat",
    "kepala_desa",
    "penyelenggara",
    "lainnya",
)
