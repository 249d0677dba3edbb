"""Web services: alerts and dashboard."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from petarawan.store import Workspace
from petarawan.store.models import Incident, Unit
from petarawan.store.models_ops import (
    Alert,
    AuditEntry,
)
from petarawan.store.revision import revisions, workspace_key
from petarawan.web.deps import UserCtx
from petarawan.web.services.common import _plain


def list_alerts(session: Session, user: UserCtx, limit: int = 100) -> list[Alert]:
    """Return the newest alerts inside the user's area."""
    rows = session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit * 5)).all()
    return [r for r in rows if user.can_see(r.code)][:limit]


def _counts(session: Session, col: Any, user: UserCtx) -> dict[str, int]:
    stmt = select(col, func.count()).group_by(col)
    if user.area is not None:
        cond = None
        for a in user.area:
            c = (Incident.desa_code == a) | Incident.desa_code.like(f"{a}.%")
            cond = c if cond is None else cond | c
        if cond is None:
            return {}
        stmt = stmt.where(cond)
    return {str(k): int(v) for k, v in session.execute(stmt).all()}


DASHBOARD_TTL = 1.0
"""Seconds a dashboard answer may be reused after the data changed (an operations screen)."""
DASHBOARD_MAX_AGE = 30.0
"""Seconds an answer is reused while the revisions are unchanged (bounds tables they miss)."""
_DASH: dict[tuple[str, tuple[str, ...] | None], tuple[float, tuple[int, ...], dict[str, Any]]] = {}


def dashboard_data(session: Session, user: UserCtx, ws: Workspace) -> dict[str, Any]:
    """Return the dashboard numbers: counts by phase/type/status, time series, personnel, alerts.

    Answers are reused per area while the workspace revisions (in the database) are unchanged
    (up to ``DASHBOARD_MAX_AGE``), and for at most ``DASHBOARD_TTL`` seconds after they
    changed, so many open screens cost one set of queries per second at most, on every worker.
    """
    stamp = tuple(revisions(session.connection()).values())
    key = (workspace_key(ws), user.area)
    hit = _DASH.get(key)
    now = time.monotonic()
    if hit is not None and (
        now - hit[0] < DASHBOARD_TTL or (hit[1] == stamp and now - hit[0] < DASHBOARD_MAX_AGE)
    ):
        return hit[2]
    data = _dashboard_data(session, user, ws)
    _DASH[key] = (now, stamp, data)
    return data


def _dashboard_data(session: Session, user: UserCtx, ws: Workspace) -> dict[str, Any]:
    by_day = _counts(session, func.date(Incident.occurred_at), user)
    units = list(session.scalars(select(Unit)))
    if user.area is not None:  # an operator sees the units of their own area only
        units = [
            u
            for u in units
            if u.code == user.region
            or (bool(u.covers) and all(user.can_see(str(c)) for c in u.covers or []))
        ]
    personnel = {
        pool: int(sum(getattr(u, pool) or 0 for u in units))
        for pool in ("polri", "brimob", "tni", "linmas")
    }
    latest = session.execute(
        select(func.max(AuditEntry.id)).where(AuditEntry.entity == "assessment")
    ).scalar()
    plan = _plan_summary(ws) if user.area is None else None  # the plan is regency-wide
    return {
        "counts": {
            "phase": _counts(session, Incident.phase, user),
            "type": _counts(session, Incident.type, user),
            "status": _counts(session, Incident.status, user),
        },
        "per_day": dict(sorted(by_day.items())[-60:]),
        "personnel_available": personnel,
        "personnel_planned": plan,
        "alerts": [
            {
                "id": a.id,
                "code": a.code,
                "name": a.name,
                "before": a.class_before,
                "after": a.class_after,
                "at": _plain(a.created_at),
            }
            for a in list_alerts(session, user, limit=10)
        ],
        "last_reassessment_audit": latest,
    }


def _plan_summary(ws: Workspace) -> dict[str, Any] | None:
    """Return the personnel per pool the latest stored plan needs at its peak stage."""
    from petarawan.store.records import read_plan

    rec = read_plan(ws)
    if rec is None:
        return None
    peak = rec.stage(rec.peak.stage)
    return {
        "polri": peak.required.polri,
        "brimob": peak.required.brimob,
        "tni": peak.required.tni,
        "linmas": peak.required.linmas,
        "stage": peak.name,
        "plan_id": rec.id,
    }
