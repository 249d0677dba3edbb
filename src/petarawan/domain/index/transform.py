"""Indicator preparation: denominate, impute, treat outliers and normalise, column by column."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from petarawan.domain.index.model import Indicator, TreatmentSpec

__all__ = ["impute", "kurtosis", "normalise", "skewness", "treat", "winsorise_coinr"]


def skewness(x: np.ndarray) -> float:
    """Sample skewness G1 (bias-corrected, as e1071 type 2 and pandas), ignoring NaN."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 3:
        return 0.0
    d = v - v.mean()
    m2 = float(np.mean(d**2))
    if m2 == 0:
        return 0.0
    g1 = float(np.mean(d**3)) / m2**1.5
    return g1 * math.sqrt(n * (n - 1)) / (n - 2)


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis G2 (bias-corrected, as e1071 type 2 and pandas), ignoring NaN."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 4:
        return 0.0
    d = v - v.mean()
    m2 = float(np.mean(d**2))
    if m2 == 0:
        return 0.0
    g2 = float(np.mean(d**4)) / m2**2 - 3.0
    return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


def winsorise_coinr(x: np.ndarray, spec: TreatmentSpec) -> tuple[np.ndarray, str]:
    """Treat one indicator as COINr's ``treat()``: winsorise, else fall back to a log.

    While ``|skew| > spec.skew`` and ``kurtosis > spec.kurtosis`` and fewer than ``winmax``
    points were changed, the most extreme value(s) on the side of the skew are replaced by the
    next value. If the limit is reached and the thresholds are still exceeded, the original
    column is log-transformed instead (``ctlog``: ``ln(x - min + 0.01 (max - min))``).

    Returns
    -------
    tuple
        The treated values and a short description ("none", "winsorised 3", "ctlog").
    """
    col = np.asarray(x, dtype=float).copy()
    n_units = int(np.sum(~np.isnan(col)))
    winmax = math.ceil(n_units * spec.winmax_share)
    sk, kt = skewness(col), kurtosis(col)
    winz = 0
    while abs(sk) > spec.skew and kt > spec.kurtosis and winz < winmax:
        valid = ~np.isnan(col)
        if sk >= 0:
            extreme = np.nanmax(col)
            hit = valid & (col == extreme)
            rest = col[valid & ~hit]
            if rest.size == 0:
                break
            col[hit] = rest.max()
        else:
            extreme = np.nanmin(col)
            hit = valid & (col == extreme)
            rest = col[valid & ~hit]
            if rest.size == 0:
                break
            col[hit] = rest.min()
        winz += 1
        sk, kt = skewness(col), kurtosis(col)
    if winz >= winmax and abs(sk) > spec.skew and kt > spec.kurtosis:
        orig = np.asarray(x, dtype=float)
        lo, hi = np.nanmin(orig), np.nanmax(orig)
        if spec.fallback == "ctlog":
            return np.log(orig - lo + 0.01 * (hi - lo)), "ctlog"
        if spec.fallback == "log" and lo > 0:
            return np.log(orig), "log"
        return orig.copy(), "none"
    return col, (f"winsorised {winz}" if winz else "none")


def treat(x: np.ndarray, ind: Indicator, spec: TreatmentSpec) -> tuple[np.ndarray, str]:
    """Apply the indicator's transform (none, log, COINr-style winsorise)."""
    if ind.transform == "none":
        return x, "none"
    if ind.transform == "log":
        lo = np.nanmin(x) if np.any(~np.isnan(x)) else 0.0
        shift = 0.0 if lo > 0 else 1.0 - lo
        return np.log(x + shift), "log" if shift == 0 else f"log(x + {shift:g})"
    return winsorise_coinr(x, spec)


def impute(
    x: np.ndarray, method: str, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Fill missing values; return the values and a boolean mask of imputed cells.

    ``none-and-flag`` leaves NaN (aggregation then uses the available indicators only);
    ``median`` and ``zero`` fill with the column median or 0; ``group-mean`` fills with the mean
    of the unit's group (e.g. its parent region) and falls back to the column median.
    """
    missing = np.isnan(x)
    if not missing.any() or method == "none-and-flag":
        return x, missing
    out = x.copy()
    if method == "zero":
        out[missing] = 0.0
    elif method == "group-mean" and groups is not None:
        means = pd.Series(x).groupby(pd.Series(groups)).transform("mean").to_numpy()
        out[missing] = means[missing]
        still = np.isnan(out)
        if still.any() and np.any(~np.isnan(x)):
            out[still] = np.nanmedian(x)
    else:
        out[missing] = np.nanmedian(x) if np.any(~missing) else 0.0
    return out, missing


def normalise(x: np.ndarray, ind: Indicator, scale: float, method: str | None = None) -> np.ndarray:
    """Normalise one indicator to ``[0, scale]``, high = more vulnerable.

    ``direction = -1`` flips the indicator first (higher raw value = less vulnerable).
    ``method`` overrides the indicator's normalisation (used by the uncertainty analysis).
    """
    how = method or ind.normalisation
    d = float(ind.direction)
    valid = ~np.isnan(x)
    out = np.full_like(x, np.nan, dtype=float)
    if not valid.any():
        return out
    if how == "none":
        return x.astype(float) if d > 0 else scale - x.astype(float)
    if how == "binary":
        thr = 0.0 if ind.threshold is None else ind.threshold
        flag = x > thr if d > 0 else x <= thr
        out[valid] = np.where(flag[valid], scale, 0.0)
        return out
    if how == "goalposts" and ind.goalposts is not None:
        lo, hi = ind.goalposts
        y = (x - lo) / (hi - lo)
        y = y if d > 0 else 1.0 - y
        return np.clip(y, 0.0, 1.0) * scale
    if how == "distance-to-target" and ind.target is not None:
        v = x * d
        tgt = ind.target * d
        lo = np.nanmin(v)
        span = tgt - lo
        if span == 0:
            out[valid] = 0.0
            return out
        # 0 at the target (or beyond it), scale at the worst observed value
        return np.clip((tgt - v) / span, 0.0, 1.0) * scale
    v = x * d
    if how == "z-score":
        sd = np.nanstd(v, ddof=1) if valid.sum() > 1 else 0.0
        z = (v - np.nanmean(v)) / sd if sd > 0 else np.zeros_like(v)
        # z-scores are mapped to the scale by the standard normal CDF (mean -> scale / 2)
        from scipy.special import ndtr

        return np.where(valid, ndtr(z) * scale, np.nan)
    if how == "rank-percentile":
        r = pd.Series(v).rank(method="average", pct=True).to_numpy()
        return r * scale
    lo, hi = np.nanmin(v), np.nanmax(v)
    if hi == lo:
        out[valid] = 0.0 if lo == 0 else scale / 2
        return out
    return (v - lo) / (hi - lo) * scale
