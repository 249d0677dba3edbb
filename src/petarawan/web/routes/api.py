"""The JSON API under ``/api``: auth, incidents, assessments, alerts, register, users, audit."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Path as PathParam
from fastapi import Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select, text

from petarawan.errors import InputDataError, Issue
from petarawan.io.cells import safe_row
from petarawan.store.models_ops import AuditEntry, User
from petarawan.web import live, services
from petarawan.web.deps import (
    Admin,
    Analyst,
    CurrentUser,
    ReleasingRouter,
    SessionDep,
    SettingsDep,
    WorkspaceDep,
    Writer,
    now_utc,
)
from petarawan.web.schemas import (
    AlertPublic,
    AlertsPublic,
    EngagementCreate,
    EngagementPublic,
    EngagementsPublic,
    IncidentCreate,
    IncidentEventPublic,
    IncidentPublic,
    IncidentsPublic,
    IncidentStatusUpdate,
    LoginBody,
    StakeholderCreate,
    StakeholderPublic,
    StakeholdersPublic,
    TokenPublic,
    UserCreate,
    UserPublic,
)

router = ReleasingRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
IncidentId = Annotated[int, PathParam(ge=1, le=2_147_483_647)]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/health", tags=["ops"])
def health(ws: WorkspaceDep) -> dict[str, Any]:
    """Say whether the server and its database answer."""
    with ws.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"status": "ok", "database": ws.engine.dialect.name}


@router.post("/auth/token", tags=["auth"], response_model=TokenPublic)
def token(
    body: LoginBody, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenPublic:
    """Exchange a user name and password for an API bearer token."""
    raw, _csrf, expires = services.login(
        session,
        settings,
        body.username,
        body.password,
        client=_client(request),
        kind="api",
    )
    return TokenPublic(access_token=raw, expires_at=expires)


@router.get("/me", tags=["auth"], response_model=UserPublic)
def me(user: CurrentUser, session: SessionDep) -> UserPublic:
    """Return the user behind the token or session."""
    row = session.get(User, user.id)
    assert row is not None
    return UserPublic.model_validate(row, from_attributes=True)


# -- incidents ----------------------------------------------------------------------------------
@router.get("/incidents", tags=["incidents"], response_model=IncidentsPublic)
def incidents(
    user: CurrentUser,
    session: SessionDep,
    request: Request,
    phase: str | None = None,
    type: str | None = None,
    status: str | None = None,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> IncidentsPublic:
    """List incidents in the user's area, newest first, filtered by phase/type/status/area/time."""
    rows, count = services.list_incidents(
        session,
        user,
        phase=phase,
        type_=type,
        status=status,
        area=area,
        since=_naive(since),
        until=_naive(until),
        limit=limit,
        offset=offset,
        names=request.app.state.regions.names,
    )
    return IncidentsPublic(data=[IncidentPublic(**r) for r in rows], count=count)


def _naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return (value - value.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]


@router.post("/incidents", tags=["incidents"], status_code=201, response_model=IncidentPublic)
def create_incident(
    body: IncidentCreate, user: Writer, session: SessionDep, request: Request
) -> IncidentPublic:
    """Report an incident (status *dilaporkan*); place it by desa code or map point."""
    row = services.create_incident(session, user, body.model_dump(), request.app.state.regions)
    return IncidentPublic(**services.incident_public(session, row, request.app.state.regions.names))


@router.get("/incidents/{incident_id}", tags=["incidents"], response_model=IncidentPublic)
def incident(
    incident_id: IncidentId, user: CurrentUser, session: SessionDep, request: Request
) -> IncidentPublic:
    """Return one incident (404 outside the user's area)."""
    row = services.get_incident(session, user, incident_id)
    return IncidentPublic(**services.incident_public(session, row, request.app.state.regions.names))


@router.get(
    "/incidents/{incident_id}/events",
    tags=["incidents"],
    response_model=list[IncidentEventPublic],
)
def incident_events(
    incident_id: IncidentId, user: CurrentUser, session: SessionDep
) -> list[IncidentEventPublic]:
    """Return the workflow steps of an incident: who, when, from which status to which."""
    services.get_incident(session, user, incident_id)
    return [
        IncidentEventPublic.model_validate(e, from_attributes=True)
        for e in services.incident_events(session, incident_id)
    ]


@router.post("/incidents/{incident_id}/status", tags=["incidents"], response_model=IncidentPublic)
def incident_status(
    incident_id: IncidentId,
    body: IncidentStatusUpdate,
    user: Writer,
    session: SessionDep,
    ws: WorkspaceDep,
    settings: SettingsDep,
    request: Request,
) -> IncidentPublic:
    """Move an incident one workflow step; verifying it re-assesses the regency."""
    row = services.change_status(session, user, incident_id, body.status, body.note)
    out = services.incident_public(session, row, request.app.state.regions.names)
    if body.status == "diverifikasi" and settings.reassess:
        out["reassessment"] = live.reassess_after_change(ws, settings, user.name)
    return IncidentPublic(**out)


@router.post("/incidents/import", tags=["incidents"])
def import_incidents(
    file: UploadFile, user: Analyst, session: SessionDep, ws: WorkspaceDep
) -> dict[str, Any]:
    """Bulk-import a CSV/XLSX of incidents through the foundation importer (all or nothing)."""
    name = Path(file.filename or "incidents.csv").name
    if Path(name).suffix.lower() not in {".csv", ".xlsx"}:
        msg = f"Berkas '{name}' bukan CSV atau XLSX."
        raise InputDataError(msg, [Issue(name, None, None, msg)])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(file.file.read())
        added = services.import_incidents(ws, session, user, path)
    return {"imported": added}


