"""Attribute tables of the demo regency: TPS, their checklist flags and the incident history."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon

from petarawan.domain.apportion import largest_remainder
from petarawan.domain.checklist import CHECKLIST, POLRI_CRITERIA

__all__ = ["DesaInfo", "Incident", "TpsTable", "make_flags", "make_incidents", "make_tps"]

FloatArray = NDArray[np.float64]


@dataclass
class DesaInfo:
    """Everything the tables need to know about the desa (one entry per desa, in code order)."""

    codes: list[str]
    names: list[str]
    kinds: list[str]  # desa | kelurahan
    kec: list[int]  # kecamatan index
    centres: FloatArray  # settlement centres, km
    polygons: list[Polygon]  # km
    elevation: FloatArray  # m at the centre
    mountain: NDArray[np.bool_]
    area_km2: FloatArray


@dataclass
class TpsTable:
    """TPS of the demo (regular ones first per desa, then the special TPS)."""

    desa: list[int] = field(default_factory=list)
    number: list[int] = field(default_factory=list)
    voters: list[int] = field(default_factory=list)
    xy: FloatArray = field(default_factory=lambda: np.zeros((0, 2)))
    khusus: list[bool] = field(default_factory=list)
    remote: list[bool] = field(default_factory=list)  # placed at a hamlet far from roads


def _inside(poly: Polygon, p: FloatArray) -> bool:
    return bool(shapely.contains_xy(poly, p[0], p[1]))


def make_tps(
    rng: np.random.Generator,
    desa: DesaInfo,
    *,
    n_regular: int,
    voters_total: int,
    road_distance: Callable[[FloatArray, FloatArray], FloatArray],
    capital_desa: int,
) -> TpsTable:
    """Place TPS around each settlement centre and give them DPT (≤ 600, about ``voters_total``).

    A few TPS of large mountain desa are moved to a hamlet more than 3 km from any road.
    """
    n = len(desa.codes)
    cap_kec = desa.kec[capital_desa]
    kind_w = np.array(
        [
            3.2 if k == "kelurahan" else (1.6 if desa.kec[i] == cap_kec else 1.0)
            for i, k in enumerate(desa.kinds)
        ]
    )
    weights = (
        kind_w
        * np.where(desa.mountain, 0.6, 1.0)
        * rng.lognormal(0.0, 0.3, n)
        * (desa.area_km2 / 13.0) ** 0.3
    )
    counts = largest_remainder(n_regular, weights, minimum=1)
    pts: list[FloatArray] = []
    table = TpsTable()
    for d in range(n):
        c = desa.centres[d]
        urban = 0.6 if desa.kinds[d] == "kelurahan" else 1.0
        start = rng.uniform(0, 2 * np.pi)
        for k in range(int(counts[d])):
            radius = (0.12 + 0.11 * k * urban) * rng.uniform(0.8, 1.2)
            ang = start + k * 2.399963 + rng.uniform(-0.2, 0.2)
            p = c + radius * np.array([math.cos(ang), math.sin(ang)])
            for _ in range(10):
                if _inside(desa.polygons[d], p):
                    break
                p = c + 0.5 * (p - c)
            pts.append(p)
            table.desa.append(d)
            table.number.append(k + 1)
            table.khusus.append(False)
            table.remote.append(False)
    xy = np.asarray(pts)
    # remote hamlets: the farthest point from any road inside large mountain desa
    cand = sorted(
        (i for i in range(n) if desa.mountain[i] and counts[i] >= 2),
        key=lambda i: (-desa.area_km2[i], i),
    )
    moved = 0
    for d in cand:
        if moved >= 4:
            break
        poly = desa.polygons[d]
        xmin, ymin, xmax, ymax = poly.bounds
        mx, my = np.meshgrid(np.arange(xmin, xmax, 0.2), np.arange(ymin, ymax, 0.2))
        ok = shapely.contains_xy(poly.buffer(-0.2), mx.ravel(), my.ravel())
        if not ok.any():
            continue
        gx, gy = mx.ravel()[ok], my.ravel()[ok]
        dist = np.asarray(road_distance(gx, gy))
        best = int(np.argmax(dist))
        if dist[best] < 3.4:
            continue
        last = max(i for i, dd in enumerate(table.desa) if dd == d)
        xy[last] = (gx[best], gy[best])
        table.remote[last] = True
        moved += 1
    # DPT: urban TPS are fuller, mountain TPS smaller; scaled to the target total
    mean = np.array(
        [
            330.0 if desa.kinds[d] == "kelurahan" else (200.0 if desa.mountain[d] else 265.0)
            for d in table.desa
        ]
    )
    raw = np.clip(rng.normal(mean, 55.0), 80.0, 560.0)
    raw[np.asarray(table.remote)] *= 0.45
    voters = np.minimum(np.round(raw * voters_total / raw.sum()), 598).astype(int)
    table.voters = [int(v) for v in voters]
    # the special TPS: a Rutan in the capital, number 901
    c = desa.centres[capital_desa]
    p = c + np.array([0.45, -0.3])
    for _ in range(10):
        if _inside(desa.polygons[capital_desa], p):
            break
        p = c + 0.5 * (p - c) + np.array([0.01, 0.0])
    table.xy = np.vstack([xy, p])
    table.desa.append(capital_desa)
    table.number.append(901)
    table.voters.append(int(rng.integers(150, 260)))
    table.khusus.append(True)
    table.remote.append(False)
    return table


# -- incidents ---------------------------------------------------------------------------------

PHASE_WINDOWS: dict[str, tuple[str, str, float]] = {
    "pra_kampanye": ("2023-10-02", "2023-11-27", 0.15),
    "kampanye": ("2023-11-28", "2024-02-10", 0.35),
    "masa_tenang": ("2024-02-11", "2024-02-13", 0.10),
    "pemungutan_penghitungan": ("2024-02-14", "2024-02-15", 0.20),
    "rekapitulasi": ("2024-02-16", "2024-03-20", 0.15),
    "pasca": ("2024-03-21", "2024-03-31", 0.05),
}

_PROFILES: dict[str, dict[str, float]] = {
    "kota": {
        "politik_uang": 4,
        "netralitas": 3,
        "pelanggaran_administrasi": 3,
        "intimidasi": 1,
        "penolakan": 1,
        "gangguan_kamtibmas": 2,
        "perusakan": 1,
        "sara": 1,
    },
    "perbatasan": {
        "logistik": 3,
        "gangguan_kamtibmas": 3,
        "intimidasi": 2,
        "politik_uang": 2,
        "kekerasan": 1,
        "pelanggaran_administrasi": 1,
    },
    "pegunungan": {
        "kekerasan": 3,
        "intimidasi": 3,
        "perusakan": 2,
        "sara": 1,
        "penolakan": 1,
        "logistik": 2,
        "netralitas": 1,
    },
    "lain": {
        "politik_uang": 2,
        "netralitas": 2,
        "logistik": 2,
        "pelanggaran_administrasi": 2,
        "gangguan_kamtibmas": 1,
    },
}
_SEVERITY = {
    "kekerasan": 4,
    "intimidasi": 3,
    "politik_uang": 2,
    "sara": 3,
    "netralitas": 2,
    "logistik": 2,
    "perusakan": 3,
    "penolakan": 3,
    "gangguan_kamtibmas": 2,
    "pelanggaran_administrasi": 1,
}
_TEXT = {
    "kekerasan": "Perkelahian antarpendukung paslon di Desa {d}",
    "intimidasi": "Warga Desa {d} melaporkan ancaman agar memilih calon tertentu",
    "politik_uang": "Dugaan pembagian uang kepada pemilih di Desa {d}",
    "sara": "Ujaran bernuansa SARA dalam pertemuan warga di Desa {d}",
    "netralitas": "Perangkat desa {d} diduga mengarahkan pilihan warga",
    "logistik": "Logistik pemilu terlambat tiba di Desa {d} karena akses jalan",
    "perusakan": "Alat peraga kampanye dirusak orang tak dikenal di Desa {d}",
    "penolakan": "Sekelompok warga Desa {d} menolak hasil penghitungan di TPS",
    "gangguan_kamtibmas": "Keributan warga mabuk di sekitar TPS Desa {d}",
    "pelanggaran_administrasi": "Pemilih tanpa dokumen sah mencoba memilih di Desa {d}",
}


@dataclass(frozen=True)
class Hotspot:
    """A centre of incidents: local position (km), spread (km), share and type profile."""

    x: float
    y: float
    sigma: float
    share: float
    profile: str


@dataclass(frozen=True)
class Incident:
    """One incident of the previous election."""

    when: datetime
    phase: str
    kind: str
    severity: int
    casualties: int
    desa: int
    tps: int | None  # index into the TPS table
    x: float
    y: float
    source: str
    text: str


def make_incidents(
    rng: np.random.Generator, desa: DesaInfo, tps: TpsTable, hotspots: list[Hotspot], n: int
) -> list[Incident]:
    """Draw ``n`` incidents clustered around the hotspots, sorted by time."""
    regular = np.array([i for i, k in enumerate(tps.khusus) if not k])
    shares = np.array([h.share for h in hotspots])
    out: list[Incident] = []
    phases = list(PHASE_WINDOWS)
    phase_p = np.array([PHASE_WINDOWS[p][2] for p in phases])
    for _ in range(n):
        h = hotspots[int(rng.choice(len(hotspots), p=shares / shares.sum()))]
        d2 = (tps.xy[regular, 0] - h.x) ** 2 + (tps.xy[regular, 1] - h.y) ** 2
        w = np.exp(-d2 / (2.0 * h.sigma**2)) + 1e-9
        t = int(regular[rng.choice(len(regular), p=w / w.sum())])
        d = tps.desa[t]
        at_tps = bool(rng.random() < 0.55)
        jitter = rng.uniform(0.05, 0.3) if at_tps else rng.uniform(0.2, 0.8)
        ang = rng.uniform(0, 2 * np.pi)
        p = tps.xy[t] + jitter * np.array([math.cos(ang), math.sin(ang)])
        if not _inside(desa.polygons[d], p):
            p = tps.xy[t] + np.array([0.01, 0.01])
            if not _inside(desa.polygons[d], p):
                p = tps.xy[t].copy()
        phase = phases[int(rng.choice(len(phases), p=phase_p))]
        start, end, _ = PHASE_WINDOWS[phase]
        day0 = datetime.fromisoformat(start)
        days = (datetime.fromisoformat(end) - day0).days
        when = day0 + timedelta(
            days=int(rng.integers(0, days + 1)),
            hours=int(rng.integers(7, 23)),
            minutes=5 * int(rng.integers(0, 12)),
        )
        prof = _PROFILES[h.profile]
        kinds = list(prof)
        kp = np.array([prof[k] for k in kinds])
        kind = kinds[int(rng.choice(len(kinds), p=kp / kp.sum()))]
        severity = int(np.clip(_SEVERITY[kind] + rng.integers(-1, 2), 1, 5))
        casualties = 0
        if kind == "kekerasan":
            casualties = int(rng.poisson(1.3))
        elif kind == "gangguan_kamtibmas":
            casualties = int(rng.poisson(0.3))
        source = ("polsek", "bawaslu", "media", "masyarakat")[
            int(rng.choice(4, p=[0.4, 0.3, 0.15, 0.15]))
        ]
        out.append(
            Incident(
                when,
                phase,
                kind,
                severity,
                casualties,
                d,
                t if at_tps else None,
                float(p[0]),
                float(p[1]),
                source,
                _TEXT[kind].format(d=desa.names[d]) + ".",
            )
        )
    out.sort(key=lambda e: (e.when, e.desa, e.kind))
    return out


# -- TPS-rawan flags ---------------------------------------------------------------------------

# indicator id → (base rate, extra near incident clusters, extra with remoteness)
_RATES: dict[str, tuple[float, float, float]] = {
    "dpt_tms": (0.04, 0.05, 0.0),
    "dptb": (0.30, 0.10, -0.15),
    "potensi_dpk": (0.07, 0.05, 0.03),
    "kpps_luar_domisili": (0.02, 0.0, 0.04),
    "pemilih_disabilitas": (0.42, 0.0, 0.0),
    "riwayat_psu": (0.004, 0.03, 0.0),
    "riwayat_kekerasan": (0.004, 0.12, 0.02),
    "riwayat_intimidasi": (0.008, 0.15, 0.03),
    "penolakan_pemungutan": (0.002, 0.04, 0.01),
    "politik_uang": (0.02, 0.15, 0.0),
    "politisasi_sara": (0.003, 0.04, 0.0),
    "netralitas_penyelenggara": (0.01, 0.05, 0.0),
    "netralitas_aparat": (0.03, 0.10, 0.02),
    "logistik_rusak": (0.02, 0.02, 0.06),
    "logistik_kurang_lebih": (0.03, 0.02, 0.03),
    "logistik_terlambat": (0.02, 0.03, 0.25),
    "sulit_dijangkau": (0.01, 0.0, 0.75),
    "konflik": (0.005, 0.12, 0.02),
    "bencana": (0.05, 0.0, 0.15),
    "dekat_lembaga_pendidikan": (0.06, 0.0, -0.05),
    "dekat_wilayah_kerja": (0.02, 0.0, -0.01),
    "dekat_posko_paslon": (0.03, 0.06, -0.02),
    "lokasi_khusus": (0.0, 0.0, 0.0),
    "kendala_listrik": (0.03, 0.0, 0.35),
    "kendala_internet": (0.05, 0.0, 0.55),
    # Polri criterion (not a Bawaslu indicator): evenly split support at the TPS
    "dukungan_berimbang": (0.02, 0.10, 0.0),
}


def make_flags(
    rng: np.random.Generator, tps: TpsTable, incidents: list[Incident], remoteness: FloatArray
) -> dict[str, NDArray[np.bool_]]:
    """Draw the 25 checklist flags and the Polri criteria per TPS (incidents, remoteness)."""
    ix = np.array([e.x for e in incidents])
    iy = np.array([e.y for e in incidents])
    d2 = (tps.xy[:, 0, None] - ix[None, :]) ** 2 + (tps.xy[:, 1, None] - iy[None, :]) ** 2
    heat = np.clip(np.exp(-d2 / (2.0 * 1.5**2)).sum(axis=1) / 2.0, 0.0, 1.0)
    khusus = np.asarray(tps.khusus)
    flags: dict[str, NDArray[np.bool_]] = {}
    for item in (*CHECKLIST, *POLRI_CRITERIA):
        base, hot, remote = _RATES[item.id]
        p = np.clip(base + hot * heat + remote * remoteness, 0.0, 0.95)
        flag = rng.random(len(p)) < p
        if item.id == "lokasi_khusus":
            flag = khusus.copy()
        flags[item.id] = flag
    return flags
