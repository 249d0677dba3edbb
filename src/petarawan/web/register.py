"""Register and alert actions of the ops-room pages: paged lists, edits, alert workflow, export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from petarawan.errors import InputDataError, Issue, NotFoundError
from petarawan.io.cells import safe_row
from petarawan.store.models import Engagement, Stakeholder
from petarawan.store.models_ops import Alert, AuditEntry
from petarawan.web import services
from petarawan.web.deps import UserCtx, now_utc

__all__ = [
    "ALERT_STEPS",
    "Page",
    "alert_step",
    "export_table",
    "local_day_bounds",
    "page_alerts",
    "page_audit",
    "page_engagements",
    "page_stakeholders",
    "update_engagement",
    "update_stakeholder",
]

PER_PAGE = 50
EXPORT_MAX = 100_000

ALERT_STEPS: dict[str, tuple[str, ...]] = {
    "baru": ("diakui", "ditutup"),
    "diakui": ("ditugaskan", "ditutup"),
    "ditugaskan": ("ditutup",),
    "ditutup": (),
}
"""Workflow of an alert in the ops room: each state and the states it may move to."""
_ACTIONS = {"diakui": "acknowledge", "ditugaskan": "assign", "ditutup": "close"}


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the total matching the filters and where it is."""

    rows: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def page_number(value: int | None) -> int:
    """Return a page number of at least 1."""
    return max(1, int(value or 1))


def local_day_bounds(
    since: date | None, until: date | None, tz: str
) -> tuple[datetime | None, datetime | None]:
    """Turn a day range in the workspace's zone into naive-UTC bounds ``[since, until+1)``."""
    zone = ZoneInfo(tz)

    def utc(d: date) -> datetime:
        local = datetime.combine(d, time(0, 0), tzinfo=zone)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    lo = utc(since) if since else None
    hi = utc(until + timedelta(days=1)) - timedelta(microseconds=1) if until else None
    return lo, hi


def _area_filter(user: UserCtx, col: Any) -> Any | None:
    if user.area is None:
        return None
    conds = [(col == a) | col.like(f"{a}.%") for a in user.area]
    return or_(*conds) if conds else col.is_(None) & col.isnot(None)


def _paged(session: Session, stmt: Select[Any], order: Sequence[Any], page: int) -> Page:
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = list(
        session.scalars(stmt.order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    )
    return Page(rows, total, page, PER_PAGE)


# -- stakeholders -------------------------------------------------------------------------------
def stakeholder_stmt(
    user: UserCtx, *, q: str | None = None, role: str | None = None, area: str | None = None
) -> Select[Any]:
    """Return the filtered stakeholder query (area of the user, role, region, search)."""
    stmt = select(Stakeholder)
    cond = _area_filter(user, Stakeholder.region_code)
    if cond is not None:
        stmt = stmt.where(cond)
    if role:
        stmt = stmt.where(Stakeholder.role == role)
    if area:
        stmt = stmt.where(
            (Stakeholder.region_code == area) | Stakeholder.region_code.like(f"{area}.%")
        )
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            func.lower(Stakeholder.name).contains(needle, autoescape=True)
            | func.lower(func.coalesce(Stakeholder.organisation, "")).contains(
                needle, autoescape=True
            )
        )
    return stmt


def page_stakeholders(session: Session, user: UserCtx, page: int, **filters: Any) -> Page:
    """Return one page of stakeholders, by name."""
    return _paged(
        session, stakeholder_stmt(user, **filters), (Stakeholder.name, Stakeholder.code), page
    )


def update_stakeholder(
    session: Session, user: UserCtx, code: str, data: Mapping[str, Any]
) -> Stakeholder:
    """Change a stakeholder's name, role, organisation, region or phone (audited)."""
    row = session.get(Stakeholder, code)
    if row is None or (user.area is not None and not user.can_see(row.region_code)):
        msg = f"Pemangku kepentingan '{code}' tidak ditemukan."
        raise NotFoundError(msg)
    region = data.get("region_code")
    if region and not user.can_see(region):
        msg = f"Wilayah {region} di luar wilayah Anda."
        raise InputDataError(msg, [Issue("request", None, "region_code", msg)])
    before = services.row_dict(row)
    for k, v in data.items():
        setattr(row, k, v)
    services.audit(
        session, user.name, "update", "stakeholder", code, before, services.row_dict(row)
    )
    session.commit()
    return row


# -- engagements ----------------------------------------------------------------------------------
def engagement_stmt(
    user: UserCtx,
    *,
    q: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    overdue_at: datetime | None = None,
) -> Select[Any]:
    """Return the filtered meeting query (stakeholders in the user's area, dates, search)."""
    stmt = select(Engagement).join(Stakeholder, Stakeholder.code == Engagement.stakeholder_code)
    cond = _area_filter(user, Stakeholder.region_code)
    if cond is not None:
        stmt = stmt.where(cond)
    if since:
        stmt = stmt.where(Engagement.date >= since)
    if until:
        stmt = stmt.where(Engagement.date <= until)
    if overdue_at is not None:
        stmt = stmt.where(
            Engagement.follow_up_due.isnot(None),
            Engagement.follow_up_due < overdue_at,
            Engagement.follow_up_done.is_(None),
        )
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            func.lower(Engagement.topic).contains(needle, autoescape=True)
            | func.lower(Stakeholder.name).contains(needle, autoescape=True)
        )
    return stmt


