"""Pages that list at scale and edit the register: incidents, stakeholders, meetings, alerts.

Every list pages on the server (50 rows), filters, searches, sorts and exports the filtered
view as CSV or XLSX. Forms post back with the session's CSRF token; every write is audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from petarawan import labels
from petarawan.errors import InputDataError, Issue, PermissionDeniedError
from petarawan.store.models import Engagement, Stakeholder
from petarawan.store.models_ops import Alert
from petarawan.web import register, services
from petarawan.web.deps import CurrentUser, ReleasingRouter, SessionDep, Writer, now_utc
from petarawan.web.schemas import EngagementCreate, StakeholderCreate
from petarawan.web.view import View, audit_change

router = ReleasingRouter(include_in_schema=False)
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
Id = Annotated[int, PathParam(ge=1, le=2_147_483_647)]
Fmt = Annotated[str, Query(pattern="^(csv|xlsx)$")]


def _render(request: Request, name: str, ctx: dict[str, Any], user: Any) -> Response:
    from petarawan.web.routes.pages import _render as render

    return render(request, name, ctx, user=user)


def _qs(request: Request, **override: Any) -> str:
    params = {k: v for k, v in request.query_params.items() if v and k not in override}
    params.update({k: v for k, v in override.items() if v is not None})
    return "?" + urlencode(params)


def _tz(request: Request) -> str:
    return str(getattr(request.app.state, "tz", "Asia/Makassar"))


def _local_to_utc(value: datetime | None, tz: str) -> datetime | None:
    """Convert a form's local time (no zone, the workspace's zone) to naive UTC."""
    if value is None:
        return None
    aware = value.replace(tzinfo=ZoneInfo(tz)) if value.tzinfo is None else value
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _lang(request: Request) -> str:
    from petarawan.web.routes.pages import _lang as lang

    return lang(request)


# -- incidents --------------------------------------------------------------------------------
def _incident_query(
    request: Request,
    user: Any,
    session: Any,
    *,
    phase: str | None,
    type: str | None,
    status: str | None,
    kecamatan: str | None,
    desa: str | None,
    since: date | None,
    until: date | None,
    q: str | None,
    sort: str,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    lo, hi = register.local_day_bounds(since, until, _tz(request))
    return services.list_incidents(
        session,
        user,
        phase=phase or None,
        type_=type or None,
        status=status or None,
        area=desa or kecamatan or None,
        since=lo,
        until=hi,
        q=q or None,
        sort=sort,
        limit=limit,
        offset=offset,
        names=request.app.state.regions.all_names,
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    phase: str | None = None,
    type: str | None = None,
    status: str | None = None,
    kecamatan: str | None = None,
    desa: str | None = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query(pattern="^(newest|oldest|severity)$")] = "newest",
    page: PageNo = 1,
) -> Response:
    """Show one page of the incident log with filters, search, sort and export links."""
    rows, total = _incident_query(
        request,
        user,
        session,
        phase=phase,
        type=type,
        status=status,
        kecamatan=kecamatan,
        desa=desa,
        since=since,
        until=until,
        q=q,
        sort=sort,
        limit=register.PER_PAGE,
        offset=(page - 1) * register.PER_PAGE,
    )
    names = request.app.state.regions.all_names
    kec = sorted(
        {c[:8] for c in names if len(c) == 13 and user.can_see(c)}, key=lambda c: names.get(c, c)
    )
    return _render(
        request,
        "incidents.html",
        {
            "rows": rows,
            "pg": register.Page(rows, total, page, register.PER_PAGE),
            "f": dict(request.query_params),
            "kecamatan": [(c, names.get(c, c)) for c in kec],
            "qs": lambda **kw: _qs(request, **kw),
        },
        user,
    )


@router.get("/incidents/export")
def incidents_export(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    format: Fmt = "csv",
    phase: str | None = None,
    type: str | None = None,
    status: str | None = None,
    kecamatan: str | None = None,
    desa: str | None = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query(pattern="^(newest|oldest|severity)$")] = "newest",
) -> Response:
    """Export the filtered incident list (all pages, up to 100.000 rows) as CSV or XLSX."""
    rows, _total = _incident_query(
        request,
        user,
        session,
        phase=phase,
        type=type,
        status=status,
        kecamatan=kecamatan,
        desa=desa,
        since=since,
        until=until,
        q=q,
        sort=sort,
        limit=register.EXPORT_MAX,
        offset=0,
    )
    v = View(_lang(request), _tz(request), request.app.state.regions.all_names)
    header = ["No", "Waktu", "Tahapan", "Jenis", "Tingkat", "Korban", "Desa", "Kode desa"]
    header += ["Kecamatan", "TPS", "Status", "Uraian", "Sumber"]
    body = (
        [
            r["id"],
            v.dt(r["occurred_at"]),
            v.label("phase", r["phase"]),
            v.label("incident_type", r["type"]),
            r["severity"],
            r["casualties"],
            v.region_name(r["desa_code"]),
            r["desa_code"] or "",
            v.region_name((r["desa_code"] or "")[:8] or None),
            r["tps_id"] or "",
            v.label("status", r["status"]),
            r["description"] or "",
            r["source"] or "",
        ]
        for r in rows
    )
    return _download(*register.export_table(header, body, format, "insiden"))


def _download(body: bytes, media: str, name: str) -> Response:
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


# -- register ---------------------------------------------------------------------------------
@router.get("/register", response_class=HTMLResponse)
def register_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    role: str | None = None,
    page: PageNo = 1,
    mpage: PageNo = 1,
) -> Response:
    """Show the register: overdue follow-ups, stakeholders and meetings (paged), add forms."""
    now = now_utc()
    people = register.page_stakeholders(session, user, page, q=q, role=role or None)
    meetings = register.page_engagements(session, user, mpage, q=q)
    overdue = register.page_engagements(session, user, 1, overdue_at=now)
    names = _stakeholder_names(session, user)
    return _render(
        request,
        "register.html",
        {
            "people": people,
            "meetings": meetings,
            "overdue": overdue,
            "names": names,
            "now": now,
            "f": dict(request.query_params),
            "qs": lambda **kw: _qs(request, **kw),
            "error": None,
        },
        user,
    )


def _stakeholder_names(session: Any, user: Any) -> dict[str, str]:
    stmt = register.stakeholder_stmt(user).with_only_columns(Stakeholder.code, Stakeholder.name)
    return {str(c): str(n) for c, n in session.execute(stmt).all()}


def _opt(value: str) -> str | None:
    value = value.strip()
    return value or None


@router.post("/register/stakeholders")
def stakeholder_submit(
    request: Request,
    user: Writer,
    session: SessionDep,
    code: Annotated[str, Form()],
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    organisation: Annotated[str, Form()] = "",
    region_code: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
) -> Response:
    """Add a stakeholder from the register page."""
    body = _validated(
        StakeholderCreate,
        code=code,
        name=name,
        role=role,
        organisation=_opt(organisation),
        region_code=_opt(region_code),
        phone=_opt(phone),
    )
    services.create_stakeholder(session, user, body)
    return RedirectResponse("/register", status_code=303)


def _validated(model: Any, **values: Any) -> dict[str, Any]:
    try:
        return dict(model(**values).model_dump())
    except ValidationError as exc:
        issues = [
            Issue("formulir", None, ".".join(str(p) for p in e["loc"]), e["msg"])
            for e in exc.errors()
        ]
        msg = "Isian formulir belum benar."
        raise InputDataError(msg, issues) from exc


@router.get("/register/stakeholders/{code}", response_class=HTMLResponse)
def stakeholder_edit(request: Request, code: str, user: Writer, session: SessionDep) -> Response:
    """Show the edit form of a stakeholder."""
    row = register.stakeholder_stmt(user).where(Stakeholder.code == code)
    found = session.scalars(row).first()
    if found is None:
        from petarawan.errors import NotFoundError

        msg = f"Pemangku kepentingan '{code}' tidak ditemukan."
        raise NotFoundError(msg)
    return _render(request, "stakeholder_edit.html", {"p": found}, user)


@router.post("/register/stakeholders/{code}")
def stakeholder_update(
    code: str,
    user: Writer,
    session: SessionDep,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    organisation: Annotated[str, Form()] = "",
    region_code: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
) -> Response:
    """Save a stakeholder's changes (audited)."""
    body = _validated(
        StakeholderCreate,
        code=code,
        name=name,
        role=role,
        organisation=_opt(organisation),
        region_code=_opt(region_code),
        phone=_opt(phone),
    )
    body.pop("code")
    register.update_stakeholder(session, user, code, body)
    return RedirectResponse("/register", status_code=303)


