"""SQLAlchemy 2 table definitions of the registry, indicators and assessments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention (needed by Alembic on SQLite)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


class Region(Base):
    """A provinsi, kabupaten/kota, kecamatan or desa/kelurahan, keyed by its Kemendagri code."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    parent_code: Mapped[str | None] = mapped_column(
        String(16), ForeignKey("regions.code", deferrable=True, initially="DEFERRED"), index=True
    )
    area_km2: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[bytes | None] = mapped_column(LargeBinary)  # WKB, EPSG:4326


class Election(Base):
    """An election (a Pemilu or a Pilkada): TPS lists, assessments and plans belong to one."""

    __tablename__ = "elections"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # pemilu | pilkada
    voting_date: Mapped[date | None] = mapped_column(Date)
    contests: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Tps(Base):
    """A polling station (TPS) of one election, keyed by election and KPU id.

    The KPU id is the 10-digit desa code + 3-digit number; the same id names different
    stations in different elections (the Pilkada merges Pemilu TPS), hence the election in the key.
    """

    __tablename__ = "tps"
    election_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("elections.id"), primary_key=True
    )
    tps_id: Mapped[str] = mapped_column(String(13), primary_key=True)
    desa_code: Mapped[str] = mapped_column(String(16), ForeignKey("regions.code"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    voters: Mapped[int | None] = mapped_column(Integer)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    location_source: Mapped[str | None] = mapped_column(String(10))
    khusus: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(16))
    flags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # where carried values came from: {"category": {"election": …, "tps": […], "rule": …}, …}
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TpsLink(Base):
    """A TPS of an earlier election that served (part of) the voters of a TPS of a later one.

    An old TPS feeds one new TPS (methods ``koordinat``, ``urutan``), except when the new list
    split it (method ``pecahan``: the same old TPS also feeds the new TPS its voters went to).
    """

    __tablename__ = "tps_links"
    from_election: Mapped[str] = mapped_column(
        String(40), ForeignKey("elections.id"), primary_key=True
    )
    from_tps: Mapped[str] = mapped_column(String(13), primary_key=True)
    to_election: Mapped[str] = mapped_column(
        String(40), ForeignKey("elections.id"), primary_key=True
    )
    to_tps: Mapped[str] = mapped_column(String(13), primary_key=True)
    method: Mapped[str] = mapped_column(String(16))  # koordinat | urutan | pecahan


class Unit(Base):
    """A police unit (Polres, Polsek or pos) with its personnel pools."""

    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("units.code", deferrable=True, initially="DEFERRED")
    )
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    covers: Mapped[list[str]] = mapped_column(JSON, default=list)
    polri: Mapped[int] = mapped_column(Integer, default=0)
    brimob: Mapped[int] = mapped_column(Integer, default=0)
    tni: Mapped[int] = mapped_column(Integer, default=0)
    linmas: Mapped[int] = mapped_column(Integer, default=0)


class Incident(Base):
    """An election-security incident (history or live report)."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    election: Mapped[str | None] = mapped_column(String(40))
    phase: Mapped[str | None] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int] = mapped_column(Integer)
    casualties: Mapped[int] = mapped_column(Integer, default=0)
    desa_code: Mapped[str | None] = mapped_column(
        String(16), ForeignKey("regions.code"), index=True
    )
    tps_id: Mapped[str | None] = mapped_column(String(13))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(16), default="dilaporkan")
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class Stakeholder(Base):
    """A person the Polres coordinates with (party chair, candidate team, community leader …)."""

    __tablename__ = "stakeholders"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    organisation: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(16), ForeignKey("regions.code"))
    phone: Mapped[str | None] = mapped_column(String(40))


class Engagement(Base):
    """A meeting with stakeholders: topic, commitments and follow-up."""

    __tablename__ = "engagements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    stakeholder_code: Mapped[str] = mapped_column(String(60), ForeignKey("stakeholders.code"))
    date: Mapped[datetime] = mapped_column(DateTime)
    topic: Mapped[str] = mapped_column(Text)
    commitments: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    follow_up_due: Mapped[datetime | None] = mapped_column(DateTime)
    participants: Mapped[str | None] = mapped_column(Text)
    follow_up_done: Mapped[datetime | None] = mapped_column(DateTime)


class IndicatorValue(Base):
    """One indicator value of one unit (TPS or region) at one level."""

    __tablename__ = "indicator_values"
    election_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(12), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(200))


class Dynamic(Base):
    """A dated political-dynamics value (incumbent split, home village, posko …) and its author.

    Several values of one indicator may exist for a unit; an assessment "as of" a date uses the
    latest value recorded on or before that date, so it can be reproduced later.
    """

    __tablename__ = "dynamics"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(40), ForeignKey("elections.id"), index=True)
    level: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    valid_from: Mapped[datetime] = mapped_column(DateTime)
    author: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class IndicatorMeta(Base):
    """Where an indicator came from: unit, method and source."""

    __tablename__ = "indicator_meta"
    level: Mapped[str] = mapped_column(String(12), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit: Mapped[str | None] = mapped_column(String(40))
    method: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime | None] = mapped_column(DateTime)


class Assessment(Base):
    """An immutable snapshot of an index computation."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework: Mapped[str] = mapped_column(String(100))
    framework_hash: Mapped[str] = mapped_column(String(64))
    election_id: Mapped[str | None] = mapped_column(String(40), index=True)
    inputs_hash: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


Index("ix_assessments_created", Assessment.created_at)
# the incident list: newest first, filtered by status/phase/type (100,000 rows page in milliseconds)
Index("ix_incidents_occurred_id", Incident.occurred_at, Incident.id)
Index("ix_incidents_status_occurred", Incident.status, Incident.occurred_at)
Index("ix_incidents_phase_occurred", Incident.phase, Incident.occurred_at)
Index("ix_incidents_type_occurred", Incident.type, Incident.occurred_at)
from petarawan.store import models_field as _models_field  # noqa: E402,F401  (field app tables)
from petarawan.store import models_ops as _models_ops  # noqa: E402,F401  (register ops tables on Base)
from petarawan.store import models_plan as _models_plan  # noqa: E402,F401  (register plan tables)
