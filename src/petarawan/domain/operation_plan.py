"""Plan an operation stage by stage: requirement per task, allocation of unit pools, BKO.

Per stage, every active task becomes sites (:mod:`petarawan.domain.operation_sites`); the
units' pools after the routine share are allocated to the sites within the travel-time limit
by the allocation MILP (:mod:`petarawan.domain.allocation`); what stays short is the request for
BKO from Polda, for the *penebalan* of the Polsek nearest the short sites. Reserves are placed
by :mod:`petarawan.domain.operation_reserves`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.allocation import solve_allocation
from petarawan.domain.operation import SATGAS, Operation, Stage
from petarawan.domain.operation_sites import SiteInputs, stage_sites
from petarawan.domain.plan import _pools, check_strict_feasible
from petarawan.domain.records.plan import (
    Assignment,
    BkoRequest,
    Count,
    Peak,
    Penebalan,
    Pools,
    StageResult,
    TaskResult,
    UnitPool,
)
from petarawan.errors import InfeasibleProblemError, NoPersonnelError

if TYPE_CHECKING:
    from petarawan.solve import Solver

__all__ = ["StagePlan", "bko_request", "peak_of", "plan_stage", "unit_pools"]


@dataclass(frozen=True)
class StagePlan:
    """A solved stage and the shortfall per unit used for the BKO request."""

    result: StageResult
    short_by_unit: dict[str, int]


def unit_pools(units: pd.DataFrame, op: Operation) -> list[UnitPool]:
    """Each unit's strength, routine share and pool on the operation (largest remainders)."""
    strength = int(units["polri"].fillna(0).sum()) if op.strength is None else op.strength
    pools = _pools(units, op.routine_share, strength)
    base = units["polri"].fillna(0).to_numpy(dtype=float)
    share = base / base.sum() if base.sum() > 0 else np.full(len(units), 1 / max(len(units), 1))
    raw = share * strength
    unit_strength = np.floor(raw).astype(np.int64)
    left = strength - int(unit_strength.sum())
    if left > 0:
        unit_strength[np.argsort(-(raw - unit_strength), kind="stable")[:left]] += 1
    names = units[C.NAME] if C.NAME in units.columns else units[C.UNIT_CODE]
    kinds = units[C.UNIT_KIND] if C.UNIT_KIND in units.columns else [None] * len(units)
    return [
        UnitPool(
            code=str(c),
            name=str(n),
            kind=None if k is None or pd.isna(k) else str(k),
            strength=int(s),
            routine=int(s - p),
            operation=int(p),
        )
        for c, n, k, s, p in zip(
            units[C.UNIT_CODE], names, kinds, unit_strength, pools, strict=True
        )
    ]


def plan_stage(
    op: Operation,
    stage: Stage,
    inp: SiteInputs,
    pools: list[UnitPool],
    *,
    pattern_id: str,
    solver: Solver,
) -> StagePlan:
    """Allocate the operation pools to one stage's sites.

    Raises
    ------
    NoPersonnelError
        The stage needs personnel and there are none on the operation.
    UnreachableTpsError
        A *sangat rawan*/*khusus* TPS group no unit reaches in time.
    InfeasibleProblemError
        The strict sites need more than the units reaching them have.
    """
    n_u = len(pools)
    sites, times = stage_sites(op, stage.tasks, inp, n_u)
    demand = sites["polri"].to_numpy(dtype=float)
    pool = np.array([p.operation for p in pools], dtype=np.int64)
    codes = np.array([p.code for p in pools], dtype=object)
    names = np.array([p.name for p in pools], dtype=object)
    required = demand.sum()
    if required > 0 and pool.sum() == 0:
        msg = (
            f"Tahap {stage.name} ({stage.start:%d-%m-%Y} s.d. {stage.end:%d-%m-%Y}) butuh "
            f"{int(required)} personel Polri, tetapi tidak ada personel pada operasi "
            f"(kekuatan {sum(p.strength for p in pools)}, dinas rutin "
            f"{sum(p.routine for p in pools)})."
        )
        raise NoPersonnelError(msg)
    strict = sites["strict"].to_numpy(dtype=bool)
    finite = np.where(np.isfinite(times), times, np.inf)
    reach = finite <= op.max_unit_minutes
    if len(sites):
        check_strict_feasible(
            strict=strict,
            reach=reach,
            t_ug=finite,
            req=demand,
            pools=pool,
            labels=sites["label"],
            limit=op.max_unit_minutes,
            pattern_id=pattern_id,
            strength=sum(p.strength for p in pools),
            routine_share=op.routine_share,
        )
    nonzero = demand > 0
    if nonzero.any():
        sub = np.flatnonzero(nonzero)
        try:
            res = solve_allocation(
                np.where(reach[:, sub], finite[:, sub], 0.0),
                reach[:, sub],
                demand[sub],
                strict[sub],
                pool,
                sites["risk"].to_numpy(dtype=float)[sub],
                solver=solver,
            )
        except InfeasibleProblemError:
            msg = (
                f"Tahap {stage.name}: TPS sangat rawan/khusus "
                f"({int(demand[strict].sum())} Polri) tidak dapat dipenuhi unit yang "
                f"menjangkaunya dalam {op.max_unit_minutes:g} menit."
            )
            raise InfeasibleProblemError(msg) from None
        assigned = np.zeros(len(sites), dtype=np.int64)
        assigned[sub] = res.assigned
        site_of = sub[res.site]
        a_unit, a_site, a_polri = res.unit, site_of, res.polri
        a_min = res.minutes
        status, gap = res.status, res.gap
    else:
        assigned = np.zeros(len(sites), dtype=np.int64)
        a_unit = a_site = a_polri = np.zeros(0, dtype=np.int64)
        a_min = np.zeros(0)
        status, gap = "optimal", 0.0
    sites = sites.assign(assigned=assigned, short=(demand - assigned).astype(np.int64))
    # BKO from Polda thickens a Polres or Polsek (penebalan), never a post: a Pos Pamtas is TNI
    # and a Polri post (Pospol) belongs to its Polsek
    thickened = np.array([p.kind in (None, "polres", "polsek") for p in pools], dtype=bool)
    short_by_unit = _short_by_unit(sites, finite, codes, allowed=thickened)
    assignments = [
        Assignment(
            unit=str(codes[u]),
            unit_name=str(names[u]),
            task=str(sites.at[s, "task"]),
            kind=str(sites.at[s, "kind"]),
            ref=str(sites.at[s, "ref"]),
            label=str(sites.at[s, "label"]),
            polri=int(x),
            minutes=round(float(m), 1),
            method=None if sites.at[s, "method"] is None else str(sites.at[s, "method"]),
        )
        for u, s, x, m in zip(a_unit, a_site, a_polri, a_min, strict=True)
    ]
    result = StageResult(
        id=stage.id,
        name=stage.name,
        start=stage.start,
        end=stage.end,
        days=stage.days,
        required=_pools_of(sites),
        assigned=Count(polri=int(assigned.sum())),
        shortfall=Count(polri=int(sites["short"].sum())),
        personnel_days=int(required) * stage.days,
        tasks=_task_results(op, stage, sites),
        satgas={s: int(sites.loc[sites["satgas"] == s, "polri"].sum()) for s in SATGAS},
        assignments=sorted(assignments, key=lambda a: (a.task, a.ref, a.unit)),
        penebalan=_penebalan(short_by_unit, codes, names),
        short_by_area={
            str(k): int(v)
            for k, v in sites[sites["short"] > 0].groupby("area")["short"].sum().items()
        },
        status=str(status),
        gap=round(float(gap), 6),
    )
    return StagePlan(result, short_by_unit)


