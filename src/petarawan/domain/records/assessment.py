"""The stored assessment: a typed, versioned view of an index computation snapshot.

An assessment row keeps two JSON documents: ``summary`` (sentences, class counts, gaps) and
``payload`` (:meth:`petarawan.domain.index.IndexResult.to_dict` plus the uncertainty table).
:class:`AssessmentRecord` is the one shape the rest of the code sees; it is built only by
:func:`petarawan.store.records.read_assessment`.

``schema_version`` counts changes of this shape; version 1 is the shape of every assessment
stored before the records existed, so old snapshots read unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "AssessmentPayload",
    "AssessmentRecord",
    "AssessmentSummary",
    "FramePayload",
    "LevelPayload",
    "UncertaintyPayload",
]

SCHEMA_VERSION = 1
"""The version of :class:`AssessmentRecord` this code writes and reads."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class FramePayload(_Frozen):
    """A table stored as ``index``, ``columns`` and row-wise ``data`` (``None`` for missing)."""

    index: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    data: list[list[Any]] = Field(default_factory=list)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> FramePayload:
        """Return the JSON-ready form of a frame (NaN → ``None``, numpy scalars → Python)."""
        if frame.empty:
            return cls()
        f = frame.astype(object).where(frame.notna(), None)
        return cls(
            index=[str(i) for i in f.index],
            columns=[str(c) for c in f.columns],
            data=[
                [v.item() if hasattr(v, "item") else v for v in row]
                for row in f.itertuples(index=False, name=None)
            ],
        )

    def frame(self) -> pd.DataFrame:
        """Return the table as a frame indexed by the stored (string) index."""
        index = pd.Index([str(i) for i in self.index], dtype=object)
        if not self.columns:
            return pd.DataFrame(index=index)
        return pd.DataFrame(self.data, index=index, columns=self.columns)

    def column(self, name: str) -> dict[str, Any]:
        """Return one column as ``{index: value}``; empty when the column is absent."""
        if name not in self.columns:
            return {}
        k = self.columns.index(name)
        return {i: row[k] for i, row in zip(self.index, self.data, strict=True)}

    def row(self, key: str) -> dict[str, Any] | None:
        """Return one row as ``{column: value}``, or None when the key is absent."""
        if key not in self.index:
            return None
        return dict(zip(self.columns, self.data[self.index.index(key)], strict=True))


class LevelPayload(_Frozen):
    """The stored tables of one level of an index result."""

    method: str
    table: FramePayload = Field(default_factory=FramePayload)
    contributions: FramePayload = Field(default_factory=FramePayload)
    raw: FramePayload = Field(default_factory=FramePayload)
    normalised: FramePayload = Field(default_factory=FramePayload)
    imputed: FramePayload = Field(default_factory=FramePayload)
    classes: FramePayload = Field(default_factory=FramePayload)
    extra: FramePayload = Field(default_factory=FramePayload)
    class_counts: FramePayload = Field(default_factory=FramePayload)


class UncertaintyPayload(_Frozen):
    """The Monte Carlo uncertainty table of one level (see :mod:`petarawan.domain.uncertainty`)."""

    level: str
    draws: int
    seed: int
    table: FramePayload = Field(default_factory=FramePayload)


class AssessmentPayload(_Frozen):
    """The full result: framework (as canonical JSON), per-level tables, gaps and uncertainty."""

    framework: str
    framework_version: str = "1"
    framework_hash: str = ""
    framework_json: str
    root: str
    scale: int = 100
    levels: dict[str, LevelPayload] = Field(default_factory=dict)
    missing: dict[str, list[str]] = Field(default_factory=dict)
    treatments: dict[str, dict[str, str]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    uncertainty: UncertaintyPayload | None = None

    def classes(self, level: str) -> dict[str, str | None]:
        """Return the class of every unit of ``level`` (``{}`` when the level is not scored)."""
        lv = self.levels.get(level)
        if lv is None:
            return {}
        return {k: (None if v is None else str(v)) for k, v in lv.table.column("class").items()}


class AssessmentSummary(_Frozen):
    """The short, stored description of an assessment shown in lists, the web and the CLI."""

    model_config = ConfigDict(frozen=True, extra="allow")

    sentences: list[str] = Field(default_factory=list)
    missing: dict[str, list[str]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)
    uncertainty: str | None = None
    live: bool = False


class AssessmentRecord(_Frozen):
    """One stored assessment (an immutable snapshot of an index computation).

    Attributes
    ----------
    schema_version
        Version of this shape (:data:`SCHEMA_VERSION`).
    id
        The assessment's id in the workspace.
    framework, framework_hash, inputs_hash
        The framework id, and the hashes that make the snapshot reproducible.
    as_of, created_at
        The moment the data describe, and when the snapshot was stored (naive UTC).
    election_id
        The election the assessment belongs to (``pilkada2024`` …), None when not recorded.
    summary
        Sentences, class counts and gaps.
    payload
        The full result; None for a listing (see :func:`petarawan.store.records.list_assessments`).
    """

    schema_version: int = SCHEMA_VERSION
    id: int
    framework: str
    framework_hash: str
    inputs_hash: str
    as_of: datetime
    created_at: datetime
    election_id: str | None = None
    summary: AssessmentSummary = Field(default_factory=AssessmentSummary)
    payload: AssessmentPayload | None = None

    def classes(self, level: str) -> dict[str, str | None]:
        """Return the class of every unit of ``level`` (``{}`` without a payload or level)."""
        return self.payload.classes(level) if self.payload is not None else {}
