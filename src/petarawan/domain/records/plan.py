"""The stored operation plan (Renpam): a typed, versioned, immutable record.

A plan row keeps the record as one JSON document; :class:`PlanRecord` is the one shape the rest
of the code sees, built only by :func:`petarawan.store.records.read_plan` (and by the planner
before it is stored). ``schema_version`` counts changes of this shape.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "PLAN_SCHEMA_VERSION",
    "Assignment",
    "BkoRequest",
    "Budget",
    "Count",
    "ObjectDuty",
    "Peak",
    "Penebalan",
    "PlanRecord",
    "Pools",
    "RayonInfo",
    "ReserveCover",
    "ReservePlacement",
    "ReservePosition",
    "StageResult",
    "Strength",
    "TaskResult",
    "TpsDuty",
    "UnitPool",
]

PLAN_SCHEMA_VERSION = 1
"""The version of :class:`PlanRecord` this code writes and reads."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Pools(_Frozen):
    """Personnel per pool."""

    polri: int = 0
    brimob: int = 0
    tni: int = 0
    linmas: int = 0


class Count(_Frozen):
    """A Polri count."""

    polri: int = 0


class Assignment(_Frozen):
    """Personnel of one unit on one site of a task, with the travel minutes and their method."""

    unit: str
    unit_name: str
    task: str
    kind: str
    ref: str
    label: str
    polri: int
    minutes: float
    method: str | None = None


class Penebalan(_Frozen):
    """Reinforcement (*penebalan*) of a named Polsek by BKO from Polda."""

    unit: str
    unit_name: str
    polri: int


class TaskResult(_Frozen):
    """One task in one stage: its requirement and what was assigned."""

    id: str
    name: str
    satgas: str
    rule: str
    sites: int
    shifts: int = 1
    required: Pools
    assigned: Count
    shortfall: Count


class StageResult(_Frozen):
    """One stage of the operation."""

    id: str
    name: str
    start: date
    end: date
    days: int
    required: Pools
    assigned: Count
    shortfall: Count
    personnel_days: int
    tasks: list[TaskResult]
    satgas: dict[str, int]
    assignments: list[Assignment]
    penebalan: list[Penebalan]
    short_by_area: dict[str, int] = Field(default_factory=dict)
    status: str
    gap: float


class Peak(_Frozen):
    """The stage that needs most Polri and the tasks that drive it."""

    stage: str
    stage_name: str
    polri: int
    tasks: list[TaskResult]


class BkoRequest(_Frozen):
    """*Permintaan BKO dari Polda*: Polri for the penebalan of named Polsek, and Brimob."""

    polri: int
    brimob: int
    stage: str
    penebalan: list[Penebalan]


class TpsDuty(_Frozen):
    """Personel Pam TPS on voting day by the pattern."""

    polri: int
    linmas: int
    tps: int
    groups: int
    lower_bound: int
    by_category: dict[str, Pools]


class ObjectDuty(_Frozen):
    """An object secured by the operation and its largest daily staffing."""

    code: str
    kind: str
    name: str
    desa: str | None = None
    polri: int = 0


class ReservePosition(_Frozen):
    """A position of a reserve force (at a unit's location)."""

    unit: str
    unit_name: str
    rayon: str | None = None


class ReservePlacement(_Frozen):
    """A reserve force (Dalmas, PHH, Brimob on BKO) and where it waits."""

    id: str
    name: str
    kind: str
    polri: int
    brimob: int
    from_polda: bool
    positions: list[ReservePosition]
    response_minutes: float
    coverage_minutes: float | None
    covered_share: float | None
    demand_points: int
    model: str


class ReserveCover(_Frozen):
    """The fastest reserve position for one TPS and its response time."""

    tps_id: str
    reserve: str
    unit: str
    minutes: float


class RayonInfo(_Frozen):
    """A rayon of the operation and its commander in the field (Padal)."""

    id: str
    name: str
    kecamatan: list[str]
    padal: str = ""


class UnitPool(_Frozen):
    """A unit's strength, the share kept on routine service and the pool on the operation."""

    code: str
    name: str
    kind: str | None = None
    strength: int
    routine: int
    operation: int


class Strength(_Frozen):
    """Strength of the Polres and alongside forces."""

    polri: int
    routine: int
    operation: int
    routine_share: float
    tni: int
    linmas: int
    units: list[UnitPool]


class Budget(_Frozen):
    """Personnel-days per stage times the daily rate (the DIPA figure)."""

    daily_rate: float | None
    personnel_days: int
    total: float | None
    by_stage: dict[str, int]


class PlanRecord(_Frozen):
    """A stored operation plan.

    Attributes
    ----------
    id
        Row id (0 before it is stored).
    plan_hash
        SHA-256 of everything the plan decided (not the id, author or time): the same inputs
        give the same hash.
    """

    schema_version: int = PLAN_SCHEMA_VERSION
    id: int = 0
    plan_hash: str = ""
    election_id: str | None = None
    operation_id: str
    operation_name: str
    operation_hash: str
    inputs_hash: str
    pattern_id: str
    author: str | None = None
    created_at: datetime | None = None
    strength: Strength
    stages: list[StageResult]
    peak: Peak
    bko_request: BkoRequest
    tps_duty: TpsDuty
    objects: list[ObjectDuty]
    reserves: list[ReservePlacement]
    tps_cover: list[ReserveCover] = Field(default_factory=list)
    rayons: list[RayonInfo] = Field(default_factory=list)
    travel: dict[str, int] = Field(default_factory=dict)
    max_unit_minutes: float = 120.0
    budget: Budget
    notices: list[str] = Field(default_factory=list)

    def content_hash(self) -> str:
        """Hash of the plan's decisions (excludes id, hash, author and time)."""
        data = self.model_dump(mode="json", exclude={"id", "plan_hash", "author", "created_at"})
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def stage(self, stage_id: str) -> StageResult:
        """Return one stage by id."""
        for s in self.stages:
            if s.id == stage_id:
                return s
        msg = f"tahap '{stage_id}' tidak ada di rencana {self.id}"
        raise KeyError(msg)

    def voting_stage(self) -> StageResult | None:
        """Return the stage with TPS duty (voting day), if any."""
        for s in self.stages:
            if any(t.rule == "tps" for t in s.tasks):
                return s
        return None
