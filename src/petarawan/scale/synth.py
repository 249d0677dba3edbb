"""Synthetic nation: every provinsi and kab/kota with real codes, streamed to Parquet."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry.base import BaseGeometry

from petarawan.domain import checklist as CL
from petarawan.domain import columns as C
from petarawan.domain.apportion import largest_remainder
from petarawan.errors import InputDataError, Issue

__all__ = [
    "NATIONAL_DESA",
    "NATIONAL_KECAMATAN",
    "NATIONAL_TPS",
    "TABLES",
    "NationSources",
    "RegionSpec",
    "generate_nation",
    "partition_path",
    "read_manifest",
]

#: National totals of Pemilu 2024 (KPU) and the Kepmendagri 2025 coding, at ``scale = 1``.
NATIONAL_TPS = 820_161
NATIONAL_DESA = 83_763
NATIONAL_KECAMATAN = 7_277

#: Tables written per kab/kota, each under ``<table>/province=<PP>/<code>.parquet``.
TABLES = ("regions", "tps", "units", "incidents", "indicators")

#: Rough centre (lon, lat) of every province; used to lay out approximate shapes.
_PROVINCE_CENTRE: dict[str, tuple[float, float]] = {
    "11": (96.7, 4.4), "12": (99.0, 2.2), "13": (100.5, -0.8), "14": (101.8, 0.5),
    "15": (103.0, -1.6), "16": (104.2, -3.3), "17": (102.3, -3.8), "18": (105.2, -4.8),
    "19": (106.4, -2.5), "21": (104.5, 1.0), "31": (106.85, -6.2), "32": (107.6, -6.9),
    "33": (110.2, -7.2), "34": (110.4, -7.9), "35": (112.5, -7.6), "36": (106.1, -6.4),
    "51": (115.2, -8.4), "52": (117.4, -8.6), "53": (121.1, -9.0), "61": (110.5, 0.0),
    "62": (113.4, -1.6), "63": (115.3, -3.0), "64": (116.4, 0.5), "65": (116.5, 3.0),
    "71": (124.8, 1.2), "72": (121.4, -1.4), "73": (120.0, -3.7), "74": (122.2, -4.1),
    "75": (122.4, 0.6), "76": (119.2, -2.5), "81": (129.0, -3.2), "82": (127.8, 1.0),
    "91": (139.5, -2.2), "92": (133.5, -1.3), "93": (139.5, -7.0), "94": (136.5, -3.7),
    "95": (139.0, -4.2), "96": (131.8, -1.0),
}  # fmt: skip

#: Provinces with a higher base vulnerability (IPKP 2024: the Papua provinces and the
#: "rawan konflik" list of Asops Kapolri, 30 Jul 2024).
_HOT = {"91": 2.2, "94": 2.6, "95": 2.6, "93": 2.0, "92": 1.6, "96": 1.6, "35": 1.3,
        "82": 1.5, "52": 1.3, "11": 1.4}  # fmt: skip

_IPKP = ("penyelenggara", "keamanan", "peserta", "masyarakat", "potensi_gangguan",
         "ambang_gangguan", "gangguan_nyata")  # fmt: skip
_IKP = ("keamanan", "otoritas_penyelenggara_pemilu", "otoritas_penyelenggara_negara",
        "hak_memilih", "pelaksanaan_kampanye", "pemungutan_suara", "ajudikasi", "pengawasan",
        "hak_dipilih", "kampanye_calon", "partisipasi_pemilih", "partisipasi_kelompok")  # fmt: skip
_SYLLABLES = ("ba", "bu", "ka", "ma", "na", "ta", "lo", "ri", "sa", "wa", "ne", "ko", "fa",
              "le", "mi", "to", "pa", "su", "ra", "di", "go", "ha", "ja", "ke")  # fmt: skip
_KM_PER_DEG = 111.32


@dataclass
class NationSources:
    """Paths of the real files a nation is built from (only ``codes`` and ``population`` needed).

    Attributes
    ----------
    codes
        Folder with ``idn_provinces.csv`` and ``idn_regencies.csv``.
    population
        The Kepmendagri population/area CSV (``kode, nama, level, total, luas_km2``).
    boundaries
        Optional kab/kota polygons (GeoJSON with ``kode``); approximate squares otherwise.
    districts, villages, tps_counts, kecamatan_boundaries
        Optional real kecamatan, desa and TPS-per-desa tables (and kecamatan polygons) for the
        provinces they cover; other provinces stay synthetic.
    """

    codes: Path
    population: Path
    boundaries: Path | None = None
    districts: Path | None = None
    villages: Path | None = None
    tps_counts: Path | None = None
    kecamatan_boundaries: Path | None = None


@dataclass
class RegionSpec:
    """What is known of one kab/kota before generation."""

    code: str
    province: str
    name: str
    population: int
    area_km2: float
    geometry: BaseGeometry | None = None
    kecamatan: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    desa: pd.DataFrame | None = None  # code, kecamatan, name, kind, tps, khusus_tps


def partition_path(root: Path, table: str, code: str) -> Path:
    """Return the Parquet file of ``table`` for kab/kota ``code`` under ``root``."""
    return Path(root) / table / f"province={code.split('.', maxsplit=1)[0]}" / f"{code}.parquet"


def read_manifest(root: Path) -> dict[str, Any]:
    """Read ``nation.json`` of a synthetic (or prepared) nation folder."""
    path = Path(root) / "nation.json"
    if not path.is_file():
        msg = (
            f"{path}: berkas manifest tidak ditemukan; folder data harus dibuat dengan "
            "'petarawan synth nation' (atau berisi nation.json dengan daftar kab/kota)."
        )
        raise InputDataError(msg, [Issue(str(path), None, None, "tidak ada")])
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _rng(seed: int, code: str) -> np.random.Generator:
    digest = hashlib.sha256(f"{seed}:{code}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _read_csv(path: Path, need: list[str]) -> pd.DataFrame:
    if not Path(path).is_file():
        msg = f"{path}: berkas tidak ditemukan."
        raise InputDataError(msg, [Issue(str(path), None, None, "tidak ada")])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in need if c not in frame.columns]
    if missing:
        msg = (
            f"{path}: kolom {', '.join(missing)} tidak ada; kolom yang ada: "
            f"{', '.join(frame.columns)}."
        )
        raise InputDataError(msg, [Issue(str(path), 1, c, "kolom tidak ada") for c in missing])
    return frame


def _specs(
    src: NationSources, provinces: list[str] | None
) -> tuple[pd.DataFrame, list[RegionSpec]]:
    prov = _read_csv(src.codes / "idn_provinces.csv", ["code", "name"])
    reg = _read_csv(src.codes / "idn_regencies.csv", ["code", "province_code", "name"])
    pop = _read_csv(src.population, ["kode", "level", "total", "luas_km2"])
    total = dict(zip(pop["kode"], pd.to_numeric(pop["total"], errors="coerce"), strict=True))
    area = dict(zip(pop["kode"], pd.to_numeric(pop["luas_km2"], errors="coerce"), strict=True))
    if provinces:
        unknown = sorted(set(provinces) - set(prov["code"]))
        if unknown:
            msg = f"kode provinsi tidak dikenal: {', '.join(unknown)}."
            raise InputDataError(msg)
        prov = prov[prov["code"].isin(provinces)]
    shapes: dict[str, BaseGeometry] = {}
    if src.boundaries is not None:
        gdf = gpd.read_file(src.boundaries)
        if "kode" not in gdf.columns:
            msg = f"{src.boundaries}: kolom 'kode' (kode kab/kota) tidak ada."
            raise InputDataError(msg, [Issue(str(src.boundaries), None, "kode", "tidak ada")])
        gdf = gdf.to_crs(4326)
        shapes = dict(zip(gdf["kode"].astype(str), shapely.make_valid(gdf.geometry), strict=True))
    med_area = float(np.nanmedian([area.get(c, np.nan) for c in reg["code"]] or [500.0]))
    specs = []
    for code, pcode, name in zip(reg["code"], reg["province_code"], reg["name"], strict=True):
        p = total.get(code, np.nan)
        a = area.get(code, np.nan)
        specs.append(
            RegionSpec(
                code=code,
                province=pcode,
                name=name,
                population=int(p) if np.isfinite(p) else 100_000,
                area_km2=float(a) if np.isfinite(a) and a > 0 else med_area,
                geometry=shapes.get(code),
            )
        )
    _attach_real(src, specs)
    return prov, specs


def _select(
    specs: list[RegionSpec], scale: float, provinces: list[str] | None
) -> tuple[list[RegionSpec], dict[str, tuple[int, int, int]]]:
    """National targets first (so a subset keeps its national share), then the subset."""
    targets = _targets(specs, scale)
    if provinces:
        specs = [s for s in specs if s.province in provinces]
    _approx_shapes(specs)
    return specs, targets


def _attach_real(src: NationSources, specs: list[RegionSpec]) -> None:
    """Attach real kecamatan/desa/TPS counts where the optional files cover a kab/kota."""
    if src.districts is None or src.villages is None:
        return
    dist = _read_csv(src.districts, ["code", "regency_code", "name"])
    vil = _read_csv(src.villages, ["code", "district_code", "name", "type"])
    tps = None
    if src.tps_counts is not None:
        tps = _read_csv(src.tps_counts, ["kode_desa", "jumlah_tps"])
        tps = tps.set_index("kode_desa")
    for spec in specs:
        d = dist[dist["regency_code"] == spec.code]
        if d.empty:
            continue
        spec.kecamatan = list(zip(d["code"], d["name"], strict=True))
        v = vil[vil["district_code"].isin(d["code"])]
        frame = pd.DataFrame(
            {
                "code": v["code"].to_numpy(),
                "kecamatan": v["district_code"].to_numpy(),
                "name": v["name"].to_numpy(),
                "kind": v["type"].to_numpy(),
            }
        )
        if tps is not None:
            n = pd.to_numeric(tps["jumlah_tps"], errors="coerce").reindex(frame["code"])
            frame["tps"] = n.fillna(0).astype(int).to_numpy()
            if "tps_khusus_no_min" in tps.columns:
                lo = pd.to_numeric(tps["tps_khusus_no_min"], errors="coerce").reindex(frame["code"])
                hi = pd.to_numeric(tps["tps_khusus_no_max"], errors="coerce").reindex(frame["code"])
                frame["khusus_tps"] = (hi - lo + 1).fillna(0).astype(int).to_numpy()
        spec.desa = frame


def _approx_shapes(specs: list[RegionSpec]) -> None:
    """Give kab/kota without a polygon a square of their area, packed around the province centre."""
    by_prov: dict[str, list[RegionSpec]] = {}
    for s in specs:
        if s.geometry is None:
            by_prov.setdefault(s.province, []).append(s)
    for pcode, group in by_prov.items():
        lon0, lat0 = _PROVINCE_CENTRE.get(pcode, (118.0, -2.0))
        sides = [np.sqrt(s.area_km2) / _KM_PER_DEG for s in group]
        ncol = max(1, int(np.ceil(np.sqrt(len(group)))))
        width = sum(sorted(sides, reverse=True)[:ncol])
        x, y, row_h = 0.0, 0.0, 0.0
        placed = []
        for i, (s, side) in enumerate(zip(group, sides, strict=True)):
            if i and i % ncol == 0:
                x, y, row_h = 0.0, y + row_h, 0.0
            placed.append((s, x, y, side))
            x += side
            row_h = max(row_h, side)
        height = y + row_h
        for s, px, py, side in placed:
            x0 = lon0 - width / 2 + px
            y0 = lat0 + height / 2 - py - side
            s.geometry = shapely.box(x0, y0, x0 + side, y0 + side)


def _points_in(geom: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random points inside ``geom`` (rejection sampling on its bounds)."""
    x0, y0, x1, y1 = geom.bounds
    shapely.prepare(geom)
    out = np.empty((0, 2))
    for _ in range(50):
        k = max(16, 3 * (n - len(out)))
        pts = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
        pts = pts[shapely.contains_xy(geom, pts[:, 0], pts[:, 1])]
        out = np.vstack([out, pts])[:n]
        if len(out) >= n:
            return out
    c = geom.representative_point()
    extra = np.tile([c.x, c.y], (n - len(out), 1))
    return np.vstack([out, extra])


