"""Incident history: severity- and recency-weighted scores per type group, density hotspots."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.codes import split_tps_id
from petarawan.domain.terrain import Raster, zonal_stats

__all__ = [
    "GROUPS",
    "TYPE_GROUPS",
    "hotspot_scores",
    "hotspot_surface",
    "incident_scores",
    "incident_weights",
]

#: Incident type groups used in indicator ids ``incident_score_<group>``.
GROUPS: tuple[str, ...] = (
    "kekerasan",
    "intimidasi",
    "politik_uang",
    "sara",
    "netralitas",
    "logistik",
    "lainnya",
)
#: Incident type → group; types not listed go to ``lainnya``.
TYPE_GROUPS: dict[str, str] = {
    "kekerasan": "kekerasan",
    "perusakan": "kekerasan",
    "intimidasi": "intimidasi",
    "penolakan": "intimidasi",
    "politik_uang": "politik_uang",
    "sara": "sara",
    "netralitas": "netralitas",
    "logistik": "logistik",
    "gangguan_kamtibmas": "lainnya",
    "pelanggaran_administrasi": "lainnya",
    "bencana": "lainnya",
    "lainnya": "lainnya",
}
#: Status values whose incidents are not counted.
EXCLUDED_STATUSES = frozenset({"ditolak"})


def incident_weights(
    incidents: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    half_life_days: float = 365.0,
) -> pd.Series:
    """Return each incident's weight: severity, casualties and recency.

    ``w = s · (1 + log2(1 + k)) · 0.5^(age / h)`` with ``s`` the severity (1–5, missing = 1),
    ``k`` the casualties, ``age`` the days between the incident and ``as_of`` and ``h`` the
    half-life in days. Incidents after ``as_of`` and incidents with status ``ditolak`` weigh 0.

    Examples
    --------
    >>> frame = pd.DataFrame({"occurred_at": pd.to_datetime(["2024-01-01", "2023-01-01"]),
    ...                       "severity": [4, 4], "casualties": [0, 0]})
    >>> w = incident_weights(frame, as_of=pd.Timestamp("2024-01-01"), half_life_days=365)
    >>> w.round(3).tolist()
    [4.0, 2.0]
    """
    if half_life_days <= 0:
        msg = f"Waktu paruh harus > 0 hari, bukan {half_life_days}."
        raise ValueError(msg)
    blank = pd.Series(np.nan, index=incidents.index)
    sev = pd.to_numeric(incidents.get(C.SEVERITY, blank), errors="coerce")
    sev = pd.Series(sev, index=incidents.index).fillna(1.0).clip(lower=0.0)
    cas = pd.to_numeric(incidents.get(C.CASUALTIES, blank), errors="coerce")
    cas = pd.Series(cas, index=incidents.index).fillna(0.0).clip(lower=0.0)
    when = pd.to_datetime(incidents[C.OCCURRED_AT])
    age = (pd.Timestamp(as_of) - when).dt.total_seconds() / 86400.0
    w = sev * (1.0 + np.log2(1.0 + cas)) * np.power(0.5, age.clip(lower=0.0) / half_life_days)
    w = w.where(age >= 0, 0.0).fillna(0.0)
    if C.STATUS in incidents.columns:
        w = w.where(
            ~incidents[C.STATUS].astype("string").isin(list(EXCLUDED_STATUSES)).fillna(False), 0.0
        )
    return w.astype(float)


def _desa_of(incidents: pd.DataFrame, desa: gpd.GeoDataFrame | None) -> pd.Series:
    """Return the desa code of each incident: given, from its TPS id, or from its location."""
    out = pd.Series(pd.NA, index=incidents.index, dtype="string")
    if C.DESA in incidents.columns:
        out = incidents[C.DESA].astype("string")
    if C.TPS_ID in incidents.columns:
        from_tps = incidents[C.TPS_ID].map(lambda v: (split_tps_id(v) or (None, 0))[0])
        out = out.fillna(from_tps.astype("string"))
    if desa is not None and out.isna().any() and isinstance(incidents, gpd.GeoDataFrame):
        missing = incidents[out.isna() & incidents.geometry.notna()]
        if len(missing):
            joined = gpd.sjoin(
                missing[[missing.geometry.name]].to_crs(desa.crs),
                desa[[C.CODE, desa.geometry.name]],
                how="left",
                predicate="within",
            )
            joined = joined[~joined.index.duplicated()]
            out.loc[joined.index] = joined[C.CODE].astype("string")
    return out


def incident_scores(
    incidents: pd.DataFrame,
    tps: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    half_life_days: float = 365.0,
    desa: gpd.GeoDataFrame | None = None,
    groups: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return weighted incident scores per TPS and per desa.

    Each incident is tied to a TPS (``tps_id``) and a desa (``desa_code``, the TPS's desa, or the
    desa polygon containing it). Desa score = sum of the weights (:func:`incident_weights`) of
    its incidents, in total and per type group. TPS score = weights of incidents at that TPS plus
    those of its desa not tied to any TPS (they concern every TPS of the desa).

    Returns
    -------
    tuple of pandas.DataFrame
        TPS frame indexed by ``tps_id`` with ``incident_score``; desa frame indexed by desa code
        with ``incident_score``, ``incident_score_<group>`` for every group and ``incident_count``.
        Places without incidents score 0 (a measured zero, not a missing value).
    """
    groups = dict(TYPE_GROUPS if groups is None else groups)
    w = incident_weights(incidents, as_of=as_of, half_life_days=half_life_days)
    desa_code = _desa_of(incidents, desa)
    tps_id = (
        incidents[C.TPS_ID].astype("string")
        if C.TPS_ID in incidents.columns
        else pd.Series(pd.NA, index=incidents.index, dtype="string")
    )
    kind = incidents.get(C.INCIDENT_TYPE, pd.Series("lainnya", index=incidents.index))
    group = kind.astype("string").str.strip().str.lower().map(lambda t: groups.get(t, "lainnya"))
    frame = pd.DataFrame({"w": w, "desa": desa_code, "tps": tps_id, "group": group})
    frame = frame[frame["w"] > 0]
    desa_codes = pd.Index(
        sorted(
            set(tps[C.DESA].dropna().astype(str))
            | (set(desa[C.CODE].astype(str)) if desa is not None else set())
        )
    )
    by_desa = frame.dropna(subset=["desa"])
    desa_out = pd.DataFrame(index=desa_codes)
    desa_out.index.name = C.CODE
    desa_out["incident_score"] = (
        by_desa.groupby("desa")["w"].sum().reindex(desa_codes, fill_value=0.0)
    )
    pivot = by_desa.pivot_table(index="desa", columns="group", values="w", aggfunc="sum")
    for g in GROUPS:
        col = pivot[g] if g in pivot.columns else pd.Series(dtype=float)
        desa_out[f"incident_score_{g}"] = col.reindex(desa_codes).fillna(0.0).astype(float)
    desa_out["incident_count"] = (
        by_desa.groupby("desa").size().reindex(desa_codes, fill_value=0).astype(float)
    )
    own = frame.dropna(subset=["tps"]).groupby("tps")["w"].sum()
    desa_only = by_desa[by_desa["tps"].isna()].groupby("desa")["w"].sum()
    tps_ids = tps[C.TPS_ID].astype(str)
    score = (
        own.reindex(tps_ids, fill_value=0.0).to_numpy()
        + desa_only.reindex(tps[C.DESA].astype(str), fill_value=0.0).to_numpy()
    )
    tps_out = pd.DataFrame({"incident_score": score}, index=pd.Index(tps_ids, name=C.TPS_ID))
    return tps_out, desa_out


