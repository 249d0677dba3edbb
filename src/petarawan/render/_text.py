"""The words every renderer shows, in Indonesian and English, and number formatting."""

from __future__ import annotations

import math
from datetime import datetime

__all__ = ["MONTHS", "T", "as_of_text", "fmt_date", "fmt_int", "fmt_num", "tr"]

MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

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

INCIDENT_TYPES = {
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
        "sara": "Ethnic/religious",
        "netralitas": "Neutrality",
        "logistik": "Logistics",
        "perusakan": "Vandalism",
        "penolakan": "Rejection",
        "gangguan_kamtibmas": "Public order",
        "pelanggaran_administrasi": "Administrative",
        "bencana": "Disaster",
        "lainnya": "Other",
    },
}


def tr(key: str, lang: str) -> str:
    """Return the text ``key`` in ``lang`` (Indonesian when the language is unknown)."""
    entry = T[key]
    return entry.get(lang, entry["id"])


def fmt_int(n: float | None, lang: str = "id") -> str:
    """Format a whole number: ``199083`` → ``"199.083"`` (id) or ``"199,083"`` (en)."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    text = f"{round(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def fmt_num(x: float | None, digits: int = 1, lang: str = "id") -> str:
    """Format a decimal number: ``760.69`` → ``"760,7"`` (id) or ``"760.7"`` (en)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def as_of_text(when: datetime | None, lang: str = "id") -> str:
    """Return "Keadaan per 28 November 2026, 13.54", or a note that no assessment exists yet."""
    if when is None:
        return (
            "No assessment yet: classes from hand-set TPS categories"
            if lang == "en"
            else "Belum ada hasil analisa: kategori dari kategori TPS yang diisi manual"
        )
    return f"{tr('as_of', lang)} {fmt_date(when, lang)}"


def fmt_date(when: datetime | None, lang: str = "id", *, time: bool = True) -> str:
    """Format a date as ``28 November 2026, 13.54`` (id) or ``28 November 2026, 13:54`` (en)."""
    if when is None:
        return tr("no_assessment_date", lang)
    day = f"{when.day} {MONTHS[lang if lang in MONTHS else 'id'][when.month - 1]} {when.year}"
    if not time:
        return day
    sep = "." if lang == "id" else ":"
    return f"{day}, {when.hour:02d}{sep}{when.minute:02d}"
