"""Import files into a workspace: validate everything, then write all of it or nothing."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy import JSON, delete, insert, select, update
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Session

from petarawan.domain.codes import parent_of
from petarawan.domain.placement import points_in_polygon
from petarawan.errors import InputDataError, Issue
from petarawan.io.registry import Batch, Snapshot, validate_files
from petarawan.store.models import (
    Dynamic,
    Engagement,
    Incident,
    IndicatorMeta,
    IndicatorValue,
    Region,
    Stakeholder,
    Tps,
    Unit,
)
from petarawan.store.models_plan import Personnel, SecuredObject
from petarawan.store.workspace import Workspace

__all__ = ["ImportReport", "import_files", "snapshot"]

ENTITY_LABELS = {
    "regions": "wilayah",
    "tps": "TPS",
    "units": "satuan",
    "incidents": "kejadian",
    "stakeholders": "tokoh",
    "indicators": "indikator",
    "objects": "objek pengamanan",
    "personnel": "personel",
}
_CHUNK = 900  # SQLite's bound-parameter limit is 32766; stay far below it in IN () lists


@dataclass
class TableChange:
    """What an import does to one table."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run)."""

    entity: str
    dry_run: bool
    tables: dict[str, TableChange] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed_rows(self) -> int:
        """Rows that are (or would be) inserted or updated."""
        return sum(t.new + t.changed for t in self.tables.values())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {
            "entity": self.entity,
            "dry_run": self.dry_run,
            "tables": {k: vars(v) for k, v in self.tables.items()},
            "warnings": [str(w) for w in self.warnings],
            "notes": self.notes,
        }


def snapshot(ws: Workspace) -> Snapshot:
    """Read what validation needs to know about the database."""
    snap = Snapshot()
    with Session(ws.engine) as s:
        for code, level, name, geom in s.execute(
            select(Region.code, Region.level, Region.name, Region.geometry)
        ):
            snap.regions[code] = level
            snap.names[code] = name
            if geom is not None:
                snap.region_geometry[code] = geom
        for tid, lon, lat, src in s.execute(
            select(Tps.tps_id, Tps.lon, Tps.lat, Tps.location_source).where(
                Tps.election_id == (ws.election_id or "")
            )
        ):
            snap.tps[tid] = (lon, lat, src)
        snap.units = set(s.scalars(select(Unit.code)))
        snap.stakeholders = set(s.scalars(select(Stakeholder.code)))
    return snap


def import_files(
    ws: Workspace,
    entity: str,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    crs: str | None = None,
) -> ImportReport:
    """Validate ``paths`` as ``entity`` and write them, all or nothing.

    Raises
    ------
    InputDataError
        With every problem found (file, row, column); the database is left untouched.
    """
    snap, batch = validate_import(ws, entity, paths, crs=crs)
    return write_import(ws, entity, snap, batch, dry_run=dry_run)


def validate_import(
    ws: Workspace, entity: str, paths: Sequence[Path], *, crs: str | None = None
) -> tuple[Snapshot, Batch]:
    """Read and validate ``paths`` as ``entity`` without writing (no write lock needed).

    Raises
    ------
    InputDataError
        With every problem found (file, row, column).
    """
    snap = snapshot(ws)
    batch = validate_files(entity, paths, snap, crs=crs)
    if batch.errors:
        n = len(batch.errors)
        what = ENTITY_LABELS.get(entity, entity)
        msg = f"Impor {what} dibatalkan: {n} masalah ditemukan; tidak ada data yang ditulis."
        order = sorted(batch.errors, key=lambda i: (i.file, i.row or 0))
        raise InputDataError(msg, order + batch.warnings)
    return snap, batch


def write_import(
    ws: Workspace, entity: str, snap: Snapshot, batch: Batch, *, dry_run: bool = False
) -> ImportReport:
    """Write a validated batch in one transaction (see :func:`validate_import`)."""
    report = ImportReport(entity, dry_run, warnings=batch.warnings)
    election = ws.election_id or ""
    if entity in ("tps", "indicators") and not dry_run:
        election = ws.require_election()
    if entity == "tps":
        _place_estimated(batch, snap, report)
        for rec in batch.tps.values():
            rec["election_id"] = election
    for rec in batch.indicators.values():
        rec["election_id"] = election
    with Session(ws.engine) as s, s.begin():
        plans = _plan(s, batch, election)
        for table, (new, changed, unchanged) in plans.items():
            report.tables[table] = TableChange(len(new), len(changed), unchanged)
        if not dry_run:
            _apply(s, plans)
            if batch.indicators:
                _write_indicator_meta(s, batch)
        else:
            s.rollback()
    return report


