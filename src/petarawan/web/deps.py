"""Request dependencies: workspace, database session, current user and role checks."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from petarawan.domain.monitor import in_area
from petarawan.errors import PermissionDeniedError
from petarawan.store import Workspace
from petarawan.store.models import Unit
from petarawan.store.models_ops import AuthToken, User
from petarawan.web.errors import AuthenticationError, CsrfError
from petarawan.web.security import check_csrf, token_digest
from petarawan.web.settings import Settings

__all__ = [
    "ROLES",
    "Admin",
    "Analyst",
    "CurrentUser",
    "ReleasingRouter",
    "SessionDep",
    "SettingsDep",
    "UserCtx",
    "WorkspaceDep",
    "Writer",
]

ROLES = ("admin", "analis", "operator", "pimpinan")
SESSION_COOKIE = "petarawan_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class UserCtx:
    """The user behind a request: role, area (None = everywhere) and how they authenticated."""

    id: int
    name: str
    role: str
    region: str | None
    area: tuple[str, ...] | None
    via: str
    csrf: str | None = None

    def can_see(self, desa_code: str | None) -> bool:
        """Whether a record in ``desa_code`` is inside this user's area."""
        return in_area(desa_code, self.area)


def now_utc() -> datetime:
    """Return the current UTC time as a naive datetime (as stored in the database)."""
    return datetime.now(UTC).replace(tzinfo=None)


def get_settings_dep(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_ws(request: Request) -> Workspace:
    """Return the workspace the app serves."""
    ws: Workspace = request.app.state.ws
    return ws


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
WorkspaceDep = Annotated[Workspace, Depends(get_ws)]


async def get_session(ws: WorkspaceDep) -> AsyncIterator[Session]:
    """Yield a database session; services commit explicitly before answering.

    Opened and closed on the event loop (both are cheap): a sync generator dependency would
    need a worker thread to close the session, and under load every thread could be waiting
    for a pooled connection that only such a close would give back (a pool deadlock).
    """
    session = Session(ws.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


async def presented_csrf(request: Request) -> str | None:
    """Return the CSRF token sent with the request (header or form field)."""
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    ctype = request.headers.get("content-type", "")
    if request.method not in SAFE_METHODS and (
        ctype.startswith("application/x-www-form-urlencoded")
        or ctype.startswith("multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def user_area(session: Session, user: User) -> tuple[str, ...] | None:
    """Return the region codes an operator may see (a Polsek code expands to what it covers)."""
    if user.role != "operator":
        return None
    if not user.region:
        return ()
    unit = session.get(Unit, user.region)
    if unit is not None:
        return tuple(str(c) for c in (unit.covers or []))
    return (user.region,)


def current_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    csrf: Annotated[str | None, Depends(presented_csrf)],
) -> UserCtx:
    """Authenticate the request by bearer token or session cookie (with CSRF on writes)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token, kind = auth[7:].strip(), "api"
    else:
        token, kind = request.cookies.get(SESSION_COOKIE, ""), "session"
    if not token:
        msg = "Belum masuk: kirim token Bearer atau masuk lewat halaman /login."
        raise AuthenticationError(msg)
    digest = token_digest(token, settings.secret_key)
    row = session.scalars(
        select(AuthToken).where(AuthToken.digest == digest, AuthToken.kind == kind)
    ).first()
    if row is None or row.expires_at < now_utc():
        msg = "Sesi atau token tidak berlaku (kedaluwarsa atau sudah keluar); silakan masuk lagi."
        raise AuthenticationError(msg)
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        msg = "Akun tidak aktif."
        raise AuthenticationError(msg)
    if kind == "session" and request.method not in SAFE_METHODS and not check_csrf(row.csrf, csrf):
        msg = "Token CSRF tidak ada atau salah; muat ulang halaman lalu coba lagi."
        raise CsrfError(msg)
    ctx = UserCtx(
        id=user.id,
        name=user.name,
        role=user.role,
        region=user.region,
        area=user_area(session, user),
        via=kind,
        csrf=row.csrf,
    )
    # give the connection back before the next thread hop (the route): a request must not
    # hold a pooled connection while it waits for a worker thread
    session.rollback()
    return ctx


CurrentUser = Annotated[UserCtx, Depends(current_user)]

PUBLIC_PATHS = frozenset({"/api/auth/token", "/login", "/api/health"})
"""Paths that take requests from people not logged in (everything else needs a login)."""


def is_authenticated(request: Request) -> bool:
    """Whether the request carries a live session cookie or bearer token (no CSRF check).

    Used when a request fails validation, to answer 401 rather than describe the body to
    someone who is not logged in.
    """
    settings: Settings = request.app.state.settings
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token, kind = auth[7:].strip(), "api"
    else:
        token, kind = request.cookies.get(SESSION_COOKIE, ""), "session"
    if not token:
        return False
    ws: Workspace = request.app.state.ws
    with Session(ws.engine) as session:
        row = session.scalars(
            select(AuthToken).where(
                AuthToken.digest == token_digest(token, settings.secret_key),
                AuthToken.kind == kind,
            )
        ).first()
        return row is not None and row.expires_at >= now_utc()


def require_roles(*roles: str) -> object:
    """Return a dependency that lets only users with one of ``roles`` through."""

    def check(user: CurrentUser) -> UserCtx:
        if user.role not in roles:
            msg = (
                f"Peran '{user.role}' tidak boleh melakukan ini; "
                f"diperlukan salah satu dari: {', '.join(roles)}."
            )
            raise PermissionDeniedError(msg)
        return user

    return Depends(check)


Writer = Annotated[UserCtx, require_roles("admin", "analis", "operator")]
Analyst = Annotated[UserCtx, require_roles("admin", "analis")]
Admin = Annotated[UserCtx, require_roles("admin")]


def release_connection(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a sync endpoint so its session gives its connection back before it returns.

    FastAPI validates a sync endpoint's answer on another worker thread, and closes the
    session only after that. A request would hold a pooled connection while it waits for
    a thread, and under load every thread can be waiting for a connection held that way
    (a pool deadlock). Ending the session's transaction (a commit: services already
    committed their writes, and nothing expires) at the end of the endpoint avoids it.
    """
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    def call(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for value in kwargs.values():
            if isinstance(value, Session) and value.in_transaction():
                value.commit()
        return result

    return call


class ReleasingRouter(APIRouter):
    """An ``APIRouter`` whose sync endpoints release their connection (``release_connection``)."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        """Register ``endpoint`` wrapped by :func:`release_connection`."""
        super().add_api_route(path, release_connection(endpoint), **kwargs)
