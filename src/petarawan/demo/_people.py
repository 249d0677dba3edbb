"""Units grouping, stakeholders, engagements and political dynamics of the demo regency."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from petarawan.demo._geometry import Adjacency
from petarawan.demo._names import NameMaker

__all__ = ["make_dynamics", "make_meetings", "make_stakeholders", "polsek_groups"]

FloatArray = NDArray[np.float64]


def polsek_groups(
    kec_graph: Adjacency, tps_per_kec: list[int], capital: int, n_polsek: int
) -> list[list[int]]:
    """Merge adjacent non-capital kecamatan (3 at most per group) into ``n_polsek`` groups."""
    groups = [[k] for k in range(len(tps_per_kec)) if k != capital]

    def load(g: list[int]) -> int:
        return sum(tps_per_kec[k] for k in g)

    stuck: set[int] = set()
    while len(groups) > n_polsek:
        cands = [g for g in groups if len(g) < 3 and min(g) not in stuck]
        if not cands:
            break
        g = min(cands, key=lambda g: (load(g), min(g)))
        adjacent = [
            h
            for h in groups
            if h is not g
            and len(g) + len(h) <= 3
            and any(kec_graph.has_edge(a, b) for a in g for b in h)
        ]
        if not adjacent:
            stuck.add(min(g))
            continue
        h = min(adjacent, key=lambda h: (load(h), min(h)))
        groups.remove(h)
        g.extend(h)
        g.sort()
    groups.sort(key=min)
    return groups


_PARTIES = (
    "Partai Nusa Raya",
    "Partai Karya Timur",
    "Partai Bintang Desa",
    "Partai Amanat Lontar",
    "Partai Suara Rakyat",
    "Partai Harapan Sabana",
)
_ROLES = (
    ("ketua_partai", 6),
    ("tim_paslon", 6),
    ("tokoh_agama", 7),
    ("tokoh_adat", 7),
    ("tokoh_masyarakat", 5),
    ("kepala_desa", 6),
    ("penyelenggara", 3),
)


def make_stakeholders(
    rng: np.random.Generator,
    names: NameMaker,
    *,
    regency_code: str,
    regency_name: str,
    hot_desa: list[int],
    desa_codes: list[str],
    desa_names: list[str],
    kec_codes: list[str],
    kec_names: list[str],
    hot_kec: list[int],
) -> list[list[str]]:
    """Return the stakeholder rows ``kode,nama,peran,organisasi,kode_wilayah,telepon``."""
    rows: list[list[str]] = []
    for role, count in _ROLES:
        for j in range(count):
            person = names.person()
            d = (
                int(hot_desa[int(rng.integers(len(hot_desa)))])
                if rng.random() < 0.6
                else int(rng.integers(len(desa_codes)))
            )
            where = desa_codes[d]
            if role == "ketua_partai":
                org, where = _PARTIES[j % len(_PARTIES)], regency_code
            elif role == "tim_paslon":
                org, where = f"Tim Pemenangan Paslon {j % 4 + 1}", regency_code
            elif role == "tokoh_agama":
                org = (
                    f"Paroki Santo Yosef {desa_names[d]}"
                    if j % 3
                    else f"Jemaat Imanuel {desa_names[d]}"
                )
            elif role == "tokoh_adat":
                org = f"Lembaga Adat {desa_names[d]}"
            elif role == "tokoh_masyarakat":
                org = f"Forum Warga {desa_names[d]}"
            elif role == "kepala_desa":
                org = f"Pemerintah Desa {desa_names[d]}"
            else:
                k = hot_kec[j % len(hot_kec)]
                org, where = (
                    (f"KPU Kabupaten {regency_name}", regency_code),
                    (f"Bawaslu Kabupaten {regency_name}", regency_code),
                    (f"PPK {kec_names[k]}", kec_codes[k]),
                )[j % 3]
            n = len(rows) + 1
            rows.append([f"TKH-{n:03d}", person, role, org, where, f"0812-0000-0{n:03d}"])
    return rows


_TOPICS = {
    "Deklarasi Pilkada damai": (
        "Menjaga suasana damai selama tahapan",
        "Sosialisasi deklarasi di gereja dan balai desa",
    ),
    "Pencegahan politik uang": (
        "Menolak dan melaporkan pembagian uang",
        "Pemasangan spanduk tolak politik uang",
    ),
    "Pengamanan kampanye terbuka": (
        "Kampanye sesuai jadwal dan rute yang disepakati",
        "Rapat koordinasi rute kampanye dengan KPU",
    ),
    "Netralitas kepala desa": (
        "Kepala desa tidak mengarahkan pilihan warga",
        "Surat edaran netralitas ke semua desa",
    ),
    "Penyelesaian sengketa adat": (
        "Sengketa lahan tidak dibawa ke ranah pilkada",
        "Pertemuan lanjutan tokoh adat kedua suku",
    ),
    "Distribusi logistik ke desa terpencil": (
        "Warga membantu angkut logistik ke TPS",
        "Survei jalur logistik dan penyiapan ojek",
    ),
    "Keamanan wilayah perbatasan": (
        "Melapor pergerakan orang tak dikenal di batas negara",
        "Patroli bersama Satgas Pamtas",
    ),
    "Pencegahan ujaran kebencian": (
        "Tidak menyebar hoaks dan ujaran kebencian",
        "Pelatihan literasi digital pemuda",
    ),
}


def make_meetings(
    rng: np.random.Generator, stakeholders: list[list[str]], n: int, kec_names: list[str]
) -> list[list[str]]:
    """Return engagement rows; follow-ups fall on both sides of 2024-11-20 (some overdue)."""
    topics = list(_TOPICS)
    start = date(2024, 10, 10)
    rows = []
    for _ in range(n):
        who = stakeholders[int(rng.integers(len(stakeholders)))]
        day = start + timedelta(days=int(rng.integers(0, 40)))
        topic = topics[int(rng.integers(len(topics)))]
        commitment, follow_up = _TOPICS[topic]
        due = day + timedelta(days=int(rng.integers(10, 36)))
        kec = kec_names[int(rng.integers(len(kec_names)))]
        rows.append(
            [
                who[0],
                f"{day.isoformat()}T{int(rng.integers(9, 17)):02d}:00:00",
                topic,
                commitment,
                follow_up,
                due.isoformat(),
                f"Kapolsek {kec}; {who[1]}; Bhabinkamtibmas; Babinsa",
            ]
        )
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def make_dynamics(
    rng: np.random.Generator, regency_code: str, kec_codes: list[str], hot_kec: list[int]
) -> list[list[str]]:
    """Return ``kode,indikator,nilai`` rows: regency-level dynamics and a margin per kecamatan."""
    rows = [
        [regency_code, "incumbent_split", "1"],
        [regency_code, "candidate_pairs", "4"],
        [regency_code, "past_margin_pct", "0.8"],
    ]
    for k, code in enumerate(kec_codes):
        margin = rng.uniform(0.2, 3.0) if k in hot_kec else rng.uniform(2.0, 30.0)
        rows.append([code, "past_margin_pct", f"{margin:.1f}"])
    return rows