@router.post("/register/meetings")
def meeting_submit(
    request: Request,
    user: Writer,
    session: SessionDep,
    stakeholder_code: Annotated[str, Form()],
    date: Annotated[datetime, Form()],
    topic: Annotated[str, Form()],
    commitments: Annotated[str, Form()] = "",
    follow_up: Annotated[str, Form()] = "",
    follow_up_due: Annotated[str, Form()] = "",
    participants: Annotated[str, Form()] = "",
) -> Response:
    """Log a meeting with its follow-up and due date (times in the workspace's zone)."""
    tz = _tz(request)
    body = _validated(
        EngagementCreate,
        stakeholder_code=stakeholder_code,
        date=_local_to_utc(date, tz),
        topic=topic,
        commitments=_opt(commitments),
        follow_up=_opt(follow_up),
        follow_up_due=_due(follow_up_due, tz),
        participants=_opt(participants),
    )
    services.create_engagement(session, user, body)
    return RedirectResponse("/register", status_code=303)


def _due(value: str, tz: str) -> datetime | None:
    """Return the end (23.59, workspace zone) of a due day ``YYYY-MM-DD`` as naive UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError as exc:
        msg = "Tanggal batas tindak lanjut tidak sah."
        raise InputDataError(msg, [Issue("formulir", None, "follow_up_due", msg)]) from exc
    return _local_to_utc(datetime(day.year, day.month, day.day, 23, 59), tz)


@router.get("/register/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_edit(request: Request, meeting_id: Id, user: Writer, session: SessionDep) -> Response:
    """Show the edit form of a meeting (follow-up done, due date)."""
    row = register.get_engagement(session, user, meeting_id)
    due = ""
    if row.follow_up_due is not None:
        local = row.follow_up_due.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(_tz(request)))
        due = local.date().isoformat()
    return _render(request, "meeting_edit.html", {"m": row, "due": due}, user)


@router.post("/register/meetings/{meeting_id}")
def meeting_update(
    request: Request,
    meeting_id: Id,
    user: Writer,
    session: SessionDep,
    topic: Annotated[str, Form()],
    commitments: Annotated[str, Form()] = "",
    follow_up: Annotated[str, Form()] = "",
    follow_up_due: Annotated[str, Form()] = "",
    done: Annotated[str, Form()] = "",
) -> Response:
    """Save a meeting's changes; ``done`` marks its follow-up as carried out (audited)."""
    tz = _tz(request)
    if not topic.strip():
        msg = "Topik pertemuan wajib diisi."
        raise InputDataError(msg, [Issue("formulir", None, "topic", msg)])
    data: dict[str, Any] = {
        "topic": topic.strip(),
        "commitments": _opt(commitments),
        "follow_up": _opt(follow_up),
        "follow_up_due": _due(follow_up_due, tz),
    }
    if done:
        data["follow_up_done"] = now_utc()
    register.update_engagement(session, user, meeting_id, data)
    return RedirectResponse("/register", status_code=303)


