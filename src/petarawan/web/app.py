"""Assembly of the operations-room web app: settings, workspace, middleware, routes, assets."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from petarawan.store import Workspace
from petarawan.web.errors import add_exception_handlers
from petarawan.web.services import LiveRegions
from petarawan.web.settings import Settings, get_settings

__all__ = ["create_app"]

HERE = Path(__file__).parent
REQUEST_THREADS = 10
"""Requests served at once per worker: fewer than half the 30 connections of the database pool
(a request may read on a second connection while holding its session's), and 4 workers stay
below PostgreSQL's 100 connections."""
CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Content-Security-Policy of every answer: scripts only from our own files (no inline
script or handler can run, whatever text reaches a page); inline styles stay allowed for
the printed report's stylesheet and bar widths."""
log = logging.getLogger("petarawan.web.access")


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413 (declared or streamed).

    A streamed (chunked) body is counted as it arrives; once it passes the limit the 413 is
    sent at once and the application is told the client left, so whatever it answers after
    that is dropped (it would otherwise turn the broken body into a 400).

    Paths in ``wide`` (field reports with up to 3 photos of 5 MB) may send ``wide_limit``.
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        wide: tuple[str, ...] = (),
        wide_limit: int = 0,
    ) -> None:
        self.app = app
        self.limit = limit
        self.wide = wide
        self.wide_limit = wide_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wide = scope.get("path") in self.wide
        limit = max(self.limit, self.wide_limit) if wide else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        seen = 0
        refused = False
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def limited() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    if not started:
                        await _too_large(send, limit)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, limited, guarded_send)
        except _TooLargeError:
            if not refused and not started:
                await _too_large(send, limit)
        except Exception:
            if not refused:
                raise


class _TooLargeError(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"Isi permintaan terlalu besar; batasnya {limit} bita."}, ensure_ascii=False
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AccessLog:
    """Write one JSON line per request (method, path, status, duration) and security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy", CSP),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            log.info(
                json.dumps(
                    {
                        "event": "request",
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "ms": round((time.perf_counter() - start) * 1000, 1),
                    }
                )
            )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app for one workspace (migrations are applied when it opens).

    Parameters
    ----------
    settings
        Deployment settings; ``None`` reads them from ``PETARAWAN_*`` variables.
    """
    settings = settings or get_settings()
    ws = Workspace.open(settings.workspace, settings.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Request threads × 2 below the pool's connections: a request holds its session's
        # connection and some reads open a second one; with more threads, every thread could
        # hold one and wait for another (a pool deadlock under load).
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = REQUEST_THREADS
        yield
        ws.close()

    app = FastAPI(
        title="petarawan — ruang operasi",
        version="0.1.0",
        description="Log insiden, analisa ulang, peringatan dan register koordinasi Pilkada.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.ws = ws
    app.state.regions = LiveRegions(ws)
    app.state.tz = ws.timezone()
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    add_exception_handlers(app)

    from xstatic.pkg import leaflet

    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    import petarawan.services.assessment  # noqa: F401  (load the index engine now, not on first use)
    from petarawan.web.routes import api, field, lists, pages, sitrep

    app.include_router(api.router)
    app.include_router(field.router)
    app.include_router(lists.router)
    app.include_router(sitrep.router)
    app.include_router(pages.router)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        wide=("/api/field/incidents",),
        wide_limit=16_000_000,
    )
    app.add_middleware(AccessLog)
    return app


def app_factory() -> Any:
    """Uvicorn factory reading settings from the environment (``uvicorn --factory``)."""
    return create_app()