def hotspot_surface(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    *,
    bounds: tuple[float, float, float, float],
    crs: str,
    cell_m: float = 500.0,
    bandwidth_m: float = 2000.0,
) -> Raster:
    """Return a Gaussian kernel-density surface of weighted incident points.

    ``f(p) = Σ_i w_i · exp(-|p − x_i|² / 2b²) / (2π b²)``, in weighted incidents per km²,
    evaluated at the cell centres of a grid covering ``bounds`` (metric CRS).

    Examples
    --------
    >>> s = hotspot_surface(np.array([0.0]), np.array([0.0]), np.array([1.0]),
    ...                     bounds=(-10000, -10000, 10000, 10000), crs="EPSG:32751")
    >>> round(float(np.nansum(s.values)) * 0.25, 2)   # integrates to the total weight
    1.0
    """
    xmin, ymin, xmax, ymax = bounds
    ncol = max(int(np.ceil((xmax - xmin) / cell_m)), 1)
    nrow = max(int(np.ceil((ymax - ymin) / cell_m)), 1)
    transform = (cell_m, 0.0, xmin, 0.0, -cell_m, ymin + nrow * cell_m)
    grid = Raster(np.zeros((nrow, ncol)), transform, crs)
    cx, _ = grid.xy(np.zeros(ncol) + 0.5, np.arange(ncol) + 0.5)
    _, cy = grid.xy(np.arange(nrow) + 0.5, np.zeros(nrow) + 0.5)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.asarray(weights, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & (w > 0)
    x, y, w = x[ok], y[ok], w[ok]
    b2 = bandwidth_m**2
    # the Gaussian is separable: f = Σ_i w_i · gx_i(col) · gy_i(row)
    gx = np.exp(-((cx[None, :] - x[:, None]) ** 2) / (2 * b2))
    gy = np.exp(-((cy[None, :] - y[:, None]) ** 2) / (2 * b2))
    density = (gy * w[:, None]).T @ gx / (2 * np.pi * b2) * 1e6
    return grid.with_values(density)


def hotspot_scores(surface: Raster, zones: gpd.GeoSeries) -> pd.Series:
    """Return a 0–100 hotspot score per zone: its mean density relative to the surface's maximum."""
    top = float(np.nanmax(surface.values)) if surface.values.size else 0.0
    stats = zonal_stats(surface, zones, percentiles=())
    if top <= 0:
        return pd.Series(0.0, index=zones.index)
    return (100.0 * stats["mean"] / top).clip(0.0, 100.0).astype(float)
