"""The daily situation report (*laporan situasi harian*): what happened on one day, gathered.

One :class:`Sitrep` per day in the workspace's zone; :mod:`petarawan.render.sitrep` draws it as
a page, a PDF and a short text for a messaging group.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from petarawan.domain.sitrep import NOTABLE_SEVERITY, Notable, Sitrep
from petarawan.store import Workspace
from petarawan.store.models import Engagement, Incident, Region, Stakeholder
from petarawan.store.models_ops import Alert

__all__ = ["build_sitrep"]


def _bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    lo = datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    return lo, lo + timedelta(days=1)


def build_sitrep(ws: Workspace, day: date, *, area: tuple[str, ...] | None = None) -> Sitrep:
    """Gather the situation report of ``day`` (a day in the workspace's zone).

    Parameters
    ----------
    ws
        The workspace.
    day
        The day reported.
    area
        Region codes to restrict to (an operator's area); ``None`` for the whole regency.
    """
    from petarawan.domain.monitor import in_area

    tz = ws.timezone()
    lo, hi = _bounds(day, tz)
    with Session(ws.engine) as s:
        names = {r.code: r.name for r in s.scalars(select(Region))}
        kab = next((r.name for r in s.scalars(select(Region).where(Region.level == "kabkota"))), "")
        rows = [
            r
            for r in s.scalars(
                select(Incident)
                .where(Incident.occurred_at >= lo, Incident.occurred_at < hi)
                .order_by(Incident.occurred_at)
            )
            if in_area(r.desa_code, area) and r.status != "ditolak"
        ]
        prev_lo = lo - timedelta(days=1)
        previous = [
            r.desa_code
            for r in s.scalars(
                select(Incident).where(
                    Incident.occurred_at >= prev_lo,
                    Incident.occurred_at < lo,
                    Incident.status != "ditolak",
                )
            )
            if in_area(r.desa_code, area)
        ]
        alerts = [
            (a.name or names.get(a.code, a.code), a.class_before, a.class_after)
            for a in s.scalars(select(Alert).where(Alert.created_at >= lo, Alert.created_at < hi))
            if in_area(a.code, area)
        ]
        people = {p.code: p for p in s.scalars(select(Stakeholder))}
        overdue = [
            (people[e.stakeholder_code].name, e.follow_up or e.topic, e.follow_up_due)
            for e in s.scalars(
                select(Engagement)
                .where(
                    Engagement.follow_up_due.isnot(None),
                    Engagement.follow_up_due < hi,
                    Engagement.follow_up_done.is_(None),
                )
                .order_by(Engagement.follow_up_due)
            )
            if e.stakeholder_code in people
            and in_area(people[e.stakeholder_code].region_code, area)
            and e.follow_up_due is not None
        ]
    by_kec: Counter[str] = Counter(names.get((r.desa_code or "")[:8], "–") for r in rows)
    notable = [
        Notable(
            id=r.id,
            occurred_at=r.occurred_at,
            type=r.type,
            phase=r.phase,
            severity=r.severity,
            casualties=r.casualties or 0,
            desa=names.get(r.desa_code or "", r.desa_code or "–"),
            kecamatan=names.get((r.desa_code or "")[:8], "–"),
            status=r.status,
            description=r.description or "",
        )
        for r in rows
        if r.severity >= NOTABLE_SEVERITY or (r.casualties or 0) > 0
    ]
    return Sitrep(
        day=day,
        tz=tz,
        made_at=datetime.now(UTC).replace(tzinfo=None),
        regency=kab,
        incidents=len(rows),
        casualties=sum(r.casualties or 0 for r in rows),
        by_type=dict(Counter(r.type for r in rows).most_common()),
        by_status=dict(Counter(r.status for r in rows).most_common()),
        by_kecamatan=dict(by_kec.most_common()),
        notable=notable,
        alerts=alerts,
        overdue=overdue,
        previous_day=len(previous),
    )