@router.get("/register/export")
def register_export(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    what: Annotated[str, Query(pattern="^(stakeholders|meetings)$")] = "meetings",
    format: Fmt = "csv",
    q: Annotated[str | None, Query(max_length=100)] = None,
    role: str | None = None,
) -> Response:
    """Export the filtered stakeholders or meetings as CSV or XLSX."""
    v = View(_lang(request), _tz(request), request.app.state.regions.all_names)
    if what == "stakeholders":
        people = session.scalars(
            register.stakeholder_stmt(user, q=q, role=role or None)
            .order_by(Stakeholder.name)
            .limit(register.EXPORT_MAX)
        )
        header = ["Kode", "Nama", "Peran", "Organisasi", "Wilayah", "Kode wilayah", "Telepon"]
        rows: Any = (
            [
                p.code,
                p.name,
                v.label("stakeholder_role", p.role),
                p.organisation or "",
                v.region_name(p.region_code),
                p.region_code or "",
                p.phone or "",
            ]
            for p in people
        )
        return _download(*register.export_table(header, rows, format, "pemangku-kepentingan"))
    names = _stakeholder_names(session, user)
    meetings = session.scalars(
        register.engagement_stmt(user, q=q)
        .order_by(Engagement.date.desc())
        .limit(register.EXPORT_MAX)
    )
    header = ["Tanggal", "Pemangku kepentingan", "Topik", "Komitmen", "Tindak lanjut"]
    header += ["Batas tindak lanjut", "Selesai", "Peserta"]
    rows = (
        [
            v.dt(m.date),
            names.get(m.stakeholder_code, m.stakeholder_code),
            m.topic,
            m.commitments or "",
            m.follow_up or "",
            v.dt(m.follow_up_due) if m.follow_up_due else "",
            v.dt(m.follow_up_done) if m.follow_up_done else "",
            m.participants or "",
        ]
        for m in meetings
    )
    return _download(*register.export_table(header, rows, format, "register-pertemuan"))