def _pools_of(frame: pd.DataFrame) -> Pools:
    return Pools(
        polri=int(frame["polri"].sum()),
        brimob=int(frame["brimob"].sum()),
        tni=int(frame["tni"].sum()),
        linmas=int(frame["linmas"].sum()),
    )


def _task_results(op: Operation, stage: Stage, sites: pd.DataFrame) -> list[TaskResult]:
    out = []
    for tid in stage.tasks:
        t = op.tasks[tid]
        part = sites[sites["task"] == tid]
        out.append(
            TaskResult(
                id=tid,
                name=t.name,
                satgas=t.satgas,
                rule=t.rule,
                sites=len(part),
                shifts=t.shifts,
                required=_pools_of(part),
                assigned=Count(polri=int(part["assigned"].sum())),
                shortfall=Count(polri=int(part["short"].sum())),
            )
        )
    return out


def _short_by_unit(
    sites: pd.DataFrame,
    times: npt.NDArray[np.float64],
    codes: npt.NDArray[Any],
    *,
    allowed: npt.NDArray[np.bool_] | None = None,
) -> dict[str, int]:
    """Shortfall per unit nearest the short site (sites without a place: the first unit, Polres).

    ``allowed`` marks the units that may be thickened (Polres, Polsek); posts are skipped unless
    no unit is allowed.
    """
    out: dict[str, int] = defaultdict(int)
    if allowed is not None and allowed.any() and not allowed.all():
        times = np.where(allowed[:, None], times, np.inf)
    for i in np.flatnonzero(sites["short"].to_numpy() > 0):
        col = times[:, i]
        u = int(np.argmin(col)) if np.isfinite(col).any() and col.max() > 0 else 0
        out[str(codes[u])] += int(sites["short"].iloc[i])
    return dict(out)


def _penebalan(
    short: dict[str, int], codes: npt.NDArray[Any], names: npt.NDArray[Any]
) -> list[Penebalan]:
    name_of = dict(zip(codes, names, strict=True))
    return [
        Penebalan(unit=u, unit_name=str(name_of.get(u, u)), polri=n)
        for u, n in sorted(short.items(), key=lambda kv: (-kv[1], kv[0]))
        if n > 0
    ]


def peak_of(stages: list[StageResult]) -> Peak:
    """Return the stage needing most Polri (the first on ties) and its tasks, largest first."""
    best = max(stages, key=lambda s: (s.required.polri, -stages.index(s)))
    tasks = sorted(best.tasks, key=lambda t: -t.required.polri)
    return Peak(stage=best.id, stage_name=best.name, polri=best.required.polri, tasks=tasks)


def bko_request(stages: list[StageResult], op: Operation, pools: list[UnitPool]) -> BkoRequest:
    """Return the *permintaan BKO dari Polda*.

    Polri: the largest stage shortfall (with its penebalan) plus reserves from Polda; Brimob:
    the largest stage need plus the Brimob reserves from Polda.
    """
    worst = max(stages, key=lambda s: (s.shortfall.polri, s.required.brimob, -stages.index(s)))
    brimob_reserve = sum(r.brimob for r in op.reserves if r.from_polda)
    polri_reserve = sum(r.polri for r in op.reserves if r.from_polda)
    return BkoRequest(
        polri=worst.shortfall.polri + polri_reserve,
        brimob=max(s.required.brimob for s in stages) + brimob_reserve,
        stage=worst.id,
        penebalan=list(worst.penebalan),
    )