# -- assessments and alerts ---------------------------------------------------------------------
@router.get("/assessments/latest", tags=["assessments"])
def latest_assessment(user: CurrentUser, ws: WorkspaceDep) -> dict[str, Any]:
    """Return the latest assessment: id, framework, as-of time, summary and classes per level."""
    return live.latest_summary(ws, user)


@router.get("/alerts", tags=["assessments"], response_model=AlertsPublic)
def alerts(user: CurrentUser, session: SessionDep, limit: Limit = 100) -> AlertsPublic:
    """List class-change alerts in the user's area, newest first."""
    rows = services.list_alerts(session, user, limit)
    return AlertsPublic(
        data=[AlertPublic.model_validate(r, from_attributes=True) for r in rows], count=len(rows)
    )


@router.get("/dashboard", tags=["dashboard"])
def dashboard(user: CurrentUser, session: SessionDep, ws: WorkspaceDep) -> dict[str, Any]:
    """Return the dashboard numbers (counts, incidents per day, personnel, alerts)."""
    return services.dashboard_data(session, user, ws)


@router.get("/map/{layer}", tags=["dashboard"])
def map_layer(layer: str, user: CurrentUser, ws: WorkspaceDep, request: Request) -> Response:
    """Return a map layer as GeoJSON: ``desa`` (with classes), ``tps``, ``units``, ``incidents``."""
    body = live.map_layer(ws, request.app.state, user, layer)
    return Response(body, media_type="application/geo+json")


# -- coordination register ----------------------------------------------------------------------
@router.get("/stakeholders", tags=["register"], response_model=StakeholdersPublic)
def stakeholders(user: CurrentUser, session: SessionDep) -> StakeholdersPublic:
    """List stakeholders (party chairs, candidate teams, leaders …) in the user's area."""
    rows = services.list_stakeholders(session, user)
    return StakeholdersPublic(
        data=[StakeholderPublic.model_validate(r, from_attributes=True) for r in rows],
        count=len(rows),
    )


@router.post("/stakeholders", tags=["register"], status_code=201, response_model=StakeholderPublic)
def create_stakeholder(
    body: StakeholderCreate, user: Writer, session: SessionDep
) -> StakeholderPublic:
    """Add a stakeholder linked to an area."""
    row = services.create_stakeholder(session, user, body.model_dump())
    return StakeholderPublic.model_validate(row, from_attributes=True)


@router.get("/engagements", tags=["register"], response_model=EngagementsPublic)
def engagements(user: CurrentUser, session: SessionDep, overdue: bool = False) -> EngagementsPublic:
    """List engagements; ``overdue=true`` lists only follow-ups past their due date."""
    rows = services.list_engagements(session, user, overdue_at=now_utc() if overdue else None)
    return EngagementsPublic(data=[EngagementPublic(**r) for r in rows], count=len(rows))


@router.post("/engagements", tags=["register"], status_code=201, response_model=EngagementPublic)
def create_engagement(
    body: EngagementCreate, user: Writer, session: SessionDep
) -> EngagementPublic:
    """Record a meeting: who met, topic, commitments, follow-up and due date."""
    row = services.create_engagement(session, user, body.model_dump())
    return EngagementPublic(**services.row_dict(row))


@router.get("/register/export", tags=["register"])
def register_export(user: CurrentUser, session: SessionDep) -> Response:
    """Export the engagements (with their stakeholders) as CSV."""
    people = {s.code: s for s in services.list_stakeholders(session, user)}
    rows = services.list_engagements(session, user)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "tanggal",
            "kode_pemangku",
            "nama",
            "peran",
            "wilayah",
            "topik",
            "komitmen",
            "tindak_lanjut",
            "batas_tindak_lanjut",
            "peserta",
        ]
    )
    for r in rows:
        p = people.get(r["stakeholder_code"])
        w.writerow(
            safe_row(
                [
                    r["date"],
                    r["stakeholder_code"],
                    p.name if p else "",
                    p.role if p else "",
                    p.region_code if p else "",
                    r["topic"],
                    r["commitments"] or "",
                    r["follow_up"] or "",
                    r["follow_up_due"] or "",
                    r["participants"] or "",
                ]
            )
        )
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="register-koordinasi.csv"'},
    )


# -- users and audit ----------------------------------------------------------------------------
@router.get("/users", tags=["admin"], response_model=list[UserPublic])
def users(user: Admin, session: SessionDep) -> list[UserPublic]:
    """List users (admin only)."""
    return [
        UserPublic.model_validate(u, from_attributes=True)
        for u in session.scalars(select(User).order_by(User.name))
    ]


@router.post("/users", tags=["admin"], status_code=201, response_model=UserPublic)
def create_user(body: UserCreate, user: Admin, session: SessionDep) -> UserPublic:
    """Create a user (admin only)."""
    row = services.add_user(session, body.name, body.password, body.role, body.region, by=user.name)
    return UserPublic.model_validate(row, from_attributes=True)


@router.get("/audit", tags=["admin"])
def audit_log(user: Admin, session: SessionDep, limit: Limit = 100) -> list[dict[str, Any]]:
    """Return the newest audit entries: who, when, what, before and after (admin only)."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return [services.row_dict(r) for r in rows]
