"""Fixtures of the web tests: a tiny registry, users of every role, clients with tokens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import shapely
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

PASSWORD = "rahasia-123"
SERVER_WORKERS = int(os.environ.get("WEB_TEST_WORKERS", "0") or 0)
"""With ``WEB_TEST_WORKERS=4`` the ``env`` tests talk over HTTP to ``petarawan serve --workers 4``
on PostgreSQL (one server for the session, the database emptied and seeded again per test);
tests marked ``in_process`` (they reach into the app object) and the SQLite variants are skipped.
"""
TEST_SECRET = "test-secret-key-0123456789"
KAB = "53.90"
KEC = ("53.90.01", "53.90.02")
DESA = ("53.90.01.2001", "53.90.01.2002", "53.90.02.2001", "53.90.02.2002")
USERS = {
    "admin": ("admin", None),
    "analis": ("analis", None),
    "op1": ("operator", "POLSEK-01"),
    "op2": ("operator", "POLSEK-02"),
    "pimpinan": ("pimpinan", None),
}


def test_client_class() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient


test_client_class.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests (the algorithm and code path stay the same)."""
    from petarawan.web import security

    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


def _square(i: int, j: int) -> bytes:
    x, y = 124.0 + 0.02 * i, -9.4 + 0.02 * j
    return shapely.to_wkb(shapely.box(x, y, x + 0.02, y + 0.02))


def seed_registry(ws: Any) -> None:
    """Write two kecamatan with two desa each, eight TPS, a Polres and two Polsek."""
    from petarawan.store.models import Region, Tps, Unit

    election = ws.require_election()  # the TPS list belongs to an election
    with Session(ws.engine) as s, s.begin():
        s.add(Region(code="53", name="Nusa Tenggara Timur", level="provinsi", kind="provinsi"))
        s.add(
            Region(
                code=KAB, name="Kabupaten Uji", level="kabkota", kind="kabupaten", parent_code="53"
            )
        )
        for k, code in enumerate(KEC):
            s.add(
                Region(
                    code=code,
                    name=f"Kecamatan {k + 1}",
                    level="kecamatan",
                    kind="kecamatan",
                    parent_code=KAB,
                )
            )
        for i, code in enumerate(DESA):
            s.add(
                Region(
                    code=code,
                    name=f"Desa {i + 1}",
                    level="desa",
                    kind="desa",
                    parent_code=code[:8],
                    area_km2=4.9,
                    geometry=_square(i, 0),
                )
            )
            for n in (1, 2):
                s.add(
                    Tps(
                        election_id=election,
                        tps_id=code.replace(".", "") + f"{n:03d}",
                        desa_code=code,
                        number=n,
                        voters=250,
                        lon=124.01 + 0.02 * i,
                        lat=-9.39,
                        location_source="surveyed",
                        khusus=False,
                        flags={},
                    )
                )
        s.add(
            Unit(
                code="POLRES-UJI",
                name="Polres Uji",
                kind="polres",
                covers=[KAB],
                polri=100,
                lon=124.05,
                lat=-9.39,
            )
        )
        for k, code in enumerate(KEC):
            s.add(
                Unit(
                    code=f"POLSEK-0{k + 1}",
                    name=f"Polsek {k + 1}",
                    kind="polsek",
                    parent_code="POLRES-UJI",
                    covers=[code],
                    polri=20,
                    lon=124.01 + 0.04 * k,
                    lat=-9.39,
                )
            )


@dataclass
class Env:
    app: Any
    ws: Any
    client: Any
    tokens: dict[str, str]

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def incident(self, who: str = "admin", desa: str = DESA[0], **extra: Any) -> dict[str, Any]:
        body = {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "intimidasi",
            "severity": 3,
            "desa_code": desa,
            **extra,
        }
        r = self.client.post("/api/incidents", json=body, headers=self.h(who))
        assert r.status_code == 201, r.text
        return dict(r.json())


