"""Vote margins from per-TPS tallies (C1 counts per candidate or party), pure.

The margin is the gap between the two strongest candidates as a share of the valid votes:
``100 · (v₁ − v₂) / Σ v``. A small margin means evenly split support — one of Polri's own TPS
criteria for vulnerability. A desa's margin is computed from the desa's summed votes (not the
mean of its TPS margins), so large TPS weigh more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["margin_pct", "margins"]


def margin_pct(votes: np.ndarray) -> np.ndarray:
    """Return the margin (percent of valid votes) of every row of a votes matrix.

    Examples
    --------
    >>> margin_pct(np.array([[60, 40], [10, 10], [0, 0]])).tolist()
    [20.0, 0.0, nan]
    """
    v = np.asarray(votes, dtype=float)
    if v.shape[1] == 1:
        total = v[:, 0]
        return np.where(total > 0, 100.0, np.nan)
    top = -np.sort(-v, axis=1)
    total = v.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 100.0 * (top[:, 0] - top[:, 1]) / total
    return np.where(total > 0, out, np.nan)


def margins(votes: pd.DataFrame, desa_of: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return the margin per TPS and per desa.

    ``votes`` has one row per TPS (indexed by TPS id) and one column per candidate;
    ``desa_of`` maps TPS id → desa code.
    """
    tps = pd.Series(margin_pct(votes.to_numpy()), index=votes.index, name="result_margin_pct")
    by_desa = votes.groupby(desa_of.reindex(votes.index).to_numpy()).sum()
    desa = pd.Series(
        margin_pct(by_desa.to_numpy()), index=by_desa.index.astype(str), name="result_margin_pct"
    )
    return tps, desa
