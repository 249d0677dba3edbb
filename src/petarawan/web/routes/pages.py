"""Server-rendered pages (Indonesian by default, ``?lang=en``): login, dashboard, incidents."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from petarawan.errors import NotFoundError, PermissionDeniedError
from petarawan.formatting import DEFAULT_TZ
from petarawan.store.models_field import IncidentPhoto
from petarawan.web import live, services
from petarawan.web.deps import (
    SESSION_COOKIE,
    CurrentUser,
    ReleasingRouter,
    SessionDep,
    SettingsDep,
    WorkspaceDep,
    Writer,
)
from petarawan.web.errors import AuthenticationError
from petarawan.web.schemas import IncidentCreate
from petarawan.web.security import check_csrf
from petarawan.web.view import View

router = ReleasingRouter(include_in_schema=False)
LOGIN_CSRF = "petarawan_login_csrf"
IncidentId = Annotated[int, PathParam(ge=1, le=2_147_483_647)]

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "title": "Ruang Operasi Pilkada",
        "dashboard": "Dasbor",
        "incidents": "Insiden",
        "new_incident": "Lapor insiden",
        "alerts": "Peringatan",
        "register": "Register koordinasi",
        "report": "Laporan",
        "logout": "Keluar",
        "login": "Masuk",
        "username": "Nama pengguna",
        "password": "Kata sandi",
        "time": "Waktu",
        "phase": "Tahapan",
        "type": "Jenis",
        "severity": "Tingkat (1–5)",
        "casualties": "Korban",
        "desa": "Desa/kelurahan",
        "description": "Uraian",
        "source": "Sumber",
        "status": "Status",
        "save": "Simpan",
        "filter": "Saring",
        "click_map": "Klik peta untuk memilih lokasi, atau isi kode desa.",
        "duplicates": "Kemungkinan duplikat",
        "history": "Riwayat",
        "by": "oleh",
        "no_alerts": "Belum ada peringatan.",
        "drivers": "Faktor dominan",
        "suggestion": "Saran",
        "class_change": "Perubahan kategori kerawanan",
        "personnel": "Personel tersedia",
        "counts": "Jumlah insiden",
        "overdue": "Tindak lanjut terlambat",
        "stakeholders": "Pemangku kepentingan",
        "engagements": "Pertemuan",
        "export": "Ekspor CSV",
        "print": "Cetak",
        "no_report": "Belum ada laporan peta di workspace (jalankan perintah laporan dulu).",
        "lang_switch": "English",
        "next": "Langkah berikut",
        "note": "Catatan",
        "field": "Aplikasi lapangan",
        "queue": "Antrean kiriman",
        "waiting": "Menunggu dikirim",
        "received": "Diterima server",
        "conflicts": "Konflik",
        "send_now": "Kirim sekarang",
        "offline": "Tidak ada sinyal — laporan disimpan di ponsel dan dikirim otomatis.",
        "online": "Terhubung",
        "photos": "Foto (maks. 3, diperkecil di ponsel)",
        "tps": "TPS",
        "checklist": "Daftar periksa TPS rawan",
        "meeting": "Pertemuan",
        "stakeholder": "Pemangku kepentingan",
        "topic": "Topik",
        "commitments": "Komitmen",
        "follow_up": "Tindak lanjut",
        "follow_up_due": "Batas tindak lanjut",
        "participants": "Peserta",
        "done": "Tindak lanjut selesai",
        "search": "Cari",
        "sort": "Urutan",
        "newest": "Terbaru",
        "oldest": "Terlama",
        "by_severity": "Tingkat tertinggi",
        "since": "Dari tanggal",
        "until": "Sampai tanggal",
        "kecamatan": "Kecamatan",
        "page": "Halaman",
        "of": "dari",
        "prev": "Sebelumnya",
        "next_page": "Berikutnya",
        "export_csv": "Unduh CSV",
        "export_xlsx": "Unduh XLSX",
        "add_stakeholder": "Tambah pemangku kepentingan",
        "add_meeting": "Catat pertemuan",
        "code": "Kode",
        "name": "Nama",
        "role": "Peran",
        "organisation": "Organisasi",
        "region": "Wilayah",
        "phone": "Telepon",
        "edit": "Ubah",
        "state": "Status",
        "assign": "Tugaskan",
        "assigned_to": "Ditugaskan kepada",
        "acknowledge": "Akui",
        "close": "Tutup",
        "audit": "Log audit",
        "action": "Tindakan",
        "entity": "Data",
        "user": "Pengguna",
        "change": "Perubahan",
        "sitrep": "Laporan situasi",
        "all": "Semua",
        "days_overdue": "hari terlambat",
        "use_position": "Pakai posisi ponsel",
        "date": "Tanggal",
        "level": "Tingkat",
        "rows": "baris",
        "per_day": "Insiden per hari",
        "planned": "rencana",
        "assessment": "Hasil analisa",
        "as_of": "per",
        "send": "Kirim",
        "incident_report": "Laporan insiden",
        "nothing": "Tidak ada data.",
        "skip": "Langsung ke isi",
        "conflict_note": "Laporan sudah diubah di ruang operasi; perubahan Anda tidak diterapkan.",
        "amend": "Ubah uraian laporan terkirim",
        "kind": "Jenis kiriman",
        "status_label": "Keadaan",
        "photo_count": "Foto",
        "menu": "Menu",
        "main_nav": "Navigasi utama",
        "legend_low": "Kurang rawan",
        "legend_mid": "Rawan",
        "legend_high": "Sangat rawan",
    },
    "en": {
        "title": "Pilkada Operations Room",
        "dashboard": "Dashboard",
        "incidents": "Incidents",
        "new_incident": "Report incident",
        "alerts": "Alerts",
        "register": "Coordination register",
        "report": "Report",
        "logout": "Log out",
        "login": "Log in",
        "username": "User name",
        "password": "Password",
        "time": "Time",
        "phase": "Phase",
        "type": "Type",
        "severity": "Severity (1–5)",
        "casualties": "Casualties",
        "desa": "Desa/kelurahan",
        "description": "Description",
        "source": "Source",
        "status": "Status",
        "save": "Save",
        "filter": "Filter",
        "click_map": "Click the map to choose the place, or enter the desa code.",
        "duplicates": "Possible duplicates",
        "history": "History",
        "by": "by",
        "no_alerts": "No alerts yet.",
        "drivers": "Drivers",
        "suggestion": "Suggestion",
        "class_change": "Class change",
        "personnel": "Personnel available",
        "counts": "Incident counts",
        "overdue": "Overdue follow-ups",
        "stakeholders": "Stakeholders",
        "engagements": "Engagements",
        "export": "Export CSV",
        "print": "Print",
        "no_report": "No map report in this workspace yet (run the report command first).",
        "lang_switch": "Bahasa Indonesia",
        "next": "Next step",
        "note": "Note",
        "field": "Field app",
        "queue": "Send queue",
        "waiting": "Waiting to be sent",
        "received": "Received by the server",
        "conflicts": "Conflicts",
        "send_now": "Send now",
        "offline": "No signal — reports are kept on the phone and sent automatically.",
        "online": "Connected",
        "photos": "Photos (max. 3, resized on the phone)",
        "tps": "TPS",
        "checklist": "TPS-rawan checklist",
        "meeting": "Meeting",
        "stakeholder": "Stakeholder",
        "topic": "Topic",
        "commitments": "Commitments",
        "follow_up": "Follow-up",
        "follow_up_due": "Follow-up due",
        "participants": "Participants",
        "done": "Follow-up done",
        "search": "Search",
        "sort": "Order",
        "newest": "Newest",
        "oldest": "Oldest",
        "by_severity": "Most severe",
        "since": "From",
        "until": "To",
        "kecamatan": "Kecamatan",
        "page": "Page",
        "of": "of",
        "prev": "Previous",
        "next_page": "Next",
        "export_csv": "Download CSV",
        "export_xlsx": "Download XLSX",
        "add_stakeholder": "Add stakeholder",
        "add_meeting": "Log meeting",
        "code": "Code",
        "name": "Name",
        "role": "Role",
        "organisation": "Organisation",
        "region": "Area",
        "phone": "Phone",
        "edit": "Edit",
        "state": "State",
        "assign": "Assign",
        "assigned_to": "Assigned to",
        "acknowledge": "Acknowledge",
        "close": "Close",
        "audit": "Audit log",
        "action": "Action",
        "entity": "Record",
        "user": "User",
        "change": "Change",
        "sitrep": "Situation report",
        "all": "All",
        "days_overdue": "days overdue",
        "use_position": "Use the phone's position",
        "date": "Date",
        "level": "Level",
        "rows": "rows",
        "per_day": "Incidents per day",
        "planned": "planned",
        "assessment": "Assessment",
        "as_of": "as of",
        "send": "Send",
        "incident_report": "Incident report",
        "nothing": "No data.",
        "skip": "Skip to content",
        "conflict_note": "The report was changed in the ops room; your change was not applied.",
        "amend": "Change a sent report's description",
        "kind": "Kind",
        "status_label": "State",
        "photo_count": "Photos",
        "menu": "Menu",
        "main_nav": "Main navigation",
        "legend_low": "Less vulnerable",
        "legend_mid": "Vulnerable",
        "legend_high": "Highly vulnerable",
    },
}


def _tz(request: Request) -> str:
    return str(getattr(request.app.state, "tz", DEFAULT_TZ))


def _local_now(request: Request) -> datetime:
    return datetime.now(ZoneInfo(_tz(request))).replace(tzinfo=None)


def _lang(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in TEXT:
        return q
    c = request.cookies.get("petarawan_lang")
    if c in TEXT:
        return c
    return str(request.app.state.settings.lang)


def _render(
    request: Request, name: str, ctx: dict[str, Any], *, user: Any = None, status: int = 200
) -> Response:
    lang = _lang(request)
    from petarawan.domain import columns as C

    resp = request.app.state.templates.TemplateResponse(
        request,
        name,
        {
            "t": TEXT[lang],
            "lang": lang,
            "user": user,
            "phases": C.PHASES,
            "types": C.INCIDENT_TYPES,
            "v": View(
                lang,
                str(getattr(request.app.state, "tz", DEFAULT_TZ)),
                request.app.state.regions.all_names,
            ),
            **ctx,
        },
        status_code=status,
    )
    if request.query_params.get("lang") in TEXT:
        resp.set_cookie("petarawan_lang", lang, httponly=True, samesite="strict")
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """Show the login form (with a double-submit CSRF token)."""
    token = secrets.token_urlsafe(24)
    resp = _render(request, "login.html", {"csrf": token, "next": _safe_next(next), "error": None})
    resp.set_cookie(
        LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, request.app.state.settings.cookie_secure),
    )
    return resp


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def secure_cookies(request: Request, setting: bool | None) -> bool:
    """Whether cookies get the Secure flag: as set, else on unless plain HTTP on loopback."""
    if setting is not None:
        return setting
    host = request.client.host if request.client else ""
    return not (request.url.scheme == "http" and host in LOOPBACK)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login")
def login_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password and open a session (HttpOnly, SameSite=Strict cookie)."""
    if not check_csrf(request.cookies.get(LOGIN_CSRF), csrf_token):
        from petarawan.web.errors import CsrfError

        msg = "Token CSRF formulir masuk tidak cocok; muat ulang halaman."
        raise CsrfError(msg)
    try:
        raw, _csrf, _exp = services.login(
            session,
            settings,
            username,
            password,
            client=request.client.host if request.client else "unknown",
            kind="session",
        )
    except AuthenticationError as exc:
        token = secrets.token_urlsafe(24)
        resp = _render(
            request,
            "login.html",
            {"csrf": token, "next": _safe_next(next), "error": str(exc)},
            status=401,
        )
        resp.set_cookie(
            LOGIN_CSRF,
            token,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request, request.app.state.settings.cookie_secure),
        )
        return resp
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(
        SESSION_COOKIE,
        raw,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, settings.cookie_secure),
        max_age=int(settings.session_hours * 3600),
    )
    resp.delete_cookie(LOGIN_CSRF)
    return resp


