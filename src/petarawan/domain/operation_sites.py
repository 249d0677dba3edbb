"""The places an operation's tasks are staffed at, per stage: TPS groups, objects, rayons.

A *site* is one row of the allocation: a group of TPS, an object (KPU office, warehouse, PPK …),
a rayon (patrols), a kecamatan, or a task without a fixed place (escorts, convoys, officers in
the field). Each site carries its demand per pool and the travel minutes from every unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from petarawan.domain.operation import Operation, Task
from petarawan.domain.patterns import STRICT_CATEGORIES

__all__ = ["SiteInputs", "convoy_teams", "stage_sites"]

FloatArray = npt.NDArray[np.float64]

#: Risk per person of a site that is not a TPS group.
NON_TPS_RISK = 4.0


@dataclass(frozen=True)
class SiteInputs:
    """Everything the sites of a stage are built from (computed once per plan).

    Attributes
    ----------
    groups
        TPS groups: ``group``, ``kecamatan``, ``category``, ``n_tps``, ``polri``, ``linmas``,
        ``risk``, ``tps_ids``.
    t_group
        Minutes unit × TPS group (the farthest TPS of the group).
    group_method
        Travel method per group (the method of its farthest TPS).
    objects
        Objects: ``code``, ``kind``, ``name``, ``desa_code``.
    t_object
        Minutes unit × object.
    object_method
        Travel method per object.
    kecamatan
        Kecamatan codes with TPS, and the minutes unit × kecamatan (median over its TPS).
    t_kecamatan
        Minutes unit × kecamatan.
    convoy_minutes
        Round-trip minutes of each logistics convoy (warehouse → PPK → warehouse), if known.
    kecamatan_names
        Name per kecamatan code.
    """

    groups: pd.DataFrame
    t_group: FloatArray
    group_method: list[str | None]
    objects: pd.DataFrame
    t_object: FloatArray
    object_method: list[str | None]
    kecamatan: list[str]
    t_kecamatan: FloatArray
    convoy_minutes: FloatArray
    kecamatan_names: dict[str, str]


def convoy_teams(task: Task, convoys: int, minutes: FloatArray) -> int:
    """Escort teams needed so that every convoy runs within the distribution window.

    With round trips ``m_i`` and a window of ``W`` hours, ``⌈Σ m_i / 60W⌉`` teams (at least
    one per convoy that alone exceeds the window is impossible: such convoys get a team each);
    without a window, one team per convoy.
    """
    if convoys <= 0:
        return 0
    if task.window_hours is None or len(minutes) == 0 or not np.isfinite(minutes).all():
        return convoys
    window = task.window_hours * 60.0
    return max(1, min(convoys, math.ceil(float(minutes.sum()) / window)))


def _rows(
    task: Task,
    n: int,
    labels: list[str],
    kinds: str,
    refs: list[str],
    times: FloatArray,
    methods: list[str | None],
    strict: list[bool] | None = None,
    polri: list[int] | None = None,
    risk: list[float] | None = None,
    area: list[str | None] | None = None,
) -> tuple[list[dict[str, object]], FloatArray]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        p = (polri[i] if polri is not None else task.polri) * task.shifts
        rows.append(
            {
                "task": task.id,
                "satgas": task.satgas,
                "kind": kinds,
                "ref": refs[i],
                "label": labels[i],
                "polri": int(p),
                "brimob": task.brimob * task.shifts,
                "tni": task.tni * task.shifts,
                "linmas": task.linmas * task.shifts,
                "strict": bool(strict[i]) if strict is not None else False,
                # objects, rayons and escorts weigh a little above a kurang rawan TPS group
                # per person (3), so a shortfall falls on TPS first, the farthest first
                "risk": float(risk[i]) if risk is not None else NON_TPS_RISK * p,
                "method": methods[i] if i < len(methods) else None,
                "area": area[i] if area is not None else None,
            }
        )
    return rows, times


def _task_sites(
    task: Task, op: Operation, inp: SiteInputs, n_units: int
) -> tuple[list[dict[str, object]], FloatArray]:
    none = np.zeros((n_units, 0))
    if task.rule == "tps":
        g = inp.groups
        n = len(g)
        rows, t = _rows(
            task,
            n,
            [str(x) for x in g["tps_ids"]],
            "tps",
            [str(x) for x in g["group"]],
            inp.t_group,
            inp.group_method,
            strict=[c in STRICT_CATEGORIES for c in g["category"]],
            polri=[int(x) for x in g["polri"]],
            risk=[float(x) for x in g["risk"]],
            area=[str(x) for x in g["kecamatan"]],
        )
        for r, lin, n_tps in zip(rows, g["linmas"], g["n_tps"], strict=True):
            r["linmas"] = int(lin)
            r["tni"] = task.tni * int(n_tps)
        return rows, t
    if task.rule == "object":
        sel = np.flatnonzero(inp.objects["kind"].to_numpy() == task.object_kind)
        obj = inp.objects.iloc[sel]
        return _rows(
            task,
            len(sel),
            [str(x) for x in obj["name"]],
            "object",
            [str(x) for x in obj["code"]],
            inp.t_object[:, sel],
            [inp.object_method[i] for i in sel],
            area=[str(d)[:8] if isinstance(d, str) else None for d in obj["desa_code"]],
        )
    if task.rule == "rayon":
        times = np.zeros((n_units, len(op.rayons)))
        for j, rayon in enumerate(op.rayons):
            cols = [inp.kecamatan.index(k) for k in rayon.kecamatan if k in inp.kecamatan]
            if cols:
                times[:, j] = np.median(inp.t_kecamatan[:, cols], axis=1)
        return _rows(
            task,
            len(op.rayons),
            [r.name for r in op.rayons],
            "rayon",
            [r.id for r in op.rayons],
            times,
            [None] * len(op.rayons),
            polri=[task.by_rayon.get(r.id, task.polri) for r in op.rayons],
        )
    if task.rule == "kecamatan":
        n = len(inp.kecamatan)
        return _rows(
            task,
            n,
            [inp.kecamatan_names.get(k, k) for k in inp.kecamatan],
            "kecamatan",
            list(inp.kecamatan),
            inp.t_kecamatan,
            [None] * n,
            area=list(inp.kecamatan),
        )
    if task.rule == "escort":
        n = task.count if task.count is not None else op.candidates
        return _rows(
            task,
            n,
            [f"{task.name} {i + 1}" for i in range(n)],
            "escort",
            [f"{task.id}-{i + 1}" for i in range(n)],
            np.zeros((n_units, n)),
            [None] * n,
        )
    if task.rule == "convoy":
        convoys = task.count
        if convoys is None:
            n_ppk = int((inp.objects["kind"] == "ppk").sum())
            convoys = n_ppk or len(inp.kecamatan)
        teams = convoy_teams(task, convoys, inp.convoy_minutes)
        return _rows(
            task,
            teams,
            [f"Tim {task.name} {i + 1}" for i in range(teams)],
            "convoy",
            [f"{task.id}-{i + 1}" for i in range(teams)],
            np.zeros((n_units, teams)),
            ["road" if len(inp.convoy_minutes) else None] * teams,
        )
    # fixed: one site, any unit
    rows, _ = _rows(task, 1, [task.name], "fixed", [task.id], none, [None])
    return rows, np.zeros((n_units, 1))


def stage_sites(
    op: Operation, stage_tasks: tuple[str, ...], inp: SiteInputs, n_units: int
) -> tuple[pd.DataFrame, FloatArray]:
    """Return the sites of a stage's tasks and the minutes unit × site."""
    rows: list[dict[str, object]] = []
    blocks: list[FloatArray] = []
    for tid in stage_tasks:
        r, t = _task_sites(op.tasks[tid], op, inp, n_units)
        rows.extend(r)
        blocks.append(t)
    times = np.hstack(blocks) if blocks else np.zeros((n_units, 0))
    frame = pd.DataFrame(
        rows,
        columns=[
            "task",
            "satgas",
            "kind",
            "ref",
            "label",
            "polri",
            "brimob",
            "tni",
            "linmas",
            "strict",
            "risk",
            "method",
            "area",
        ],
    )
    return frame, times