# -- estimated TPS locations ------------------------------------------------------------------
def _place_estimated(batch: Batch, snap: Snapshot, report: ImportReport) -> None:
    """Give TPS without coordinates distinct estimated points inside their desa (or ancestor)."""
    geometry: dict[str, Any] = {c: shapely.from_wkb(w) for c, w in snap.region_geometry.items()}
    pending: dict[str, list[dict[str, Any]]] = {}
    files = {rec["desa_code"]: rec.get("_file", "TPS") for rec in batch.tps.values()}
    for rec in batch.tps.values():
        rec.pop("_file", None)
        if "lon" in rec:
            continue
        existing = snap.tps.get(rec["tps_id"])
        if existing is not None and existing[0] is not None:
            continue  # keep its known (surveyed or estimated) location
        pending.setdefault(rec["desa_code"], []).append(rec)
    # every TPS of a desa (existing too) gets a slot by number, so placements never collide
    numbers_by_desa: dict[str, set[int]] = {}
    for tid in snap.tps:
        numbers_by_desa.setdefault(f"{tid[:2]}.{tid[2:4]}.{tid[4:6]}.{tid[6:10]}", set()).add(
            int(tid[10:])
        )
    for rec in batch.tps.values():
        numbers_by_desa.setdefault(rec["desa_code"], set()).add(rec["number"])
    fallback_used: dict[str, str] = {}
    for desa, recs in sorted(pending.items()):
        polygon, owner = _polygon_for(desa, geometry)
        if polygon is None:
            report.warnings.append(
                Issue(
                    "TPS",
                    None,
                    None,
                    f"desa {desa} dan wilayah induknya tidak punya "
                    f"poligon; {len(recs)} TPS disimpan tanpa koordinat",
                    "warning",
                )
            )
            continue
        if owner != desa:
            fallback_used[desa] = owner
        slots = sorted(numbers_by_desa[desa])
        rank = {number: k for k, number in enumerate(slots)}
        pts = points_in_polygon(polygon, len(slots))
        for rec in recs:
            x, y = pts[rank[rec["number"]]]
            rec["lon"], rec["lat"] = round(float(x), 7), round(float(y), 7)
            rec["location_source"] = "estimated"
    for desa, owner in fallback_used.items():
        how = "poligon" if owner in geometry else "gabungan poligon desa di"
        name = snap.names.get(desa, "")
        owner_name = snap.names.get(owner, "")
        report.warnings.append(
            Issue(
                files.get(desa, "TPS"),
                None,
                None,
                f"desa {desa} {name} tidak punya poligon; TPS-nya ditempatkan di dalam "
                f"{how} {owner} {owner_name} (lokasi perkiraan)",
                "warning",
            )
        )
    placed = sum(len(v) for v in pending.values())
    if placed:
        report.notes.append(
            f"{placed} TPS tanpa koordinat ditempatkan di dalam poligon desanya "
            "(lokasi perkiraan, ditandai 'estimated')."
        )


def _polygon_for(desa: str, geometry: dict[str, Any]) -> tuple[Any, str]:
    if desa in geometry:
        return geometry[desa], desa
    code = parent_of(desa)
    while code is not None:
        if code in geometry:
            return geometry[code], code
        children = [
            g for c, g in geometry.items() if c.startswith(code + ".") and c.count(".") == 3
        ]
        if children:
            return shapely.union_all(children), code
        code = parent_of(code)
    return None, desa


# -- diff and write ----------------------------------------------------------------------------
_TABLES: dict[str, tuple[type, str]] = {
    "regions": (Region, "code"),
    "tps": (Tps, "tps_id"),
    "units": (Unit, "code"),
    "incidents": (Incident, "ref"),
    "stakeholders": (Stakeholder, "code"),
    "engagements": (Engagement, "ref"),
    "objects": (SecuredObject, "code"),
    "personnel": (Personnel, "nrp"),
}
_ORDER = (
    "regions",
    "tps",
    "units",
    "stakeholders",
    "engagements",
    "incidents",
    "objects",
    "personnel",
)


def _plan(
    s: Session, batch: Batch, election: str
) -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], int]]:
    plans: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], int]] = {}
    for name in _ORDER:
        records: dict[str, dict[str, Any]] = getattr(batch, name)
        if not records:
            continue
        model, key = _TABLES[name]
        cols = list({k for r in records.values() for k in r})
        existing: dict[str, dict[str, Any]] = {}
        keys = list(records)
        table = model.__table__  # type: ignore[attr-defined]
        pk = [c.name for c in table.primary_key.columns]
        sel_cols = [table.c[c] for c in sorted(set(cols) | set(pk)) if c in table.c]
        scope = table.c.election_id == election if name == "tps" else sa_true()
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            stmt = select(*sel_cols).where(table.c[key].in_(chunk), scope)
            for row in s.execute(stmt).mappings():
                existing[row[key]] = dict(row)
        new, changed, unchanged = [], [], 0
        for k, rec in records.items():
            old = existing.get(k)
            if old is None:
                new.append(_defaults(name, rec))
            elif any(not _same(old.get(c), v) for c, v in rec.items() if c in old):
                if name == "tps" and "flags" in rec and old.get("flags"):
                    rec = {**rec, "flags": {**old["flags"], **rec["flags"]}}
                changed.append({**rec, **{c: old[c] for c in pk}})
            else:
                unchanged += 1
        if name == "regions":  # parents before children
            new.sort(key=lambda r: r["code"].count("."))
        if name == "units":
            new = _parents_first(new)
        plans[name] = (new, changed, unchanged)
    if batch.indicators:
        rows = list(batch.indicators.values())
        plans["indicator_values"] = (rows, [], 0)
    return plans


