"""Web services: register."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from petarawan.domain import monitor
from petarawan.errors import InputDataError, Issue, PermissionDeniedError
from petarawan.store.models import Engagement, Region, Stakeholder
from petarawan.web.deps import UserCtx
from petarawan.web.services.common import audit, row_dict, serialised


def list_stakeholders(session: Session, user: UserCtx) -> list[Stakeholder]:
    """Return the stakeholders the user may see."""
    rows = session.scalars(select(Stakeholder).order_by(Stakeholder.code)).all()
    return [r for r in rows if user.area is None or user.can_see(r.region_code)]


@serialised
def create_stakeholder(session: Session, user: UserCtx, data: Mapping[str, Any]) -> Stakeholder:
    """Add a stakeholder to the register."""
    if session.get(Stakeholder, data["code"]) is not None:
        msg = f"Pemangku kepentingan '{data['code']}' sudah ada."
        raise InputDataError(msg, [Issue("request", None, "code", msg)])
    region = data.get("region_code")
    if region is not None and session.get(Region, region) is None:
        msg = f"Wilayah '{region}' tidak ada di workspace."
        raise InputDataError(msg, [Issue("request", None, "region_code", msg)])
    if not user.can_see(region):
        msg = f"Wilayah {region} di luar wilayah Anda."
        raise PermissionDeniedError(msg)
    row = Stakeholder(**dict(data))
    session.add(row)
    session.flush()
    audit(session, user.name, "create", "stakeholder", row.code, None, row_dict(row))
    session.commit()
    return row


def list_engagements(
    session: Session, user: UserCtx, *, overdue_at: datetime | None = None
) -> list[dict[str, Any]]:
    """Return engagements the user may see; with ``overdue_at`` only overdue follow-ups."""
    visible = {s.code for s in list_stakeholders(session, user)}
    rows = [
        row_dict(r)
        for r in session.scalars(select(Engagement).order_by(Engagement.date.desc())).all()
        if r.stakeholder_code in visible
    ]
    if overdue_at is None:
        return rows
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    late = monitor.overdue_followups(frame, overdue_at)
    out: list[dict[str, Any]] = [
        {str(k): v for k, v in rec.items()}
        for rec in late.astype(object).where(late.notna(), None).to_dict("records")
    ]
    for rec in out:
        rec["days_overdue"] = int(rec["days_overdue"])
    return out


@serialised
def create_engagement(session: Session, user: UserCtx, data: Mapping[str, Any]) -> Engagement:
    """Record a meeting with a stakeholder."""
    sh = session.get(Stakeholder, data["stakeholder_code"])
    if sh is None or (not user.can_see(sh.region_code) and user.area is not None):
        msg = f"Pemangku kepentingan '{data['stakeholder_code']}' tidak ditemukan."
        raise InputDataError(msg, [Issue("request", None, "stakeholder_code", msg)])
    values = dict(data)
    for key in ("date", "follow_up_due"):
        v = values.get(key)
        if isinstance(v, datetime) and v.tzinfo is not None:
            values[key] = (v - v.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    row = Engagement(ref=f"web-{uuid.uuid4().hex}", **values)
    session.add(row)
    session.flush()
    audit(session, user.name, "create", "engagement", row.id, None, row_dict(row))
    session.commit()
    return row
