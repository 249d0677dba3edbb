"""Field-app actions: idempotent reports from phones, photos, the TPS checklist, meetings.

Every submission carries an idempotency key the phone made before it queued the report. The
first request with a key stores the report and a :class:`Submission` row; a retry with the same
key stores nothing and gets the first answer back. An amendment to a report that the ops room
changed in the meantime (its ``version`` moved on) is kept as a *conflict*, never applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from petarawan.domain.checklist import CHECKLIST, POLRI_CRITERIA, REGIONAL, all_flag_ids
from petarawan.errors import InputDataError, Issue, NotFoundError, PermissionDeniedError
from petarawan.store.models import Engagement, Incident, Region, Stakeholder, Tps
from petarawan.store.models_field import IncidentPhoto, Submission
from petarawan.web import services
from petarawan.web.deps import UserCtx, now_utc

__all__ = [
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "Answer",
    "Photo",
    "area_data",
    "check_photos",
    "submissions_of",
    "submit_amendment",
    "submit_checklist",
    "submit_incident",
    "submit_meeting",
]

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
KEY_PATTERN = re.compile(r"^[A-Za-z0-9\-]{8,64}$")
_SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/webp", b"WEBP", 8),
)


@dataclass(frozen=True)
class Photo:
    """An uploaded photo as received: its file name and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Answer:
    """What the phone is told about one submission."""

    key: str
    kind: str
    outcome: str  # stored | conflict
    entity_id: str | None
    message: str | None
    received_at: datetime
    replayed: bool
    version: int | None = None

    def public(self) -> dict[str, Any]:
        """Return the answer as JSON-ready values."""
        return {
            "key": self.key,
            "kind": self.kind,
            "outcome": self.outcome,
            "entity_id": self.entity_id,
            "message": self.message,
            "received_at": self.received_at.isoformat(),
            "replayed": self.replayed,
            "version": self.version,
        }


def check_key(key: str) -> None:
    """Refuse an idempotency key that is not 8–64 letters, digits or dashes."""
    if not KEY_PATTERN.match(key or ""):
        msg = "Kunci idempotensi harus 8–64 huruf, angka atau tanda minus."
        raise InputDataError(msg, [Issue("request", None, "key", msg)])


def _answer(row: Submission, *, replayed: bool) -> Answer:
    return Answer(
        key=row.key,
        kind=row.kind,
        outcome=row.outcome,
        entity_id=row.entity_id,
        message=row.message,
        received_at=row.received_at,
        replayed=replayed,
    )


def _replay(session: Session, key: str, user: UserCtx) -> Answer | None:
    row = session.scalars(select(Submission).where(Submission.key == key)).first()
    if row is None:
        return None
    if row.user_name != user.name:
        msg = "Kunci idempotensi ini sudah dipakai pengguna lain."
        raise InputDataError(msg, [Issue("request", None, "key", msg)])
    return _answer(row, replayed=True)


