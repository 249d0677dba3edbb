"""Estimated TPS locations: distinct, well-spread points inside a polygon (Halton sequence)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["halton", "points_in_polygon"]


def halton(n: int, base: int, *, start: int = 1) -> np.ndarray:
    """Return ``n`` terms of the van der Corput sequence in ``base`` from index ``start``.

    Examples
    --------
    >>> halton(4, 2).tolist()
    [0.5, 0.25, 0.75, 0.125]
    """
    idx = np.arange(start, start + n, dtype=np.int64)
    out = np.zeros(n, dtype=float)
    f = 1.0 / base
    i = idx.copy()
    while np.any(i > 0):
        out += f * (i % base)
        i //= base
        f /= base
    return out


def points_in_polygon(polygon: BaseGeometry, n: int) -> np.ndarray:
    """Return ``n`` distinct points inside ``polygon`` as an ``(n, 2)`` array of x, y.

    The points are the first ``n`` terms of the 2-D Halton sequence (bases 2 and 3) over the
    polygon's bounding box that fall inside it, so they are spread evenly, never stacked, and the
    same polygon always gives the same points (point *k* does not move when *n* grows).
    """
    if n <= 0:
        return np.empty((0, 2))
    if polygon is None or polygon.is_empty or polygon.area <= 0:
        msg = "polygon is empty or has no area"
        raise ValueError(msg)
    minx, miny, maxx, maxy = polygon.bounds
    fill = polygon.area / max((maxx - minx) * (maxy - miny), 1e-300)
    shapely.prepare(polygon)
    found: list[np.ndarray] = []
    have, start = 0, 1
    batch = int(min(max(4 * n / max(fill, 1e-3), 64), 200_000))
    while have < n and start < 5_000_000:
        xs = minx + (maxx - minx) * halton(batch, 2, start=start)
        ys = miny + (maxy - miny) * halton(batch, 3, start=start)
        inside = shapely.contains_xy(polygon, xs, ys)
        pts = np.column_stack([xs[inside], ys[inside]])
        found.append(pts)
        have += len(pts)
        start += batch
        batch = min(batch * 4, 1_000_000)
    pts = np.concatenate(found)[:n] if found else np.empty((0, 2))
    if len(pts) < n:  # sliver polygons: fall back to points along the interior
        rep = polygon.representative_point()
        extra = np.array([[rep.x, rep.y]] * (n - len(pts)))
        extra[:, 0] += np.arange(len(extra)) * 1e-6
        pts = np.vstack([pts, extra])
    return pts
