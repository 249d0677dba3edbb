"""Plan a whole operation: every stage, the peak, the BKO request, reserves, the record.

Pure: the caller (``petarawan.services.operation``) reads the workspace and computes the travel
minutes unit × (TPS, objects) with the access module; :func:`plan_operation` returns the
:class:`~petarawan.domain.records.plan.PlanRecord` to store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.operation import Operation
from petarawan.domain.operation_plan import bko_request, peak_of, plan_stage, unit_pools
from petarawan.domain.operation_reserves import place_reserves
from petarawan.domain.operation_sites import SiteInputs
from petarawan.domain.patterns import CATEGORIES, STRICT_CATEGORIES, Pattern
from petarawan.domain.plan import plan_deployment
from petarawan.domain.records.plan import (
    Budget,
    ObjectDuty,
    PlanRecord,
    Pools,
    RayonInfo,
    StageResult,
    Strength,
    TpsDuty,
)

__all__ = ["plan_operation"]


def plan_operation(
    op: Operation,
    pattern: Pattern,
    tps: pd.DataFrame,
    units: pd.DataFrame,
    objects: pd.DataFrame,
    minutes: np.ndarray,
    method_of: Sequence[str | None],
    *,
    kecamatan_names: dict[str, str],
    convoy_minutes: np.ndarray,
    election_id: str | None = None,
    author: str | None = None,
    notices: Sequence[str] = (),
    time_limit: float = 30.0,
) -> PlanRecord:
    """Plan every stage of an operation and assemble the record (not yet stored).

    Parameters
    ----------
    tps, units, objects
        TPS (``tps_id``, ``desa_code``, ``lon``, ``lat``, ``category``, ``khusus``), units
        (``code``, ``name``, ``kind``, ``lon``, ``lat``, ``polri``) and objects (``code``,
        ``kind``, ``name``, ``desa_code``, ``lon``, ``lat``), each with a 0..n-1 index.
    minutes
        Travel minutes unit × (TPS then objects).
    method_of
        Method per TPS then per object (``road``, ``terrain``, ``straight``).
    kecamatan_names
        Name per kecamatan code.
    convoy_minutes
        Round trips warehouse → PPK (empty when unknown).
    """
    from petarawan.solve import highs_solver

    methods: list[str | None] = list(method_of)
    base = plan_deployment(tps, pattern, None)
    groups = base.groups
    frame = base.tps
    n_t = len(tps)
    t_tps, t_obj = minutes[:, :n_t], minutes[:, n_t:]
    gid = frame["group"].to_numpy()
    t_group = np.full((len(units), len(groups)), -np.inf)
    np.maximum.at(t_group.T, gid, t_tps.T)
    first_tps = frame.groupby("group").head(1).sort_values("group").index.to_numpy()
    group_method = [methods[i] for i in first_tps]
    kec_codes, t_kec = _kecamatan_times(frame["kecamatan"], t_tps)
    inp = SiteInputs(
        groups=groups,
        t_group=t_group,
        group_method=group_method,
        objects=objects,
        t_object=t_obj,
        object_method=methods[n_t:],
        kecamatan=kec_codes,
        t_kecamatan=t_kec,
        convoy_minutes=convoy_minutes,
        kecamatan_names=kecamatan_names,
    )
    pools = unit_pools(units, op)
    solver = highs_solver(time_limit=time_limit, mip_rel_gap=0.01)
    stages = [
        plan_stage(op, st, inp, pools, pattern_id=pattern.id, solver=solver).result
        for st in op.stages
    ]
    reserves, cover = _reserves(op, frame, objects, t_tps, t_obj, units, pools)
    record = PlanRecord(
        election_id=election_id or op.election_id,
        operation_id=op.id,
        operation_name=op.name,
        operation_hash=op.content_hash(),
        inputs_hash=_hash_frames(
            tps[[C.TPS_ID, C.DESA, C.LON, C.LAT, "category", "khusus"]],
            units[[C.UNIT_CODE, C.LON, C.LAT, "polri"]],
            objects,
            extra=f"{pattern.id}:{sorted(methods, key=str)}",
        ),
        pattern_id=pattern.id,
        author=author,
        strength=Strength(
            polri=sum(p.strength for p in pools),
            routine=sum(p.routine for p in pools),
            operation=sum(p.operation for p in pools),
            routine_share=op.routine_share,
            tni=op.tni,
            linmas=op.linmas,
            units=pools,
        ),
        stages=stages,
        peak=peak_of(stages),
        bko_request=bko_request(stages, op, pools),
        tps_duty=_tps_duty(groups, base.summary),
        objects=_object_duty(objects, stages),
        reserves=reserves,
        tps_cover=cover,
        rayons=[
            RayonInfo(id=r.id, name=r.name, kecamatan=list(r.kecamatan), padal=r.padal)
            for r in op.rayons
        ],
        travel={str(k): int(v) for k, v in pd.Series(methods[:n_t]).value_counts().items()},
        max_unit_minutes=op.max_unit_minutes,
        budget=_budget(op, stages),
        notices=list(notices),
    )
    return record


def _hash_frames(*frames: pd.DataFrame, extra: str = "") -> str:
    h = hashlib.sha256(extra.encode("utf-8"))
    for f in frames:
        h.update(pd.util.hash_pandas_object(f.astype(str), index=False).to_numpy().tobytes())
    return h.hexdigest()


def _kecamatan_times(kec: pd.Series, t_tps: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Minutes unit × kecamatan: the median over the kecamatan's TPS each unit reaches."""
    codes = sorted(kec.unique())
    out = np.full((t_tps.shape[0], len(codes)), np.inf)
    kv = kec.to_numpy()
    for j, k in enumerate(codes):
        sub = t_tps[:, kv == k]
        for u in range(sub.shape[0]):
            fin = sub[u][np.isfinite(sub[u])]
            if fin.size:
                out[u, j] = float(np.median(fin))
    return codes, out