def _record(
    session: Session,
    user: UserCtx,
    key: str,
    kind: str,
    outcome: str,
    entity_id: object,
    message: str | None = None,
) -> Answer:
    """Add the submission row and commit; a concurrent twin makes this a replay."""
    row = Submission(
        key=key,
        kind=kind,
        user_name=user.name,
        received_at=now_utc(),
        outcome=outcome,
        entity_id=None if entity_id is None else str(entity_id),
        message=message,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        again = _replay(session, key, user)
        assert again is not None
        return again
    return _answer(row, replayed=False)


def photo_type(data: bytes) -> str | None:
    """Return the image type of ``data`` from its first bytes (JPEG, PNG, WebP) or None."""
    for ctype, magic, offset in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            if ctype == "image/webp" and data[:4] != b"RIFF":
                continue
            return ctype
    return None


def check_photos(photos: Sequence[Photo]) -> list[tuple[str, bytes]]:
    """Check count, size and type of photos; return ``(content type, bytes)`` or raise.

    Every problem is collected before raising.
    """
    issues: list[Issue] = []
    if len(photos) > MAX_PHOTOS:
        issues.append(
            Issue("photos", None, None, f"paling banyak {MAX_PHOTOS} foto, terkirim {len(photos)}")
        )
    out: list[tuple[str, bytes]] = []
    for p in photos:
        if len(p.data) > MAX_PHOTO_BYTES:
            issues.append(
                Issue(p.name, None, None, f"foto {len(p.data)} bita, batasnya {MAX_PHOTO_BYTES}")
            )
            continue
        ctype = photo_type(p.data)
        if ctype is None:
            issues.append(Issue(p.name, None, None, "bukan foto JPEG, PNG atau WebP"))
            continue
        out.append((ctype, p.data))
    if issues:
        msg = "Foto laporan tidak dapat diterima."
        raise InputDataError(msg, issues)
    return out


def submit_incident(
    session: Session,
    user: UserCtx,
    key: str,
    data: Mapping[str, Any],
    photos: Sequence[Photo],
    regions: services.LiveRegions | services.RegionLookup,
) -> Answer:
    """Store a report from the phone once per key, with its photos."""
    check_key(key)
    hit = _replay(session, key, user)
    if hit is not None:
        return hit
    checked = check_photos(photos)
    ref = f"lapangan-{key}"
    values = {**dict(data), "ref": ref, "source": data.get("source") or f"lapangan:{user.name}"}
    try:
        row = services.create_incident(session, user, values, regions)
    except InputDataError:
        # a twin request stored the same report a moment ago: answer as a replay
        session.rollback()
        existing = session.scalars(select(Incident.id).where(Incident.ref == ref)).first()
        if existing is None:
            raise
        hit = _replay(session, key, user)
        if hit is not None:
            return hit
        return _record(session, user, key, "incident", "stored", existing)
    for ctype, blob in checked:
        session.add(
            IncidentPhoto(
                incident_id=row.id,
                content_type=ctype,
                size=len(blob),
                data=blob,
                created_at=now_utc(),
            )
        )
    answer = _record(session, user, key, "incident", "stored", row.id)
    return answer if answer.replayed else replace(answer, version=row.version or 1)


def submit_checklist(
    session: Session,
    user: UserCtx,
    key: str,
    tps_id: str,
    flags: Mapping[str, bool],
    election_id: str | None = None,
) -> Answer:
    """Set the TPS-rawan checklist of one TPS of an election from the phone (once per key).

    ``election_id`` is the workspace's current election (the TPS list the phone was given).
    """
    check_key(key)
    hit = _replay(session, key, user)
    if hit is not None:
        return hit
    known = set(all_flag_ids())
    issues = [
        Issue("request", None, f"flags.{k}", "bukan butir daftar periksa TPS rawan")
        for k in flags
        if k not in known
    ]
    stmt = select(Tps).where(Tps.tps_id == tps_id)
    if election_id is not None:
        stmt = stmt.where(Tps.election_id == election_id)
    tps = session.scalars(stmt).first()
    if tps is None or not user.can_see(tps.desa_code):
        issues.append(Issue("request", None, "tps_id", f"TPS {tps_id} tidak ditemukan"))
    if issues:
        msg = "Daftar periksa TPS tidak dapat disimpan."
        raise InputDataError(msg, issues)
    assert tps is not None
    before = dict(tps.flags or {})
    after = {**before, **{k: bool(v) for k, v in flags.items()}}
    tps.flags = after
    services.audit(session, user.name, "checklist", "tps", tps_id, before, after)
    return _record(session, user, key, "checklist", "stored", tps_id)


def submit_meeting(session: Session, user: UserCtx, key: str, data: Mapping[str, Any]) -> Answer:
    """Record a meeting with a stakeholder from the phone (once per key), audited."""
    check_key(key)
    hit = _replay(session, key, user)
    if hit is not None:
        return hit
    sh = session.get(Stakeholder, data["stakeholder_code"])
    if sh is None or not user.can_see(sh.region_code):
        msg = f"Pemangku kepentingan '{data['stakeholder_code']}' tidak ditemukan."
        raise InputDataError(msg, [Issue("request", None, "stakeholder_code", msg)])
    values = {k: _naive(v) for k, v in data.items()}
    row = Engagement(ref=f"lapangan-{key}", **values)
    session.add(row)
    session.flush()
    services.audit(session, user.name, "create", "engagement", row.id, None, services.row_dict(row))
    return _record(session, user, key, "meeting", "stored", row.id)


def submit_amendment(
    session: Session,
    user: UserCtx,
    key: str,
    incident_id: int,
    base_version: int,
    changes: Mapping[str, Any],
) -> Answer:
    """Apply the officer's change to their report, unless the ops room changed it meanwhile.

    When the report's version is no longer ``base_version`` nothing is changed and the answer
    is a conflict naming what the ops room holds now.
    """
    check_key(key)
    hit = _replay(session, key, user)
    if hit is not None:
        return hit
    row = services.get_incident(session, user, incident_id)
    if (row.version or 1) != base_version:
        from petarawan.labels import label

        note = (
            f"Laporan No {row.id} sudah diubah di ruang operasi (status: "
            f"{label('status', row.status)}); perubahan dari lapangan tidak diterapkan."
        )
        services.audit(
            session, user.name, "conflict", "incident", row.id, None, {"changes": dict(changes)}
        )
        return _record(session, user, key, "amend", "conflict", row.id, note)
    allowed = {"description", "severity", "casualties"}
    bad = [k for k in changes if k not in allowed]
    if bad:
        msg = "Perubahan laporan hanya boleh pada uraian, tingkat dan korban."
        raise InputDataError(msg, [Issue("request", None, k, msg) for k in bad])
    before = services.row_dict(row, services.INCIDENT_FIELDS)
    for k, v in changes.items():
        setattr(row, k, v)
    row.version = (row.version or 1) + 1
    row.updated_at = now_utc()
    services.audit(
        session,
        user.name,
        "update",
        "incident",
        row.id,
        before,
        services.row_dict(row, services.INCIDENT_FIELDS),
    )
    return _record(session, user, key, "amend", "stored", row.id)


def _naive(v: Any) -> Any:
    if isinstance(v, datetime) and v.tzinfo is not None:
        return (v - v.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    return v


def submissions_of(session: Session, user: UserCtx, limit: int = 200) -> list[Submission]:
    """Return the user's newest submissions (what the server received from their phone)."""
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.user_name == user.name)
            .order_by(Submission.id.desc())
            .limit(limit)
        )
    )


