"""Typed stored results: one frozen, versioned pydantic model per kind of stored result.

Each model has one reader in :mod:`petarawan.store.records`; every other module reads results
through these models' attributes, never by indexing a stored JSON payload by string key.

- :mod:`~petarawan.domain.records.assessment`: :class:`AssessmentRecord` (an index computation).
- :mod:`~petarawan.domain.records.plan`: :class:`PlanRecord` (an operation plan, Renpam).
"""

from petarawan.domain.records.assessment import (
    AssessmentPayload,
    AssessmentRecord,
    AssessmentSummary,
    FramePayload,
    LevelPayload,
    UncertaintyPayload,
)
from petarawan.domain.records.plan import PLAN_SCHEMA_VERSION, PlanRecord

__all__ = [
    "PLAN_SCHEMA_VERSION",
    "AssessmentPayload",
    "AssessmentRecord",
    "AssessmentSummary",
    "FramePayload",
    "LevelPayload",
    "PlanRecord",
    "UncertaintyPayload",
]
