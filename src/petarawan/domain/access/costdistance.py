"""Walking time over a DEM: cost-distance with ``skimage.graph.MCP_Geometric`` and Tobler's pace."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from skimage.graph import MCP_Geometric

from petarawan.domain.access.tobler import tobler_pace_min_per_m
from petarawan.domain.terrain import Raster, _gradient

__all__ = ["TerrainTimes", "pace_grid", "terrain_travel_times"]


def pace_grid(dem: Raster) -> np.ndarray:
    """Return the walking pace of each cell in minutes per metre (NaN where the DEM is missing).

    The grid is isotropic: each cell uses its steepest slope and the mean of the uphill and
    downhill pace (:func:`~petarawan.domain.access.tobler.tobler_pace_min_per_m`).
    """
    gx, gy = _gradient(dem)
    grad = np.hypot(gx, gy)
    # a cell next to no-data has a NaN gradient but a known elevation: treat it as flat
    grad = np.where(np.isnan(grad) & np.isfinite(dem.values), 0.0, grad)
    return tobler_pace_min_per_m(grad)


@dataclass(frozen=True)
class TerrainTimes:
    """Walking times over the DEM.

    Attributes
    ----------
    nearest
        Minutes from the nearest source to each target (``inf`` if it cannot be reached).
    nearest_source
        Index of that source (-1 when unreachable).
    within
        Minutes from each source to each target, only up to ``limit_minutes`` (``inf`` beyond).
    full
        Minutes from each source in ``full_sources`` to every target (``inf`` if unreachable).
    """

    nearest: np.ndarray
    nearest_source: np.ndarray
    within: np.ndarray
    full: dict[int, np.ndarray]


def terrain_travel_times(
    dem: Raster,
    sources_xy: np.ndarray,
    targets_xy: np.ndarray,
    *,
    limit_minutes: float = 60.0,
    full_sources: tuple[int, ...] = (),
    multi_source: bool = True,
) -> TerrainTimes:
    """Return walking times from sources to targets over a DEM with Tobler's pace.

    One multi-source run of ``MCP_Geometric`` (8-connected; diagonal steps are √2 cells, so the
    time on flat ground is exact along rows, columns and diagonals and at most 8.2 % long in other
    directions) gives the nearest source of every target; runs from each source stopped at
    ``limit_minutes`` give the counts within a time; ``full_sources`` get unbounded runs.
    Points outside the grid or on no-data are ``inf``: the caller must fall back.

    Parameters
    ----------
    dem
        Elevation in a metric CRS (NaN = no data).
    sources_xy, targets_xy
        Coordinates ``(n, 2)`` in the DEM's CRS.
    limit_minutes
        Upper bound of the per-source runs.
    full_sources
        Indices of sources (for example the Polres HQ) whose times are needed in full.
    multi_source
        Whether to run the (whole-grid) nearest-source search; without it ``nearest`` is ``inf``.

    Returns
    -------
    TerrainTimes
    """
    sources_xy = np.asarray(sources_xy, dtype=float).reshape(-1, 2)
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    ns, nt = sources_xy.shape[0], targets_xy.shape[0]
    pace = pace_grid(dem)
    costs = np.where(np.isfinite(pace), pace, np.inf)
    dy, dx = dem.cell_size
    s_in = dem.inside(sources_xy[:, 0], sources_xy[:, 1])
    t_in = dem.inside(targets_xy[:, 0], targets_xy[:, 1])
    sr, sc = dem.rowcol(sources_xy[:, 0], sources_xy[:, 1])
    tr, tc = dem.rowcol(targets_xy[:, 0], targets_xy[:, 1])
    nearest = np.full(nt, np.inf)
    nearest_source = np.full(nt, -1, dtype=np.int64)
    within = np.full((ns, nt), np.inf)
    full: dict[int, np.ndarray] = {}
    if not s_in.any() or not t_in.any():
        return TerrainTimes(
            nearest, nearest_source, within, {i: np.full(nt, np.inf) for i in full_sources}
        )
    starts = [(int(r), int(c)) for r, c, ok in zip(sr, sc, s_in, strict=True) if ok]
    cell_source: dict[tuple[int, int], int] = {}
    for i in np.flatnonzero(s_in):
        cell_source.setdefault((int(sr[i]), int(sc[i])), int(i))
    ti = np.flatnonzero(t_in)
    # the whole-grid object is costly to set up: only built when a whole-grid run is asked for
    mcp = (
        MCP_Geometric(costs, fully_connected=True, sampling=(dy, dx))
        if multi_source or full_sources
        else None
    )
    if mcp is not None and multi_source:
        cum, _ = mcp.find_costs(starts)
        nearest[ti] = cum[tr[ti], tc[ti]]
    for j in ti:
        if mcp is not None and np.isfinite(nearest[j]):
            path = mcp.traceback((int(tr[j]), int(tc[j])))
            start = (int(path[0][0]), int(path[0][1]))
            nearest_source[j] = cell_source.get(start, -1)
    # Tobler's speed never exceeds 6 km/h, so a walk of ``limit_minutes`` stays inside a window of
    # that radius around its source: cropping the grid there gives exact bounded times.
    radius = int(np.ceil(limit_minutes / 60.0 * 6000.0 / min(dy, dx))) + 1
    rows, cols = costs.shape
    for i in np.flatnonzero(s_in):
        vals = np.full(nt, np.inf)
        if mcp is not None and int(i) in full_sources:
            # the whole-grid object is reused (after the tracebacks above)
            cum_i, _ = mcp.find_costs([(int(sr[i]), int(sc[i]))])
            vals[ti] = cum_i[tr[ti], tc[ti]]
            full[int(i)] = vals.copy()
        else:
            r0, r1 = max(int(sr[i]) - radius, 0), min(int(sr[i]) + radius + 1, rows)
            c0, c1 = max(int(sc[i]) - radius, 0), min(int(sc[i]) + radius + 1, cols)
            inwin = ti[(tr[ti] >= r0) & (tr[ti] < r1) & (tc[ti] >= c0) & (tc[ti] < c1)]
            if inwin.size:
                run = MCP_Geometric(costs[r0:r1, c0:c1], fully_connected=True, sampling=(dy, dx))
                cum_i, _ = run.find_costs([(int(sr[i]) - r0, int(sc[i]) - c0)])
                vals[inwin] = cum_i[tr[inwin] - r0, tc[inwin] - c0]
        within[i] = np.where(vals <= limit_minutes, vals, np.inf)
    for k in full_sources:
        full.setdefault(int(k), np.full(nt, np.inf))
    return TerrainTimes(nearest, nearest_source, within, full)
