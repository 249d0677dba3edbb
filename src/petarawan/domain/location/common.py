"""Shared parts of the location models: the result type, input checks and assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petarawan.errors import InputDataError, Issue

if TYPE_CHECKING:
    from petarawan.solve import Solver

__all__ = ["BoolArray", "FloatArray", "IntArray", "LocationResult"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class LocationResult:
    """The answer of a location model.

    Attributes
    ----------
    objective
        Model objective: total weighted cost (p-median), covered weight (MCLP), number of
        facilities (LSCP) or the largest assignment cost (p-center).
    facilities
        Column indices of the open facilities, sorted.
    assignment
        For every row, the column index of the facility serving it (nearest open facility;
        ``-1`` for rows left uncovered by MCLP).
    status
        ``"optimal"`` (proven) or ``"time_limit"`` (best found, see ``gap``).
    gap
        Relative gap between ``objective`` and the proven bound (0 when optimal).
    seconds
        Wall time of the whole solve.
    bound
        The proven bound on the objective.
    details
        Model-specific extra figures (iterations, variables, uncovered rows …).
    """

    objective: float
    facilities: IntArray
    assignment: IntArray
    status: str
    gap: float
    seconds: float
    bound: float
    details: dict[str, float] = field(default_factory=dict)


def default_solver(time_limit: float | None, options: dict[str, object] | None = None) -> Solver:
    from petarawan.solve import highs_solver

    return highs_solver(time_limit=time_limit, mip_rel_gap=1e-9, options=options)


def check_costs(costs: npt.ArrayLike, name: str = "costs") -> FloatArray:
    arr = np.asarray(costs, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        msg = (
            f"{name}: diharapkan matriks 2 dimensi tidak kosong (baris × lokasi), "
            f"didapat bentuk {arr.shape}."
        )
        raise InputDataError(msg)
    bad = ~np.isfinite(arr)
    if bad.any():
        rows, cols = np.nonzero(bad)
        issues = [
            Issue(name, int(r), str(c), "biaya bukan angka hingga (NaN/inf)")
            for r, c in zip(rows[:20], cols[:20], strict=True)
        ]
        msg = (
            f"{name}: {int(bad.sum())} sel biaya NaN/inf dari {arr.size}; "
            "setiap pasangan baris–lokasi harus punya biaya."
        )
        raise InputDataError(msg, issues)
    if (arr < 0).any():
        neg = int((arr < 0).sum())
        msg = f"{name}: {neg} biaya negatif (minimum {arr.min():g}); biaya harus ≥ 0."
        raise InputDataError(msg)
    return arr


def check_weights(weights: npt.ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64).ravel()
    if w.shape[0] != n:
        msg = f"weights: panjang {w.shape[0]}, diharapkan {n} (satu bobot per baris biaya)."
        raise InputDataError(msg)
    if not np.all(np.isfinite(w)) or (w < 0).any():
        msg = (
            f"weights: {int((~np.isfinite(w) | (w < 0)).sum())} bobot NaN/negatif; bobot harus ≥ 0."
        )
        raise InputDataError(msg)
    return w


def check_p(p: int, n_sites: int) -> int:
    if int(p) != p or p < 1:
        msg = f"p = {p}: jumlah fasilitas harus bilangan bulat ≥ 1."
        raise InputDataError(msg)
    if p > n_sites:
        msg = f"p = {p} lebih besar dari jumlah lokasi kandidat ({n_sites})."
        raise InputDataError(msg)
    return int(p)


def assign(costs: FloatArray, facilities: IntArray) -> tuple[IntArray, FloatArray]:
    sub = costs[:, facilities]
    pos = np.argmin(sub, axis=1)
    return facilities[pos].astype(np.int64), sub[np.arange(costs.shape[0]), pos]