def _cells(seeds: np.ndarray, clip: BaseGeometry) -> list[BaseGeometry]:
    """Voronoi cells of ``seeds`` clipped to ``clip``, in the order of the seeds."""
    if len(seeds) == 1:
        return [clip]
    pts = shapely.points(seeds)
    cells = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=clip)
    parts = np.asarray(shapely.get_parts(cells))
    out: list[BaseGeometry] = [clip] * len(seeds)
    tree = shapely.STRtree(parts)
    hit_pts, hit_cells = tree.query(pts, predicate="intersects")
    seen: set[int] = set()
    for p, c in zip(hit_pts, hit_cells, strict=True):
        if p in seen:
            continue
        seen.add(int(p))
        out[int(p)] = shapely.make_valid(shapely.intersection(parts[c], clip))
    return out


def _name(rng: np.random.Generator) -> str:
    k = int(rng.integers(2, 4))
    return "".join(rng.choice(_SYLLABLES, k)).capitalize()


def _targets(specs: list[RegionSpec], scale: float) -> dict[str, tuple[int, int, int]]:
    """(kecamatan, desa, TPS) per kab/kota for the synthetic parts, nationally proportional."""
    pop = np.array([s.population for s in specs], dtype=float)
    area = np.array([s.area_km2 for s in specs], dtype=float)
    w_struct = 0.5 * pop / pop.sum() + 0.5 * area / area.sum()
    n = len(specs)
    kec = largest_remainder(max(n, round(NATIONAL_KECAMATAN * scale)), w_struct, minimum=1)
    desa = np.maximum(
        largest_remainder(max(n, round(NATIONAL_DESA * scale)), w_struct, minimum=1), kec
    )
    tps = np.maximum(largest_remainder(max(n, round(NATIONAL_TPS * scale)), pop, minimum=1), desa)
    return {
        s.code: (int(k), int(d), int(t)) for s, k, d, t in zip(specs, kec, desa, tps, strict=True)
    }


