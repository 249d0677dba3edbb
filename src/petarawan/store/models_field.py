"""SQLAlchemy tables of the field app: idempotent submissions, photos, workspace settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petarawan.store.models import Base

__all__ = ["IncidentPhoto", "Submission", "WorkspaceSetting"]


class Submission(Base):
    """One report sent from the field app, keyed by the idempotency key the phone made.

    A retry of the same key finds this row and gets the first answer back; nothing is stored
    twice. ``outcome`` is ``stored`` or ``conflict`` (the record changed in the ops room).
    """

    __tablename__ = "field_submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # incident | checklist | meeting | amend
    user_name: Mapped[str] = mapped_column(String(80), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    message: Mapped[str | None] = mapped_column(Text)


class IncidentPhoto(Base):
    """A photo attached to an incident report (JPEG/PNG/WebP, at most 5 MB, checked by type)."""

    __tablename__ = "incident_photos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WorkspaceSetting(Base):
    """A setting of the workspace itself (``timezone`` = ``Asia/Makassar`` for NTT)."""

    __tablename__ = "workspace_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