# -- alerts -----------------------------------------------------------------------------------
@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    state: str | None = None,
    level: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: PageNo = 1,
) -> Response:
    """Show class-change alerts (paged) with their workflow buttons."""
    pg = register.page_alerts(session, user, page, state=state or None, level=level or None, q=q)
    return _render(
        request,
        "alerts.html",
        {
            "pg": pg,
            "rows": pg.rows,
            "steps": register.ALERT_STEPS,
            "f": dict(request.query_params),
            "qs": lambda **kw: _qs(request, **kw),
        },
        user,
    )


@router.post("/alerts/{alert_id}/state")
def alert_state(
    alert_id: Id,
    user: Writer,
    session: SessionDep,
    state: Annotated[str, Form()],
    assigned_to: Annotated[str, Form()] = "",
) -> Response:
    """Acknowledge, assign or close an alert (each step audited)."""
    register.alert_step(session, user, alert_id, state, assigned_to or None)
    return RedirectResponse(f"/alerts#alert-{alert_id}", status_code=303)


@router.get("/alerts/export")
def alerts_export(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    format: Fmt = "csv",
    state: str | None = None,
    level: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Export the filtered alerts as CSV or XLSX."""
    v = View(_lang(request), _tz(request), request.app.state.regions.all_names)
    alerts = session.scalars(
        register.alert_stmt(user, state=state or None, level=level or None, q=q)
        .order_by(Alert.id.desc())
        .limit(register.EXPORT_MAX)
    )
    header = ["Waktu", "Tingkat", "Wilayah/TPS", "Kode", "Kategori sebelum", "Kategori sesudah"]
    header += ["Faktor dominan", "Saran", "Status", "Ditugaskan kepada"]
    rows = (
        [
            v.dt(a.created_at),
            v.label("level", a.level),
            a.name or "",
            a.code,
            v.label("category", a.class_before),
            v.label("category", a.class_after),
            "; ".join(a.drivers or []),
            a.suggestion or "",
            v.label("alert_state", a.state),
            a.assigned_to or "",
        ]
        for a in alerts
    )
    return _download(*register.export_table(header, rows, format, "peringatan"))


# -- audit ------------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    entity: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: PageNo = 1,
) -> Response:
    """Show the audit log (admin and pimpinan): who changed what, when."""
    if user.role not in {"admin", "pimpinan"}:
        msg = "Log audit hanya untuk admin dan pimpinan."
        raise PermissionDeniedError(msg)
    pg = register.page_audit(session, page, entity=entity or None, q=q)
    lang = _lang(request)
    view = View(lang, _tz(request), request.app.state.regions.all_names)
    return _render(
        request,
        "audit.html",
        {
            "pg": pg,
            "f": dict(request.query_params),
            "qs": lambda **kw: _qs(request, **kw),
            "audit_entity": lambda e: labels.label("audit_entity", e, lang),
            "audit_change": lambda e: audit_change(view, e.before, e.after),
        },
        user,
    )
