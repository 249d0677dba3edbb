"""Tobler's hiking function: walking speed as a function of the slope travelled."""

from __future__ import annotations

import numpy as np

__all__ = ["FLAT_SPEED_KMH", "tobler_pace_min_per_m", "tobler_speed_kmh"]

#: Tobler's speed on flat ground, ``6·exp(-3.5·0.05)`` ≈ 5.0367 km/h.
FLAT_SPEED_KMH = float(6.0 * np.exp(-3.5 * 0.05))


def tobler_speed_kmh(slope: np.ndarray | float) -> np.ndarray:
    """Return walking speed in km/h for a signed slope ``dz/dx`` (rise over run; downhill < 0).

    ``v = 6 · exp(-3.5 · |s + 0.05|)``: fastest (6 km/h) at 5 % downhill, ≈ 5.04 km/h flat.

    Examples
    --------
    >>> round(float(tobler_speed_kmh(0.0)), 4)
    5.0367
    >>> float(tobler_speed_kmh(-0.05))
    6.0
    """
    s = np.asarray(slope, dtype=float)
    return 6.0 * np.exp(-3.5 * np.abs(s + 0.05))


def tobler_pace_min_per_m(gradient: np.ndarray | float) -> np.ndarray:
    """Return the direction-free walking pace (min/m) on a slope of magnitude ``gradient``.

    Used where the direction of travel is unknown (cost-distance over a grid): the mean of the
    uphill and downhill pace, ``(1/v(g) + 1/v(-g)) / 2``, converted to minutes per metre. On flat
    ground it is exactly ``1 / v(0)``.
    """
    g = np.abs(np.asarray(gradient, dtype=float))
    pace_h_per_km = 0.5 * (1.0 / tobler_speed_kmh(g) + 1.0 / tobler_speed_kmh(-g))
    return pace_h_per_km * 60.0 / 1000.0