def _defaults(name: str, rec: dict[str, Any]) -> dict[str, Any]:
    if name == "tps":
        return {
            "voters": None,
            "lon": None,
            "lat": None,
            "location_source": None,
            "khusus": False,
            "category": None,
            "flags": {},
            **rec,
        }
    if name == "units":
        return {"lon": None, "lat": None, **rec}
    if name == "regions":
        return {"area_km2": None, "geometry": None, **rec}
    if name == "incidents":
        return {"lon": None, "lat": None, **rec}
    return rec


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    codes = {r["code"] for r in rows}
    depth: dict[str, int] = {}
    by_code = {r["code"]: r for r in rows}

    def d(code: str, guard: int = 0) -> int:
        if code in depth:
            return depth[code]
        parent = by_code[code].get("parent_code")
        depth[code] = 0 if parent not in codes or guard > 50 else d(str(parent), guard + 1) + 1
        return depth[code]

    return sorted(rows, key=lambda r: d(r["code"]))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return all(a.get(k, False if isinstance(v, bool) else None) == v for k, v in b.items())
    return bool(a == b)


def _apply(
    s: Session, plans: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], int]]
) -> None:
    for name, (new, changed, _) in plans.items():
        if name == "indicator_values":
            for row in new:
                s.execute(
                    delete(IndicatorValue).where(
                        IndicatorValue.election_id == row["election_id"],
                        IndicatorValue.level == row["level"],
                        IndicatorValue.code == row["code"],
                        IndicatorValue.indicator == row["indicator"],
                    )
                )
            s.execute(
                insert(IndicatorValue),
                [
                    {
                        k: r[k]
                        for k in ("election_id", "level", "code", "indicator", "value", "text")
                    }
                    for r in new
                ],
            )
            # every analyst value is also a dated, authored dynamic (assessments "as of" a date)
            now = datetime.now(UTC).replace(tzinfo=None)
            dated = [r for r in new if r.get("value") is not None and r.get("election_id")]
            if dated:
                s.execute(
                    insert(Dynamic),
                    [
                        {
                            "election_id": r["election_id"],
                            "level": r["level"],
                            "code": r["code"],
                            "indicator": r["indicator"],
                            "value": r["value"],
                            "valid_from": r.get("valid_from") or now,
                            "author": r.get("author"),
                            "source": r.get("source"),
                            "recorded_at": now,
                        }
                        for r in dated
                    ],
                )
            continue
        model, _key = _TABLES[name]
        table = model.__table__  # type: ignore[attr-defined]
        if new:
            _bulk_insert(s, table, new)
        if changed:
            s.execute(update(model), changed)  # ORM bulk update by primary key


def _bulk_insert(s: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows; on SQLite straight through the driver's executemany (much faster)."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        for start in range(0, len(rows), 50_000):
            s.execute(table.insert(), rows[start : start + 50_000])
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "  # names come from the table
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    params = [
        tuple(json.dumps(r.get(n)) if n in json_cols else _sqlite_value(r.get(n)) for n in names)
        for r in rows
    ]
    conn.exec_driver_sql(sql, params)


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return v


def _write_indicator_meta(s: Session, batch: Batch) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    seen = {(r["level"], r["indicator"]): r["source"] for r in batch.indicators.values()}
    for (level, indicator), source in seen.items():
        s.merge(
            IndicatorMeta(
                level=level,
                indicator=indicator,
                unit=None,
                method="dimasukkan analis",
                source=source,
                computed_at=now,
            )
        )


def tps_counts_by_kecamatan(ws: Workspace) -> dict[str, int]:
    """Return the number of TPS per kecamatan code."""
    with Session(ws.engine) as s:
        ids = list(
            s.scalars(select(Tps.desa_code).where(Tps.election_id == (ws.election_id or "")))
        )
    codes, counts = np.unique([d.rsplit(".", 1)[0] for d in ids], return_counts=True)
    return {str(c): int(n) for c, n in zip(codes, counts, strict=True)}
