"""Validate registry files (regions, TPS, units, incidents, stakeholders, indicators) into records.

Nothing here touches the database: the caller passes a :class:`Snapshot` of what exists, and gets
back a :class:`Batch` of records plus every problem found (file, spreadsheet row, column). The
per-entity rules live in ``validate_<entity>.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from petarawan.errors import InputDataError, Issue
from petarawan.io.aliases import known_headers, map_columns
from petarawan.io.records import Batch, Snapshot
from petarawan.io.tables import RawTable, read_table
from petarawan.io.validate_incidents import _cross_incidents, _incidents
from petarawan.io.validate_objects import (
    cross_objects,
    cross_personnel,
    validate_objects,
    validate_personnel,
)
from petarawan.io.validate_people import (
    _cross_stakeholders,
    _engagements,
    _indicators,
    _stakeholders,
)
from petarawan.io.validate_regions import _cross_regions, _regions
from petarawan.io.validate_tps import _cross_tps, _tps
from petarawan.io.validate_units import _cross_units, _units

__all__ = ["ENTITIES", "Batch", "Snapshot", "validate_files"]

ENTITIES = (
    "regions",
    "tps",
    "units",
    "incidents",
    "stakeholders",
    "indicators",
    "objects",
    "personnel",
)


def validate_files(
    entity: str, paths: Sequence[Path], snapshot: Snapshot, *, crs: str | None = None
) -> Batch:
    """Read and validate files of one entity; row problems go to ``issues``, never raised."""
    if entity not in ENTITIES:
        msg = f"Jenis impor tidak dikenal: {entity!r}; pilihan: {', '.join(ENTITIES)}"
        raise InputDataError(msg)
    batch = Batch()
    tables: list[RawTable] = []
    for path in paths:
        try:
            table = read_table(Path(path), known_headers=_known(entity), crs=crs)
        except InputDataError as exc:
            batch.issues.extend(exc.issues or [Issue(Path(path).name, None, None, str(exc))])
            continue
        tables.append(table)
    handler: Callable[[RawTable, Snapshot, Batch], None] = _HANDLERS[entity]
    for table in tables:
        if entity == "stakeholders":
            map_columns(table, "engagements")
            if table.has("stakeholder_code") and table.has("date"):
                _engagements(table, snapshot, batch)
                batch.issues.extend(table.issues)
                continue
            table.columns.clear()
        map_columns(table, entity)
        if not table.issues or all(i.severity != "error" for i in table.issues):
            handler(table, snapshot, batch)
        batch.issues.extend(table.issues)
    _cross_check(entity, batch, snapshot)
    return batch


def _known(entity: str) -> list[str]:
    names = known_headers(entity)
    if entity == "stakeholders":
        names += known_headers("engagements")
    return names


def _noop(batch: Batch, snapshot: Snapshot) -> None:
    return None


_HANDLERS: dict[str, Callable[[RawTable, Snapshot, Batch], None]] = {
    "regions": _regions,
    "tps": _tps,
    "units": _units,
    "incidents": _incidents,
    "stakeholders": _stakeholders,
    "indicators": _indicators,
    "objects": validate_objects,
    "personnel": validate_personnel,
}

_CROSS: dict[str, Callable[[Batch, Snapshot], None]] = {
    "regions": _cross_regions,
    "tps": _cross_tps,
    "units": _cross_units,
    "incidents": _cross_incidents,
    "stakeholders": _cross_stakeholders,
    "indicators": _noop,
    "objects": cross_objects,
    "personnel": cross_personnel,
}


def _cross_check(entity: str, batch: Batch, snapshot: Snapshot) -> None:
    _CROSS[entity](batch, snapshot)
