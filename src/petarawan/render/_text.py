"""The words every renderer shows, in Indonesian and English (numbers and dates: formatting)."""

from __future__ import annotations

from datetime import datetime

from petarawan.formatting import format_datetime
from petarawan.labels import VOCABULARIES

__all__ = ["INCIDENT_TYPES", "LEVEL_NAMES", "T", "as_of_text", "tr"]

T: dict[str, dict[str, str]] = {
    "title": {"id": "Peta Kerawanan Pilkada", "en": "Pilkada Vulnerability Map"},
    "title_travel": {"id": "Peta Waktu Tempuh ke TPS", "en": "Travel Time to TPS"},
    "title_incidents": {"id": "Peta Kejadian Pemilu", "en": "Election Incident Map"},
    "title_plan": {"id": "Peta Rencana Pengamanan", "en": "Deployment Plan Map"},
    "report_title": {
        "id": "Laporan Kerawanan dan Rencana Pengamanan Pilkada",
        "en": "Pilkada Vulnerability and Deployment Briefing",
    },
    "as_of": {"id": "Keadaan per", "en": "As of"},
    "printed": {"id": "Dicetak", "en": "Printed"},
    "no_assessment_date": {"id": "belum ada hasil analisa", "en": "no assessment yet"},
    "legend_class": {"id": "Kategori kerawanan", "en": "Vulnerability category"},
    "tps_surveyed": {"id": "TPS (lokasi survei)", "en": "TPS (surveyed location)"},
    "tps_estimated": {"id": "TPS (lokasi perkiraan)", "en": "TPS (estimated location)"},
    "unit": {"id": "Polres/Polsek (personel Polri)", "en": "Police unit (Polri personnel)"},
    "incident": {"id": "Kejadian", "en": "Incident"},
    "border": {"id": "Batas negara", "en": "International border"},
    "road": {"id": "Jalan", "en": "Road"},
    "kec_boundary": {"id": "Batas kecamatan", "en": "Kecamatan boundary"},
    "sources": {"id": "Sumber data", "en": "Data sources"},
    "missing": {"id": "Belum tersedia", "en": "Not available"},
    "locator": {"id": "Lokasi", "en": "Location"},
    "unclassified": {"id": "Belum dinilai", "en": "Not assessed"},
    "khusus": {"id": "TPS khusus", "en": "Special TPS"},
    "travel_legend": {"id": "Waktu tempuh (menit)", "en": "Travel time (minutes)"},
    "shortfall": {"id": "Kekurangan personel", "en": "Personnel shortfall"},
    "stable": {"id": "yakin", "en": "confident"},
    "uncertain": {"id": "ragu", "en": "doubtful"},
    "no_data": {"id": "tidak ada data", "en": "no data"},
}

LEVEL_NAMES = {
    "id": {
        "tps": "TPS",
        "desa": "desa/kelurahan",
        "kecamatan": "kecamatan",
        "kabkota": "kabupaten/kota",
        "provinsi": "provinsi",
    },
    "en": {
        "tps": "TPS",
        "desa": "villages",
        "kecamatan": "kecamatan",
        "kabkota": "regencies",
        "provinsi": "provinces",
    },
}

INCIDENT_TYPES = VOCABULARIES["incident_type"]
"""Incident type labels: the one vocabulary of :mod:`petarawan.labels`."""


def tr(key: str, lang: str) -> str:
    """Return the text ``key`` in ``lang`` (Indonesian when the language is unknown)."""
    entry = T[key]
    return entry.get(lang, entry["id"])


def as_of_text(when: datetime | None, lang: str = "id") -> str:
    """Return "Keadaan per 28 Nov 2026 13.54 WITA", or a note that no assessment exists yet."""
    if when is None:
        return (
            "No assessment yet: classes from hand-set TPS categories"
            if lang == "en"
            else "Belum ada hasil analisa: kategori dari kategori TPS yang diisi manual"
        )
    return f"{tr('as_of', lang)} {format_datetime(when, lang=lang)}"
