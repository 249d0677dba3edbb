"""HTTP mapping of petarawan errors: one ``{ExceptionType: status}`` table and its handlers."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from petarawan.errors import (
    ConfigError,
    InfeasibleProblemError,
    InputDataError,
    NotFoundError,
    PermissionDeniedError,
    PetarawanError,
    SolverError,
)

__all__ = [
    "STATUS_CODES",
    "AuthenticationError",
    "CsrfError",
    "LockedOutError",
    "add_exception_handlers",
]

log = logging.getLogger("petarawan.web")


class AuthenticationError(PetarawanError):
    """No valid session or token was presented (HTTP 401)."""


class CsrfError(PermissionDeniedError):
    """A state-changing request with a session cookie lacked the right CSRF token (HTTP 403)."""


class LockedOutError(PetarawanError):
    """Too many login attempts: the client is throttled or the user locked out (HTTP 429)."""


STATUS_CODES: dict[type[Exception], int] = {
    AuthenticationError: 401,
    CsrfError: 403,
    PermissionDeniedError: 403,
    NotFoundError: 404,
    InputDataError: 422,
    ConfigError: 422,
    LockedOutError: 429,
    InfeasibleProblemError: 409,
    SolverError: 500,
    PetarawanError: 500,
}
"""HTTP status of each petarawan error type (the most specific matching entry wins)."""

DEFAULT_MSG = "Terjadi galat di server; detailnya dicatat di log."


def status_for(exc: Exception) -> int:
    """Return the HTTP status of an exception by walking its class hierarchy."""
    for cls in type(exc).__mro__:
        if cls in STATUS_CODES:
            return STATUS_CODES[cls]
    return 500


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def _petarawan_handler(request: Request, exc: Exception) -> Response:
    status = status_for(exc)
    if status == 401 and _wants_html(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, Any]
    if status >= 500:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        body = {"detail": DEFAULT_MSG}
    else:
        body = {"detail": getattr(exc, "summary", str(exc))}
        issues = getattr(exc, "issues", None)
        if issues:
            body["issues"] = [
                {"file": i.file, "row": i.row, "column": i.column, "message": i.message}
                for i in issues
            ]
    if _wants_html(request):
        from petarawan.web.routes.pages import TEXT

        lang = request.cookies.get("petarawan_lang") or request.app.state.settings.lang
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "status": status,
                "detail": body["detail"],
                "issues": body.get("issues", []),
                "t": TEXT.get(lang, TEXT["id"]),
                "lang": lang,
                "user": None,
            },
            status_code=status,
        )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError | ValidationError)
    from petarawan.web.deps import PUBLIC_PATHS, is_authenticated

    if request.url.path not in PUBLIC_PATHS and not is_authenticated(request):
        # FastAPI parses the body before the login dependency runs: answer as if it had not
        return _petarawan_handler(
            request, AuthenticationError("Belum masuk: kirim token Bearer atau masuk lewat /login.")
        )
    issues = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        issues.append(
            {
                "file": "request",
                "row": None,
                "column": ".".join(loc) or None,
                "message": str(err.get("msg", "")),
            }
        )
    return JSONResponse(
        {"detail": "Permintaan tidak valid; lihat daftar masalah.", "issues": issues},
        status_code=422,
    )


def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers or None
    )


def _unexpected_handler(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": DEFAULT_MSG}, status_code=500)


def add_exception_handlers(app: FastAPI) -> None:
    """Install the handlers that turn errors into JSON (API) or pages (browser)."""
    app.add_exception_handler(PetarawanError, _petarawan_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(ValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
