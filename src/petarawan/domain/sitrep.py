"""What the daily situation report (*laporan situasi harian*) holds, already named for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["NOTABLE_SEVERITY", "Notable", "Sitrep"]

NOTABLE_SEVERITY = 4
"""An incident is *menonjol* (notable) from this severity on, or with any casualty."""


@dataclass(frozen=True)
class Notable:
    """A notable incident (*kejadian menonjol*) of the day."""

    id: int
    occurred_at: datetime
    type: str
    phase: str | None
    severity: int
    casualties: int
    desa: str
    kecamatan: str
    status: str
    description: str


@dataclass(frozen=True)
class Sitrep:
    """Everything the daily situation report says, already named for people."""

    day: date
    tz: str
    made_at: datetime
    regency: str
    incidents: int
    casualties: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_kecamatan: dict[str, int]
    notable: list[Notable]
    alerts: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    overdue: list[tuple[str, str, datetime]] = field(default_factory=list)
    previous_day: int = 0
