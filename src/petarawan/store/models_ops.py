"""SQLAlchemy tables of the operations room: users, tokens, audit log, workflow, alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petarawan.store.models import Base

__all__ = [
    "Alert",
    "AuditEntry",
    "AuthToken",
    "IncidentEvent",
    "LoginAttempt",
    "User",
    "WsRevision",
]


class User(Base):
    """A person who logs in to the operations room, with a role and (for operators) an area."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    region: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuthToken(Base):
    """A login session (cookie) or API bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "auth_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # session | api
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    csrf: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEntry(Base):
    """One write: who, when, what, and the record before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_name: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class IncidentEvent(Base):
    """One step of an incident's workflow (dilaporkan → diverifikasi → ditangani → selesai)."""

    __tablename__ = "incident_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    status_from: Mapped[str | None] = mapped_column(String(16))
    status_to: Mapped[str] = mapped_column(String(16))
    user_name: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class Alert(Base):
    """A desa or TPS that changed class between two assessments, with drivers and a suggestion."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    assessment_id: Mapped[int | None] = mapped_column(Integer)
    previous_assessment_id: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    class_before: Mapped[str | None] = mapped_column(String(32))
    class_after: Mapped[str | None] = mapped_column(String(32))
    drivers: Mapped[list[str]] = mapped_column(JSON, default=list)
    suggestion: Mapped[str | None] = mapped_column(Text)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    # workflow in the ops room: baru → diakui → ditugaskan → ditutup (each step audited)
    state: Mapped[str] = mapped_column(String(12), default="baru", server_default="baru")
    assigned_to: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class LoginAttempt(Base):
    """One login attempt: when, from which address, for which user name, and whether it worked.

    Kept in the database (not in a worker's memory) so the per-address throttle and the
    per-account-and-address lock-out hold across server workers.
    """

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    user_name: Mapped[str] = mapped_column(String(80), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class WsRevision(Base):
    """A workspace revision counter per topic, bumped by triggers (see ``store.revision``)."""

    __tablename__ = "ws_revision"
    topic: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
