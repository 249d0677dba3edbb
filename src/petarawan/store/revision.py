"""Workspace revisions: counters in the database that every write bumps, per topic.

Caches in the web app (map layers, index inputs, desa polygons, the dashboard) are keyed by
these counters instead of by anything held in one process's memory, so several server workers
(and the CLI writing next to a running server) never serve each other stale answers.

The counters are bumped by database triggers (installed by migration 0006 and re-checked
each time a workspace opens), so no write path (ORM, Core, pandas, the importer, another
program) can forget to bump them. A bump is part of the writing transaction: readers see the
new revision exactly when they can see the new rows.

=============  ==========================================================================
Topic          Tables whose writes bump it
=============  ==========================================================================
registry       regions, tps, units, elections, tps_links
indicators     indicator_values, indicator_meta, dynamics
assessments    assessments
ops            incidents, incident_events, alerts, stakeholders, engagements
plans          plans, objects, personnel
=============  ==========================================================================

A table added later is not covered until it is listed here (the triggers are installed at
the next open); caches that read such a table must also bound their age.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

__all__ = ["TOPICS", "ensure_triggers", "revisions", "workspace_key", "workspace_lock"]

TOPICS: dict[str, tuple[str, ...]] = {
    "registry": ("regions", "tps", "units", "elections", "tps_links"),
    "indicators": ("indicator_values", "indicator_meta", "dynamics"),
    "assessments": ("assessments",),
    "ops": ("incidents", "incident_events", "alerts", "stakeholders", "engagements"),
    "plans": ("plans", "objects", "personnel"),
}
TABLE = "ws_revision"
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION petarawan_bump_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ws_revision SET n = n + 1 WHERE topic = TG_ARGV[0];
    RETURN NULL;
END;
$$
"""


def _trigger_names(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    else:
        rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
    return {str(r[0]) for r in rows}


def ensure_triggers(conn: Connection) -> int:
    """Install the revision triggers that are missing (idempotent); return how many were added.

    Re-checked at every open because an SQLite batch migration that rebuilds a table drops
    the table's triggers.
    """
    tables = set(inspect(conn).get_table_names())
    if TABLE not in tables:
        return 0
    have = _trigger_names(conn)
    added = 0
    sqlite = conn.dialect.name == "sqlite"
    if not sqlite and "petarawan_bump_revision" not in {
        str(r[0]) for r in conn.execute(text("SELECT proname FROM pg_proc"))
    }:
        conn.execute(text(_PG_FUNCTION))
    for topic, names in TOPICS.items():
        conn.execute(
            text(
                f"INSERT INTO {TABLE} (topic, n) SELECT CAST(:t AS VARCHAR(20)), 0 "
                f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE topic = :t)"
            ),
            {"t": topic},
        )
        for table in names:
            if table not in tables:
                continue
            if sqlite:
                for op in ("INSERT", "UPDATE", "DELETE"):
                    name = f"rev_{table}_{op.lower()}"
                    if name in have:
                        continue
                    conn.execute(
                        text(
                            f"CREATE TRIGGER {name} AFTER {op} ON {table} BEGIN "
                            f"UPDATE {TABLE} SET n = n + 1 WHERE topic = '{topic}'; END"
                        )
                    )
                    added += 1
            else:
                name = f"rev_{table}"
                if name in have:
                    continue
                conn.execute(
                    text(
                        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                        f"ON {table} FOR EACH STATEMENT "
                        f"EXECUTE FUNCTION petarawan_bump_revision('{topic}')"
                    )
                )
                added += 1
    return added


def revisions(engine: Engine | Connection) -> dict[str, int]:
    """Return the current revision of every topic (0 for a database without the table)."""
    stmt = text(f"SELECT topic, n FROM {TABLE}")
    if isinstance(engine, Connection):
        rows = engine.execute(stmt).all()
    else:
        with engine.connect() as conn:
            rows = conn.execute(stmt).all()
    out = dict.fromkeys(TOPICS, 0)
    out.update({str(t): int(n) for t, n in rows})
    return out


def workspace_key(ws: Any) -> str:
    """Return a key naming a workspace's database (stable across objects and processes)."""
    return str(ws.engine.url)


_LOCAL_LOCKS: dict[str, threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


@contextmanager
def workspace_lock(ws: Any, name: str) -> Iterator[None]:
    """Hold a named lock over a workspace, across server workers.

    On PostgreSQL this is a session advisory lock (every worker and the CLI see it); SQLite is
    served by one worker only (``serve`` refuses more), so a lock in this process suffices.
    """
    if ws.engine.dialect.name == "postgresql":
        ident = zlib.crc32(f"petarawan:{name}".encode())
        with ws.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ident})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ident})
                conn.commit()
        return
    key = f"{workspace_key(ws)}:{name}"
    with _LOCAL_GUARD:
        lock = _LOCAL_LOCKS.setdefault(key, threading.Lock())
    with lock:
        yield