def _kecamatan_desa(
    spec: RegionSpec, target: tuple[int, int, int], rng: np.random.Generator
) -> pd.DataFrame:
    """Desa table (code, kecamatan, name, kind, tps, khusus_tps), real where known."""
    if spec.desa is not None and len(spec.desa):
        frame = spec.desa.copy()
        if "tps" not in frame.columns:
            frame["tps"] = largest_remainder(
                target[2], rng.lognormal(0.0, 0.5, len(frame)), minimum=1
            )
        if "khusus_tps" not in frame.columns:
            frame["khusus_tps"] = 0
        return frame
    n_kec, n_desa, _ = target
    kota = spec.name.startswith("Kota")
    spec.kecamatan = [(f"{spec.code}.{i + 1:02d}", _name(rng)) for i in range(n_kec)]
    per_kec = largest_remainder(n_desa, rng.lognormal(0.0, 0.3, n_kec), minimum=1)
    rows = []
    for (kcode, _), m in zip(spec.kecamatan, per_kec, strict=True):
        for j in range(int(m)):
            kel = kota or rng.random() < 0.05
            rows.append((f"{kcode}.{1 if kel else 2}{j + 1:03d}", kcode, _name(rng),
                         "kelurahan" if kel else "desa"))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["code", "kecamatan", "name", "kind"])
    frame["tps"] = largest_remainder(target[2], rng.lognormal(0.0, 0.5, len(frame)), minimum=1)
    frame["khusus_tps"] = (rng.random(len(frame)) < 0.0015).astype(int)
    return frame


