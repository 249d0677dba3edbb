"""Engines, sessions and schema migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError

from petarawan.errors import ConfigError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
DB_FILENAME = "petarawan.db"


def sqlite_url(workspace: Path) -> str:
    """Return the SQLite URL of the database file inside a workspace folder."""
    return f"sqlite:///{(workspace / DB_FILENAME).resolve()}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=10, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    # up to 30 connections per process: more than twice the web app's request threads, so
    # a request that reads on a second connection can never wait on a full pool for ever
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """Return the newest migration revision shipped with this version."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def shipped_heads() -> set[str]:
    """Return the revisions no shipped migration builds on, read from the files' text.

    A cheap look at ``migrations/versions`` (no Alembic import), so opening a workspace that
    is already up to date costs no more than a query; :func:`head_revision` is the authority
    and a test checks that both agree.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        body = path.read_text(encoding="utf-8")
        found = _REVISION.search(body)
        if found is None:
            continue
        revisions.add(found.group(1))
        parents.update(_DOWN_REVISION.findall(body))
    return revisions - parents


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        msg = f"Basis data tidak dapat dibuka ({engine.url.render_as_string()}): {exc.orig}"
        raise ConfigError(msg) from exc


def upgrade(engine: Engine) -> str | None:
    """Apply every pending migration, then re-install any missing revision trigger.

    Returns the revision the database was at before an upgrade (None when it was new or
    already at head), so the caller can tell the user what a migration did. Alembic is imported
    only when the database is not at the shipped head.
    """
    current = _current_revision(engine)
    heads = shipped_heads()
    before = None
    if not (len(heads) == 1 and current in heads):
        from alembic import command

        if current != head_revision():
            cfg = _alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            before = current
    from petarawan.store.revision import ensure_triggers

    with engine.begin() as conn:
        ensure_triggers(conn)
    return before
