"""The Bawaslu TPS-rawan checklist of Pilkada 2024: 8 variables of yes/no conditions per TPS.

Each indicator is a boolean column ``rawan_<indicator id>`` of the TPS table. Bawaslu's national
release counts 25 indicators; local offices published 24 to 27 with the same 8 variables. This list
holds the union of the published ones (27), so no reported condition is lost.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = ["CHECKLIST", "ChecklistIndicator", "checklist_columns", "variables"]


class ChecklistIndicator(NamedTuple):
    """One yes/no condition of the TPS-rawan checklist."""

    id: str
    variable: str
    name_id: str
    name_en: str


_V = {
    "hak_pilih": ("Penggunaan hak pilih", "Use of voting rights"),
    "keamanan": ("Keamanan", "Security"),
    "politik_uang": ("Politik uang", "Money politics"),
    "sara": ("Politisasi SARA dan ujaran kebencian", "SARA politicisation and hate speech"),
    "netralitas": ("Netralitas", "Neutrality"),
    "logistik": ("Logistik", "Logistics"),
    "lokasi": ("Lokasi TPS", "TPS location"),
    "listrik_internet": ("Jaringan listrik dan internet", "Electricity and internet"),
}

CHECKLIST: Final[tuple[ChecklistIndicator, ...]] = tuple(
    ChecklistIndicator(*row)
    for row in [
        ("dpt_tms", "hak_pilih", "DPT tidak memenuhi syarat", "Ineligible voters in the DPT"),
        ("dptb", "hak_pilih", "Pemilih pindahan (DPTb)", "Transfer voters (DPTb)"),
        ("potensi_dpk", "hak_pilih", "Potensi pemilih DPK", "Potential unregistered voters (DPK)"),
        ("kpps_luar_domisili", "hak_pilih", "KPPS di luar domisili", "KPPS from outside the area"),
        (
            "pemilih_disabilitas",
            "hak_pilih",
            "Pemilih disabilitas di DPT",
            "Voters with disabilities",
        ),
        ("riwayat_psu", "hak_pilih", "Riwayat PSU/PSSU", "History of re-voting (PSU/PSSU)"),
        ("riwayat_kekerasan", "keamanan", "Riwayat kekerasan", "History of violence"),
        ("riwayat_intimidasi", "keamanan", "Riwayat intimidasi", "History of intimidation"),
        ("penolakan_pemungutan", "keamanan", "Penolakan pemungutan suara", "Refusal of voting"),
        ("politik_uang", "politik_uang", "Pemberian uang/barang", "Money or goods given"),
        ("politisasi_sara", "sara", "Politisasi SARA", "SARA politicisation"),
        ("ujaran_kebencian", "sara", "Ujaran kebencian", "Hate speech"),
        (
            "netralitas_penyelenggara",
            "netralitas",
            "Penyelenggara tidak netral",
            "Partial officials",
        ),
        ("netralitas_asn", "netralitas", "ASN tidak netral", "Partial civil servants"),
        ("netralitas_tni_polri", "netralitas", "TNI/Polri tidak netral", "Partial TNI/Polri"),
        (
            "netralitas_kades",
            "netralitas",
            "Kepala/perangkat desa tidak netral",
            "Partial village heads",
        ),
        (
            "logistik_rusak",
            "logistik",
            "Riwayat kerusakan logistik",
            "History of damaged logistics",
        ),
        ("logistik_kurang_lebih", "logistik", "Logistik kurang/lebih", "Logistics short or excess"),
        ("logistik_terlambat", "logistik", "Keterlambatan logistik", "Late logistics"),
        ("sulit_dijangkau", "lokasi", "Sulit dijangkau", "Hard to reach"),
        ("konflik", "lokasi", "Rawan konflik", "Conflict-prone"),
        ("bencana", "lokasi", "Rawan bencana", "Disaster-prone"),
        ("dekat_lembaga", "lokasi", "Dekat sekolah/pabrik/tambang", "Near schools/factories/mines"),
        ("dekat_posko_paslon", "lokasi", "Dekat rumah paslon/posko", "Near candidate houses/posts"),
        ("lokasi_khusus", "lokasi", "Lokasi khusus", "Special location"),
        ("kendala_listrik", "listrik_internet", "Kendala listrik", "Electricity problems"),
        ("kendala_internet", "listrik_internet", "Kendala internet", "Internet problems"),
    ]
)


def checklist_columns() -> list[str]:
    """Return the TPS-table column names of every checklist indicator (``rawan_<id>``)."""
    return [f"rawan_{item.id}" for item in CHECKLIST]


def variables() -> dict[str, tuple[str, str]]:
    """Return the 8 checklist variables: id → (Indonesian name, English name)."""
    return dict(_V)