def _region_tables(
    spec: RegionSpec,
    target: tuple[int, int, int],
    seed: int,
    kec_shapes: dict[str, BaseGeometry],
) -> dict[str, pd.DataFrame]:
    """Generate every table of one kab/kota."""
    rng = _rng(seed, spec.code)
    assert spec.geometry is not None
    kab_geom = spec.geometry
    desa = _kecamatan_desa(spec, target, rng)
    kec_codes = [k for k, _ in spec.kecamatan]
    missing_kec = [k for k in kec_codes if k not in kec_shapes]
    if missing_kec:
        seeds = _points_in(kab_geom, len(kec_codes), rng)
        cells = _cells(seeds, kab_geom)
        local = dict(zip(kec_codes, cells, strict=True))
    else:
        local = {}
    kec_geom = {k: kec_shapes.get(k, local.get(k, kab_geom)) for k in kec_codes}
    # desa cells inside their kecamatan
    desa_geom: list[BaseGeometry] = [kab_geom] * len(desa)
    desa_xy = np.zeros((len(desa), 2))
    for kcode, idx in desa.groupby("kecamatan", sort=False).indices.items():
        g = kec_geom.get(str(kcode), kab_geom)
        if g.is_empty:
            g = kab_geom
        seeds = _points_in(g, len(idx), rng)
        cells = _cells(seeds, g)
        for i, cell, xy in zip(idx, cells, seeds, strict=True):
            desa_geom[i] = cell
            desa_xy[i] = xy
    regions = _regions_frame(spec, desa, kec_geom, desa_geom)
    tps = _tps_frame(spec, desa, desa_xy, regions, rng)
    units = _units_frame(spec, desa, desa_xy, tps, rng)
    incidents = _incidents_frame(spec, desa, desa_xy, rng)
    indicators = _indicators_frame(spec, rng)
    return {
        "regions": regions,
        "tps": tps,
        "units": units,
        "incidents": incidents,
        "indicators": indicators,
    }


