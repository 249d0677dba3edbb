"""Web services: incidents."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petarawan.domain import monitor
from petarawan.errors import InputDataError, Issue, NotFoundError, PermissionDeniedError
from petarawan.store import Workspace
from petarawan.store.models import Incident, Region
from petarawan.store.models_ops import (
    IncidentEvent,
)
from petarawan.web.deps import UserCtx, now_utc
from petarawan.web.services.common import (
    INCIDENT_FIELDS,
    MAX_DUPLICATES,
    audit,
    row_dict,
    serialised,
)
from petarawan.web.services.regions import LiveRegions, RegionLookup


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