def page_engagements(session: Session, user: UserCtx, page: int, **filters: Any) -> Page:
    """Return one page of meetings, newest first."""
    order = (
        (Engagement.follow_up_due, Engagement.id)
        if filters.get("overdue_at") is not None
        else (Engagement.date.desc(), Engagement.id.desc())
    )
    return _paged(session, engagement_stmt(user, **filters), order, page)


def count_overdue(session: Session, user: UserCtx, at: datetime | None = None) -> int:
    """Count follow-ups past their due date and not done."""
    stmt = engagement_stmt(user, overdue_at=at or now_utc())
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def get_engagement(session: Session, user: UserCtx, engagement_id: int) -> Engagement:
    """Return a meeting the user may see."""
    row = session.get(Engagement, engagement_id)
    sh = session.get(Stakeholder, row.stakeholder_code) if row is not None else None
    if row is None or sh is None or (user.area is not None and not user.can_see(sh.region_code)):
        msg = f"Pertemuan {engagement_id} tidak ditemukan."
        raise NotFoundError(msg)
    return row


def update_engagement(
    session: Session, user: UserCtx, engagement_id: int, data: Mapping[str, Any]
) -> Engagement:
    """Change a meeting, its follow-up or mark the follow-up done (audited)."""
    row = get_engagement(session, user, engagement_id)
    before = services.row_dict(row)
    for k, v in data.items():
        setattr(row, k, v)
    services.audit(
        session, user.name, "update", "engagement", row.id, before, services.row_dict(row)
    )
    session.commit()
    return row


# -- alerts -----------------------------------------------------------------------------------
def alert_stmt(
    user: UserCtx, *, state: str | None = None, level: str | None = None, q: str | None = None
) -> Select[Any]:
    """Return the filtered alert query."""
    stmt = select(Alert)
    cond = _area_filter(user, Alert.code)
    if cond is not None:
        stmt = stmt.where(cond)
    if state:
        stmt = stmt.where(Alert.state == state)
    if level:
        stmt = stmt.where(Alert.level == level)
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            func.lower(func.coalesce(Alert.name, "")).contains(needle, autoescape=True)
            | (Alert.code == q.strip())
        )
    return stmt


def page_alerts(session: Session, user: UserCtx, page: int, **filters: Any) -> Page:
    """Return one page of alerts, newest first."""
    return _paged(session, alert_stmt(user, **filters), (Alert.id.desc(),), page)


def alert_step(
    session: Session, user: UserCtx, alert_id: int, state: str, assignee: str | None = None
) -> Alert:
    """Move an alert one step (acknowledge, assign to someone, close) and audit it."""
    row = session.get(Alert, alert_id)
    if row is None or not user.can_see(row.code):
        msg = f"Peringatan {alert_id} tidak ditemukan."
        raise NotFoundError(msg)
    current = row.state or "baru"
    if state not in ALERT_STEPS.get(current, ()):
        msg = f"Peringatan berstatus '{current}' tidak dapat diubah menjadi '{state}'."
        raise InputDataError(msg, [Issue("request", None, "state", msg)])
    if state == "ditugaskan" and not (assignee or "").strip():
        msg = "Isi nama petugas yang ditugaskan."
        raise InputDataError(msg, [Issue("request", None, "assigned_to", msg)])
    before = services.row_dict(row, ("id", "state", "assigned_to", "acknowledged"))
    row.state = state
    row.acknowledged = True
    if state == "ditugaskan":
        row.assigned_to = (assignee or "").strip()[:80]
    row.updated_at = now_utc()
    after = services.row_dict(row, ("id", "state", "assigned_to", "acknowledged"))
    services.audit(session, user.name, _ACTIONS[state], "alert", row.id, before, after)
    session.commit()
    return row


# -- audit ----------------------------------------------------------------------------------------
def page_audit(
    session: Session, page: int, *, entity: str | None = None, q: str | None = None
) -> Page:
    """Return one page of the audit log, newest first."""
    stmt = select(AuditEntry)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if q:
        stmt = stmt.where((AuditEntry.user_name == q.strip()) | (AuditEntry.entity_id == q.strip()))
    return _paged(session, stmt, (AuditEntry.id.desc(),), page)


# -- export ---------------------------------------------------------------------------------------
def export_table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, name: str
) -> tuple[bytes, str, str]:
    """Return ``(body, media type, file name)`` of a table as CSV or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name[:31])
        ws.append(list(header))
        for r in rows:
            ws.append(safe_row(list(r)))  # text stays text (no formula injection)
        buf = io.BytesIO()
        wb.save(buf)
        return (
            buf.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    text = io.StringIO()
    w = csv.writer(text)
    w.writerow(header)
    w.writerows(safe_row(list(r)) for r in rows)
    return text.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", f"{name}.csv"