def _metric_area(geoms: list[BaseGeometry]) -> np.ndarray:
    """Area in km² of lon/lat polygons (local scale factor cos(latitude); small regions)."""
    arr = np.asarray(geoms, dtype=object)
    lat = shapely.get_y(shapely.centroid(arr))
    return np.asarray(shapely.area(arr) * _KM_PER_DEG**2 * np.cos(np.radians(lat)), dtype=float)


def _regions_frame(
    spec: RegionSpec,
    desa: pd.DataFrame,
    kec_geom: dict[str, BaseGeometry],
    desa_geom: list[BaseGeometry],
) -> pd.DataFrame:
    kota = spec.name.startswith("Kota")
    kec_names = dict(spec.kecamatan)
    rows = {
        C.CODE: [spec.code, *kec_geom, *desa["code"]],
        C.NAME: [spec.name, *(kec_names[k] for k in kec_geom), *desa["name"]],
        C.LEVEL: ["kabkota"] + ["kecamatan"] * len(kec_geom) + ["desa"] * len(desa),
        C.KIND: ["kota" if kota else "kabupaten"]
        + ["kecamatan"] * len(kec_geom)
        + list(desa["kind"]),
        C.PARENT: [spec.province] + [spec.code] * len(kec_geom) + list(desa["kecamatan"]),
    }
    geoms = [spec.geometry, *kec_geom.values(), *desa_geom]
    area = np.round(_metric_area(geoms), 3)
    area[0] = round(spec.area_km2, 3)
    population = np.zeros(len(geoms), dtype=np.int64)
    population[0] = spec.population
    frame = pd.DataFrame(rows)
    frame[C.AREA_KM2] = area
    frame["population"] = population
    frame[C.GEOMETRY] = shapely.to_wkb(np.asarray(geoms, dtype=object))
    return frame