@router.post("/logout")
def logout(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    """End the session."""
    services.logout(session, settings, request.cookies.get(SESSION_COOKIE, ""))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request, user: CurrentUser, session: SessionDep, ws: WorkspaceDep
) -> Response:
    """Show the map with classes, TPS, units and recent incidents; counts; personnel; alerts."""
    data = services.dashboard_data(session, user, ws)
    latest = live.latest_summary(ws, user)
    return _render(request, "dashboard.html", {"data": data, "latest": latest}, user=user)


@router.get("/incidents/new", response_class=HTMLResponse)
def incident_form(request: Request, user: Writer) -> Response:
    """Show the report form with a map to click the place."""
    return _render(
        request,
        "incident_new.html",
        {"now": _local_now(request).strftime("%Y-%m-%dT%H:%M")},
        user=user,
    )


@router.post("/incidents")
def incident_submit(
    request: Request,
    user: Writer,
    session: SessionDep,
    occurred_at: Annotated[datetime, Form()],
    phase: Annotated[str, Form()],
    type: Annotated[str, Form()],
    severity: Annotated[int, Form()],
    casualties: Annotated[int, Form()] = 0,
    desa_code: Annotated[str, Form()] = "",
    lon: Annotated[str, Form()] = "",
    lat: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
) -> Response:
    """Store a report from the form and show it."""
    if occurred_at.tzinfo is None:  # the form's time is local to the workspace
        occurred_at = occurred_at.replace(tzinfo=ZoneInfo(_tz(request)))
    body = IncidentCreate(
        occurred_at=occurred_at,
        phase=phase,  # type: ignore[arg-type]
        type=type,  # type: ignore[arg-type]
        severity=severity,
        casualties=casualties,
        desa_code=desa_code or None,
        lon=float(lon) if lon else None,
        lat=float(lat) if lat else None,
        description=description or None,
        source=source or None,
    )
    row = services.create_incident(session, user, body.model_dump(), request.app.state.regions)
    return RedirectResponse(f"/incidents/{row.id}", status_code=303)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(
    request: Request, incident_id: IncidentId, user: CurrentUser, session: SessionDep
) -> Response:
    """Show one incident: details, workflow history, possible duplicates, next steps."""
    row = services.get_incident(session, user, incident_id)
    data = services.incident_public(session, row, request.app.state.regions.names)
    events = services.incident_events(session, incident_id)
    photos = session.scalars(
        select(IncidentPhoto.id)
        .where(IncidentPhoto.incident_id == incident_id)
        .order_by(IncidentPhoto.id)
    ).all()
    return _render(
        request, "incident.html", {"i": data, "events": events, "photos": photos}, user=user
    )


