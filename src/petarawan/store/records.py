"""The one reader of stored results: rows and JSON documents in, typed records out.

Every module that needs a stored plan calls :func:`read_plan` (or :func:`list_plans`) and works
with :class:`petarawan.domain.records.PlanRecord`'s attributes; no other module indexes a stored
payload by string key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from petarawan.domain.records.plan import PLAN_SCHEMA_VERSION, PlanRecord
from petarawan.errors import ConfigError, NotFoundError
from petarawan.store.models_plan import PlanRow

if TYPE_CHECKING:
    from petarawan.store.workspace import Workspace

__all__ = ["list_plans", "read_plan", "save_plan"]


def save_plan(ws: Workspace, record: PlanRecord) -> PlanRecord:
    """Store a plan (never changed afterwards) and return it with its id, hash and time."""
    created = record.created_at or datetime.now(UTC).replace(tzinfo=None)
    plan_hash = record.content_hash()
    with ws.session() as s:
        row = PlanRow(
            created_at=created,
            author=record.author,
            election_id=record.election_id,
            operation_id=record.operation_id,
            operation_hash=record.operation_hash,
            inputs_hash=record.inputs_hash,
            plan_hash=plan_hash,
            schema_version=PLAN_SCHEMA_VERSION,
            record={},
        )
        s.add(row)
        s.flush()
        stored = record.model_copy(
            update={"id": int(row.id), "plan_hash": plan_hash, "created_at": created}
        )
        row.record = stored.model_dump(mode="json")
    return stored


def _record(row: PlanRow) -> PlanRecord:
    if row.schema_version > PLAN_SCHEMA_VERSION:
        msg = (
            f"Rencana {row.id} disimpan oleh versi petarawan yang lebih baru (skema "
            f"{row.schema_version}); perbarui petarawan untuk membacanya."
        )
        raise ConfigError(msg)
    data: dict[str, Any] = dict(row.record)
    data.update(id=row.id, plan_hash=row.plan_hash)
    return PlanRecord.model_validate(data)


def read_plan(
    ws: Workspace, plan_id: int | None = None, *, election_id: str | None = None
) -> PlanRecord | None:
    """Return one stored plan (the latest, of ``election_id`` when given, if ``plan_id`` is None).

    Raises
    ------
    NotFoundError
        ``plan_id`` given and no such plan.
    """
    stmt = select(PlanRow)
    if plan_id is not None:
        stmt = stmt.where(PlanRow.id == plan_id)
    else:
        if election_id is not None:
            stmt = stmt.where(PlanRow.election_id == election_id)
        stmt = stmt.order_by(PlanRow.id.desc()).limit(1)
    with Session(ws.engine) as s:
        row = s.scalars(stmt).first()
        if row is None:
            if plan_id is not None:
                msg = f"Rencana {plan_id} tidak ditemukan."
                raise NotFoundError(msg)
            return None
        return _record(row)


def list_plans(ws: Workspace, *, election_id: str | None = None) -> list[dict[str, Any]]:
    """List stored plans without their results: id, time, author, election, operation, hashes."""
    stmt = select(
        PlanRow.id,
        PlanRow.created_at,
        PlanRow.author,
        PlanRow.election_id,
        PlanRow.operation_id,
        PlanRow.operation_hash,
        PlanRow.inputs_hash,
        PlanRow.plan_hash,
    ).order_by(PlanRow.id)
    if election_id is not None:
        stmt = stmt.where(PlanRow.election_id == election_id)
    with Session(ws.engine) as s:
        return [dict(r) for r in s.execute(stmt).mappings()]
