"""Monitoring rules: incident workflow, possible duplicates, overdue follow-ups, areas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

import pandas as pd

from petarawan.errors import InputDataError, Issue

__all__ = [
    "DUPLICATE_WINDOW",
    "TRANSITIONS",
    "allowed_next",
    "check_transition",
    "find_duplicates",
    "in_area",
    "overdue_followups",
]

TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "dilaporkan": ("diverifikasi", "ditolak"),
    "diverifikasi": ("ditangani", "ditolak"),
    "ditangani": ("selesai",),
    "selesai": (),
    "ditolak": (),
}
"""Workflow of an incident: each status and the statuses it may move to."""

DUPLICATE_WINDOW = timedelta(hours=6)
"""Reports of one type in one desa closer in time than this are possible duplicates."""

ACTIVE_STATUSES = ("dilaporkan", "diverifikasi", "ditangani", "selesai")


def allowed_next(status: str) -> tuple[str, ...]:
    """Return the statuses an incident in ``status`` may move to.

    Examples
    --------
    >>> allowed_next("dilaporkan")
    ('diverifikasi', 'ditolak')
    """
    return TRANSITIONS.get(status, ())


def check_transition(current: str, new: str) -> None:
    """Raise ``InputDataError`` unless ``current → new`` is a step of the workflow.

    Raises
    ------
    InputDataError
        When the step is not allowed; the message lists the allowed next statuses.
    """
    nxt = allowed_next(current)
    if new not in nxt:
        allowed = ", ".join(nxt) if nxt else "tidak ada (status akhir)"
        msg = (
            f"Status insiden tidak bisa diubah dari '{current}' ke '{new}'; "
            f"langkah yang diizinkan: {allowed}."
        )
        raise InputDataError(msg, [Issue("request", None, "status", msg)])


def find_duplicates(
    incidents: pd.DataFrame, *, window: timedelta = DUPLICATE_WINDOW
) -> dict[int, list[int]]:
    """Flag possible duplicates: same desa, same type, occurred within ``window`` of each other.

    Parameters
    ----------
    incidents
        Columns ``id``, ``desa_code``, ``type``, ``occurred_at`` and ``status``; rejected
        (*ditolak*) reports and reports without a desa are ignored.
    window
        Largest time gap between two reports of one event.

    Returns
    -------
    dict
        Incident id → ids of the other reports it may duplicate (only ids with at least one).

    Examples
    --------
    >>> frame = pd.DataFrame({"id": [1, 2, 3], "desa_code": ["a", "a", "a"],
    ...     "type": ["sara"] * 3, "status": ["dilaporkan"] * 3,
    ...     "occurred_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 09:00",
    ...                                    "2024-11-28 09:00"])})
    >>> find_duplicates(frame)
    {1: [2], 2: [1]}
    """
    out: dict[int, list[int]] = {}
    if incidents.empty:
        return out
    frame = incidents[
        incidents["desa_code"].notna() & (incidents["status"].astype(str) != "ditolak")
    ].copy()
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"])
    for _, group in frame.groupby(["desa_code", "type"], sort=False):
        if len(group) < 2:
            continue
        g = group.sort_values("occurred_at")
        ids = [int(i) for i in g["id"]]
        times = list(g["occurred_at"])
        for i in range(len(ids)):
            j = i + 1
            while j < len(ids) and times[j] - times[i] <= window:
                out.setdefault(ids[i], []).append(ids[j])
                out.setdefault(ids[j], []).append(ids[i])
                j += 1
    return {k: sorted(v) for k, v in sorted(out.items())}


def overdue_followups(engagements: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Return engagements whose follow-up is due before ``now``, most overdue first.

    The result has an extra column ``days_overdue`` (whole days).
    """
    if engagements.empty or "follow_up_due" not in engagements.columns:
        return engagements.assign(days_overdue=pd.Series(dtype=int))
    due = pd.to_datetime(engagements["follow_up_due"])
    late = engagements[due.notna() & (due < pd.Timestamp(now))].copy()
    late["days_overdue"] = (pd.Timestamp(now) - pd.to_datetime(late["follow_up_due"])).dt.days
    return late.sort_values("days_overdue", ascending=False)


def in_area(code: str | None, area: Iterable[str] | None) -> bool:
    """Whether a region code lies inside an area given as region codes (prefix on dotted codes).

    ``area=None`` means unrestricted. A code is inside ``53.03.01`` when it equals it or
    starts with ``53.03.01.``.

    Examples
    --------
    >>> in_area("53.03.01.2005", ["53.03.01"])
    True
    >>> in_area("53.03.02.2005", ["53.03.01"])
    False
    """
    if area is None:
        return True
    if code is None:
        return False
    return any(code == a or code.startswith(a + ".") for a in area)


def area_desa(desa_codes: Sequence[str], area: Iterable[str] | None) -> list[str]:
    """Return the desa codes that lie inside an area (all of them when ``area`` is None)."""
    if area is None:
        return list(desa_codes)
    a = list(area)
    return [c for c in desa_codes if in_area(c, a)]
