"""The Bawaslu TPS-rawan checklist of the Pilkada 2024: 8 variables, 25 yes/no indicators per TPS.

Each indicator is a boolean column ``rawan_<indicator id>`` of the TPS table. The national list is
Bawaslu's release for the Pilkada 2024 (data collected 10–15 November 2024): 8 variables and 25
indicators, in the words of Bawaslu's instrument as quoted by Bawaslu Jawa Barat (Antara,
20 November 2024, :data:`SOURCE`). Local offices published 24 to 27 indicators with the same 8
variables; what some of them added is kept as *optional regional indicators*
(:data:`REGIONAL`), never counted in the national 25.

Two more columns serve Polri's own TPS criteria (:data:`POLRI_CRITERIA`, e.g. evenly split
support at the TPS); they are not Bawaslu indicators.

Flags stored under the ids of the earlier 27-item list are read through :data:`LEGACY`: an old id
maps to its successor, or (when the old item merged two national indicators) is kept under its
old name and reported, so no stored flag is silently lost.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = [
    "CHECKLIST",
    "LEGACY",
    "POLRI_CRITERIA",
    "REGIONAL",
    "SOURCE",
    "ChecklistIndicator",
    "all_flag_ids",
    "checklist_columns",
    "flag_name",
    "map_legacy_flags",
    "variables",
]

SOURCE: Final = (
    "Bawaslu RI, pemetaan potensi TPS rawan Pemilihan Serentak 2024 (8 variabel, 25 indikator, "
    "data 10–15 November 2024), sebagaimana dirinci Bawaslu Provinsi Jawa Barat: "
    "https://jabar.antaranews.com/berita/559985/"
    "bawaslu-jawa-barat-petakan-25-indikator-tps-rawan-cegah-pelanggaran-pilkada "
    "(20 November 2024); jumlah nasional: https://sinpo.id/detail/85374/"
    "bawaslu-ungkap-enam-indikator-paling-banyak-terjadi-di-kerawanan-tps-pilkada"
)


class ChecklistIndicator(NamedTuple):
    """One yes/no condition of the TPS-rawan checklist."""

    id: str
    variable: str
    name_id: str
    name_en: str
    optional: bool = False
    region: str = ""


_V = {
    "hak_pilih": ("Penggunaan hak pilih", "Use of voting rights"),
    "keamanan": ("Keamanan", "Security"),
    "politik_uang": ("Politik uang", "Money politics"),
    "sara": ("Politisasi SARA", "SARA politicisation"),
    "netralitas": ("Netralitas", "Neutrality"),
    "logistik": ("Logistik", "Logistics"),
    "lokasi": ("Lokasi TPS", "TPS location"),
    "listrik_internet": ("Jaringan listrik dan internet", "Electricity and internet"),
}

CHECKLIST: Final[tuple[ChecklistIndicator, ...]] = tuple(
    ChecklistIndicator(*row)
    for row in [
        (
            "dpt_tms",
            "hak_pilih",
            "Terdapat pemilih DPT yang sudah tidak memenuhi syarat (meninggal dunia, alih status "
            "menjadi TNI/Polri)",
            "Voters on the DPT who no longer qualify (deceased, now TNI/Polri)",
        ),
        (
            "dptb",
            "hak_pilih",
            "Terdapat pemilih pindahan (DPTb)",
            "Transfer voters (DPTb)",
        ),
        (
            "potensi_dpk",
            "hak_pilih",
            "Terdapat potensi pemilih memenuhi syarat namun tidak terdaftar di DPT (potensi DPK)",
            "Eligible voters not on the DPT (potential DPK)",
        ),
        (
            "kpps_luar_domisili",
            "hak_pilih",
            "Terdapat penyelenggara pemilihan yang merupakan pemilih di luar domisili TPS "
            "tempatnya bertugas",
            "Polling officials who vote outside the TPS where they serve",
        ),
        (
            "pemilih_disabilitas",
            "hak_pilih",
            "Terdapat pemilih disabilitas yang terdaftar di DPT",
            "Voters with disabilities on the DPT",
        ),
        (
            "riwayat_psu",
            "hak_pilih",
            "Terdapat riwayat pemungutan suara ulang (PSU) dan/atau penghitungan surat suara "
            "ulang (PSSU)",
            "History of re-voting (PSU) or recounting (PSSU)",
        ),
        (
            "riwayat_kekerasan",
            "keamanan",
            "Memiliki riwayat terjadi kekerasan di TPS",
            "History of violence at the TPS",
        ),
        (
            "riwayat_intimidasi",
            "keamanan",
            "Memiliki riwayat terjadi intimidasi kepada penyelenggara pemilihan",
            "History of intimidation of polling officials",
        ),
        (
            "penolakan_pemungutan",
            "keamanan",
            "Memiliki riwayat penolakan penyelenggaraan pemungutan suara",
            "History of refusal to hold the vote",
        ),
        (
            "politik_uang",
            "politik_uang",
            "Terdapat riwayat praktik pemberian uang atau materi lainnya yang tidak sesuai "
            "ketentuan pada masa kampanye di sekitar lokasi TPS",
            "History of money or goods given during the campaign near the TPS",
        ),
        (
            "politisasi_sara",
            "sara",
            "Terdapat riwayat praktik menghina/menghasut di antara pemilih terkait isu agama, "
            "suku, ras, dan antargolongan di sekitar lokasi TPS",
            "History of insults or incitement on religion, ethnicity, race or group near the TPS",
        ),
        (
            "netralitas_penyelenggara",
            "netralitas",
            "Terdapat petugas KPPS berkampanye untuk pasangan calon",
            "KPPS officials campaigning for a candidate pair",
        ),
        (
            "netralitas_aparat",
            "netralitas",
            "Memiliki riwayat ASN, TNI/Polri, kepala desa dan/atau perangkat desa melakukan "
            "tindakan/kegiatan yang menguntungkan atau merugikan pasangan calon",
            "History of civil servants, TNI/Polri or village officials acting for or against a "
            "candidate pair",
        ),
        (
            "logistik_rusak",
            "logistik",
            "Memiliki riwayat logistik pemungutan dan penghitungan suara mengalami kerusakan di "
            "TPS",
            "History of damaged voting logistics at the TPS",
        ),
        (
            "logistik_kurang_lebih",
            "logistik",
            "Memiliki riwayat kekurangan atau kelebihan dan bahkan tidak tersedia logistik "
            "pemungutan dan penghitungan suara",
            "History of short, excess or missing voting logistics",
        ),
        (
            "logistik_terlambat",
            "logistik",
            "Memiliki riwayat keterlambatan pendistribusian logistik pemungutan dan penghitungan "
            "suara di TPS (maksimal H-1)",
            "History of late delivery of voting logistics (later than the day before)",
        ),
        (
            "sulit_dijangkau",
            "lokasi",
            "TPS sulit dijangkau (geografis dan cuaca)",
            "TPS hard to reach (terrain and weather)",
        ),
        (
            "konflik",
            "lokasi",
            "TPS didirikan di wilayah rawan konflik",
            "TPS in a conflict-prone area",
        ),
        (
            "bencana",
            "lokasi",
            "TPS didirikan di wilayah rawan bencana (banjir, tanah longsor, gempa, dll.)",
            "TPS in a disaster-prone area (flood, landslide, earthquake …)",
        ),
        (
            "dekat_lembaga_pendidikan",
            "lokasi",
            "TPS dekat lembaga pendidikan yang siswanya berpotensi memiliki hak pilih",
            "TPS near a school whose students may vote",
        ),
        (
            "dekat_wilayah_kerja",
            "lokasi",
            "TPS dekat wilayah kerja (pertambangan, pabrik)",
            "TPS near a workplace (mine, factory)",
        ),
        (
            "dekat_posko_paslon",
            "lokasi",
            "TPS berada di dekat rumah pasangan calon dan/atau posko tim kampanye pasangan calon",
            "TPS near a candidate's house or campaign post",
        ),
        ("lokasi_khusus", "lokasi", "TPS di lokasi khusus", "TPS at a special location"),
        (
            "kendala_listrik",
            "listrik_internet",
            "Terdapat kendala aliran listrik di lokasi TPS",
            "Electricity problems at the TPS",
        ),
        (
            "kendala_internet",
            "listrik_internet",
            "Terdapat kendala jaringan internet di lokasi TPS",
            "Internet problems at the TPS",
        ),
    ]
)

REGIONAL: Final[tuple[ChecklistIndicator, ...]] = (
    ChecklistIndicator(
        "riwayat_noken",
        "hak_pilih",
        "Indikator daerah (tambahan, bukan indikator nasional): TPS dengan riwayat pemungutan "
        "suara sistem noken/ikat",
        "Regional indicator (optional, not national): TPS with a history of noken (bundled) voting",
        True,
        "Papua Tengah, Papua Pegunungan (Keputusan KPU 66/2024: pemungutan sistem noken)",
    ),
)

POLRI_CRITERIA: Final[tuple[ChecklistIndicator, ...]] = (
    ChecklistIndicator(
        "dukungan_berimbang",
        "polri",
        "Dukungan terhadap pasangan calon di TPS berimbang (kriteria Polri, bukan indikator "
        "Bawaslu)",
        "Evenly split support between candidate pairs at the TPS (Polri criterion, not Bawaslu)",
        True,
    ),
)

#: Old flag id (27-item list before this release) → the national ids it now counts as.
#: ``None``: the old item merged two national indicators and cannot be split automatically.
LEGACY: Final[dict[str, tuple[str, ...] | None]] = {
    "ujaran_kebencian": ("politisasi_sara",),
    "netralitas_asn": ("netralitas_aparat",),
    "netralitas_tni_polri": ("netralitas_aparat",),
    "netralitas_kades": ("netralitas_aparat",),
    "dekat_lembaga": None,
}

_NAMES = {item.id: item for item in (*CHECKLIST, *REGIONAL, *POLRI_CRITERIA)}


def checklist_columns() -> list[str]:
    """Return the TPS-table column names of the 25 national indicators (``rawan_<id>``)."""
    return [f"rawan_{item.id}" for item in CHECKLIST]


def all_flag_ids() -> list[str]:
    """Return every flag id a TPS may carry: national, optional regional, Polri criteria."""
    return [item.id for item in (*CHECKLIST, *REGIONAL, *POLRI_CRITERIA)]


def flag_name(flag_id: str, *, lang: str = "id") -> str:
    """Return the published name of a flag id (the id itself when it is unknown)."""
    item = _NAMES.get(flag_id)
    if item is None:
        return flag_id
    return item.name_en if lang == "en" else item.name_id


def map_legacy_flags(flags: dict[str, bool]) -> tuple[dict[str, bool], list[str]]:
    """Map stored flags written under old ids onto the national list.

    Returns
    -------
    tuple
        The flags under current ids (an old id that cannot be split is kept under its own id),
        and the old ids that could not be mapped.
    """
    out: dict[str, bool] = {}
    unmapped: list[str] = []
    for key, value in flags.items():
        if key not in LEGACY:
            out[key] = bool(out.get(key, False) or value)
            continue
        targets = LEGACY[key]
        if targets is None:
            out[key] = bool(out.get(key, False) or value)
            unmapped.append(key)
            continue
        for target in targets:
            out[target] = bool(out.get(target, False) or value)
    return out, unmapped


def variables() -> dict[str, tuple[str, str]]:
    """Return the 8 checklist variables: id → (Indonesian name, English name)."""
    return dict(_V)
