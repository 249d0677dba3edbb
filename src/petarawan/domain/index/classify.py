"""Classes of scores: fixed bounds per level or data-driven schemes through mapclassify."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from petarawan.domain.index.model import ClassScheme

__all__ = ["ClassInfo", "class_info", "classify_scores", "classify_with_bins", "upper_bins"]

_DEFAULT_COLOURS = ["#1a9850", "#91cf60", "#fee08b", "#fdae61", "#f46d43", "#d73027"]
_SCHEMES = {
    "fisher_jenks": "FisherJenks",
    "quantiles": "Quantiles",
    "equal_interval": "EqualInterval",
}


def _classifier(kind: str, values: np.ndarray, k: int) -> Any:
    """Run a mapclassify classifier (imported lazily: it loads matplotlib)."""
    import mapclassify

    if kind == "fisher_jenks" and values.size > 5000:
        return mapclassify.FisherJenksSampled(values, k=k, pct=0.02)
    return getattr(mapclassify, _SCHEMES[kind])(values, k=k)


@dataclass(frozen=True)
class ClassInfo:
    """Display data of one class: id, labels and colour."""

    id: str
    label_id: str
    label_en: str
    colour: str


def class_info(scheme: ClassScheme, level: str) -> list[ClassInfo]:
    """Return the classes of ``scheme`` at ``level``, lowest first."""
    if scheme.type == "fixed":
        return [ClassInfo(b.id, b.label_id, b.label_en, b.colour) for b in scheme.bands_for(level)]
    k = scheme.k
    ids = scheme.ids or [f"kelas_{i + 1}" for i in range(k)]
    lid = scheme.labels_id or [f"Kelas {i + 1}" for i in range(k)]
    len_ = scheme.labels_en or [f"Class {i + 1}" for i in range(k)]
    step = max(1, len(_DEFAULT_COLOURS) // k)
    col = scheme.colours or [_DEFAULT_COLOURS[min(i * step, 5)] for i in range(k)]
    return [ClassInfo(ids[i], lid[i], len_[i], col[i]) for i in range(k)]


def classify_scores(scores: np.ndarray, scheme: ClassScheme, level: str) -> np.ndarray:
    """Return the class id of every score (object array; ``None`` where the score is NaN).

    Fixed schemes give a score the last class whose ``lower`` bound it reaches; data-driven
    schemes use mapclassify (Fisher-Jenks, quantiles, equal interval) on the non-missing scores.
    """
    y = np.asarray(scores, dtype=float)
    out = np.full(y.shape, None, dtype=object)
    ok = ~np.isnan(y)
    if not ok.any():
        return out
    infos = class_info(scheme, level)
    ids = np.array([c.id for c in infos], dtype=object)
    if scheme.type == "fixed":
        lowers = np.array([b.lower for b in scheme.bands_for(level)], dtype=float)
        idx = np.clip(np.searchsorted(lowers, y[ok], side="right") - 1, 0, len(lowers) - 1)
        out[ok] = ids[idx]
        return out
    vals = y[ok]
    n_unique = np.unique(vals).size
    k = min(scheme.k, n_unique)
    if k < 2:
        out[ok] = ids[0]
        return out
    with warnings.catch_warnings():
        # mapclassify warns that numba is absent (pure Python is fine here) and when ties leave
        # fewer distinct bounds than classes (handled below through ``clf.k``)
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="Not enough unique values", category=UserWarning)
        clf = _classifier(scheme.type, vals, k)
    yb = np.asarray(clf.yb)
    k = int(clf.k)
    if k < 2:
        out[ok] = ids[0]
        return out
    if k < scheme.k:  # spread the fewer classes over the scheme's ids, keeping the top class top
        yb = np.round(yb * (scheme.k - 1) / (k - 1)).astype(int)
    out[ok] = ids[yb]
    return out


def upper_bins(scores: np.ndarray, scheme: ClassScheme, level: str) -> np.ndarray:
    """Return the upper bounds of all classes but the last, as computed on ``scores``.

    For fixed schemes these come from the bands; for data-driven schemes from mapclassify on
    ``scores``. :func:`classify_with_bins` then classifies any other scores with the same bounds.
    """
    if scheme.type == "fixed":
        return np.array([b.lower for b in scheme.bands_for(level)][1:], dtype=float)
    y = np.asarray(scores, dtype=float)
    vals = y[~np.isnan(y)]
    k = min(scheme.k, np.unique(vals).size)
    if k < 2:
        return np.full(scheme.k - 1, np.inf)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="Not enough unique values", category=UserWarning)
        clf = _classifier(scheme.type, vals, k)
    k = int(clf.k)
    bins = np.asarray(clf.bins, dtype=float)[:-1]
    if k < scheme.k:
        bins = np.concatenate([bins, np.full(scheme.k - k, np.inf)])
    return bins


def classify_with_bins(
    scores: np.ndarray, bins: np.ndarray, scheme: ClassScheme, level: str
) -> np.ndarray:
    """Classify ``scores`` (any shape) with bounds from :func:`upper_bins`."""
    y = np.asarray(scores, dtype=float)
    ids = np.array([c.id for c in class_info(scheme, level)], dtype=object)
    flat = np.nan_to_num(y, nan=-np.inf).ravel()
    if scheme.type == "fixed":
        idx = np.searchsorted(bins, flat, side="right")
    else:
        idx = np.searchsorted(bins, flat, side="left")
    out = ids[np.clip(idx, 0, len(ids) - 1)].reshape(y.shape)
    out[np.isnan(y)] = None
    return out
