"""Shared fixtures: real data location, database backends (SQLite and PostgreSQL), workspaces."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT / ".." / "shared" / "data").resolve()
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never inherit a workspace or database from the developer's shell."""
    for name in list(os.environ):
        if name.startswith("PETARAWAN_"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data folder ``../shared/data``; skipped when absent, unless CI=true."""
    if not SHARED_DATA.is_dir():
        if IN_CI:
            pytest.fail(f"shared data folder {SHARED_DATA} is missing in CI")
        pytest.skip("../shared/data is not available")
    return SHARED_DATA


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The local PostgreSQL admin connection string; skipped if none answers (fails in CI)."""
    if not _pg_available():
        if IN_CI:
            pytest.fail("PostgreSQL at 127.0.0.1:5432 does not answer; CI requires it")
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    return PG_ADMIN


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    import psycopg

    name = f"petarawan_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        from sqlalchemy.pool import NullPool  # noqa: F401  (engines are disposed by the tests)

        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str | None:
    """Run a test on both backends: ``None`` means the workspace's SQLite file."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def workspace(tmp_path: Path, db_url: str | None) -> Iterator[object]:
    """An empty workspace on each backend."""
    from petarawan.store import Workspace

    ws = Workspace.open(tmp_path / "ws", db_url)
    try:
        yield ws
    finally:
        ws.close()
