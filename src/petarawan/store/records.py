"""The one reader of stored results: rows and JSON documents in, typed records out.

Every module that needs a stored assessment calls :func:`read_assessment` (or
:func:`list_assessments`) and works with :class:`petarawan.domain.records.AssessmentRecord`'s
attributes; a stored operation plan is read with :func:`read_plan` / :func:`list_plans` as a
:class:`petarawan.domain.records.PlanRecord`. No other module indexes a stored payload by string
key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from petarawan.domain.records import AssessmentPayload, AssessmentRecord, AssessmentSummary
from petarawan.domain.records.plan import PLAN_SCHEMA_VERSION, PlanRecord
from petarawan.errors import ConfigError, NotFoundError
from petarawan.store.models import Assessment
from petarawan.store.models_plan import PlanRow

if TYPE_CHECKING:
    from petarawan.store.workspace import Workspace

__all__ = [
    "latest_assessment_id",
    "list_assessments",
    "list_plans",
    "read_assessment",
    "read_plan",
    "save_plan",
]


def _record(row: Assessment, *, with_payload: bool) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id,
        framework=row.framework,
        framework_hash=row.framework_hash,
        inputs_hash=row.inputs_hash,
        as_of=row.as_of,
        created_at=row.created_at,
        election_id=getattr(row, "election_id", None),
        summary=AssessmentSummary.model_validate(row.summary or {}),
        payload=AssessmentPayload.model_validate(row.payload) if with_payload else None,
    )


def read_assessment(
    ws: Workspace,
    assessment_id: int | None = None,
    *,
    framework: str | None = None,
    election_id: str | None = None,
) -> AssessmentRecord | None:
    """Return one stored assessment with its full payload.

    Parameters
    ----------
    ws
        The workspace.
    assessment_id
        The assessment; None for the latest (of ``framework`` / ``election_id`` when given).
    framework
        Only when ``assessment_id`` is None: the latest of this framework.
    election_id
        Only when ``assessment_id`` is None: the latest of this election (default: the
        workspace's current election, ``ws.election_id``).

    Returns
    -------
    AssessmentRecord or None
        None when the workspace has no (matching) assessment.

    Raises
    ------
    NotFoundError
        When ``assessment_id`` is given and does not exist.
    """
    stmt = select(Assessment)
    if assessment_id is not None:
        stmt = stmt.where(Assessment.id == assessment_id)
    else:
        if framework is not None:
            stmt = stmt.where(Assessment.framework == framework)
        election = election_id or ws.election_id
        if election is not None:
            stmt = stmt.where(Assessment.election_id == election)
        stmt = stmt.order_by(Assessment.id.desc()).limit(1)
    with Session(ws.engine) as s:
        row = s.scalars(stmt).first()
        if row is None:
            if assessment_id is not None:
                msg = f"Hasil analisa {assessment_id} tidak ditemukan."
                raise NotFoundError(msg)
            return None
        return _record(row, with_payload=True)


def list_assessments(
    ws: Workspace, *, framework: str | None = None, election_id: str | None = None
) -> list[AssessmentRecord]:
    """Return every stored assessment, oldest first, without payloads (``payload`` is None)."""
    stmt = select(Assessment).options(defer(Assessment.payload)).order_by(Assessment.id)
    if framework is not None:
        stmt = stmt.where(Assessment.framework == framework)
    if election_id is not None:
        stmt = stmt.where(Assessment.election_id == election_id)
    with Session(ws.engine) as s:
        return [_record(row, with_payload=False) for row in s.scalars(stmt)]


def latest_assessment_id(
    ws: Workspace, *, framework: str | None = None, election_id: str | None = None
) -> int | None:
    """Return the id of the latest assessment (of ``framework``), None when there is none.

    Only assessments of ``election_id`` (default: the workspace's current election) count.
    """
    stmt = select(func.max(Assessment.id))
    if framework is not None:
        stmt = stmt.where(Assessment.framework == framework)
    election = election_id or ws.election_id
    if election is not None:
        stmt = stmt.where(Assessment.election_id == election)
    with Session(ws.engine) as s:
        value = s.scalar(stmt)
    return None if value is None else int(value)


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


def _plan_record(row: PlanRow) -> PlanRecord:
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
    """Return one stored plan; with ``plan_id`` None, the latest of an election.

    The election is ``election_id``, else the workspace's current election; plans stored without
    an election count for every election.

    Raises
    ------
    NotFoundError
        ``plan_id`` given and no such plan.
    """
    stmt = select(PlanRow)
    if plan_id is not None:
        stmt = stmt.where(PlanRow.id == plan_id)
    else:
        election = election_id or ws.election_id
        if election is not None:
            stmt = stmt.where(or_(PlanRow.election_id == election, PlanRow.election_id.is_(None)))
        stmt = stmt.order_by(PlanRow.id.desc()).limit(1)
    with Session(ws.engine) as s:
        row = s.scalars(stmt).first()
        if row is None:
            if plan_id is not None:
                msg = f"Rencana {plan_id} tidak ditemukan."
                raise NotFoundError(msg)
            return None
        return _plan_record(row)


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
