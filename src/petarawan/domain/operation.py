"""An election security operation (Operasi Mantap Praja / Mantap Brata) as plain data.

Stages with dates and their active tasks; per task a requirement rule; shifts; the share kept on
routine service; rayons with their commander in the field (Padal); reserve forces; TNI and
Linmas alongside. Read from YAML by :mod:`petarawan.io.operations`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

__all__ = [
    "OBJECT_KINDS",
    "RULE_KINDS",
    "SATGAS",
    "Operation",
    "Rayon",
    "ReserveForce",
    "Stage",
    "Task",
]

#: Kinds of objects a Polres secures besides TPS.
OBJECT_KINDS: tuple[str, ...] = (
    "kpu",
    "bawaslu",
    "gudang_logistik",
    "ppk",
    "pps",
    "posko_paslon",
    "rumah_paslon",
    "other",
)
#: The six satgas of a Polres operation.
SATGAS: tuple[str, ...] = (
    "preemtif",
    "preventif",
    "kamseltibcarlantas",
    "gakkum",
    "humas",
    "banops",
)
#: Requirement rules: TPS by category (pattern), per object of a kind, per escort (walpri per
#: candidate pair), per logistics convoy, per rayon (patrols), per kecamatan, or a fixed number.
RULE_KINDS: tuple[str, ...] = ("tps", "object", "escort", "convoy", "rayon", "kecamatan", "fixed")


@dataclass(frozen=True)
class Task:
    """A task of the operation and how many personnel it needs.

    Attributes
    ----------
    id, name
        Short id and the Polri name (``Pam Mako KPU``).
    satgas
        One of :data:`SATGAS`.
    rule
        One of :data:`RULE_KINDS`.
    polri, brimob, tni, linmas
        Personnel per unit of the rule (per object, escort, convoy, rayon, kecamatan) and per
        shift; for ``fixed`` the total; for ``tps`` only ``tni`` is used (per TPS), Polri and
        Linmas come from the pattern.
    object_kind
        For ``object``: which kind of object.
    count
        For ``escort``: how many (e.g. candidate pairs); for ``convoy``: the number of convoys
        (default: one per PPK object, else per kecamatan with TPS).
    shifts
        Shifts staffed (1 = a single shift; 2 = day and night …).
    window_hours
        For ``convoy``: the distribution window; convoys that cannot all run in it get extra
        teams.
    by_rayon
        For ``rayon``: Polri per rayon id where it differs from ``polri``.
    source
        Where the numbers come from, or ``None`` when ``assumption`` says why they are assumed.
    assumption
        Why the numbers are an assumption (empty when sourced).
    """

    id: str
    name: str
    satgas: str
    rule: str
    polri: int = 0
    brimob: int = 0
    tni: int = 0
    linmas: int = 0
    object_kind: str | None = None
    count: int | None = None
    shifts: int = 1
    window_hours: float | None = None
    by_rayon: dict[str, int] = field(default_factory=dict)
    source: str | None = None
    assumption: str = ""


@dataclass(frozen=True)
class Stage:
    """A stage of the election with its dates and active tasks."""

    id: str
    name: str
    start: date
    end: date
    tasks: tuple[str, ...]
    source: str | None = None

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Rayon:
    """A rayon: kecamatan under one commander in the field (Padal)."""

    id: str
    name: str
    kecamatan: tuple[str, ...]
    padal: str = ""


@dataclass(frozen=True)
class ReserveForce:
    """A reserve force (Dalmas, PHH, Brimob on BKO) placed to reach trouble fast.

    Attributes
    ----------
    positions
        Number of positions to place it in.
    response_minutes
        The target response time.
    from_polda
        Requested from Polda (BKO) rather than taken from the Polres.
    """

    id: str
    name: str
    kind: str
    polri: int = 0
    brimob: int = 0
    positions: int = 1
    response_minutes: float = 30.0
    from_polda: bool = False
    source: str | None = None
    assumption: str = ""


@dataclass(frozen=True)
class Operation:
    """An election security operation of one Polres.

    Attributes
    ----------
    strength
        Total Polri strength of the Polres (``None``: the sum of the units' personnel).
    routine_share
        Share of the strength kept on routine service at Polres and Polsek (not a reserve).
    pattern
        The TPS security pattern id or file (Polri : TPS : Linmas per category).
    candidates
        Candidate pairs (for escorts with no ``count``).
    daily_rate
        Rupiah per person per day paid from DIPA (``None``: unknown).
    max_unit_minutes
        Largest travel time from a unit to a site it staffs.
    tni, linmas
        TNI and Linmas strength available alongside.
    """

    id: str
    name: str
    stages: tuple[Stage, ...]
    tasks: dict[str, Task]
    pattern: str
    routine_share: float = 1 / 3
    strength: int | None = None
    candidates: int = 2
    shift_hours: float = 12.0
    daily_rate: float | None = None
    max_unit_minutes: float = 120.0
    rayons: tuple[Rayon, ...] = ()
    reserves: tuple[ReserveForce, ...] = ()
    tni: int = 0
    linmas: int = 0
    election_id: str | None = None
    source: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    def stage(self, stage_id: str) -> Stage:
        """Return a stage by id (``KeyError`` naming the ids)."""
        for s in self.stages:
            if s.id == stage_id:
                return s
        msg = f"tahap '{stage_id}' tidak ada; ada: {', '.join(s.id for s in self.stages)}"
        raise KeyError(msg)

    def content_hash(self) -> str:
        """SHA-256 of the operation's content (stable across runs)."""
        text = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
