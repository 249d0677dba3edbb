"""Aggregation of normalised indicators up the framework tree, with exact contribution shares."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from petarawan.domain.index.model import Framework

__all__ = ["aggregate_node", "aggregate_tree"]


def _effective_weights(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-row weights over the available (non-NaN) children, summing to 1 (0 rows stay 0)."""
    avail = ~np.isnan(values)
    w = np.where(avail, weights[..., None, :], 0.0)
    total = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, w / total, 0.0)


def aggregate_node(
    values: np.ndarray, weights: np.ndarray, how: str, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """Aggregate children ``values`` (``[draws x] units x children``) into one column.

    ``weights`` has shape ``(children,)`` or ``(draws, children)`` for a batch of weight sets.

    Returns
    -------
    tuple
        The node values (NaN where no child is available) and the children's shares of the node
        value (rows sum to 1 where the value is non-zero): exact for arithmetic means, in log
        space for geometric means, all to the largest child for ``max`` and ``weighted_max``
        (the largest ``weight x value``, weights not rescaled) and proportional to
        ``weight x value`` for the harmonic and complement-geometric means (``scale`` is the
        complement c of ``c - GM(c - x)``).
    """
    a = _effective_weights(values, weights)
    none = ~np.any(~np.isnan(values) & (weights[..., None, :] > 0), axis=-1)
    c = np.nan_to_num(values, nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        prop_num = a * c
        prop_tot = prop_num.sum(axis=-1, keepdims=True)
        prop = np.where(prop_tot > 0, prop_num / prop_tot, 0.0)
        if how == "arithmetic":
            v = prop_num.sum(axis=-1)
            shares = prop
        elif how == "geometric":
            logs = np.where(a > 0, np.log(np.where(c > 0, c, 1.0)), 0.0)
            zero = np.any((a > 0) & (c <= 0), axis=-1)
            lv = (a * logs).sum(axis=-1)
            v = np.where(zero, 0.0, np.exp(lv))
            big = np.abs(lv) > 1e-9
            shares = np.where(big[..., None], a * logs / np.where(big, lv, 1.0)[..., None], a)
            shares = np.where(zero[..., None], 0.0, shares)
        elif how == "harmonic":
            zero = np.any((a > 0) & (c <= 0), axis=-1)
            inv = np.where(a > 0, a / np.where(c > 0, c, 1.0), 0.0).sum(axis=-1)
            v = np.where(zero | (inv == 0), 0.0, 1.0 / np.where(inv > 0, inv, 1.0))
            shares = prop
        elif how == "max":
            masked = np.where((a > 0), c, -np.inf)
            arg = np.argmax(masked, axis=-1)[..., None]
            v = np.take_along_axis(masked, arg, axis=-1)[..., 0]
            shares = np.zeros_like(c)
            np.put_along_axis(shares, arg, 1.0, axis=-1)
            shares = np.where((v > 0)[..., None], shares, 0.0)
        elif how == "weighted_max":
            raw = np.broadcast_to(weights[..., None, :], c.shape)
            masked = np.where(~np.isnan(values) & (raw > 0), raw * c, -np.inf)
            arg = np.argmax(masked, axis=-1)[..., None]
            v = np.take_along_axis(masked, arg, axis=-1)[..., 0]
            shares = np.zeros_like(c)
            np.put_along_axis(shares, arg, 1.0, axis=-1)
            shares = np.where((v > 0)[..., None], shares, 0.0)
        elif how == "complement_geometric":
            comp = np.clip(scale - c, 0.0, None)
            logs = np.where(a > 0, np.log(np.where(comp > 0, comp, 1.0)), 0.0)
            zero = np.any((a > 0) & (comp <= 0), axis=-1)
            v = scale - np.where(zero, 0.0, np.exp((a * logs).sum(axis=-1)))
            shares = prop
        else:  # pragma: no cover - the model restricts the names
            msg = f"unknown aggregation {how!r}"
            raise ValueError(msg)
    v = np.where(none, np.nan, v)
    return v, shares


def aggregate_tree(
    framework: Framework,
    normalised: Mapping[str, np.ndarray],
    *,
    weights: Mapping[str, float | np.ndarray] | None = None,
    with_shares: bool = True,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Aggregate normalised indicator columns up the tree.

    Parameters
    ----------
    framework
        The framework (its tree, aggregations and weights).
    normalised
        Indicator id -> normalised values (NaN = missing); absent ids count as missing.
    weights
        Optional weight overrides by node/indicator id (used by the uncertainty analysis); each
        may be an array of shape ``(draws,)`` to aggregate a batch of weight sets at once, in
        which case node values have shape ``(draws, units)``.
    with_shares
        Also return each child's share of its parent (for contributions).

    Returns
    -------
    tuple
        Node id -> values, and child id -> share of its parent's value.
    """
    n = len(next(iter(normalised.values()))) if normalised else 0
    w_of: dict[str, float | np.ndarray] = {
        **{i.id: i.weight for i in framework.indicators},
        **{x.id: x.weight for x in framework.nodes},
    }
    if weights:
        w_of.update(weights)
    values: dict[str, np.ndarray] = dict(normalised)
    shares: dict[str, np.ndarray] = {}
    scale = float(framework.scale)
    for node_id in framework.node_order():
        node = framework.node(node_id)
        kids = framework.children(node_id)
        cols = [values.get(k, np.full(n, np.nan)) for k in kids]
        ws = [np.asarray(w_of[k], dtype=float) for k in kids]
        batch = max([c.shape[:-1] for c in cols] + [x.shape for x in ws], key=len)
        mat = np.stack([np.broadcast_to(c, (*batch, n)) for c in cols], axis=-1)
        w = np.stack([np.broadcast_to(x, batch) for x in ws], axis=-1)
        v, s = aggregate_node(mat, w, node.aggregation, node.complement or scale)
        values[node_id] = v
        if with_shares:
            for j, k in enumerate(kids):
                shares[k] = s[..., j]
    return {nid: values[nid] for nid in framework.node_order()}, shares
