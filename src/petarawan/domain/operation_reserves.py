"""Reserve positions (Dalmas, PHH, Brimob on BKO) placed on travel time with ``petarawan.locate``.

Demand: the *sangat rawan*/*khusus* TPS and the recap venues (PPK, KPU); without any, every TPS.
Candidate positions: the units' locations. Each reserve force with ``positions`` ``p`` is
placed by the p-center (the smallest worst response time); its coverage is the share of demand
points within its target response time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from petarawan.domain.location import p_center
from petarawan.domain.operation import Operation
from petarawan.domain.records.plan import ReserveCover, ReservePlacement, ReservePosition

__all__ = ["place_reserves"]


def place_reserves(
    op: Operation,
    demand_minutes: npt.NDArray[np.float64],
    demand_ids: list[str],
    unit_codes: list[str],
    unit_names: list[str],
    unit_rayon: list[str | None],
    tps_minutes: npt.NDArray[np.float64],
    tps_ids: list[str],
    *,
    time_limit: float = 30.0,
) -> tuple[list[ReservePlacement], list[ReserveCover]]:
    """Place every reserve force and report response times.

    Parameters
    ----------
    demand_minutes
        Minutes demand point × unit (candidate position).
    demand_ids
        Ids of the demand points (TPS ids or object codes).
    unit_codes, unit_names, unit_rayon
        Candidate positions: the units, with the rayon each lies in.
    tps_minutes
        Minutes TPS × unit, for every TPS (the response table of the plan).
    tps_ids
        Ids of those TPS.
    """
    placements: list[ReservePlacement] = []
    covers: dict[str, ReserveCover] = {}
    n_units = len(unit_codes)
    costs = np.where(np.isfinite(demand_minutes), demand_minutes, 1e6)
    for force in op.reserves:
        p = min(force.positions, n_units)
        if n_units == 0 or len(demand_ids) == 0:
            placements.append(_empty(force))
            continue
        res = p_center(costs, p, time_limit=time_limit)
        facilities = [int(f) for f in res.facilities]
        best = costs[:, facilities].min(axis=1)
        worst = float(best.max())
        placements.append(
            ReservePlacement(
                id=force.id,
                name=force.name,
                kind=force.kind,
                polri=force.polri,
                brimob=force.brimob,
                from_polda=force.from_polda,
                positions=[
                    ReservePosition(
                        unit=unit_codes[f], unit_name=unit_names[f], rayon=unit_rayon[f]
                    )
                    for f in facilities
                ],
                response_minutes=force.response_minutes,
                coverage_minutes=round(worst, 1) if worst < 1e6 else None,
                covered_share=round(float((best <= force.response_minutes).mean()), 4),
                demand_points=len(demand_ids),
                model="p-center",
            )
        )
        if len(tps_ids):
            sub = tps_minutes[:, facilities]
            sub = np.where(np.isfinite(sub), sub, np.inf)
            k = np.argmin(sub, axis=1)
            mins = sub[np.arange(len(tps_ids)), k]
            for i, tid in enumerate(tps_ids):
                if not np.isfinite(mins[i]):
                    continue
                old = covers.get(tid)
                if old is None or mins[i] < old.minutes:
                    covers[tid] = ReserveCover(
                        tps_id=tid,
                        reserve=force.id,
                        unit=unit_codes[facilities[int(k[i])]],
                        minutes=round(float(mins[i]), 1),
                    )
    return placements, [covers[t] for t in sorted(covers)]


def _empty(force: object) -> ReservePlacement:
    from petarawan.domain.operation import ReserveForce

    assert isinstance(force, ReserveForce)
    return ReservePlacement(
        id=force.id,
        name=force.name,
        kind=force.kind,
        polri=force.polri,
        brimob=force.brimob,
        from_polda=force.from_polda,
        positions=[],
        response_minutes=force.response_minutes,
        coverage_minutes=None,
        covered_share=None,
        demand_points=0,
        model="p-center",
    )
