"""The registry of derived indicators (terrain, access, incidents) and the pipeline behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from petarawan.domain import columns as C
from petarawan.domain.access import (
    border_distance_km,
    build_road_graph,
    straight_travel_times,
    travel_times,
    unit_areas,
    utm_crs_for,
)
from petarawan.domain.incidents import (
    GROUPS,
    hotspot_scores,
    hotspot_surface,
    incident_scores,
    incident_weights,
)
from petarawan.domain.terrain import Raster, ruggedness, sample, slope_degrees, zonal_stats

__all__ = [
    "REGISTRY",
    "AccessParams",
    "Computed",
    "Derivation",
    "compute_indicators",
    "derivations",
    "derive",
]


@dataclass(frozen=True)
class Derivation:
    """A derived indicator the index frameworks can name.

    Attributes
    ----------
    id
        Indicator id (a contract with the index frameworks).
    level
        ``tps`` or ``desa``.
    unit
        Unit of the values, in Indonesian.
    method
        One-line description of the computation (the formula is in ``docs/methodology.md`` §3).
    source
        Which input layer it comes from: ``dem``, ``roads``, ``units``, ``border``, ``incidents``.
    function
        Picks the values (a Series indexed by code) out of a :class:`Computed` result; returns None
        when its input was not available.
    text
        Whether the values are text (``travel_method``).
    """

    id: str
    level: str
    unit: str
    method: str
    source: str
    function: Callable[[Computed], pd.Series | None]
    text: bool = False


def _col(level: str, name: str) -> Callable[[Computed], pd.Series | None]:
    def pick(c: Computed) -> pd.Series | None:
        frame = c.tps if level == "tps" else c.desa
        return frame[name] if name in frame.columns else None

    return pick


_TRAVEL = "waktu tempuh: jalan (csgraph) → medan (MCP + Tobler) → garis lurus × faktor memutar"
_SPECS: list[tuple[str, str, str, str, str]] = [
    # level, id, unit, method, source
    (
        "tps",
        "travel_time_min",
        "menit",
        f"ke satuan terdekat (semua jenis); {_TRAVEL}",
        "units+roads+dem",
    ),
    ("tps", "travel_time_hq_min", "menit", f"ke Mapolres; {_TRAVEL}", "units+roads+dem"),
    (
        "tps",
        "units_within_30",
        "satuan",
        "jumlah satuan dengan waktu tempuh ≤ 30 menit",
        "units+roads+dem",
    ),
    (
        "tps",
        "units_within_60",
        "satuan",
        "jumlah satuan dengan waktu tempuh ≤ 60 menit",
        "units+roads+dem",
    ),
    ("tps", "elevation_m", "m", "ketinggian DEM di lokasi TPS", "dem"),
    ("tps", "slope_deg", "derajat", "kemiringan DEM di lokasi TPS (beda pusat)", "dem"),
    ("tps", "ruggedness_m", "m", "Terrain Ruggedness Index (Riley) di lokasi TPS", "dem"),
    (
        "tps",
        "incident_score",
        "bobot kejadian",
        "Σ tingkat·(1+log2(1+korban))·0,5^(umur/waktu paruh)",
        "incidents",
    ),
    ("tps", "border_distance_km", "km", "jarak garis lurus ke batas negara", "border"),
    (
        "tps",
        "area_per_officer_km2",
        "km²/personel",
        "luas wilayah satuan yang pertama mencapai TPS / personel",
        "units",
    ),
    (
        "tps",
        "voters_per_officer",
        "pemilih/personel",
        "DPT wilayah satuan yang pertama mencapai TPS / personel",
        "units",
    ),
    (
        "tps",
        "tps_per_officer",
        "TPS/personel",
        "TPS wilayah satuan yang pertama mencapai TPS / personel",
        "units",
    ),
    ("desa", "elevation_mean_m", "m", "rata-rata ketinggian sel DEM di dalam desa", "dem"),
    ("desa", "elevation_p90_m", "m", "persentil 90 ketinggian sel DEM di dalam desa", "dem"),
    ("desa", "slope_mean_deg", "derajat", "rata-rata kemiringan sel DEM di dalam desa", "dem"),
    ("desa", "slope_p90_deg", "derajat", "persentil 90 kemiringan sel DEM di dalam desa", "dem"),
    ("desa", "ruggedness_mean_m", "m", "rata-rata Terrain Ruggedness Index di dalam desa", "dem"),
    (
        "desa",
        "incident_score",
        "bobot kejadian",
        "Σ bobot kejadian di desa (semua jenis)",
        "incidents",
    ),
    (
        "desa",
        "hotspot_score",
        "0–100",
        "rata-rata kepadatan kernel Gauss di desa / maksimum permukaan × 100",
        "incidents",
    ),
    (
        "desa",
        "travel_time_mean_min",
        "menit",
        "rata-rata travel_time_min TPS di desa",
        "units+roads+dem",
    ),
    (
        "desa",
        "travel_time_max_min",
        "menit",
        "maksimum travel_time_min TPS di desa",
        "units+roads+dem",
    ),
    (
        "desa",
        "border_distance_km",
        "km",
        "jarak poligon desa ke batas negara (0 bila bersinggungan)",
        "border",
    ),
    ("desa", "area_per_officer_km2", "km²/personel", "rata-rata nilai TPS di desa", "units"),
    ("desa", "voters_per_officer", "pemilih/personel", "rata-rata nilai TPS di desa", "units"),
]


def _build_registry() -> dict[str, Derivation]:
    reg: dict[str, Derivation] = {}
    for level, ident, unit, method, source in _SPECS:
        reg[f"{level}:{ident}"] = Derivation(ident, level, unit, method, source, _col(level, ident))
    reg["tps:travel_method"] = Derivation(
        "travel_method",
        "tps",
        "teks",
        "cara yang dipakai: road / terrain / straight",
        "units+roads+dem",
        _col("tps", "travel_method"),
        text=True,
    )
    for g in GROUPS:
        ident = f"incident_score_{g}"
        reg[f"desa:{ident}"] = Derivation(
            ident,
            "desa",
            "bobot kejadian",
            f"Σ bobot kejadian kelompok {g} di desa",
            "incidents",
            _col("desa", ident),
        )
    return reg


#: Every derivation, keyed ``"<level>:<id>"``.
REGISTRY: dict[str, Derivation] = _build_registry()


def derivations(level: str | None = None) -> list[Derivation]:
    """Return the registered derivations (of one level)."""
    return [d for d in REGISTRY.values() if level is None or d.level == level]


@dataclass(frozen=True)
class AccessParams:
    """Parameters of the indicator computation (all user-settable in ``petarawan indicators``).

    Attributes
    ----------
    detour_factor, straight_speed_kmh
        Straight-line fallback: distance × detour at this speed.
    snap_tolerance_m
        Road vertices closer than this are one junction.
    half_life_days
        Recency half-life of incident weights.
    as_of
        Reference date of incident recency (None: the latest incident).
    hotspot_cell_m, hotspot_bandwidth_m
        Grid cell and Gaussian bandwidth of the hotspot surface.
    """

    detour_factor: float = 1.4
    straight_speed_kmh: float = 30.0
    snap_tolerance_m: float = 5.0
    half_life_days: float = 365.0
    as_of: pd.Timestamp | None = None
    hotspot_cell_m: float = 500.0
    hotspot_bandwidth_m: float = 2000.0


@dataclass
class Computed:
    """Everything the pipeline measured.

    Attributes
    ----------
    tps
        Indexed by ``tps_id``: every TPS-level indicator available.
    desa
        Indexed by desa code: every desa-level indicator available.
    units
        One row per unit: ``code``, ``kind`` and its load (area, voters, TPS per officer).
    travel
        The travel-time table for maps: per TPS its location, nearest unit, times and methods.
    crs
        The metric CRS used.
    hotspot
        The hotspot surface (None without incidents).
    notes
        Plain-language notes (Indonesian) on what was assumed or fell back.
    missing
        Input layers that were absent (``dem``, ``roads``, ``border``, ``incidents``).
    """

    tps: pd.DataFrame
    desa: pd.DataFrame
    units: pd.DataFrame
    travel: pd.DataFrame
    crs: str
    hotspot: Raster | None = None
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _xy(geoms: gpd.GeoSeries) -> np.ndarray:
    arr = geoms.to_numpy()
    out = np.full((len(arr), 2), np.nan)
    ok = np.array([g is not None and not g.is_empty for g in arr], dtype=bool)
    if ok.any():
        out[ok, 0] = shapely.get_x(arr[ok])
        out[ok, 1] = shapely.get_y(arr[ok])
    return out


def compute_indicators(
    desa: gpd.GeoDataFrame,
    tps: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    *,
    incidents: gpd.GeoDataFrame | None = None,
    dem: Raster | None = None,
    roads: gpd.GeoDataFrame | None = None,
    border: gpd.GeoDataFrame | None = None,
    params: AccessParams | None = None,
) -> Computed:
    """Compute every terrain, access and incident indicator for one regency.

    Parameters
    ----------
    desa
        Desa polygons (``code``, ``area_km2``, geometry) in any CRS.
    tps
        TPS points (``tps_id``, ``desa_code``, ``voters``, geometry).
    units
        Units (``code``, ``kind``, ``polri``, ``brimob``, geometry); the ``polres`` is the HQ.
    incidents
        Incident log or None.
    dem
        Elevation raster, already in the metric CRS chosen from the data
        (:func:`~petarawan.domain.access.utm_crs_for` of ``desa`` and ``tps``), or None.
    roads, border
        Line layers in any CRS, or None.
    params
        Computation parameters.

    Returns
    -------
    Computed
    """
    p = params or AccessParams()
    crs = utm_crs_for(desa, tps)
    notes: list[str] = []
    missing: list[str] = []
    desa_m = desa.to_crs(crs)
    tps_m = tps.to_crs(crs)
    units_m = units.to_crs(crs)
    tps_ids = tps[C.TPS_ID].astype(str).to_numpy()
    desa_codes = desa[C.CODE].astype(str).to_numpy()
    out_tps = pd.DataFrame(index=pd.Index(tps_ids, name=C.TPS_ID))
    out_desa = pd.DataFrame(index=pd.Index(desa_codes, name=C.CODE))
    tps_xy = _xy(tps_m.geometry)
    units_xy = _xy(units_m.geometry)
    # --- terrain
    if dem is not None:
        if str(dem.crs) != crs:
            msg = f"DEM harus dalam CRS {crs}, bukan {dem.crs}; proyeksikan ulang saat membaca."
            raise ValueError(msg)
        slope = dem.with_values(slope_degrees(dem))
        tri = dem.with_values(ruggedness(dem))
        out_tps["elevation_m"] = sample(dem, tps_xy[:, 0], tps_xy[:, 1])
        out_tps["slope_deg"] = sample(slope, tps_xy[:, 0], tps_xy[:, 1])
        out_tps["ruggedness_m"] = sample(tri, tps_xy[:, 0], tps_xy[:, 1])
        outside = int(np.isnan(out_tps["elevation_m"]).sum())
        if outside:
            notes.append(f"{outside} TPS di luar DEM: ketinggian/kemiringan kosong (bukan nol).")
        geoms = gpd.GeoSeries(desa_m.geometry.to_numpy(), index=out_desa.index, crs=crs)
        z = zonal_stats(dem, geoms)
        s = zonal_stats(slope, geoms)
        r = zonal_stats(tri, geoms, percentiles=())
        out_desa["elevation_mean_m"] = z["mean"]
        out_desa["elevation_p90_m"] = z["p90"]
        out_desa["slope_mean_deg"] = s["mean"]
        out_desa["slope_p90_deg"] = s["p90"]
        out_desa["ruggedness_mean_m"] = r["mean"]
        uncovered = int(z["mean"].isna().sum())
        if uncovered:
            notes.append(f"{uncovered} desa tidak tercakup DEM: statistik medan kosong.")
    else:
        missing.append("dem")
    # --- roads and travel time
    graph = None
    if roads is not None and len(roads):
        graph = build_road_graph(roads.to_crs(crs), snap_tolerance_m=p.snap_tolerance_m, dem=dem)
        notes.extend(graph.notes)
    else:
        missing.append("roads")
    kinds = units[C.UNIT_KIND].astype("string").str.lower().to_numpy()
    hq_pos = np.flatnonzero(kinds == "polres")
    hq = int(hq_pos[0]) if hq_pos.size else None
    res = travel_times(
        units_xy,
        tps_xy,
        hq=hq,
        roads=graph,
        dem=dem,
        detour_factor=p.detour_factor,
        speed_kmh=p.straight_speed_kmh,
    )
    notes.extend(res.notes)
    if C.LOCATION_SOURCE in tps.columns:
        estimated = int((tps[C.LOCATION_SOURCE].astype("string") == "estimated").sum())
        if estimated:
            notes.append(
                f"{estimated} TPS memakai lokasi perkiraan (bukan survei): waktu tempuh dan nilai "
                "medannya hanya perkiraan."
            )
    table = res.table
    for col in ("travel_time_min", "travel_time_hq_min", "units_within_30", "units_within_60"):
        out_tps[col] = table[col].to_numpy(dtype=float)
    out_tps["travel_method"] = pd.array(table["travel_method"].to_numpy(), dtype="string")
    unit_codes = units[C.UNIT_CODE].astype(str).to_numpy()
    nearest = table["nearest_unit"].to_numpy()
    travel = pd.DataFrame(
        {
            C.TPS_ID: tps_ids,
            C.DESA: tps[C.DESA].astype(str).to_numpy(),
            C.LON: tps.geometry.to_crs("EPSG:4326").x.to_numpy(),
            C.LAT: tps.geometry.to_crs("EPSG:4326").y.to_numpy(),
            "travel_time_min": table["travel_time_min"].to_numpy(),
            "travel_method": table["travel_method"].to_numpy(),
            "nearest_unit": np.where(nearest >= 0, unit_codes[np.maximum(nearest, 0)], None),
            "travel_time_hq_min": table["travel_time_hq_min"].to_numpy(),
            "travel_method_hq": table["travel_method_hq"].to_numpy(),
            "units_within_30": table["units_within_30"].to_numpy(),
            "units_within_60": table["units_within_60"].to_numpy(),
        }
    )
    # --- coverage and load
    area = pd.to_numeric(desa.get(C.AREA_KM2, pd.Series(np.nan, index=desa.index)), errors="coerce")
    area = pd.Series(area.to_numpy(dtype=float), index=out_desa.index)
    area = area.fillna(pd.Series(desa_m.geometry.area.to_numpy() / 1e6, index=out_desa.index))
    officers = pd.to_numeric(units.get("polri", 0), errors="coerce").fillna(0).to_numpy(
        dtype=float
    ) + pd.to_numeric(units.get("brimob", 0), errors="coerce").fillna(0).to_numpy(dtype=float)
    reps = _xy(desa_m.geometry.representative_point())
    fallback = pd.Series(-1, index=out_desa.index, dtype=np.int64)
    if len(units_xy) and np.isfinite(units_xy).all(axis=1).any():
        okr = np.isfinite(reps).all(axis=1)
        uxy = np.where(np.isfinite(units_xy), units_xy, np.inf)
        d = straight_travel_times(uxy, reps[okr])
        fallback.iloc[np.flatnonzero(okr)] = np.argmin(d, axis=0)
    load = unit_areas(
        nearest,
        tps[C.DESA].astype(str),
        tps.get(C.VOTERS, pd.Series(0, index=tps.index)),
        area,
        officers,
        desa_fallback_unit=fallback[fallback >= 0],
    )
    if (officers <= 0).any():
        notes.append(
            f"{int((officers <= 0).sum())} satuan tanpa personel Polri/Brimob: "
            "beban per personel kosong."
        )
    load.insert(0, "kind", units[C.UNIT_KIND].astype(str).to_numpy())
    load.insert(0, "code", unit_codes)
    for col in ("area_per_officer_km2", "voters_per_officer", "tps_per_officer"):
        vals = load[col].to_numpy()
        out_tps[col] = np.where(nearest >= 0, vals[np.maximum(nearest, 0)], np.nan)
    by_desa = out_tps.assign(_desa=travel[C.DESA].to_numpy()).groupby("_desa")
    out_desa["travel_time_mean_min"] = by_desa["travel_time_min"].mean().reindex(out_desa.index)
    out_desa["travel_time_max_min"] = by_desa["travel_time_min"].max().reindex(out_desa.index)
    out_desa["area_per_officer_km2"] = (
        by_desa["area_per_officer_km2"].mean().reindex(out_desa.index)
    )
    out_desa["voters_per_officer"] = by_desa["voters_per_officer"].mean().reindex(out_desa.index)
    # --- border
    if border is not None and len(border):
        lines = border.to_crs(crs).geometry
        out_tps["border_distance_km"] = border_distance_km(
            gpd.GeoSeries(tps_m.geometry.to_numpy(), crs=crs), lines
        )
        out_desa["border_distance_km"] = border_distance_km(
            gpd.GeoSeries(desa_m.geometry.to_numpy(), crs=crs), lines
        )
    else:
        missing.append("border")
    # --- incidents
    surface = None
    if incidents is not None and len(incidents):
        inc = incidents
        as_of = (
            p.as_of
            if p.as_of is not None
            else pd.Timestamp(pd.to_datetime(inc[C.OCCURRED_AT]).max())
        )
        tps_scores, desa_scores = incident_scores(
            inc, tps, as_of=as_of, half_life_days=p.half_life_days, desa=desa
        )
        out_tps["incident_score"] = tps_scores["incident_score"].to_numpy()
        for col in ["incident_score", *[f"incident_score_{g}" for g in GROUPS]]:
            out_desa[col] = desa_scores[col].reindex(out_desa.index).fillna(0.0)
        w = incident_weights(inc, as_of=as_of, half_life_days=p.half_life_days).to_numpy()
        pts = _incident_points(inc, tps_m, desa_m, crs)
        xmin, ymin, xmax, ymax = desa_m.total_bounds
        pad = 3 * p.hotspot_bandwidth_m
        surface = hotspot_surface(
            pts[:, 0],
            pts[:, 1],
            w,
            bounds=(xmin - pad, ymin - pad, xmax + pad, ymax + pad),
            crs=crs,
            cell_m=p.hotspot_cell_m,
            bandwidth_m=p.hotspot_bandwidth_m,
        )
        geoms = gpd.GeoSeries(desa_m.geometry.to_numpy(), index=out_desa.index, crs=crs)
        out_desa["hotspot_score"] = hotspot_scores(surface, geoms)
        notes.append(
            f"Skor kejadian per {as_of:%Y-%m-%d}, waktu paruh {p.half_life_days:g} hari "
            f"({int((w > 0).sum())} kejadian dihitung)."
        )
    else:
        missing.append("incidents")
        out_tps["incident_score"] = 0.0
        for col in ["incident_score", "hotspot_score", *[f"incident_score_{g}" for g in GROUPS]]:
            out_desa[col] = 0.0
        notes.append("Tidak ada riwayat kejadian: skor kejadian 0 untuk semua (tidak ada catatan).")
    return Computed(out_tps, out_desa, load, travel, crs, surface, notes, missing)


def _incident_points(
    inc: gpd.GeoDataFrame, tps_m: gpd.GeoDataFrame, desa_m: gpd.GeoDataFrame, crs: str
) -> np.ndarray:
    """Return incident locations: own point, else its TPS, else its desa's representative point."""
    pts = _xy(inc.to_crs(crs).geometry) if inc.crs is not None else np.full((len(inc), 2), np.nan)
    by_tps = pd.DataFrame(_xy(tps_m.geometry), index=tps_m[C.TPS_ID].astype(str).to_numpy())
    by_desa = pd.DataFrame(
        _xy(desa_m.geometry.representative_point()), index=desa_m[C.CODE].astype(str).to_numpy()
    )
    if C.TPS_ID in inc.columns:
        t = by_tps.reindex(inc[C.TPS_ID].astype(str).to_numpy()).to_numpy()
        pts = np.where(np.isnan(pts), t, pts)
    if C.DESA in inc.columns:
        d = by_desa.reindex(inc[C.DESA].astype(str).to_numpy()).to_numpy()
        pts = np.where(np.isnan(pts), d, pts)
    return pts


def derive(
    computed: Computed, level: str
) -> tuple[pd.DataFrame, dict[str, dict[str, str]], list[str]]:
    """Return the registered indicators of a level, their metadata and the ids not available.

    Returns
    -------
    tuple
        ``(frame indexed by code, {id: {"unit", "method", "source"}}, [ids without input])``.
    """
    cols: dict[str, pd.Series] = {}
    meta: dict[str, dict[str, str]] = {}
    absent: list[str] = []
    index = computed.tps.index if level == "tps" else computed.desa.index
    for d in derivations(level):
        values = d.function(computed)
        if values is None:
            absent.append(d.id)
            continue
        cols[d.id] = values.astype("string") if d.text else values.astype(float)
        meta[d.id] = {"unit": d.unit, "method": d.method, "source": d.source}
    frame = pd.DataFrame(cols, index=index)
    frame.index.name = "code"
    return frame, meta, absent
