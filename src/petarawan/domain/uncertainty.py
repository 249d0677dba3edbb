"""Monte Carlo uncertainty of index ranks and classes over weights, normalisation and imputation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from petarawan.domain.index.aggregate import aggregate_tree
from petarawan.domain.index.classify import (
    class_info,
    classify_scores,
    classify_with_bins,
    upper_bins,
)
from petarawan.domain.index.compute import IndexInputs, prepare_level
from petarawan.domain.index.hierarchy import Hierarchy
from petarawan.domain.index.model import Framework

__all__ = ["STABILITY_LABELS", "UncertaintyResult", "run_uncertainty"]

STABILITY_LABELS = {
    "id": {"stable": "yakin", "uncertain": "ragu"},
    "en": {"stable": "confident", "uncertain": "doubtful"},
}


@dataclass
class UncertaintyResult:
    """Per unit: nominal score and rank, median rank, 5-95 % rank interval, class probabilities.

    ``table`` has the columns ``score``, ``rank``, ``median_rank``, ``rank_p05``, ``rank_p95``,
    ``p_<class id>`` for every class, ``modal_class``, ``modal_probability`` and ``stability``
    (``stable`` when the modal probability reaches the framework's threshold, else ``uncertain``).
    """

    level: str
    draws: int
    seed: int
    table: pd.DataFrame

    def summary(self, *, lang: str = "id") -> str:
        """One sentence: how many units have a stable class."""
        n = len(self.table)
        k = int((self.table["stability"] == "stable").sum())
        if lang == "id":
            return (
                f"Keyakinan kategori: yakin untuk {k} dari {n} unit, ragu untuk {n - k} "
                f"({self.draws} simulasi)."
            )
        return (
            f"Category confidence: confident for {k} of {n} units, doubtful for {n - k} "
            f"({self.draws} draws)."
        )


def run_uncertainty(
    framework: Framework,
    tables: Mapping[str, pd.DataFrame],
    *,
    hierarchy: Hierarchy | None = None,
    level: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> UncertaintyResult:
    """Run the Monte Carlo uncertainty analysis at one level.

    Each draw picks one normalisation and one imputation method from the framework's
    ``uncertainty`` lists (fixed-meaning normalisations such as goalposts are kept) and multiplies
    every weight by a uniform factor in ``[1 - spread, 1 + spread]``; the tree is re-aggregated,
    ranked and classified. Everything is seeded (``numpy.random.default_rng``).

    Parameters
    ----------
    framework
        An index framework (not a checklist).
    tables, hierarchy
        As for :func:`petarawan.domain.index.compute_index`.
    level
        Level to analyse (default: the framework's first level with units).
    draws, seed
        Override the framework's ``uncertainty.draws`` / ``uncertainty.seed``.

    Returns
    -------
    UncertaintyResult
        Median rank, 5-95 % rank interval and class probabilities per unit.
    """
    if framework.kind != "index":
        msg = "uncertainty analysis needs an index framework, not a checklist"
        raise ValueError(msg)
    spec = framework.uncertainty
    n_draws = draws or spec.draws
    seed_ = spec.seed if seed is None else seed
    inputs = IndexInputs(tables, hierarchy)
    lvl = level or next(
        (lv for lv in framework.levels if len(inputs.units(lv))), next(iter(tables), "")
    )
    combos = [(nm, im) for nm in spec.normalisations for im in spec.imputations]
    prepared = []
    units = pd.Index([])
    for nm, im in combos:
        units, norm, _ = prepare_level(framework, inputs, lvl, normalisation=nm, imputation=im)
        prepared.append(norm)
    n = len(units)
    nominal_units, nominal_norm, _ = prepare_level(framework, inputs, lvl)
    nominal, _ = aggregate_tree(framework, nominal_norm, with_shares=False)
    root = framework.root
    rng = np.random.default_rng(seed_)
    ids = [i.id for i in framework.indicators] + [x.id for x in framework.nodes]
    base_w = np.array(
        [framework.indicator(i).weight for i in ids[: len(framework.indicators)]]
        + [x.weight for x in framework.nodes]
    )
    pick = rng.integers(0, len(combos), size=n_draws)
    factors = rng.uniform(1 - spec.weight_spread, 1 + spec.weight_spread, size=(n_draws, len(ids)))
    scores = np.empty((n_draws, n))
    chunk = max(1, int(4_000_000 // max(1, n * len(ids))))
    for c in range(len(combos)):
        rows = np.flatnonzero(pick == c)
        for start in range(0, len(rows), chunk):
            sel = rows[start : start + chunk]
            w = {k: base_w[j] * factors[sel, j] for j, k in enumerate(ids)}
            nodes, _ = aggregate_tree(framework, prepared[c], weights=w, with_shares=False)
            scores[sel] = nodes[root]
    filled = np.where(np.isnan(scores), -np.inf, scores)
    ranks = rankdata(-filled, axis=1, method="min").astype(float)
    table = pd.DataFrame(index=units)
    table["score"] = nominal[root]
    table["rank"] = rankdata(-np.nan_to_num(nominal[root], nan=-np.inf), method="min")
    table["median_rank"] = np.median(ranks, axis=0)
    table["rank_p05"] = np.percentile(ranks, 5, axis=0)
    table["rank_p95"] = np.percentile(ranks, 95, axis=0)
    scheme = framework.scheme_for(root)
    if scheme is not None:
        infos = class_info(scheme, lvl)
        # data-driven schemes keep the bounds of the nominal result, so classes stay comparable
        bins = upper_bins(nominal[root], scheme, lvl)
        cls = classify_with_bins(scores, bins, scheme, lvl)
        probs = np.column_stack([(cls == info.id).mean(axis=0) for info in infos])
        for j, info in enumerate(infos):
            table[f"p_{info.id}"] = probs[:, j]
        modal = probs.argmax(axis=1)
        table["class"] = classify_scores(nominal[root], scheme, lvl)
        table["modal_class"] = [infos[j].id for j in modal]
        table["modal_probability"] = probs.max(axis=1)
        table["stability"] = np.where(
            table["modal_probability"] >= spec.stable_threshold, "stable", "uncertain"
        )
    _ = nominal_units
    return UncertaintyResult(level=lvl, draws=n_draws, seed=seed_, table=table)
