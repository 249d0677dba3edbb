"""Web services shared by every topic: serialising rows, the audit log, the write lock."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from petarawan.store.models_ops import (
    AuditEntry,
)
from petarawan.web.deps import now_utc

MAX_DUPLICATES = 20
INCIDENT_FIELDS = (
    "id",
    "ref",
    "occurred_at",
    "election",
    "phase",
    "type",
    "severity",
    "casualties",
    "desa_code",
    "tps_id",
    "lon",
    "lat",
    "source",
    "status",
    "description",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def row_dict(row: Any, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Return a table row as a JSON-ready dict (for the audit log and the API)."""
    names = fields or tuple(c.key for c in row.__table__.columns)
    return {n: _plain(getattr(row, n)) for n in names}


def audit(
    session: Session,
    user: str | None,
    action: str,
    entity: str,
    entity_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """Record a write in the audit log (same transaction as the write itself)."""
    session.add(
        AuditEntry(
            at=now_utc(),
            user_name=user,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
        )
    )


_WRITE_LOCK = threading.Lock()

_F = TypeVar("_F", bound=Callable[..., Any])


def serialised(fn: _F) -> _F:
    """Run a write under one in-process lock when the database is SQLite.

    SQLite admits one writer at a time and makes the others sleep-and-retry; queueing them on
    a lock instead keeps write latency low under many concurrent users.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = next((a for a in args if isinstance(a, Session)), None)
        bind = session.get_bind() if session is not None else None
        if bind is not None and bind.dialect.name == "sqlite":
            with _WRITE_LOCK:
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
