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
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petarawan.domain import monitor
from petarawan.errors import InputDataError, Issue, NotFoundError, PermissionDeniedError
from petarawan.io.records import POINT_TOLERANCE_DEG
from petarawan.store import Workspace
from petarawan.store.models import Engagement, Incident, Region, Stakeholder, Unit
from petarawan.store.models_ops import (
    Alert,
    AuditEntry,
    AuthToken,
    IncidentEvent,
    LoginAttempt,
    User,
)
from petarawan.store.revision import revisions, workspace_key
from petarawan.web.deps import ROLES, UserCtx, now_utc
from petarawan.web.errors import AuthenticationError, LockedOutError
from petarawan.web.security import (
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
        self._by_code = dict(zip(self.codes, self._geoms, strict=True))
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

    def fits(self, code: str, lon: float, lat: float) -> bool:
        """Whether a point lies in (or within the tolerance of) desa ``code``'s polygon.

        A desa without a polygon in the workspace cannot be checked and is accepted.
        """
        geom = self._by_code.get(code)
        if geom is None:
            return True
        return bool(shapely.distance(geom, shapely.Point(lon, lat)) <= POINT_TOLERANCE_DEG)


class LiveRegions:
    """The workspace's :class:`RegionLookup`, reloaded when the registry revision moves.

    Every server worker holds one; the revision lives in the database, so a region import
    (by the CLI or another worker) is seen by all of them.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._rev: int | None = None
        self._lookup: RegionLookup | None = None
        self._lock = threading.Lock()

    def current(self, session: Session | None = None) -> RegionLookup:
        """Return the lookup for the registry as it is now (read on ``session`` if given)."""
        rev = revisions(session.connection() if session is not None else self.ws.engine)["registry"]
        with self._lock:
            if self._lookup is None or rev != self._rev:
                self._lookup = RegionLookup.from_workspace(self.ws)
                self._rev = rev
            return self._lookup

    @property
    def names(self) -> dict[str, str]:
        """Desa names by code."""
        return self.current().names

    @property
    def all_names(self) -> dict[str, str]:
        """Names of every region and unit by code (for pages)."""
        return self.current().all_names

    def locate(self, lon: float, lat: float) -> str | None:
        """See :meth:`RegionLookup.locate`."""
        return self.current().locate(lon, lat)

    def fits(self, code: str, lon: float, lat: float) -> bool:
        """See :meth:`RegionLookup.fits`."""
        return self.current().fits(code, lon, lat)


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


LOGIN_FAILED = (
    "Gagal masuk: nama pengguna atau kata sandi salah, atau terlalu banyak percobaan gagal "
    "dari alamat ini (coba lagi nanti)."
)
"""The one answer to every refused login (wrong password, unknown user, locked, inactive)."""
ATTEMPTS_KEPT = timedelta(days=1)


@serialised
def login(
    session: Session,
    settings: Settings,
    name: str,
    password: str,
    *,
    client: str,
    kind: str,
) -> tuple[str, str, datetime]:
    """Check a password and open a session or issue an API token.

    Returns the raw token, its CSRF token and its expiry. Attempts are kept in the database
    (``login_attempts``), so the limits hold across server workers:

    - per address, at most ``throttle_per_min`` attempts in any minute (successful ones
      count too: logging in with one's own account does not clear the counter);
    - per account *and* address, ``max_failures`` wrong passwords in a row lock that pair out
      for ``lockout_minutes``; the same account from another address is not affected, so
      nobody can lock the admin out by guessing from elsewhere.

    Every refusal gives the same message, so it does not tell whether the account exists.
    """
    now = now_utc()
    client = client[:64]
    name_key = name[:80]
    recent = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.client == client, LoginAttempt.at > now - timedelta(minutes=1))
    )
    if int(recent or 0) >= settings.throttle_per_min:
        msg = "Terlalu banyak percobaan masuk dari alamat ini; tunggu satu menit."
        raise LockedOutError(msg)
    pair = (LoginAttempt.user_name == name_key, LoginAttempt.client == client)
    locked_until = session.scalar(select(func.max(LoginAttempt.locked_until)).where(*pair))
    locked = locked_until is not None and locked_until > now
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        locked = True  # an administrator's lock on the account itself
    ok = verify_password(None if user is None or locked else user.password_hash, password)
    ok = ok and user is not None and user.active and not locked
    attempt = LoginAttempt(at=now, client=client, user_name=name_key, ok=ok)
    session.add(attempt)
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.at < now - ATTEMPTS_KEPT,
            (LoginAttempt.locked_until.is_(None)) | (LoginAttempt.locked_until < now),
        )
    )
    if not ok or user is None:
        if user is not None and not locked:
            last_ok = session.scalar(
                select(func.max(LoginAttempt.at)).where(*pair, LoginAttempt.ok.is_(True))
            )
            last_lock = session.scalar(
                select(func.max(LoginAttempt.at)).where(
                    *pair, LoginAttempt.locked_until.is_not(None)
                )
            )
            start = max(
                d
                for d in (now - timedelta(minutes=settings.lockout_minutes), last_ok, last_lock)
                if d is not None
            )
            failures = session.scalar(
                select(func.count())
                .select_from(LoginAttempt)
                .where(*pair, LoginAttempt.ok.is_(False), LoginAttempt.at > start)
            )
            # the attempt being recorded is not flushed yet: count it here
            if int(failures or 0) + 1 >= settings.max_failures:
                attempt.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                audit(
                    session,
                    name,
                    "lockout",
                    "user",
                    user.id,
                    None,
                    {"client": client, "from": _plain(now), "until": _plain(attempt.locked_until)},
                )
        session.commit()
        raise AuthenticationError(LOGIN_FAILED)
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
    session: Session,
    user: UserCtx,
    data: Mapping[str, Any],
    regions: RegionLookup | LiveRegions,
) -> Incident:
    """Record a report (status *dilaporkan*), its first workflow step and the audit entry."""
    values = dict(data)
    issues: list[Issue] = []
    if isinstance(regions, LiveRegions):
        regions = regions.current(session)
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
    elif (
        desa is not None
        and lon is not None
        and lat is not None
        and not regions.fits(str(desa), float(lon), float(lat))
    ):
        issues.append(
            Issue(
                "request",
                None,
                "lon/lat",
                f"titik ({lon}, {lat}) berada di luar desa {desa} (lebih dari ±5 km dari "
                "batasnya); periksa koordinat atau kode desa",
            )
        )
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


UPLOAD_LIMITS_ROWS = 20_000
"""Rows an uploaded incident file may have (a regency's whole history is a few thousand)."""
UPLOAD_LIMITS_UNPACKED = 25_000_000
"""Bytes an uploaded XLSX may unpack to."""


def import_incidents(ws: Workspace, session: Session, user: UserCtx, path: Path) -> int:
    """Bulk-import incidents through the foundation importer (all or nothing) and audit it.

    The file is read and validated first, under upload limits (rows, unpacked size) and
    outside the write lock; only the write of a valid batch waits for the lock.
    """
    from petarawan.io.tables import ReadLimits, read_limits
    from petarawan.store.importer import validate_import

    limits = ReadLimits(max_rows=UPLOAD_LIMITS_ROWS, max_unpacked=UPLOAD_LIMITS_UNPACKED)
    with read_limits(limits):
        snap, batch = validate_import(ws, "incidents", [path])
    return _write_incidents(ws, session, user, path.name, snap, batch)


@serialised
def _write_incidents(
    ws: Workspace, session: Session, user: UserCtx, name: str, snap: Any, batch: Any
) -> int:
    from petarawan.store.importer import write_import

    before = ws.status()["incidents"]
    result = write_import(ws, "incidents", snap, batch)
    after = ws.status()["incidents"]
    audit(
        session,
        user.name,
        "import",
        "incident",
        None,
        {"count": before},
        {"count": after, "file": name, "result": str(result)[:500]},
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
