"""Splitting a whole number in proportion to weights (largest-remainder method)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["largest_remainder"]


def largest_remainder(
    total: int, weights: npt.ArrayLike, minimum: int = 0
) -> npt.NDArray[np.int64]:
    """Split ``total`` into whole shares proportional to ``weights`` (Hamilton's method).

    Every share first gets ``minimum``; what is left is shared in proportion to the weights,
    rounded down, and the units still missing go one each to the largest remainders (ties: the
    earlier entry). Equal shares when every weight is zero.

    Parameters
    ----------
    total
        The whole number to split. When it is below ``minimum × len(weights)`` every share is
        ``minimum`` (the minimum wins over the total).
    weights
        Non-negative weights, one per share.
    minimum
        Smallest share.

    Returns
    -------
    numpy.ndarray
        Integer shares; they sum to ``max(total, minimum × len(weights))``.

    Examples
    --------
    >>> largest_remainder(10, [1, 1, 1]).tolist()
    [4, 3, 3]
    >>> largest_remainder(10, [5, 3, 0], minimum=1).tolist()
    [5, 4, 1]
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or (w < 0).any() or not np.isfinite(w).all():
        msg = "Bobot pembagian harus satu deret bilangan hingga yang tidak negatif."
        raise ValueError(msg)
    n = len(w)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    share = w / w.sum() if w.sum() > 0 else np.full(n, 1.0 / n)
    rest = max(0, int(total) - minimum * n)
    raw = share * rest
    base = np.floor(raw).astype(np.int64)
    left = rest - int(base.sum())
    if left > 0:
        base[np.argsort(-(raw - base), kind="stable")[:left]] += 1
    return base + minimum
