"""Counts per election (for ``election list|show``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from petarawan.store.models import Tps
from petarawan.store.records import list_assessments
from petarawan.store.workspace import Workspace

__all__ = ["election_counts"]


def election_counts(ws: Workspace, election_id: str) -> dict[str, Any]:
    """Return TPS, voters, categories, carried TPS and assessments of one election."""
    with Session(ws.engine) as s:
        this = Tps.election_id == election_id
        tps = s.scalar(select(func.count()).select_from(Tps).where(this)) or 0
        voters = s.scalar(select(func.coalesce(func.sum(Tps.voters), 0)).where(this)) or 0
        cats = dict(
            s.execute(
                select(Tps.category, func.count())
                .where(this, Tps.category.is_not(None))
                .group_by(Tps.category)
            ).all()
        )
        carried = sum(
            1
            for p in s.scalars(select(Tps.provenance).where(this, Tps.provenance.is_not(None)))
            if p
        )
    assessments = len(list_assessments(ws, election_id=election_id))
    return {
        "tps": int(tps),
        "voters": int(voters),
        "categories": {str(k): int(v) for k, v in sorted(cats.items())},
        "carried": carried,
        "assessments": int(assessments),
    }
