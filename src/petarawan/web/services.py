"""Operations-room actions behind the routes: users, login, incidents, register, audit."""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petarawan.domain import monitor
from petarawan.errors import InputDataError, Issue, NotFoundError, PermissionDeniedError
from petarawan.store import Workspace
from petarawan.store.models import Engagement, Incident, Region, Stakeholder, Unit
from petarawan.store.models_ops import Alert, AuditEntry, AuthToken, IncidentEvent, User
from petarawan.web.deps import ROLES, UserCtx, now_utc
from petarawan.web.errors import AuthenticationError, LockedOutError
from petarawan.web.security import (
    LoginThrottle,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from petarawan.web.settings import Settings

__all__ = [
    "RegionLookup",
    "add_user",
    "audit",
    "change_status",
    "create_engagement",
    "create_incident",
    "create_stakeholder",
    "dashboard_data",
    "get_incident",
    "list_incidents",
    "login",
    "logout",
]

MAX_DUPLICATES = 20
INCIDENT_FIELDS = (
    "id",
    "ref",
    "occurred_at",
    "election",
    "phase",
    "type",
    "severity",
    "casualties",
    "desa_code",
    "tps_id",
    "lon",
    "lat",
    "source",
    "status",
    "description",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def row_dict(row: Any, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Return a table row as a JSON-ready dict (for the audit log and the API)."""
    names = fields or tuple(c.key for c in row.__table__.columns)
    return {n: _plain(getattr(row, n)) for n in names}


def audit(
    session: Session,
    user: str | None,
    action: str,
    entity: str,
    entity_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """Record a write in the audit log (same transaction as the write itself)."""
    session.add(
        AuditEntry(
            at=now_utc(),
            user_name=user,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
        )
    )


_WRITE_LOCK = threading.Lock()

_F = TypeVar("_F", bound=Callable[..., Any])


def serialised(fn: _F) -> _F:
    """Run a write under one in-process lock when the database is SQLite.

    SQLite admits one writer at a time and makes the others sleep-and-retry; queueing them on
    a lock instead keeps write latency low under many concurrent users.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = next((a for a in args if isinstance(a, Session)), None)
        bind = session.get_bind() if session is not None else None
        if bind is not None and bind.dialect.name == "sqlite":
            with _WRITE_LOCK:
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# -- regions ----------------------------------------------------------------------------------
class RegionLookup:
    """Desa names and polygons, to name places and find the desa of a map click."""

    def __init__(self, desa: gpd.GeoDataFrame) -> None:
        desa = desa[desa.geometry.notna()] if len(desa) else desa
        self.codes = [str(c) for c in desa["code"]] if len(desa) else []
        self.names: dict[str, str] = (
            dict(zip(self.codes, desa["name"].astype(str), strict=True)) if len(desa) else {}
        )
        self.all_names: dict[str, str] = dict(self.names)
        """Names of every region (kecamatan, kabupaten too), for pages."""
        self._geoms = np.asarray(desa.geometry.to_numpy()) if len(desa) else np.array([])
        self._tree = shapely.STRtree(self._geoms) if len(self._geoms) else None

    @classmethod
    def from_workspace(cls, ws: Workspace) -> RegionLookup:
        """Load the desa polygons (and every region's name) of a workspace."""
        lookup = cls(ws.regions("desa"))
        regions = ws.regions()
        if len(regions):
            lookup.all_names = dict(
                zip(regions["code"].astype(str), regions["name"].astype(str), strict=True)
            )
        units = ws.units()
        if len(units):  # an operator's area may be a Polsek: name it too
            lookup.all_names.update(
                zip(units["code"].astype(str), units["name"].astype(str), strict=True)
            )
        return lookup

    def locate(self, lon: float, lat: float) -> str | None:
        """Return the code of the desa containing a point (None outside every desa)."""
        if self._tree is None:
            return None
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.codes[int(hits[0])] if len(hits) else None


# -- users and login --------------------------------------------------------------------------
@serialised
def add_user(
    session: Session, name: str, password: str, role: str, region: str | None, *, by: str | None
) -> User:
    """Create a user (role checked, password hashed) and audit it."""
    if role not in ROLES:
        msg = f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}."
        raise InputDataError(msg, [Issue("request", None, "role", msg)])
    if role == "operator" and not region:
        msg = "Operator harus punya wilayah (--region KODE kecamatan/desa atau kode Polsek)."
        raise InputDataError(msg, [Issue("request", None, "region", msg)])
    if region and session.get(Region, region) is None and session.get(Unit, region) is None:
        msg = f"Wilayah '{region}' tidak ada di workspace (bukan kode wilayah atau satuan)."
        raise InputDataError(msg, [Issue("request", None, "region", msg)])
    if session.scalars(select(User).where(User.name == name)).first() is not None:
        msg = f"Pengguna '{name}' sudah ada."
        raise InputDataError(msg, [Issue("request", None, "name", msg)])
    user = User(
        name=name,
        password_hash=hash_password(password),
        role=role,
        region=region,
        active=True,
        failed_logins=0,
        created_at=now_utc(),
    )
    session.add(user)
    session.flush()
    audit(session, by, "create", "user", user.id, None, _user_public(user))
    session.commit()
    return user


def _user_public(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "region": user.region}


@serialised
def login(
    session: Session,
    settings: Settings,
    throttle: LoginThrottle,
    name: str,
    password: str,
    *,
    client: str,
    kind: str,
) -> tuple[str, str, datetime]:
    """Check a password and open a session or issue an API token.

    Returns the raw token, its CSRF token and its expiry. Refuses throttled clients and
    locked users; the fifth (``max_failures``) wrong password locks the user out.
    """
    if not throttle.allow(client):
        msg = "Terlalu banyak percobaan masuk dari alamat ini; tunggu satu menit."
        raise LockedOutError(msg)
    user = session.scalars(select(User).where(User.name == name)).first()
    now = now_utc()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        verify_password(None, password)
        msg = f"Akun '{name}' terkunci sampai {user.locked_until:%H:%M} UTC karena salah sandi."
        raise LockedOutError(msg)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        if user is not None:
            user.failed_logins = (user.failed_logins or 0) + 1
            if user.failed_logins >= settings.max_failures:
                user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                user.failed_logins = 0
                audit(session, name, "lockout", "user", user.id, None, {"until": _plain(now)})
            session.commit()
        msg = "Nama pengguna atau kata sandi salah."
        raise AuthenticationError(msg)
    user.failed_logins = 0
    user.locked_until = None
    token, digest = new_token(settings.secret_key)
    csrf = uuid.uuid4().hex + uuid.uuid4().hex
    life = (
        timedelta(hours=settings.session_hours)
        if kind == "session"
        else timedelta(days=settings.token_days)
    )
    session.add(
        AuthToken(
            digest=digest,
            kind=kind,
            user_id=user.id,
            csrf=csrf if kind == "session" else None,
            created_at=now,
            expires_at=now + life,
        )
    )
    audit(session, name, "login", "user", user.id, None, {"kind": kind})
    session.commit()
    throttle.reset(client)
    return token, csrf, now + life


@serialised
def logout(session: Session, settings: Settings, token: str) -> None:
    """End a session (its token stops working at once)."""
    row = session.scalars(
        select(AuthToken).where(AuthToken.digest == token_digest(token, settings.secret_key))
    ).first()
    if row is not None:
        session.delete(row)
        session.commit()


# -- incidents --------------------------------------------------------------------------------
def _visible(user: UserCtx, row: Incident) -> bool:
    return user.can_see(row.desa_code)


def incident_public(
    session: Session,
    row: Incident,
    names: Mapping[str, str] | None = None,
    *,
    duplicates: list[int] | None = None,
) -> dict[str, Any]:
    """Return an incident as the API shows it, with next steps and possible duplicates."""
    data = {n: getattr(row, n) for n in INCIDENT_FIELDS}
    data["desa_name"] = (names or {}).get(row.desa_code or "")
    data["next_statuses"] = list(monitor.allowed_next(row.status))
    data["possible_duplicates"] = (
        duplicates if duplicates is not None else duplicates_of(session, row)
    )
    return data


def duplicates_of(session: Session, row: Incident) -> list[int]:
    """Return the ids of other reports that may describe the same event."""
    if row.desa_code is None:
        return []
    if row.status == "ditolak":
        return []
    win = monitor.DUPLICATE_WINDOW
    # the query is the duplicate rule itself (same desa, same type, within the window)
    near = session.scalars(
        select(Incident.id)
        .where(
            Incident.desa_code == row.desa_code,
            Incident.type == row.type,
            Incident.occurred_at >= row.occurred_at - win,
            Incident.occurred_at <= row.occurred_at + win,
            Incident.status != "ditolak",
            Incident.id != row.id,
        )
        .order_by(Incident.id)
        .limit(MAX_DUPLICATES)
    ).all()
    return [int(i) for i in near]


INCIDENT_SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (Incident.occurred_at.desc(), Incident.id.desc()),
    "oldest": (Incident.occurred_at.asc(), Incident.id.asc()),
    "severity": (Incident.severity.desc(), Incident.occurred_at.desc(), Incident.id.desc()),
}
"""Orders of the incident list (the first two follow the ``ix_incidents_occurred_id`` index)."""


def list_incidents(
    session: Session,
    user: UserCtx,
    *,
    phase: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
    names: Mapping[str, str] | None = None,
    q: str | None = None,
    sort: str = "newest",
) -> tuple[list[dict[str, Any]], int]:
    """Return a page of the incidents the user may see and the total count.

    ``q`` searches the description, the reference and desa names; ``sort`` is one of
    :data:`INCIDENT_SORTS` (newest first by default).
    """
    stmt = select(Incident)
    if q:
        needle = q.strip().lower()
        hits = [c for c, n in (names or {}).items() if needle in n.lower()][:500]
        cond = func.lower(Incident.description).contains(needle, autoescape=True) | (
            Incident.ref == q.strip()
        )
        if hits:
            cond = cond | Incident.desa_code.in_(hits)
        stmt = stmt.where(cond)
    if phase:
        stmt = stmt.where(Incident.phase == phase)
    if type_:
        stmt = stmt.where(Incident.type == type_)
    if status:
        stmt = stmt.where(Incident.status == status)
    if area:
        stmt = stmt.where((Incident.desa_code == area) | Incident.desa_code.like(f"{area}.%"))
    if since:
        stmt = stmt.where(Incident.occurred_at >= since)
    if until:
        stmt = stmt.where(Incident.occurred_at <= until)
    if user.area is not None:
        conds = [(Incident.desa_code == a) | Incident.desa_code.like(f"{a}.%") for a in user.area]
        if not conds:
            return [], 0
        cond = conds[0]
        for c in conds[1:]:
            cond = cond | c
        stmt = stmt.where(cond)
    count = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    order = INCIDENT_SORTS.get(sort, INCIDENT_SORTS["newest"])
    rows = session.scalars(stmt.order_by(*order).limit(limit).offset(offset)).all()
    frame = pd.DataFrame(
        [(r.id, r.desa_code, r.type, r.occurred_at, r.status) for r in rows],
        columns=["id", "desa_code", "type", "occurred_at", "status"],
    )
    dups = monitor.find_duplicates(frame)
    return [
        incident_public(session, r, names, duplicates=dups.get(r.id, [])[:MAX_DUPLICATES])
        for r in rows
    ], count


def get_incident(session: Session, user: UserCtx, incident_id: int) -> Incident:
    """Return one incident the user may see; other areas look exactly like missing ones."""
    row = session.get(Incident, incident_id)
    if row is None or not _visible(user, row):
        msg = f"Insiden {incident_id} tidak ditemukan (atau di luar wilayah Anda)."
        raise NotFoundError(msg)
    return row


@serialised
def create_incident(
    session: Session, user: UserCtx, data: Mapping[str, Any], regions: RegionLookup
) -> Incident:
    """Record a report (status *dilaporkan*), its first workflow step and the audit entry."""
    values = dict(data)
    issues: list[Issue] = []
    desa = values.get("desa_code")
    lon, lat = values.get("lon"), values.get("lat")
    if (lon is None) != (lat is None):
        issues.append(
            Issue("request", None, "lon/lat", "isi keduanya (lon dan lat) atau kosongkan")
        )
    if desa is None and lon is not None and lat is not None:
        desa = regions.locate(float(lon), float(lat))
        if desa is None:
            issues.append(
                Issue(
                    "request",
                    None,
                    "lon/lat",
                    f"titik ({lon}, {lat}) tidak berada di desa mana pun",
                )
            )
    if desa is None and not issues:
        issues.append(Issue("request", None, "desa_code", "isi kode desa atau klik lokasi di peta"))
    if desa is not None and session.get(Region, desa) is None:
        issues.append(Issue("request", None, "desa_code", f"desa '{desa}' tidak ada di workspace"))
    tps_id = values.get("tps_id")
    if tps_id and desa and not str(tps_id).startswith(str(desa).replace(".", "")):
        issues.append(Issue("request", None, "tps_id", f"TPS {tps_id} tidak berada di desa {desa}"))
    if issues:
        msg = "Laporan insiden tidak dapat disimpan."
        raise InputDataError(msg, issues)
    if not user.can_see(desa):
        msg = f"Desa {desa} di luar wilayah Anda; operator hanya boleh melapor di wilayahnya."
        raise PermissionDeniedError(msg)
    occurred = values["occurred_at"]
    if isinstance(occurred, datetime) and occurred.tzinfo is not None:
        occurred = (occurred - occurred.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    ref = values.get("ref") or f"web-{uuid.uuid4().hex}"
    if session.scalars(select(Incident.id).where(Incident.ref == ref)).first() is not None:
        msg = f"Referensi laporan '{ref}' sudah dipakai."
        raise InputDataError(msg, [Issue("request", None, "ref", msg)])
    row = Incident(
        ref=ref,
        occurred_at=occurred,
        election=values.get("election"),
        phase=values["phase"],
        type=values["type"],
        severity=int(values["severity"]),
        casualties=int(values.get("casualties") or 0),
        desa_code=desa,
        tps_id=tps_id,
        lon=lon,
        lat=lat,
        source=values.get("source") or f"ruang-operasi:{user.name}",
        status="dilaporkan",
        description=values.get("description"),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        msg = "Laporan insiden bertentangan dengan data yang ada (referensi ganda?)."
        raise InputDataError(msg, [Issue("request", None, None, str(exc.orig))]) from exc
    session.add(
        IncidentEvent(
            incident_id=row.id,
            status_from=None,
            status_to="dilaporkan",
            user_name=user.name,
            at=now_utc(),
            note=None,
        )
    )
    audit(session, user.name, "create", "incident", row.id, None, row_dict(row, INCIDENT_FIELDS))
    session.commit()
    return row


@serialised
def change_status(
    session: Session, user: UserCtx, incident_id: int, new: str, note: str | None
) -> Incident:
    """Move an incident one workflow step (the reporter cannot verify their own report)."""
    row = get_incident(session, user, incident_id)
    monitor.check_transition(row.status, new)
    if new == "diverifikasi":
        reporter = session.scalars(
            select(IncidentEvent.user_name).where(
                IncidentEvent.incident_id == row.id, IncidentEvent.status_to == "dilaporkan"
            )
        ).first()
        if reporter is not None and reporter == user.name:
            msg = "Pelapor tidak boleh memverifikasi laporannya sendiri; minta petugas lain."
            raise PermissionDeniedError(msg)
    before = row_dict(row, INCIDENT_FIELDS)
    old = row.status
    row.status = new
    row.version = (row.version or 1) + 1
    row.updated_at = now_utc()
    session.add(
        IncidentEvent(
            incident_id=row.id,
            status_from=old,
            status_to=new,
            user_name=user.name,
            at=now_utc(),
            note=note,
        )
    )
    audit(session, user.name, "status", "incident", row.id, before, row_dict(row, INCIDENT_FIELDS))
    session.commit()
    return row


def incident_events(session: Session, incident_id: int) -> list[IncidentEvent]:
    """Return the workflow steps of an incident, oldest first."""
    return list(
        session.scalars(
            select(IncidentEvent)
            .where(IncidentEvent.incident_id == incident_id)
            .order_by(IncidentEvent.id)
        )
    )


@serialised
def import_incidents(ws: Workspace, session: Session, user: UserCtx, path: Path) -> int:
    """Bulk-import incidents through the foundation importer (all or nothing) and audit it."""
    from petarawan.store.importer import import_files

    before = ws.status()["incidents"]
    result = import_files(ws, "incidents", [path])
    after = ws.status()["incidents"]
    audit(
        session,
        user.name,
        "import",
        "incident",
        None,
        {"count": before},
        {"count": after, "file": path.name, "result": str(result)[:500]},
    )
    session.commit()
    return int(after - before)


# -- register ---------------------------------------------------------------------------------
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


# -- alerts and dashboard ---------------------------------------------------------------------
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
"""Seconds a dashboard answer is reused for users with the same area (an operations screen)."""
_DASH: dict[tuple[int, tuple[str, ...] | None], tuple[float, dict[str, Any]]] = {}


def dashboard_data(session: Session, user: UserCtx, ws: Workspace) -> dict[str, Any]:
    """Return the dashboard numbers: counts by phase/type/status, time series, personnel, alerts.

    Answers are reused for ``DASHBOARD_TTL`` seconds per area, so many open screens cost one
    set of queries per second.
    """
    key = (id(ws), user.area)
    hit = _DASH.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < DASHBOARD_TTL:
        return hit[1]
    data = _dashboard_data(session, user, ws)
    _DASH[key] = (now, data)
    return data


def _dashboard_data(session: Session, user: UserCtx, ws: Workspace) -> dict[str, Any]:
    by_day = _counts(session, func.date(Incident.occurred_at), user)
    personnel = {
        pool: int(session.scalar(select(func.coalesce(func.sum(getattr(Unit, pool)), 0))) or 0)
        for pool in ("polri", "brimob", "tni", "linmas")
    }
    latest = session.execute(
        select(func.max(AuditEntry.id)).where(AuditEntry.entity == "assessment")
    ).scalar()
    plan = _plan_summary(ws)
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