def _tps_duty(groups: pd.DataFrame, summary: dict[str, Any]) -> TpsDuty:
    by_cat = {
        c: Pools(
            polri=int(groups.loc[groups["category"] == c, "polri"].sum()),
            linmas=int(groups.loc[groups["category"] == c, "linmas"].sum()),
        )
        for c in CATEGORIES
    }
    grouping = summary["grouping"]
    return TpsDuty(
        polri=int(groups["polri"].sum()),
        linmas=int(groups["linmas"].sum()),
        tps=int(groups["n_tps"].sum()),
        groups=len(groups),
        lower_bound=int(grouping["lower_bound"]),
        by_category=by_cat,
    )


def _object_duty(objects: pd.DataFrame, stages: list[StageResult]) -> list[ObjectDuty]:
    most: dict[str, int] = {}
    for st in stages:
        per: dict[str, int] = {}
        for a in st.assignments:
            if a.kind == "object":
                per[a.ref] = per.get(a.ref, 0) + a.polri
        for k, v in per.items():
            most[k] = max(most.get(k, 0), v)
    return [
        ObjectDuty(
            code=str(r.code),
            kind=str(r.kind),
            name=str(r.name),
            desa=str(r.desa_code) if isinstance(r.desa_code, str) else None,
            polri=most.get(str(r.code), 0),
        )
        for r in objects.itertuples()
    ]


def _reserves(
    op: Operation,
    frame: pd.DataFrame,
    objects: pd.DataFrame,
    t_tps: np.ndarray,
    t_obj: np.ndarray,
    units: pd.DataFrame,
    pools: list[Any],
) -> tuple[list[Any], list[Any]]:
    strict = frame["category"].isin(STRICT_CATEGORIES).to_numpy()
    venues = objects["kind"].isin(["ppk", "kpu"]).to_numpy() if len(objects) else np.zeros(0, bool)
    cols = [t_tps[:, strict], t_obj[:, venues]] if len(objects) else [t_tps[:, strict]]
    demand = np.hstack(cols).T
    ids = list(frame.loc[strict, "tps_id"])
    if len(objects):
        ids += list(objects.loc[venues, "code"].astype(str))
    if len(ids) == 0:
        demand, ids = t_tps.T, list(frame["tps_id"])
    rayon_of_kec = {k: r.name for r in op.rayons for k in r.kecamatan}
    nearest = np.argmin(np.where(np.isfinite(t_tps), t_tps, np.inf), axis=1)
    unit_rayon = [rayon_of_kec.get(str(frame["kecamatan"].iloc[i])) for i in nearest]
    return place_reserves(
        op,
        demand,
        ids,
        [p.code for p in pools],
        [p.name for p in pools],
        unit_rayon,
        t_tps.T,
        list(frame["tps_id"]),
    )


def _budget(op: Operation, stages: list[StageResult]) -> Budget:
    days = {s.id: s.personnel_days for s in stages}
    total = sum(days.values())
    return Budget(
        daily_rate=op.daily_rate,
        personnel_days=total,
        total=None if op.daily_rate is None else float(total * op.daily_rate),
        by_stage=days,
    )
