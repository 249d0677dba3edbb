"""Travel time from every unit to every TPS, falling back road → terrain → straight line."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from petarawan.domain.access.costdistance import terrain_travel_times
from petarawan.domain.access.network import RoadGraph, attach_points, road_travel_times
from petarawan.domain.access.tobler import tobler_speed_kmh
from petarawan.domain.terrain import Raster, sample

__all__ = [
    "METHODS",
    "TravelResult",
    "direct_walk_times",
    "great_circle_minutes",
    "straight_travel_times",
    "travel_times",
]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

#: Methods in fallback order.
METHODS = ("road", "terrain", "straight")


def straight_travel_times(
    sources_xy: np.ndarray,
    targets_xy: np.ndarray,
    *,
    detour_factor: float = 1.4,
    speed_kmh: float = 30.0,
) -> np.ndarray:
    """Return minutes = straight distance × ``detour_factor`` / ``speed_kmh`` for each pair.

    Examples
    --------
    >>> straight_travel_times(np.array([[0.0, 0.0]]), np.array([[10_000.0, 0.0]]),
    ...                       detour_factor=1.0, speed_kmh=60.0)
    array([[10.]])
    """
    if detour_factor < 1.0 or speed_kmh <= 0:
        msg = f"Faktor memutar harus ≥ 1 dan kecepatan > 0, bukan {detour_factor} dan {speed_kmh}."
        raise ValueError(msg)
    s = np.asarray(sources_xy, dtype=float).reshape(-1, 2)
    t = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    d = np.hypot(s[:, None, 0] - t[None, :, 0], s[:, None, 1] - t[None, :, 1])
    return d * detour_factor / 1000.0 / speed_kmh * 60.0


def great_circle_minutes(
    from_lon: npt.ArrayLike,
    from_lat: npt.ArrayLike,
    to_lon: npt.ArrayLike,
    to_lat: npt.ArrayLike,
    *,
    detour_factor: float,
    speed_kmh: float,
) -> npt.NDArray[np.float64]:
    """Return straight-line minutes from every origin to every destination, on the sphere.

    The one measure of "a unit to a TPS, without roads" used by ``plan`` and by the national
    run: great-circle (haversine) distance × ``detour_factor`` at ``speed_kmh``. It needs no
    projection, so a regency across a UTM zone boundary or the equator is measured the same
    way as any other. A pair with a missing coordinate is unreachable (``inf``).

    Examples
    --------
    >>> m = great_circle_minutes([124.0], [-9.0], [124.0], [-8.0], detour_factor=1.0,
    ...                          speed_kmh=60.0)
    >>> round(float(m[0, 0]), 1)   # one degree of latitude, ~111 km at 60 km/h
    111.2
    """
    if detour_factor < 1.0 or speed_kmh <= 0:
        msg = f"Faktor memutar harus ≥ 1 dan kecepatan > 0, bukan {detour_factor} dan {speed_kmh}."
        raise ValueError(msg)
    lon1 = np.radians(np.asarray(from_lon, dtype=float))[:, None]
    lat1 = np.radians(np.asarray(from_lat, dtype=float))[:, None]
    lon2 = np.radians(np.asarray(to_lon, dtype=float))[None, :]
    lat2 = np.radians(np.asarray(to_lat, dtype=float))[None, :]
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    minutes = km * detour_factor / speed_kmh * 60.0
    return np.asarray(np.where(np.isnan(minutes), np.inf, minutes), dtype=np.float64)


def direct_walk_times(
    sources_xy: np.ndarray, targets_xy: np.ndarray, *, dem: Raster | None = None
) -> np.ndarray:
    """Return minutes to walk straight from each source to each target at Tobler's speed.

    The slope is the elevation difference between the two ends (read from ``dem``) over the
    distance; flat without a DEM.
    """
    s = np.asarray(sources_xy, dtype=float).reshape(-1, 2)
    t = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    d = np.hypot(s[:, None, 0] - t[None, :, 0], s[:, None, 1] - t[None, :, 1])
    grade = np.zeros_like(d)
    if dem is not None:
        zs = sample(dem, s[:, 0], s[:, 1])
        zt = sample(dem, t[:, 0], t[:, 1])
        dz = zt[None, :] - zs[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            grade = np.where(np.isfinite(dz) & (d > 0), dz / np.maximum(d, 1e-9), 0.0)
    return d / 1000.0 / tobler_speed_kmh(grade) * 60.0


@dataclass
class TravelResult:
    """Travel times between units and TPS.

    Attributes
    ----------
    table
        One row per TPS (same order as the input): ``travel_time_min``, ``travel_method``,
        ``nearest_unit`` (position of the unit), ``travel_time_hq_min``, ``travel_method_hq``,
        ``units_within_30``, ``units_within_60``.
    times
        Minutes from each unit (rows) to each TPS (columns) with the TPS's method; for the
        ``terrain`` method only times up to 60 minutes are kept (``inf`` beyond).
    notes
        Plain-language notes on fallbacks taken (Indonesian).
    """

    table: pd.DataFrame
    times: np.ndarray
    notes: list[str] = field(default_factory=list)

    def method_counts(self) -> dict[str, int]:
        """Return the number of TPS per method."""
        counts = self.table["travel_method"].value_counts()
        return {m: int(counts.get(m, 0)) for m in METHODS}


def travel_times(
    units_xy: np.ndarray,
    tps_xy: np.ndarray,
    *,
    hq: int | None = None,
    roads: RoadGraph | None = None,
    dem: Raster | None = None,
    detour_factor: float = 1.4,
    speed_kmh: float = 30.0,
) -> TravelResult:
    """Return travel times from units to TPS, each TPS by the best method its data allows.

    Fallback order per TPS: ``road`` (the TPS's road piece holds at least one unit; off-road legs
    walked with Tobler's speed, over the DEM slope if any; walking across the DEM, or straight
    without one, is taken when faster) → ``terrain`` (both inside the DEM:
    cost-distance with Tobler's pace) → ``straight`` (distance × ``detour_factor`` at
    ``speed_kmh``). Coordinates are in one metric CRS; NaN coordinates give NaN results.

    Parameters
    ----------
    units_xy, tps_xy
        Coordinates ``(n, 2)`` of units and TPS.
    hq
        Position of the Polres HQ among the units (None if there is none).
    roads
        Road graph or None.
    dem
        Elevation raster or None.
    detour_factor, speed_kmh
        Parameters of the straight-line fallback.

    Returns
    -------
    TravelResult
    """
    units_xy = np.asarray(units_xy, dtype=float).reshape(-1, 2)
    tps_xy = np.asarray(tps_xy, dtype=float).reshape(-1, 2)
    ns, nt = units_xy.shape[0], tps_xy.shape[0]
    notes: list[str] = []
    u_ok = np.isfinite(units_xy).all(axis=1)
    t_ok = np.isfinite(tps_xy).all(axis=1)
    if ns and not u_ok.all():
        notes.append(f"{int((~u_ok).sum())} satuan tanpa koordinat tidak dihitung.")
    if nt and not t_ok.all():
        notes.append(f"{int((~t_ok).sum())} TPS tanpa koordinat: waktu tempuh kosong (bukan nol).")
    ui = np.flatnonzero(u_ok)
    times = np.full((ns, nt), np.inf)
    method = np.full(nt, None, dtype=object)
    hq_min = np.full(nt, np.nan)
    hq_method = np.full(nt, None, dtype=object)
    hq_pos_all = -1 if hq is None else int(hq)
    hq_ok = 0 <= hq_pos_all < ns and bool(u_ok[hq_pos_all])
    todo = t_ok.copy()
    if ui.size == 0:
        todo[:] = False
    # --- 1. roads
    if roads is not None and roads.n_edges > 0 and todo.any():
        tj = np.flatnonzero(todo)
        sa = attach_points(roads, units_xy[ui, 0], units_xy[ui, 1], dem=dem)
        ta = attach_points(roads, tps_xy[tj, 0], tps_xy[tj, 1], dem=dem)
        r = road_travel_times(roads, sa, ta)
        reach = np.isfinite(r).any(axis=0)
        # walking across may beat going out to the road and back: over the DEM (cost-distance,
        # up to 60 minutes), or straight at Tobler's flat speed without one
        if dem is not None:
            walk = terrain_travel_times(
                dem, units_xy[ui], tps_xy[tj[reach]], limit_minutes=60.0, multi_source=False
            ).within
        else:
            walk = direct_walk_times(units_xy[ui], tps_xy[tj[reach]])
        r[:, reach] = np.minimum(r[:, reach], walk)
        cols = tj[reach]
        times[np.ix_(ui, cols)] = r[:, reach]
        method[cols] = "road"
        if hq_ok:
            pos = int(np.flatnonzero(ui == hq_pos_all)[0])
            hq_min[cols] = r[pos, reach]
            hq_method[cols] = "road"
        todo[cols] = False
        if (~reach).any():
            notes.append(
                f"{int((~reach).sum())} TPS berada di potongan jalan yang tidak tersambung "
                "ke satuan mana pun: "
                "memakai cara cadangan."
            )
    elif roads is None and todo.any():
        notes.append(
            "Tidak ada jaringan jalan di workspace: waktu tempuh tidak dihitung lewat jalan."
        )
    # --- 2. terrain
    if dem is not None and todo.any():
        tj = np.flatnonzero(todo)
        hq_pos = int(np.flatnonzero(ui == hq_pos_all)[0]) if hq_ok else None
        tt = terrain_travel_times(
            dem,
            units_xy[ui],
            tps_xy[tj],
            limit_minutes=60.0,
            full_sources=() if hq_pos is None else (hq_pos,),
        )
        ok = np.isfinite(tt.nearest)
        cols = tj[ok]
        times[np.ix_(ui, cols)] = tt.within[:, ok]
        # the nearest time comes from the multi-source run, also beyond the 60-minute bound
        known = tt.nearest_source[ok] >= 0
        nearest_src = ui[tt.nearest_source[ok][known]]
        times[nearest_src, cols[known]] = np.minimum(
            times[nearest_src, cols[known]], tt.nearest[ok][known]
        )
        method[cols] = "terrain"
        if hq_pos is not None:
            full = tt.full[hq_pos][ok]
            hq_min[cols] = full
            hq_method[cols[np.isfinite(full)]] = "terrain"
        todo[cols] = False
        if (~ok).any():
            notes.append(f"{int((~ok).sum())} TPS di luar cakupan DEM: memakai garis lurus.")
    elif dem is None and todo.any():
        notes.append("Tidak ada DEM di workspace: medan tidak dihitung.")
    # --- 3. straight line
    if todo.any():
        tj = np.flatnonzero(todo)
        d = straight_travel_times(
            units_xy[ui], tps_xy[tj], detour_factor=detour_factor, speed_kmh=speed_kmh
        )
        times[np.ix_(ui, tj)] = d
        method[tj] = "straight"
        notes.append(
            f"CADANGAN: {tj.size} TPS memakai jarak garis lurus × {detour_factor:g} pada "
            f"{speed_kmh:g} km/jam (tidak ada jalan/DEM yang bisa dipakai untuk TPS ini)."
        )
    # HQ fallback: straight line where the HQ was not reached by the TPS's own method
    if hq_ok:
        need = t_ok & ~np.isfinite(hq_min)
        if need.any():
            d = straight_travel_times(
                units_xy[[hq_pos_all]],
                tps_xy[need],
                detour_factor=detour_factor,
                speed_kmh=speed_kmh,
            )[0]
            hq_min[need] = d
            hq_method[need] = "straight"
    elif ns:
        notes.append("Tidak ada satuan berjenis polres: waktu tempuh ke Mapolres kosong.")
    finite = np.isfinite(times)
    nearest = np.where(finite.any(axis=0), np.where(finite, times, np.inf).min(axis=0), np.nan)
    nearest_unit = np.where(
        finite.any(axis=0), np.argmin(np.where(finite, times, np.inf), axis=0), -1
    )
    table = pd.DataFrame(
        {
            "travel_time_min": nearest,
            "travel_method": pd.array(method, dtype="string"),
            "nearest_unit": nearest_unit.astype(np.int64),
            "travel_time_hq_min": hq_min,
            "travel_method_hq": pd.array(hq_method, dtype="string"),
            "units_within_30": (times <= 30.0).sum(axis=0).astype(np.int64),
            "units_within_60": (times <= 60.0).sum(axis=0).astype(np.int64),
        }
    )
    table.loc[~t_ok, ["units_within_30", "units_within_60"]] = 0
    return TravelResult(table, times, notes)