def make_settings(path: Path, db_url: str | None, **kw: Any) -> Any:
    from petarawan.web.settings import Settings

    base: dict[str, Any] = {
        "workspace": path,
        "db_url": db_url,
        "secret_key": TEST_SECRET,
        "environment": "test",
        "throttle_per_min": 1000,
        "reassess": False,
        # the test client speaks plain HTTP from "testclient" (not loopback): Secure cookies
        # would not come back; the automatic default is tested in test_auth
        "cookie_secure": False,
    }
    base.update(kw)
    return Settings(**base)


def _seed_users(ws: Any) -> None:
    from petarawan.web.services import add_user

    with Session(ws.engine) as s:
        for name, (role, region) in USERS.items():
            add_user(s, name, PASSWORD, role, region, by="test")


def _tokens(client: Any) -> dict[str, str]:
    tokens = {}
    for name in USERS:
        r = client.post("/api/auth/token", json={"username": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        tokens[name] = r.json()["access_token"]
    return tokens


@pytest.fixture
def env(request: pytest.FixtureRequest, tmp_path: Path, db_url: str | None) -> Iterator[Env]:
    """A web app on a tiny registry with one user of each role and a token for each."""
    if SERVER_WORKERS:
        if db_url is None:
            pytest.skip("WEB_TEST_WORKERS: the multi-worker server runs on PostgreSQL only")
        if request.node.get_closest_marker("in_process"):
            pytest.skip("WEB_TEST_WORKERS: this test reaches into the app object")
        server = request.getfixturevalue("worker_server")
        yield server.fresh()
        return
    from petarawan.store import Workspace
    from petarawan.web.app import create_app

    path = tmp_path / "ws"
    ws = Workspace.open(path, db_url)
    seed_registry(ws)
    _seed_users(ws)
    ws.close()
    app = create_app(make_settings(path, db_url))
    client = test_client_class()(app)
    tokens = _tokens(client)
    try:
        yield Env(app, app.state.ws, client, tokens)
    finally:
        client.close()
        app.state.ws.close()


class WorkerServer:
    """``petarawan serve --workers N`` on one PostgreSQL database, reset before each test."""

    def __init__(self, base: str, ws: Any) -> None:
        self.base = base
        self.ws = ws
        self.client: Any = None

    def fresh(self) -> Env:
        from sqlalchemy import inspect, text

        names = [
            t
            for t in inspect(self.ws.engine).get_table_names()
            if t not in ("alembic_version", "ws_revision")
        ]
        with self.ws.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        seed_registry(self.ws)
        _seed_users(self.ws)
        if self.client is not None:
            self.client.close()
        import httpx

        self.client = httpx.Client(base_url=self.base, follow_redirects=True, timeout=120)
        return Env(None, self.ws, self.client, _tokens(self.client))


@pytest.fixture(scope="session")
def worker_server(
    pg_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerServer]:
    """Start the multi-worker server once for the session (see :data:`SERVER_WORKERS`)."""
    import httpx
    import psycopg

    from petarawan.store import Workspace

    name = f"petarawan_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    path = tmp_path_factory.mktemp("server") / "ws"
    ws = Workspace.open(path, url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PETARAWAN_")},
        "PETARAWAN_SECRET_KEY": TEST_SECRET,
        "PETARAWAN_ENVIRONMENT": "test",
        "PETARAWAN_THROTTLE_PER_MIN": "100000",
        "PETARAWAN_REASSESS": "false",
    }
    log = (path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "petarawan",
            "serve",
            "-w",
            str(path),
            "--db",
            url,
            "--port",
            str(port),
            "--workers",
            str(SERVER_WORKERS),
        ],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, (path / "serve.log").read_text()
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.5)
    server = WorkerServer(base, ws)
    try:
        yield server
    finally:
        if server.client is not None:
            server.client.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        ws.close()
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
