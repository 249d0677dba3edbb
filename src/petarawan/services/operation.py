"""Plan an operation on a workspace and store the plan (``petarawan plan --operation``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.operation import Operation
from petarawan.domain.operation_record import plan_operation
from petarawan.domain.patterns import Pattern
from petarawan.domain.records.plan import PlanRecord
from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_int
from petarawan.io.operations import read_operation
from petarawan.io.patterns import read_pattern
from petarawan.labels import label
from petarawan.services.planning import _categories_from_assessment
from petarawan.services.travel import unit_travel_matrix
from petarawan.store import Workspace
from petarawan.store.records import save_plan

__all__ = ["build_plan", "run_operation_plan"]


def _pattern_for(op: Operation, op_file: Path | None) -> Pattern:
    if op_file is not None:
        local = op_file.parent / op.pattern
        if local.is_file():
            return read_pattern(local)
    return read_pattern(op.pattern)


def _inputs(ws: Workspace) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    notices: list[str] = []
    tps = pd.DataFrame(ws.tps().drop(columns="geometry"))
    units = pd.DataFrame(ws.units().drop(columns="geometry"))
    objects = ws.objects()
    issues: list[Issue] = []
    if tps.empty:
        issues.append(Issue("workspace", None, "tps", "belum ada TPS (petarawan import tps)"))
    elif tps[C.LON].isna().any():
        n = int(tps[C.LON].isna().sum())
        issues.append(Issue("workspace", None, "tps", f"{n} TPS tanpa koordinat"))
    if units.empty or units[C.LON].isna().any():
        issues.append(
            Issue("workspace", None, "units", "satuan berkoordinat diperlukan (import units)")
        )
    if issues:
        msg = "Rencana operasi belum dapat dihitung: data dasar belum lengkap."
        raise InputDataError(msg, issues)
    if tps["category"].isna().all():
        tps, note = _categories_from_assessment(ws, tps)
        if note:
            notices.append(note)
    if tps["category"].isna().all() and not tps["khusus"].any():
        notices.append("Belum ada kategori TPS: semua TPS dianggap kurang rawan.")
    return tps, units, objects, notices


def build_plan(
    ws: Workspace,
    op: Operation,
    pattern: Pattern,
    *,
    election_id: str | None = None,
    author: str | None = None,
    time_limit: float = 30.0,
) -> PlanRecord:
    """Compute (without storing) the plan of an operation on a workspace's data."""
    tps, units, objects, notices = _inputs(ws)
    tps = tps.reset_index(drop=True)
    units = units.reset_index(drop=True)
    objects = objects.reset_index(drop=True)
    targets = pd.concat(
        [tps[[C.LON, C.LAT]], objects[[C.LON, C.LAT]] if len(objects) else None],
        ignore_index=True,
    )
    travel = unit_travel_matrix(ws, units, targets)
    names = ws.regions("kecamatan")
    return plan_operation(
        op,
        pattern,
        tps,
        units,
        objects,
        travel.minutes,
        travel.method,
        kecamatan_names=dict(zip(names[C.CODE], names[C.NAME], strict=True)) if len(names) else {},
        convoy_minutes=_convoy_minutes(ws, objects),
        election_id=election_id or ws.election_id or op.election_id,
        author=author,
        notices=[*notices, *_travel_notes(travel.notes, travel.method[: len(tps)])],
        time_limit=time_limit,
    )


def _travel_notes(notes: list[str], methods: list[str | None]) -> list[str]:
    """Return the access notes without per-point fallback counts, plus one count per method."""
    counts = pd.Series([m for m in methods if m is not None]).value_counts()
    kept = [n for n in notes if not n.startswith("CADANGAN:")]
    if len(counts):
        kept.append(
            "Waktu tempuh satuan ke TPS: "
            + ", ".join(
                f"{label('travel_method', str(k))} {format_int(int(v))} TPS"
                for k, v in counts.items()
            )
            + "."
        )
    return kept


def _convoy_minutes(ws: Workspace, objects: pd.DataFrame) -> np.ndarray:
    if objects.empty:
        return np.zeros(0)
    depot = objects[objects["kind"] == "gudang_logistik"].head(1)
    ppk = objects[objects["kind"] == "ppk"]
    if depot.empty or ppk.empty:
        return np.zeros(0)
    m = unit_travel_matrix(ws, depot, ppk)
    return np.asarray(m.minutes[0] * 2.0, dtype=float)


def run_operation_plan(
    ws: Workspace,
    operation: str | Path,
    *,
    election_id: str | None = None,
    author: str | None = None,
    time_limit: float = 30.0,
) -> PlanRecord:
    """Read an operation (preset or file), plan it on the workspace and store the plan."""
    op = read_operation(operation)
    path = Path(operation)
    pattern = _pattern_for(op, path if path.is_file() else None)
    record = build_plan(
        ws, op, pattern, election_id=election_id, author=author, time_limit=time_limit
    )
    return save_plan(ws, record)
