"""What people read instead of vocabulary ids: Indonesian labels (English with the switch).

Every page, report and message shows ``label("phase", "pra_kampanye")`` → ``Pra-kampanye``,
never the id itself. :data:`VOCABULARIES` lists every vocabulary with its ids and labels, so a
test can check that no page shows an id.

Examples
--------
>>> label("incident_type", "gangguan_kamtibmas")
'Gangguan kamtibmas'
>>> label("stakeholder_role", "tokoh_agama", "en")
'Religious leader'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from petarawan.domain import columns as C
from petarawan.domain.patterns import CATEGORY_LABELS

__all__ = ["VOCABULARIES", "choices", "label"]

_Vocab = Mapping[str, Mapping[str, str]]

PHASES: Final[_Vocab] = {
    "id": {
        "pra_kampanye": "Pra-kampanye",
        "kampanye": "Kampanye",
        "masa_tenang": "Masa tenang",
        "pemungutan_penghitungan": "Pemungutan dan penghitungan suara",
        "rekapitulasi": "Rekapitulasi",
        "pasca": "Pasca-pemungutan",
    },
    "en": {
        "pra_kampanye": "Pre-campaign",
        "kampanye": "Campaign",
        "masa_tenang": "Quiet period",
        "pemungutan_penghitungan": "Voting and counting",
        "rekapitulasi": "Recapitulation",
        "pasca": "After the vote",
    },
}
INCIDENT_TYPES: Final[_Vocab] = {
    "id": {
        "kekerasan": "Kekerasan",
        "intimidasi": "Intimidasi",
        "politik_uang": "Politik uang",
        "sara": "SARA",
        "netralitas": "Netralitas",
        "logistik": "Logistik",
        "perusakan": "Perusakan",
        "penolakan": "Penolakan",
        "gangguan_kamtibmas": "Gangguan kamtibmas",
        "pelanggaran_administrasi": "Pelanggaran administrasi",
        "bencana": "Bencana",
        "lainnya": "Lainnya",
    },
    "en": {
        "kekerasan": "Violence",
        "intimidasi": "Intimidation",
        "politik_uang": "Vote buying",
        "sara": "Ethnic/religious (SARA)",
        "netralitas": "Neutrality",
        "logistik": "Logistics",
        "perusakan": "Vandalism",
        "penolakan": "Rejection",
        "gangguan_kamtibmas": "Public order",
        "pelanggaran_administrasi": "Administrative breach",
        "bencana": "Disaster",
        "lainnya": "Other",
    },
}
STATUSES: Final[_Vocab] = {
    "id": {
        "dilaporkan": "Dilaporkan",
        "diverifikasi": "Diverifikasi",
        "ditangani": "Ditangani",
        "selesai": "Selesai",
        "ditolak": "Ditolak",
    },
    "en": {
        "dilaporkan": "Reported",
        "diverifikasi": "Verified",
        "ditangani": "Being handled",
        "selesai": "Closed",
        "ditolak": "Rejected",
    },
}
STAKEHOLDER_ROLES: Final[_Vocab] = {
    "id": {
        "ketua_partai": "Ketua partai",
        "tim_paslon": "Tim pasangan calon",
        "tokoh_agama": "Tokoh agama",
        "tokoh_adat": "Tokoh adat",
        "tokoh_masyarakat": "Tokoh masyarakat",
        "kepala_desa": "Kepala desa",
        "penyelenggara": "Penyelenggara (KPU/Bawaslu)",
        "lainnya": "Lainnya",
    },
    "en": {
        "ketua_partai": "Party chair",
        "tim_paslon": "Candidate team",
        "tokoh_agama": "Religious leader",
        "tokoh_adat": "Customary leader",
        "tokoh_masyarakat": "Community leader",
        "kepala_desa": "Village head",
        "penyelenggara": "Election body (KPU/Bawaslu)",
        "lainnya": "Other",
    },
}
ALERT_STATES: Final[_Vocab] = {
    "id": {"baru": "Baru", "diakui": "Diakui", "ditugaskan": "Ditugaskan", "ditutup": "Ditutup"},
    "en": {"baru": "New", "diakui": "Acknowledged", "ditugaskan": "Assigned", "ditutup": "Closed"},
}
ROLES: Final[_Vocab] = {
    "id": {"admin": "Admin", "analis": "Analis", "operator": "Operator", "pimpinan": "Pimpinan"},
    "en": {"admin": "Admin", "analis": "Analyst", "operator": "Operator", "pimpinan": "Command"},
}
LEVELS: Final[_Vocab] = {
    "id": {
        "tps": "TPS",
        "desa": "Desa/kelurahan",
        "kecamatan": "Kecamatan",
        "kabkota": "Kabupaten",
    },
    "en": {"tps": "TPS", "desa": "Village", "kecamatan": "District", "kabkota": "Regency"},
}
OUTCOMES: Final[_Vocab] = {
    "id": {"stored": "Diterima", "conflict": "Konflik", "rejected": "Ditolak server"},
    "en": {"stored": "Received", "conflict": "Conflict", "rejected": "Refused by the server"},
}
AUDIT_ACTIONS: Final[_Vocab] = {
    "id": {
        "create": "Dibuat",
        "update": "Diubah",
        "status": "Status diubah",
        "login": "Masuk",
        "lockout": "Akun dikunci",
        "import": "Impor",
        "acknowledge": "Diakui",
        "assign": "Ditugaskan",
        "close": "Ditutup",
        "checklist": "Daftar periksa TPS",
        "conflict": "Konflik",
        "reassess": "Analisa ulang",
    },
    "en": {
        "create": "Created",
        "update": "Changed",
        "status": "Status changed",
        "login": "Logged in",
        "lockout": "Locked out",
        "import": "Import",
        "acknowledge": "Acknowledged",
        "assign": "Assigned",
        "close": "Closed",
        "checklist": "TPS checklist",
        "conflict": "Conflict",
        "reassess": "Re-assessment",
    },
}

AUDIT_ENTITIES: Final[_Vocab] = {
    "id": {
        "incident": "Insiden",
        "alert": "Peringatan",
        "stakeholder": "Pemangku kepentingan",
        "engagement": "Pertemuan",
        "tps": "TPS",
        "user": "Pengguna",
        "assessment": "Hasil analisa",
    },
    "en": {
        "incident": "Incident",
        "alert": "Alert",
        "stakeholder": "Stakeholder",
        "engagement": "Meeting",
        "tps": "TPS",
        "user": "User",
        "assessment": "Assessment",
    },
}
FIELDS: Final[_Vocab] = {
    "id": {
        "status": "Status",
        "state": "Status",
        "assigned_to": "Ditugaskan kepada",
        "name": "Nama",
        "role": "Peran",
        "organisation": "Organisasi",
        "region_code": "Wilayah",
        "phone": "Telepon",
        "topic": "Topik",
        "commitments": "Komitmen",
        "follow_up": "Tindak lanjut",
        "follow_up_due": "Batas tindak lanjut",
        "follow_up_done": "Tindak lanjut selesai",
        "date": "Tanggal",
        "description": "Uraian",
        "severity": "Tingkat",
        "casualties": "Korban",
        "type": "Jenis",
        "phase": "Tahapan",
        "occurred_at": "Waktu",
        "desa_code": "Desa",
        "stakeholder_code": "Pemangku kepentingan",
    },
    "en": {
        "status": "Status",
        "state": "State",
        "assigned_to": "Assigned to",
        "name": "Name",
        "role": "Role",
        "organisation": "Organisation",
        "region_code": "Area",
        "phone": "Phone",
        "topic": "Topic",
        "commitments": "Commitments",
        "follow_up": "Follow-up",
        "follow_up_due": "Follow-up due",
        "follow_up_done": "Follow-up done",
        "date": "Date",
        "description": "Description",
        "severity": "Severity",
        "casualties": "Casualties",
        "type": "Type",
        "phase": "Phase",
        "occurred_at": "Time",
        "desa_code": "Desa",
        "stakeholder_code": "Stakeholder",
    },
}
POOLS: Final[_Vocab] = {
    "id": {"polri": "Polri", "brimob": "Brimob", "tni": "TNI", "linmas": "Linmas"},
    "en": {"polri": "Polri", "brimob": "Brimob", "tni": "TNI", "linmas": "Linmas"},
}
TRAVEL_METHODS: Final[_Vocab] = {
    "id": {
        "road": "jalan",
        "terrain": "medan (DEM, jalan kaki)",
        "straight": "garis lurus (perkiraan)",
        "none": "tidak dihitung (tanpa koordinat)",
    },
    "en": {
        "road": "road",
        "terrain": "terrain (DEM, walking)",
        "straight": "straight line (estimate)",
        "none": "not computed (no coordinates)",
    },
}
"""How a travel time was measured (``domain/access``: road, then terrain, then straight line)."""
FIELD_VOCABULARY: Final[dict[str, str]] = {
    "status": "status",
    "state": "alert_state",
    "role": "stakeholder_role",
    "type": "incident_type",
    "phase": "phase",
}
"""Which vocabulary a stored field's values belong to (for showing changes)."""