def area_data(
    session: Session, user: UserCtx, lang: str = "id", election_id: str | None = None
) -> dict[str, Any]:
    """Return what the phone caches for the officer's area: desa, TPS, stakeholders, checklist."""
    from petarawan import labels

    desa = [
        r
        for r in session.scalars(select(Region).where(Region.level == "desa").order_by(Region.code))
        if user.can_see(r.code)
    ]
    kec = {
        r.code: r.name for r in session.scalars(select(Region).where(Region.level == "kecamatan"))
    }
    tps = [
        t for t in session.scalars(select(Tps).order_by(Tps.tps_id)) if user.can_see(t.desa_code)
    ]
    people = services.list_stakeholders(session, user)
    centroids = _centroids(desa)
    return {
        "desa": [
            {
                "code": r.code,
                "name": r.name,
                "kecamatan": kec.get(r.code[:8], ""),
                "lon": centroids.get(r.code, (None, None))[0],
                "lat": centroids.get(r.code, (None, None))[1],
            }
            for r in desa
        ],
        "tps": [
            {"id": t.tps_id, "desa": t.desa_code, "number": t.number, "flags": t.flags or {}}
            for t in tps
        ],
        "stakeholders": [
            {
                "code": p.code,
                "name": p.name,
                "role": labels.label("stakeholder_role", p.role, lang),
            }
            for p in people
        ],
        "checklist": [
            {"id": c.id, "name": c.name_en if lang == "en" else c.name_id}
            for c in (*CHECKLIST, *REGIONAL, *POLRI_CRITERIA)
        ],
        "phases": labels.choices("phase", lang),
        "types": labels.choices("incident_type", lang),
    }


def _centroids(rows: Sequence[Region]) -> dict[str, tuple[float, float]]:
    import shapely

    out: dict[str, tuple[float, float]] = {}
    for r in rows:
        if r.geometry is None:
            continue
        c = shapely.from_wkb(r.geometry).representative_point()
        out[r.code] = (round(float(c.x), 5), round(float(c.y), 5))
    return out


def ensure_writer(user: UserCtx) -> None:
    """Refuse roles that may not report (pimpinan reads only)."""
    if user.role not in {"admin", "analis", "operator"}:
        msg = f"Peran '{user.role}' tidak boleh mengirim laporan lapangan."
        raise PermissionDeniedError(msg)


def not_found(what: str) -> NotFoundError:
    """Return the error for a missing record of the field app."""
    return NotFoundError(f"{what} tidak ditemukan.")