@router.get("/incidents/{incident_id}/photos/{photo_id}")
def incident_photo(
    incident_id: IncidentId, photo_id: IncidentId, user: CurrentUser, session: SessionDep
) -> Response:
    """Return one photo of an incident the user may see."""
    services.get_incident(session, user, incident_id)
    photo = session.get(IncidentPhoto, photo_id)
    if photo is None or photo.incident_id != incident_id:
        msg = f"Foto {photo_id} tidak ditemukan."
        raise NotFoundError(msg)
    return Response(photo.data, media_type=photo.content_type)


@router.post("/incidents/{incident_id}/status")
def incident_status_submit(
    request: Request,
    incident_id: IncidentId,
    user: Writer,
    session: SessionDep,
    ws: WorkspaceDep,
    settings: SettingsDep,
    status: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    """Move the incident one workflow step from the form (verifying re-assesses)."""
    services.change_status(session, user, incident_id, status, note or None)
    if status == "diverifikasi" and settings.reassess:
        live.reassess_after_change(ws, settings, user.name)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Show the briefing report of the maps issue (printable) if one was produced."""
    if user.role == "operator":
        msg = "Laporan kabupaten hanya untuk admin, analis dan pimpinan."
        raise PermissionDeniedError(msg)
    from petarawan.render.report import report_html
    from petarawan.services.briefing import build_briefing

    # The same HTML as the printed briefing (maps issue), built from the workspace as it is now.
    lang = "en" if request.query_params.get("lang") == "en" else "id"
    return HTMLResponse(report_html(build_briefing(ws, lang=lang)))
