"""Tables of the operation plan (migration 0004): objects to secure, personnel, stored plans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from petarawan.store.models import Base

__all__ = ["Personnel", "PlanRow", "SecuredObject"]


class SecuredObject(Base):
    """An object the operation secures besides TPS (KPU office, warehouse, PPK, posko …)."""

    __tablename__ = "objects"
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    desa_code: Mapped[str | None] = mapped_column(String(16), ForeignKey("regions.code"))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)


class Personnel(Base):
    """A member of the Polres (for the named plotting annex of the Sprin)."""

    __tablename__ = "personnel"
    nrp: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[str] = mapped_column(String(40))
    unit_code: Mapped[str] = mapped_column(String(40), ForeignKey("units.code"), index=True)
    function: Mapped[str | None] = mapped_column(String(80))


class PlanRow(Base):
    """An immutable stored operation plan (the record is one JSON document)."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    author: Mapped[str | None] = mapped_column(String(80))
    election_id: Mapped[str | None] = mapped_column(String(40), index=True)
    operation_id: Mapped[str] = mapped_column(String(100))
    operation_hash: Mapped[str] = mapped_column(String(64))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    plan_hash: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