VOCABULARIES: Final[dict[str, _Vocab]] = {
    "phase": PHASES,
    "incident_type": INCIDENT_TYPES,
    "status": STATUSES,
    "stakeholder_role": STAKEHOLDER_ROLES,
    "category": CATEGORY_LABELS,
    "alert_state": ALERT_STATES,
    "role": ROLES,
    "level": LEVELS,
    "outcome": OUTCOMES,
    "audit_action": AUDIT_ACTIONS,
    "audit_entity": AUDIT_ENTITIES,
    "field": FIELDS,
    "pool": POOLS,
    "travel_method": TRAVEL_METHODS,
}
assert set(PHASES["id"]) == set(C.PHASES)
assert set(INCIDENT_TYPES["id"]) == set(C.INCIDENT_TYPES)
assert set(STATUSES["id"]) == set(C.INCIDENT_STATUSES)
assert set(STAKEHOLDER_ROLES["id"]) == set(C.STAKEHOLDER_ROLES)


def label(vocabulary: str, value: str | None, lang: str = "id") -> str:
    """Return the label of ``value`` in ``vocabulary`` (``"–"`` for none; unknown ids as given).

    Parameters
    ----------
    vocabulary
        A key of :data:`VOCABULARIES` (``phase``, ``incident_type``, ``status`` …).
    value
        The stored id.
    lang
        ``"id"`` (default) or ``"en"``.
    """
    if value is None or value == "":
        return "–"
    vocab = VOCABULARIES[vocabulary]
    table = vocab.get(lang, vocab["id"])
    return table.get(value, value)


def choices(vocabulary: str, lang: str = "id") -> list[tuple[str, str]]:
    """Return ``(id, label)`` pairs of a vocabulary in its defined order (for select boxes)."""
    vocab = VOCABULARIES[vocabulary]
    table = vocab.get(lang, vocab["id"])
    return list(table.items())
