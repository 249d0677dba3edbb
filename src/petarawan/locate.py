"""Public facility-location API: models on cost matrices and a GeoDataFrame front."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from petarawan.domain.access.crs import utm_crs_for
from petarawan.domain.location import LocationResult, lscp, mclp, p_center, p_median
from petarawan.errors import InputDataError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "MODELS",
    "ORLIB_PMEDIAN_OPTIMA",
    "LocationResult",
    "cost_matrix",
    "from_geodataframe",
    "lscp",
    "mclp",
    "p_center",
    "p_median",
    "read_orlib_pmedian",
]

#: Optimal objectives of OR-Library pmed1 … pmed40 (Beasley 1990, file ``pmedopt``).
# fmt: off
ORLIB_PMEDIAN_OPTIMA: tuple[int, ...] = (
    5819, 4093, 4250, 3034, 1355, 7824, 5631, 4445, 2734, 1255,
    7696, 6634, 4374, 2968, 1729, 8162, 6999, 4809, 2845, 1789,
    9138, 8579, 4619, 2961, 1828, 9917, 8307, 4498, 3033, 1989,
    10086, 9297, 4700, 3013, 10400, 9934, 5057, 11060, 9423, 5128,
)
# fmt: on

MODELS = {"p_median": p_median, "mclp": mclp, "lscp": lscp, "p_center": p_center}


def cost_matrix(
    demand: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, *, detour: float = 1.0
) -> npt.NDArray[np.float64]:
    """Straight-line distances in metres (times ``detour``) between demand and site points.

    Parameters
    ----------
    demand, sites
        Point GeoDataFrames (polygons are reduced to their centroids in the metric CRS).
    detour
        Factor applied to the straight-line distance (e.g. 1.3 for roads).

    Returns
    -------
    numpy.ndarray
        Matrix ``len(demand) × len(sites)`` in metres.
    """
    crs = utm_crs_for(demand)
    a = demand.to_crs(crs).geometry.centroid
    b = sites.to_crs(crs).geometry.centroid
    ax, ay = a.x.to_numpy(), a.y.to_numpy()
    bx, by = b.x.to_numpy(), b.y.to_numpy()
    return np.hypot(ax[:, None] - bx[None, :], ay[:, None] - by[None, :]) * float(detour)


def from_geodataframe(
    model: str,
    demand: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    *,
    weights_col: str | None = None,
    detour: float = 1.0,
    **kwargs: Any,
) -> LocationResult:
    """Run a location model on point layers (straight-line metres), like spopt's front.

    Parameters
    ----------
    model
        One of ``p_median``, ``mclp``, ``lscp``, ``p_center``.
    demand, sites
        Demand points and candidate sites.
    weights_col
        Column of ``demand`` with weights (p-median and MCLP).
    detour
        Factor applied to straight-line distances.
    **kwargs
        Passed to the model (``p``, ``radius``, ``time_limit`` …).

    Returns
    -------
    LocationResult
        Indices refer to the rows of ``sites`` and ``demand`` by position.

    Raises
    ------
    InputDataError
        Unknown model name or weight column.
    """
    if model not in MODELS:
        msg = f"Model lokasi '{model}' tidak dikenal; pilihan: {', '.join(MODELS)}."
        raise InputDataError(msg)
    costs = cost_matrix(demand, sites, detour=detour)
    if weights_col is not None:
        if weights_col not in demand.columns:
            cols = ", ".join(map(str, demand.columns))
            msg = f"Kolom bobot '{weights_col}' tidak ada; kolom tersedia: {cols}."
            raise InputDataError(msg)
        kwargs["weights"] = demand[weights_col].to_numpy(dtype=float)
    func: Any = MODELS[model]
    result: LocationResult = func(costs, **kwargs)
    return result


def read_orlib_pmedian(path: str | Path) -> tuple[npt.NDArray[np.float64], int]:
    """Read an OR-Library p-median instance and return its all-pairs cost matrix and ``p``.

    Duplicate edges: the last one in the file wins (Beasley's note in ``pmedinfo.txt``); the
    matrix is completed with Floyd–Warshall.

    Parameters
    ----------
    path
        A ``pmedN.txt`` file.

    Returns
    -------
    tuple
        ``(costs, p)``.
    """
    from scipy.sparse.csgraph import floyd_warshall

    tokens = Path(path).read_text().split()
    n, m, p = int(tokens[0]), int(tokens[1]), int(tokens[2])
    edges = np.array(tokens[3 : 3 + 3 * m], dtype=np.float64).reshape(m, 3)
    graph = np.full((n, n), np.inf)
    for i, j, c in edges:  # in file order: the last duplicate wins
        graph[int(i) - 1, int(j) - 1] = c
        graph[int(j) - 1, int(i) - 1] = c
    np.fill_diagonal(graph, 0.0)
    return np.asarray(floyd_warshall(graph, directed=False)), p
