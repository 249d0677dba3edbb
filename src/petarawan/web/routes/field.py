"""The field app: its page, manifest and service worker, and the idempotent report API."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Form, Header, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from petarawan.errors import InputDataError, Issue
from petarawan.web import field
from petarawan.web.deps import CurrentUser, ReleasingRouter, SessionDep, Writer
from petarawan.web.schemas import IncidentCreate

router = ReleasingRouter()
STATIC = Path(__file__).resolve().parent.parent / "static"
IdemKey = Annotated[str, Header(alias="Idempotency-Key", min_length=8, max_length=64)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChecklistBody(_In):
    """The TPS-rawan checklist of one TPS: checklist item id → condition present."""

    tps_id: str = Field(pattern=r"^\d{13}$")
    flags: dict[str, bool]


class MeetingBody(_In):
    """A meeting with a stakeholder logged from the phone."""

    stakeholder_code: str = Field(min_length=1, max_length=60)
    date: datetime
    topic: str = Field(min_length=1, max_length=5000)
    commitments: str | None = Field(default=None, max_length=5000)
    follow_up: str | None = Field(default=None, max_length=5000)
    follow_up_due: datetime | None = None
    participants: str | None = Field(default=None, max_length=2000)


class AmendBody(_In):
    """The officer's change to their own report, made against ``base_version``."""

    base_version: int = Field(ge=1)
    description: str | None = Field(default=None, max_length=5000)
    severity: int | None = Field(default=None, ge=1, le=5)
    casualties: int | None = Field(default=None, ge=0, le=100_000)


def _reply(answer: field.Answer) -> JSONResponse:
    status = 409 if answer.outcome == "conflict" else (200 if answer.replayed else 201)
    return JSONResponse(answer.public(), status_code=status)


# -- page, manifest, worker -----------------------------------------------------------------------
@router.get("/field/", response_class=HTMLResponse, include_in_schema=False)
def field_page(request: Request, user: Writer) -> Response:
    """Show the phone page: report, checklist, meeting and the queue (works offline)."""
    from petarawan.formatting import tz_abbreviation
    from petarawan.web.routes.pages import _render

    tz = str(getattr(request.app.state, "tz", "Asia/Makassar"))
    return _render(request, "field.html", {"tz_abbr": tz_abbreviation(tz)}, user=user)


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> Response:
    """Return the web-app manifest (installable field app)."""
    return Response(
        (STATIC / "manifest.webmanifest").read_bytes(), media_type="application/manifest+json"
    )


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """Return the service worker, served from the root so that it may control every page."""
    return Response(
        (STATIC / "sw.js").read_bytes(),
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/"},
    )


# -- API ------------------------------------------------------------------------------------------
@router.get("/api/field/area", tags=["field"])
def area(user: CurrentUser, session: SessionDep, request: Request) -> dict[str, Any]:
    """Return what the phone caches: desa, TPS, stakeholders, checklist, vocabularies."""
    from petarawan.web.routes.pages import _lang

    return field.area_data(session, user, _lang(request), request.app.state.ws.election_id)


@router.get("/api/labels", tags=["field"])
def vocabulary_labels(user: CurrentUser, lang: str = "id") -> dict[str, dict[str, str]]:
    """Return the label of every vocabulary id in ``lang`` (``id`` or ``en``), for map tooltips."""
    from petarawan import labels

    code = "en" if lang == "en" else "id"
    return {name: dict(v.get(code, v["id"])) for name, v in labels.VOCABULARIES.items()}


@router.get("/api/field/received", tags=["field"])
def received(user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Return what the server received from this user (newest first)."""
    rows = field.submissions_of(session, user)
    return {
        "data": [
            {
                "key": r.key,
                "kind": r.kind,
                "outcome": r.outcome,
                "entity_id": r.entity_id,
                "message": r.message,
                "received_at": r.received_at.isoformat(),
            }
            for r in rows
        ]
    }


@router.post("/api/field/incidents", tags=["field"])
def field_incident(
    request: Request,
    user: Writer,
    session: SessionDep,
    key: IdemKey,
    payload: Annotated[str, Form(max_length=20_000)],
    photos: list[UploadFile] | None = None,
) -> JSONResponse:
    """Store an incident report from the phone once per ``Idempotency-Key`` (201, replay 200)."""
    try:
        body = IncidentCreate.model_validate(json.loads(payload))
    except (ValueError, ValidationError) as exc:
        msg = "Isi laporan tidak sah."
        raise InputDataError(msg, [Issue("payload", None, None, str(exc)[:500])]) from exc
    files = [
        field.Photo(f.filename or f"foto-{i + 1}", f.file.read(field.MAX_PHOTO_BYTES + 1))
        for i, f in enumerate(photos or [])
    ]
    answer = field.submit_incident(
        session, user, key, body.model_dump(exclude={"ref"}), files, request.app.state.regions
    )
    return _reply(answer)


@router.post("/api/field/checklist", tags=["field"])
def field_checklist(
    request: Request, body: ChecklistBody, user: Writer, session: SessionDep, key: IdemKey
) -> JSONResponse:
    """Set a TPS's rawan checklist (current election) from the phone once per key."""
    election = request.app.state.ws.election_id
    return _reply(field.submit_checklist(session, user, key, body.tps_id, body.flags, election))


@router.post("/api/field/meetings", tags=["field"])
def field_meeting(
    body: MeetingBody, user: Writer, session: SessionDep, key: IdemKey
) -> JSONResponse:
    """Log a meeting with a stakeholder from the phone once per ``Idempotency-Key``."""
    return _reply(field.submit_meeting(session, user, key, body.model_dump()))


@router.post("/api/field/incidents/{incident_id}/amend", tags=["field"])
def field_amend(
    incident_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)],
    body: AmendBody,
    user: Writer,
    session: SessionDep,
    key: IdemKey,
) -> JSONResponse:
    """Change one's report; 409 (kept as a conflict) when the ops room changed it meanwhile."""
    changes = body.model_dump(exclude={"base_version"}, exclude_none=True)
    return _reply(
        field.submit_amendment(session, user, key, incident_id, body.base_version, changes)
    )
