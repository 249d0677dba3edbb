"""Request and response models of the JSON API (``XCreate`` / ``XPublic`` / ``XsPublic``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from petarawan.domain import columns as C
from petarawan.io.parse import check_plausible_date

__all__ = [
    "AlertPublic",
    "AlertsPublic",
    "EngagementCreate",
    "EngagementPublic",
    "EngagementsPublic",
    "IncidentCreate",
    "IncidentEventPublic",
    "IncidentPublic",
    "IncidentStatusUpdate",
    "IncidentsPublic",
    "LoginBody",
    "StakeholderCreate",
    "StakeholderPublic",
    "StakeholdersPublic",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
]

Phase = Literal[
    "pra_kampanye", "kampanye", "masa_tenang", "pemungutan_penghitungan", "rekapitulasi", "pasca"
]
IncidentType = Literal[
    "kekerasan",
    "intimidasi",
    "politik_uang",
    "sara",
    "netralitas",
    "logistik",
    "perusakan",
    "penolakan",
    "gangguan_kamtibmas",
    "pelanggaran_administrasi",
    "bencana",
    "lainnya",
]
Status = Literal["dilaporkan", "diverifikasi", "ditangani", "selesai", "ditolak"]
Role = Literal["admin", "analis", "operator", "pimpinan"]
StakeholderRole = Literal[
    "ketua_partai",
    "tim_paslon",
    "tokoh_agama",
    "tokoh_adat",
    "tokoh_masyarakat",
    "kepala_desa",
    "penyelenggara",
    "lainnya",
]
assert set(Phase.__args__) == set(C.PHASES)  # type: ignore[attr-defined]
assert set(IncidentType.__args__) == set(C.INCIDENT_TYPES)  # type: ignore[attr-defined]

PlausibleDate = Annotated[datetime, AfterValidator(check_plausible_date)]
"""A date between 1990-01-01 and a year from now (``io.parse.check_plausible_date``)."""

CODE_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LoginBody(_In):
    """User name and password."""

    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class TokenPublic(BaseModel):
    """A bearer token for the API."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime


class UserCreate(_In):
    """A new user."""

    name: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Role
    region: str | None = Field(default=None, max_length=40)


class UserPublic(BaseModel):
    """A user as the API shows it (never the password hash)."""

    id: int
    name: str
    role: str
    region: str | None
    active: bool
    locked_until: datetime | None = None


class IncidentCreate(_In):
    """An incident report: when, what, how serious, where (desa and/or map point)."""

    occurred_at: PlausibleDate
    phase: Phase
    type: IncidentType
    severity: int = Field(ge=1, le=5)
    casualties: int = Field(default=0, ge=0, le=100_000)
    desa_code: str | None = Field(default=None, pattern=CODE_PATTERN)
    tps_id: str | None = Field(default=None, pattern=r"^\d{13}$")
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    description: str | None = Field(default=None, max_length=5000)
    source: str | None = Field(default=None, max_length=60)
    election: str | None = Field(default=None, max_length=40)
    ref: str | None = Field(default=None, min_length=1, max_length=64)


class IncidentStatusUpdate(_In):
    """A workflow step."""

    status: Status
    note: str | None = Field(default=None, max_length=2000)


class IncidentPublic(BaseModel):
    """An incident with its workflow status and possible duplicates."""

    id: int
    ref: str
    occurred_at: datetime
    phase: str | None
    type: str
    severity: int
    casualties: int
    desa_code: str | None
    desa_name: str | None = None
    tps_id: str | None
    lon: float | None
    lat: float | None
    source: str | None
    status: str
    description: str | None
    election: str | None = None
    next_statuses: list[str] = Field(default_factory=list)
    possible_duplicates: list[int] = Field(default_factory=list)
    reassessment: dict[str, Any] | None = None


class IncidentsPublic(BaseModel):
    """A page of incidents and the total count matching the filters."""

    data: list[IncidentPublic]
    count: int


class IncidentEventPublic(BaseModel):
    """One workflow step: who moved the incident from which status to which, and when."""

    status_from: str | None
    status_to: str
    user_name: str | None
    at: datetime
    note: str | None


class StakeholderCreate(_In):
    """A person the Polres coordinates with."""

    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1, max_length=200)
    role: StakeholderRole
    organisation: str | None = Field(default=None, max_length=200)
    region_code: str | None = Field(default=None, pattern=CODE_PATTERN)
    phone: str | None = Field(default=None, max_length=40)


class StakeholderPublic(BaseModel):
    """A stakeholder."""

    code: str
    name: str
    role: str
    organisation: str | None
    region_code: str | None
    phone: str | None


class StakeholdersPublic(BaseModel):
    """Stakeholders and their count."""

    data: list[StakeholderPublic]
    count: int


class EngagementCreate(_In):
    """A meeting: when, with whom, about what, what was promised, follow-up due."""

    stakeholder_code: str = Field(min_length=1, max_length=60)
    date: PlausibleDate
    topic: str = Field(min_length=1, max_length=5000)
    commitments: str | None = Field(default=None, max_length=5000)
    follow_up: str | None = Field(default=None, max_length=5000)
    follow_up_due: PlausibleDate | None = None
    participants: str | None = Field(default=None, max_length=2000)


class EngagementPublic(BaseModel):
    """An engagement."""

    id: int
    ref: str
    stakeholder_code: str
    date: datetime
    topic: str
    commitments: str | None
    follow_up: str | None
    follow_up_due: datetime | None
    participants: str | None
    days_overdue: int | None = None


class EngagementsPublic(BaseModel):
    """Engagements and their count."""

    data: list[EngagementPublic]
    count: int


class AlertPublic(BaseModel):
    """A class change with the drivers that moved it and the planner's suggestion."""

    id: int
    created_at: datetime
    assessment_id: int | None
    level: str
    code: str
    name: str | None
    class_before: str | None
    class_after: str | None
    drivers: list[str]
    suggestion: str | None


class AlertsPublic(BaseModel):
    """Alerts, newest first."""

    data: list[AlertPublic]
    count: int
