"""The daily situation report in the web app: page, PDF and the short text for a group chat."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from petarawan.domain.sitrep import Sitrep
from petarawan.web.deps import CurrentUser, ReleasingRouter, WorkspaceDep

router = ReleasingRouter(include_in_schema=False)
Day = Annotated[date | None, Query(alias="date")]


def _build(request: Request, ws: WorkspaceDep, user: CurrentUser, day: date | None) -> Sitrep:
    from petarawan.services.sitrep import build_sitrep

    tz = str(getattr(request.app.state, "tz", "Asia/Makassar"))
    return build_sitrep(ws, day or datetime.now(ZoneInfo(tz)).date(), area=user.area)


def _lang(request: Request) -> str:
    from petarawan.web.routes.pages import _lang as lang

    return lang(request)


@router.get("/sitrep", response_class=HTMLResponse)
def sitrep_page(request: Request, user: CurrentUser, ws: WorkspaceDep, day: Day = None) -> Response:
    """Show the daily situation report of a day (today by default) with PDF and text links."""
    from petarawan.render.sitrep import sitrep_html, sitrep_text
    from petarawan.web.routes.pages import _render

    rep = _build(request, ws, user, day)
    lang = _lang(request)
    body = Markup(sitrep_html(rep, lang, standalone=False))
    return _render(
        request,
        "sitrep.html",
        {"body": body, "text": sitrep_text(rep, lang), "day": rep.day.isoformat()},
        user=user,
    )


@router.get("/sitrep.pdf")
def sitrep_pdf(request: Request, user: CurrentUser, ws: WorkspaceDep, day: Day = None) -> Response:
    """Return the daily situation report as PDF."""
    import tempfile
    from pathlib import Path

    from petarawan.render.sitrep import sitrep_pdf as write_pdf

    rep = _build(request, ws, user, day)
    with tempfile.TemporaryDirectory() as tmp:
        out = write_pdf(rep, Path(tmp) / "lapsit.pdf", _lang(request))
        data = out.read_bytes()
    name = f"lapsit-{rep.day.isoformat()}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/sitrep.txt")
def sitrep_txt(request: Request, user: CurrentUser, ws: WorkspaceDep, day: Day = None) -> Response:
    """Return the short plain text of the report (to paste into a messaging group)."""
    from petarawan.render.sitrep import sitrep_text

    rep = _build(request, ws, user, day)
    return Response(sitrep_text(rep, _lang(request)), media_type="text/plain; charset=utf-8")
