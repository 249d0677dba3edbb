"""Coverage and load: each unit's area by travel time, personnel load in it, and border distance."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["border_distance_km", "unit_areas"]


def unit_areas(
    first_unit: np.ndarray,
    tps_desa: pd.Series,
    tps_voters: pd.Series,
    desa_area_km2: pd.Series,
    officers: np.ndarray,
    *,
    desa_fallback_unit: pd.Series | None = None,
) -> pd.DataFrame:
    """Return per unit its area by travel time and the load on its officers.

    A unit's area is the set of TPS it reaches first. Each desa's area is split among units in
    proportion to its TPS they reach first; a desa without TPS goes to ``desa_fallback_unit``.

    Parameters
    ----------
    first_unit
        For each TPS the position of the unit that reaches it first (-1 = none).
    tps_desa, tps_voters
        Desa code and voters (DPT; missing counts as 0 with the TPS still counted) of each TPS.
    desa_area_km2
        Area per desa code.
    officers
        Officers per unit (Polri + Brimob).
    desa_fallback_unit
        Unit position per desa code for desa without TPS (for example the nearest unit).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit position: ``tps``, ``voters``, ``area_km2``, ``officers``,
        ``area_per_officer_km2``, ``voters_per_officer``, ``tps_per_officer`` (NaN when a unit
        has no officers, never infinite).
    """
    n_units = len(officers)
    first_unit = np.asarray(first_unit, dtype=np.int64)
    frame = pd.DataFrame(
        {
            "unit": first_unit,
            "desa": tps_desa.to_numpy(),
            "voters": pd.to_numeric(tps_voters, errors="coerce").fillna(0).to_numpy(dtype=float),
        }
    )
    frame = frame[frame["unit"] >= 0]
    out = pd.DataFrame(index=pd.RangeIndex(n_units), dtype=float)
    out["tps"] = frame.groupby("unit").size().reindex(out.index, fill_value=0).astype(float)
    out["voters"] = frame.groupby("unit")["voters"].sum().reindex(out.index, fill_value=0.0)
    share = frame.groupby(["desa", "unit"]).size()
    share = share / share.groupby(level="desa").transform("sum")
    area = desa_area_km2.astype(float)
    contrib = share * area.reindex(share.index.get_level_values("desa")).to_numpy()
    out["area_km2"] = contrib.groupby(level="unit").sum().reindex(out.index, fill_value=0.0)
    if desa_fallback_unit is not None:
        without = area.index.difference(pd.Index(frame["desa"].unique()))
        fb = desa_fallback_unit.reindex(without).dropna().astype(np.int64)
        extra = area.reindex(fb.index).groupby(fb.to_numpy()).sum()
        out["area_km2"] = out["area_km2"].add(
            extra.reindex(out.index, fill_value=0.0), fill_value=0.0
        )
    off = np.asarray(officers, dtype=float)
    out["officers"] = off
    denom = np.where(off > 0, off, np.nan)
    out["area_per_officer_km2"] = out["area_km2"].to_numpy() / denom
    out["voters_per_officer"] = out["voters"].to_numpy() / denom
    out["tps_per_officer"] = out["tps"].to_numpy() / denom
    return out


def border_distance_km(geoms: gpd.GeoSeries, border: gpd.GeoSeries) -> np.ndarray:
    """Return the distance in km from each geometry to the nearest border line (0 if touching).

    Both inputs must be in the same metric CRS.
    """
    if geoms.crs is not None and border.crs is not None and geoms.crs != border.crs:
        msg = f"CRS berbeda: {geoms.crs} dan {border.crs}."
        raise ValueError(msg)
    lines = shapely.union_all(border.dropna().to_numpy())
    if lines is None or lines.is_empty:
        return np.full(len(geoms), np.nan)
    arr = geoms.to_numpy()
    out = np.full(len(arr), np.nan)
    ok = np.array([g is not None and not g.is_empty for g in arr], dtype=bool)
    out[ok] = shapely.distance(arr[ok], lines) / 1000.0
    return out