def _tps_frame(
    spec: RegionSpec,
    desa: pd.DataFrame,
    desa_xy: np.ndarray,
    regions: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    n_reg = desa["tps"].to_numpy(dtype=np.int64)
    n_kh = desa["khusus_tps"].to_numpy(dtype=np.int64)
    n = n_reg + n_kh
    total = int(n.sum())
    idx = np.repeat(np.arange(len(desa)), n)
    parts = [
        np.r_[np.arange(1, a + 1), 900 + np.arange(1, b + 1)]
        for a, b in zip(n_reg, n_kh, strict=True)
    ]
    number = np.concatenate(parts).astype(np.int64) if total else np.zeros(0, dtype=np.int64)
    khusus = number > 900
    codes = desa["code"].to_numpy()[idx]
    area = regions.set_index(C.CODE)[C.AREA_KM2].reindex(desa["code"]).to_numpy()[idx]
    spread = np.sqrt(np.maximum(area, 0.05)) / _KM_PER_DEG / 4
    lon = desa_xy[idx, 0] + rng.normal(0, 1, total) * spread
    lat = desa_xy[idx, 1] + rng.normal(0, 1, total) * spread
    dpt_total = spec.population * 0.72
    mean = min(300.0, dpt_total / max(1, total))
    voters = np.clip(np.round(rng.normal(mean, 0.12 * mean, total)), 20, 300).astype(np.int64)
    heat = _HOT.get(spec.province, 1.0) * rng.lognormal(0.0, 0.4)
    frame = pd.DataFrame(
        {
            C.TPS_ID: [f"{c.replace('.', '')}{k:03d}" for c, k in zip(codes, number, strict=True)],
            C.DESA: codes,
            C.TPS_NUMBER: number,
            C.VOTERS: voters,
            C.LON: np.round(lon, 6),
            C.LAT: np.round(lat, 6),
            C.LOCATION_SOURCE: "estimated",
            C.KHUSUS: khusus,
            C.CATEGORY: pd.Series([None] * total, dtype="object"),
        }
    )
    # TPS-rawan checklist flags, correlated within a desa (one latent level per desa)
    desa_level = rng.lognormal(0.0, 0.8, len(desa))[idx] * heat
    flags = {}
    for k, col in enumerate(CL.checklist_columns()):
        base = 0.005 + 0.014 * ((k * 7) % 5) / 4
        p = np.clip(base * desa_level, 0.0, 0.9)
        flags[col] = rng.random(total) < p
    return pd.concat([frame, pd.DataFrame(flags)], axis=1)


def _units_frame(
    spec: RegionSpec,
    desa: pd.DataFrame,
    desa_xy: np.ndarray,
    tps: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    kec_codes = [k for k, _ in spec.kecamatan]
    first = desa.groupby("kecamatan", sort=False).indices
    pos = {k: desa_xy[int(ix[0])] for k, ix in first.items()}
    # Polri strength about 1 per 620 inhabitants (≈ 460,000 for 285 million), 40 % at the Polres
    polri = max(20, round(spec.population / 620 * rng.uniform(0.85, 1.15)))
    hq = round(polri * 0.4)
    per_sek = largest_remainder(polri - hq, np.ones(len(kec_codes)), minimum=0)
    n_tps = tps.groupby(tps[C.DESA].str.slice(0, 8)).size()
    assert spec.geometry is not None
    hq_xy = pos.get(kec_codes[0], np.asarray(spec.geometry.representative_point().coords[0]))
    rows = [
        {
            "code": f"POLRES-{spec.code}",
            "name": f"Polres {spec.name.replace('Kabupaten ', '').replace('Kota ', '')}",
            "kind": "polres",
            "parent_code": None,
            "covers": [spec.code],
            "polri": hq,
            "brimob": round(polri * 0.05),
            "tni": round(spec.population / 2500),
            "linmas": 0,
            "lon": float(hq_xy[0]),
            "lat": float(hq_xy[1]),
        }
    ]
    for k, n in zip(kec_codes, per_sek, strict=True):
        xy = pos.get(k, hq_xy)
        rows.append(
            {
                "code": f"POLSEK-{k}",
                "name": f"Polsek {dict(spec.kecamatan)[k]}",
                "kind": "polsek",
                "parent_code": f"POLRES-{spec.code}",
                "covers": [k],
                "polri": int(n),
                "brimob": 0,
                "tni": 0,
                "linmas": int(2 * n_tps.get(k, 0)),
                "lon": float(xy[0]),
                "lat": float(xy[1]),
            }
        )
    return pd.DataFrame(rows)


def _incidents_frame(
    spec: RegionSpec, desa: pd.DataFrame, desa_xy: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    heat = _HOT.get(spec.province, 1.0)
    n = int(rng.poisson(2 + heat**2 * spec.population / 150_000))
    pick = rng.integers(0, len(desa), n)
    years = rng.choice([2019, 2020, 2024], n)
    day = rng.integers(0, 300, n)
    occurred = pd.to_datetime([f"{y}-01-01" for y in years]) + pd.to_timedelta(day, unit="D")
    lon = desa_xy[pick, 0] + rng.normal(0, 0.01, n)
    lat = desa_xy[pick, 1] + rng.normal(0, 0.01, n)
    frame = pd.DataFrame(
        {
            "id": [f"{spec.code}-{i + 1:04d}" for i in range(n)],
            C.OCCURRED_AT: occurred,
            C.ELECTION: np.where(
                years == 2019, "pemilu2019", np.where(years == 2020, "pilkada2020", "pilkada2024")
            ),
            C.PHASE: rng.choice(C.PHASES, n),
            C.INCIDENT_TYPE: rng.choice(C.INCIDENT_TYPES, n),
            C.SEVERITY: np.minimum(5, 1 + rng.poisson(0.6 * heat, n)).astype(np.int64),
            C.CASUALTIES: rng.poisson(0.1 * heat, n).astype(np.int64),
            C.DESA: desa["code"].to_numpy()[pick],
            C.TPS_ID: pd.Series([None] * n, dtype="object"),
            C.SOURCE: "sintetis",
            C.STATUS: "diverifikasi",
            C.DESCRIPTION: "kejadian sintetis",
            C.LON: lon,
            C.LAT: lat,
        }
    )
    return frame


def _indicators_frame(spec: RegionSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Analyst-entered dimension scores (0-100) of the IPKP and IKP 2024 presets, per kab/kota."""
    heat = _HOT.get(spec.province, 1.0)
    base = 15.0 * heat * rng.lognormal(0.0, 0.45)
    row: dict[str, Any] = {C.CODE: spec.code}
    for d in _IPKP:
        row[f"ipkp_{d}"] = float(np.clip(round(base + rng.normal(0, 8), 2), 0, 100))
    for d in _IKP:
        row[f"ikp_{d}"] = float(np.clip(round(1.2 * base + 8 + rng.normal(0, 10), 2), 0, 100))
    return pd.DataFrame([row])


def _write(frame: pd.DataFrame, path: Path) -> None:
    """Write one table atomically (geometry, if any, is a WKB column in EPSG:4326)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    tmp.replace(path)


def _kec_shapes(src: NationSources) -> dict[str, BaseGeometry]:
    if src.kecamatan_boundaries is None:
        return {}
    gdf = gpd.read_file(src.kecamatan_boundaries).to_crs(4326)
    return dict(zip(gdf["kode"].astype(str), shapely.make_valid(gdf.geometry), strict=True))


def iter_nation(
    src: NationSources,
    *,
    scale: float = 1.0,
    seed: int = 0,
    provinces: list[str] | None = None,
) -> Iterator[tuple[RegionSpec, dict[str, pd.DataFrame]]]:
    """Yield every kab/kota and its tables, one at a time (never the whole nation in memory)."""
    if not scale > 0:
        msg = f"--scale harus lebih dari 0, didapat {scale}."
        raise InputDataError(msg)
    _prov, specs = _specs(src, provinces)
    specs, targets = _select(specs, scale, provinces)
    kec_shapes = _kec_shapes(src)
    for spec in specs:
        yield spec, _region_tables(spec, targets[spec.code], seed, kec_shapes)


def generate_nation(
    out: Path,
    src: NationSources,
    *,
    scale: float = 1.0,
    seed: int = 0,
    provinces: list[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Write a synthetic nation to ``out`` as Parquet partitioned by province.

    Each kab/kota is generated from its own random stream (seed and code), written to
    ``<table>/province=<PP>/<code>.parquet`` and dropped before the next one.

    Parameters
    ----------
    out
        Output folder (created).
    src
        The real code, population and optional boundary/structure files.
    scale
        Fraction of the national counts (1.0: about 7,300 kecamatan, 83,800 desa, 820,000 TPS).
    seed
        Random seed.
    provinces
        Restrict to these province codes (e.g. ``["53"]``).
    progress
        Called with (kab/kota code, done, total) after each kab/kota.

    Returns
    -------
    dict
        The manifest written to ``nation.json``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    prov, specs = _specs(src, provinces)
    specs, targets = _select(specs, scale, provinces)
    kec_shapes = _kec_shapes(src)
    regions: list[dict[str, Any]] = []
    prov_geoms: dict[str, list[BaseGeometry]] = {}
    totals = {"kecamatan": 0, "desa": 0, "tps": 0, "voters": 0, "units": 0, "incidents": 0}
    for i, spec in enumerate(specs):
        tables = _region_tables(spec, targets[spec.code], seed, kec_shapes)
        for name, frame in tables.items():
            _write(frame, partition_path(out, name, spec.code))
        reg = tables["regions"]
        counts = {
            "kecamatan": int((reg[C.LEVEL] == "kecamatan").sum()),
            "desa": int((reg[C.LEVEL] == "desa").sum()),
            "tps": len(tables["tps"]),
            "voters": int(tables["tps"][C.VOTERS].sum()),
            "units": len(tables["units"]),
            "incidents": len(tables["incidents"]),
        }
        for k, v in counts.items():
            totals[k] += v
        regions.append({"code": spec.code, "province": spec.province, "name": spec.name,
                        "population": spec.population, **counts})  # fmt: skip
        assert spec.geometry is not None
        prov_geoms.setdefault(spec.province, []).append(spec.geometry)
        del tables
        if progress is not None:
            progress(spec.code, i + 1, len(specs))
    pframe = pd.DataFrame(
        {
            C.CODE: prov["code"].to_numpy(),
            C.NAME: prov["name"].to_numpy(),
            C.LEVEL: "provinsi",
            C.KIND: "provinsi",
            C.PARENT: None,
            C.GEOMETRY: shapely.to_wkb(
                np.asarray(
                    [shapely.union_all(prov_geoms.get(c, [])) for c in prov["code"]], dtype=object
                )
            ),
        }
    )
    _write(pframe, out / "provinces.parquet")
    kframe = pd.DataFrame(
        {
            C.CODE: [s.code for s in specs],
            C.NAME: [s.name for s in specs],
            C.PARENT: [s.province for s in specs],
            C.GEOMETRY: shapely.to_wkb(np.asarray([s.geometry for s in specs], dtype=object)),
        }
    )
    _write(kframe, out / "kabkota.parquet")
    manifest = {
        "format": "petarawan-nation/1",
        "scale": scale,
        "seed": seed,
        "provinces": len(pframe),
        "kabkota": len(regions),
        "totals": totals,
        "tables": list(TABLES),
        "regions": regions,
    }
    (out / "nation.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest
