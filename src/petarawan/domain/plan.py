"""Deployment planning: required personnel, optimal allocation of units, shortfall and BKO."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from petarawan.domain import columns as C
from petarawan.domain.access.crs import to_metres
from petarawan.domain.access.travel import great_circle_minutes
from petarawan.domain.allocation import Allocation, solve_allocation
from petarawan.domain.apportion import largest_remainder
from petarawan.domain.grouping import group_tps
from petarawan.domain.patterns import CATEGORIES, STRICT_CATEGORIES, Pattern, category_label
from petarawan.errors import (
    InfeasibleProblemError,
    InputDataError,
    Issue,
    NoPersonnelError,
    UnreachableTpsError,
)

if TYPE_CHECKING:
    from petarawan.solve import Solver

__all__ = [
    "DEFAULT_RISK",
    "PlanOptions",
    "PlanResult",
    "check_strict_feasible",
    "coverage_curve",
    "next_bko",
    "plan_deployment",
    "resolve_categories",
]

#: Risk weight per TPS by category when no risk score is given.
DEFAULT_RISK = {"kurang_rawan": 1.0, "rawan": 3.0, "sangat_rawan": 6.0, "khusus": 6.0}


@dataclass(frozen=True)
class PlanOptions:
    """Parameters of a plan that are not part of the pattern.

    Attributes
    ----------
    speed_kmh
        Travel speed for the straight-line fallback.
    detour
        Road detour factor applied to straight-line distances.
    max_unit_minutes
        Largest travel time from a unit to a group it staffs.
    available
        Total Polri strength to plan with (overrides the units' pools, scaled proportionally);
        the pattern's reserve share is kept off TPS duty.
    time_limit
        Solver time limit in seconds.
    mip_rel_gap
        Relative gap at which the allocation counts as solved.
    """

    speed_kmh: float = 30.0
    detour: float = 1.3
    max_unit_minutes: float = 120.0
    available: int | None = None
    time_limit: float = 30.0
    mip_rel_gap: float = 0.01


@dataclass
class PlanResult:
    """A finished plan: groups, requirement, allocation, shortfall and BKO request.

    Attributes
    ----------
    tps
        One row per TPS: ``tps_id``, ``kecamatan``, ``category``, ``group``.
    groups
        One row per group: ``group``, ``kecamatan``, ``category``, ``n_tps``, ``polri``,
        ``linmas``, ``risk``, ``assigned``, ``shortfall``, ``nearest_unit``.
    roster
        One row per (unit, group) with personnel: ``unit``, ``unit_name``, ``group``,
        ``kecamatan``, ``category``, ``tps_ids``, ``polri``, ``linmas``, ``minutes``.
    summary
        The JSON-ready dictionary (keys ``required``, ``available``, ``shortfall``, ``status``,
        ``gap`` …).
    """

    tps: pd.DataFrame
    groups: pd.DataFrame
    roster: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
def resolve_categories(tps: pd.DataFrame) -> tuple[pd.Series, int]:
    """Return the category of every TPS and how many had none (they become ``kurang_rawan``).

    A TPS flagged ``khusus`` without a hand-set category is ``khusus``.

    Raises
    ------
    InputDataError
        A category that is not one of the four ids.
    """
    if C.CATEGORY in tps.columns:
        cat = tps[C.CATEGORY].astype("object").where(tps[C.CATEGORY].notna(), None)
    else:
        cat = pd.Series([None] * len(tps), index=tps.index, dtype="object")
    if C.KHUSUS in tps.columns:
        khusus = tps[C.KHUSUS].fillna(False).astype(bool)
        cat = cat.where(~(cat.isna() & khusus), "khusus")
    missing = int(cat.isna().sum())
    cat = cat.fillna("kurang_rawan").astype(str)
    bad = ~cat.isin(CATEGORIES)
    if bad.any():
        issues = [
            Issue("tps", None, C.CATEGORY, f"TPS {tid}: kategori '{v}' tidak dikenal")
            for tid, v in zip(tps.loc[bad, C.TPS_ID], cat[bad], strict=True)
        ]
        msg = (
            f"{int(bad.sum())} TPS punya kategori tidak dikenal; pilihan: {', '.join(CATEGORIES)}."
        )
        raise InputDataError(msg, issues)
    return cat, missing


def _kecamatan(desa: pd.Series) -> pd.Series:
    return desa.astype(str).str.split(".").str[:3].str.join(".")


def _check_tps(tps: pd.DataFrame, *, need_coordinates: bool) -> None:
    issues = [
        Issue("tps", None, col, "kolom wajib tidak ada")
        for col in (C.TPS_ID, C.DESA, C.LON, C.LAT)
        if col not in tps.columns
    ]
    if issues:
        msg = "Data TPS tidak lengkap untuk perencanaan."
        raise InputDataError(msg, issues)
    bad = tps[C.LON].isna() | tps[C.LAT].isna()
    if bad.any() and need_coordinates:
        issues = [
            Issue("tps", None, "lon/lat", f"TPS {t} tanpa koordinat")
            for t in tps.loc[bad, C.TPS_ID].head(50)
        ]
        msg = (
            f"{int(bad.sum())} dari {len(tps)} TPS tanpa koordinat; "
            "tempatkan TPS (petarawan import tps) sebelum merencanakan."
        )
        raise InputDataError(msg, issues)


def _pools(units: pd.DataFrame, reserve: float, available: int | None) -> npt.NDArray[np.int64]:
    strength = units[C.POOLS[0]].fillna(0).to_numpy(dtype=float)
    if (strength < 0).any():
        msg = "Jumlah personel Polri unit tidak boleh negatif."
        issues = [
            Issue("units", None, "polri", f"unit {c}: {v:g}")
            for c, v in zip(units[C.UNIT_CODE], strength, strict=True)
            if v < 0
        ]
        raise InputDataError(msg, issues)
    total = strength.sum() if available is None else float(available)
    on_duty = math.floor(total * (1.0 - reserve) + 1e-9)
    return largest_remainder(on_duty, np.clip(strength, 0, None))


def plan_deployment(
    tps: pd.DataFrame,
    pattern: Pattern,
    units: pd.DataFrame | None = None,
    *,
    options: PlanOptions | None = None,
    risk: pd.Series | None = None,
    travel_units: npt.NDArray[np.float64] | None = None,
    travel_tps: npt.NDArray[np.float64] | None = None,
    solver: Solver | None = None,
) -> PlanResult:
    """Compute the requirement of a pattern and allocate the existing personnel to TPS groups.

    Parameters
    ----------
    tps
        TPS table: ``tps_id``, ``desa_code``, ``lon``, ``lat`` and optionally ``category``,
        ``khusus``.
    pattern
        The TPS security pattern.
    units
        Units with ``code``, ``name``, ``lon``, ``lat``, ``polri``; ``None`` or empty computes
        the requirement only.
    options
        Speeds, limits and the ``available`` override.
    risk
        Optional risk score per TPS (aligned with ``tps``); default by category
        (:data:`DEFAULT_RISK`).
    travel_units
        Optional units × TPS travel-time matrix in minutes.
    travel_tps
        Optional TPS × TPS travel-time matrix in minutes.
    solver
        A ``petarawan.solve`` solver; default HiGHS with the options' limits.

    Returns
    -------
    PlanResult
        Groups, roster, summary.

    Raises
    ------
    InputDataError
        Missing columns or coordinates, unknown categories, a unit that reaches no TPS.
    InfeasibleProblemError
        *Sangat rawan*/*khusus* TPS cannot all get their pattern minimum (the message gives the
        required and reachable numbers).
    """
    t0 = time.perf_counter()
    opts = options or PlanOptions()
    _check_tps(tps, need_coordinates=units is not None and len(units) > 0)
    tps = tps.reset_index(drop=True)
    cat, missing = resolve_categories(tps)
    kec = _kecamatan(tps[C.DESA])
    located = (tps[C.LON].notna() & tps[C.LAT].notna()).to_numpy()
    xy = np.full((len(tps), 2), np.nan)
    if located.any():
        xy[located] = to_metres(tps.loc[located, C.LON], tps.loc[located, C.LAT])
    minutes_per_metre = opts.detour / (opts.speed_kmh * 1000.0 / 60.0)
    size = cat.map(lambda c: pattern.rule(c).tps)
    grouping = group_tps(
        kec + "|" + cat,
        xy,
        size,
        minutes_per_metre=minutes_per_metre,
        max_minutes=pattern.max_group_minutes,
        travel=travel_tps,
        place=tps[C.DESA],
    )
    t_group = time.perf_counter() - t0
    r = (
        pd.Series(risk, index=tps.index).astype(float)
        if risk is not None
        else cat.map(DEFAULT_RISK).astype(float)
    )
    frame = pd.DataFrame(
        {
            "tps_id": tps[C.TPS_ID].astype(str),
            "kecamatan": kec,
            "category": cat,
            "group": grouping.group,
            "risk": r,
        }
    )
    frame.attrs["lonlat"] = tps[[C.LON, C.LAT]].to_numpy(dtype=float)  # for unit -> TPS minutes
    groups = (
        frame.groupby("group")
        .agg(
            kecamatan=("kecamatan", "first"),
            category=("category", "first"),
            n_tps=("tps_id", "size"),
            risk=("risk", "sum"),
            tps_ids=("tps_id", ",".join),
        )
        .reset_index()
    )
    groups["polri"] = groups["category"].map(lambda c: pattern.rule(c).polri).astype(int)
    groups["linmas"] = [
        pattern.rule(c).linmas_for(n)
        for c, n in zip(groups["category"], groups["n_tps"], strict=True)
    ]
    required = _requirement(groups, pattern, frame)
    summary: dict[str, Any] = {
        "pattern": {"id": pattern.id, "name": pattern.name, "reserve_share": pattern.reserve_share},
        "required": required,
        "tps": {
            "total": len(tps),
            "category_missing": missing,
            "without_coordinates": int((~located).sum()),
        },
        "notices": (
            []
            if located.all()
            else [
                f"{int((~located).sum())} TPS tanpa koordinat: dikelompokkan hanya dengan TPS "
                "di desa yang sama."
            ]
        ),
        "grouping": {
            "groups": grouping.n_groups,
            "lower_bound": grouping.lower_bound,
            "gap": round(grouping.gap, 4),
            "max_group_minutes": pattern.max_group_minutes,
            "method": "partisi klik serakah per kecamatan × kategori; batas "
            "bawah = Σ komponen ⌈n/k⌉",
            "seconds": round(t_group, 3),
        },
        "travel": {
            "method": "matrix" if travel_units is not None else "straight",
            "speed_kmh": opts.speed_kmh,
            "detour": opts.detour,
        },
        "how": (
            f"Kebutuhan = jumlah kelompok TPS × Polri per kelompok (pola {pattern.name}: "
            + "; ".join(
                f"{category_label(c).lower()} {pattern.rules[c].polri} Polri untuk "
                f"{pattern.rules[c].tps} TPS dan {pattern.rules[c].linmas} Linmas"
                for c in CATEGORIES
                if c in pattern.rules
            )
            + "); satu kelompok berada dalam satu kecamatan, waktu tempuh antar-TPS paling lama "
            f"{pattern.max_group_minutes:g} menit; {pattern.reserve_share:.0%} personel tetap "
            "dinas rutin, tidak bertugas di TPS."
        ),
    }
    if units is None or len(units) == 0:
        summary.update(
            available={"polri": None},
            shortfall={"polri": None},
            status="requirement_only",
            gap=None,
            notice="Alokasi memerlukan data unit (Polres/Polsek) dengan jumlah personel; "
            "hanya kebutuhan yang dihitung.",
        )
        groups["assigned"] = 0
        groups["shortfall"] = groups["polri"]
        groups["nearest_unit"] = None
        summary["seconds"] = round(time.perf_counter() - t0, 3)
        return PlanResult(frame, groups, _empty_roster(), summary)
    return _allocate(
        frame,
        groups,
        units.reset_index(drop=True),
        pattern,
        opts,
        xy,
        minutes_per_metre,
        travel_units,
        solver,
        summary,
        t0,
    )


def _requirement(groups: pd.DataFrame, pattern: Pattern, frame: pd.DataFrame) -> dict[str, Any]:
    by_cat: dict[str, Any] = {}
    for c in CATEGORIES:
        g = groups[groups["category"] == c]
        by_cat[c] = {
            "tps": int(g["n_tps"].sum()),
            "groups": len(g),
            "polri": int(g["polri"].sum()),
            "linmas": int(g["linmas"].sum()),
            "pattern": pattern.ratio_text(c) if c in pattern.rules else None,
        }
    by_kec = (
        groups.groupby("kecamatan")[["n_tps", "polri", "linmas"]].sum().astype(int).to_dict("index")
    )
    polri = int(groups["polri"].sum())
    return {
        "polri": polri,
        "linmas": int(groups["linmas"].sum()),
        "polri_with_reserve": math.ceil(polri / (1.0 - pattern.reserve_share)),
        "by_category": by_cat,
        "by_kecamatan": {k: {kk: int(vv) for kk, vv in v.items()} for k, v in by_kec.items()},
    }


def _empty_roster() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "unit",
            "unit_name",
            "group",
            "kecamatan",
            "category",
            "tps_ids",
            "polri",
            "linmas",
            "minutes",
        ]
    )


def _check_units(units: pd.DataFrame) -> None:
    issues = [
        Issue("units", None, col, "kolom wajib tidak ada")
        for col in (C.UNIT_CODE, C.LON, C.LAT, "polri")
        if col not in units.columns
    ]
    if issues:
        msg = "Data unit tidak lengkap untuk alokasi."
        raise InputDataError(msg, issues)
    nan_units = units[C.LON].isna() | units[C.LAT].isna()
    if nan_units.any():
        msg = f"{int(nan_units.sum())} unit tanpa koordinat; alokasi memerlukan lokasi unit."
        raise InputDataError(
            msg,
            [
                Issue("units", None, "lon/lat", f"unit {c}")
                for c in units.loc[nan_units, C.UNIT_CODE]
            ],
        )


def _unit_tps_times(
    units: pd.DataFrame,
    frame: pd.DataFrame,
    xy: npt.NDArray[np.float64],
    minutes_per_metre: float,
    travel_units: npt.NDArray[np.float64] | None,
) -> npt.NDArray[np.float64]:
    """Minutes unit × TPS: the given matrix, else straight line × detour at the speed."""
    if travel_units is None:
        # the one straight-line measure (great circle); at 60 km/h one minute is one km
        km = great_circle_minutes(
            units[C.LON],
            units[C.LAT],
            frame.attrs["lonlat"][:, 0],
            frame.attrs["lonlat"][:, 1],
            detour_factor=1.0,
            speed_kmh=60.0,
        )
        return np.asarray(km * 1000.0 * minutes_per_metre, dtype=np.float64)
    t_ut = np.asarray(travel_units, dtype=float)
    if t_ut.shape != (len(units), len(frame)):
        want = (len(units), len(frame))
        msg = f"Matriks waktu tempuh unit × TPS berbentuk {t_ut.shape}, diharapkan {want}."
        raise InputDataError(msg)
    return t_ut


def _check_reach(
    reach: npt.NDArray[np.bool_],
    t_ut: npt.NDArray[np.float64],
    codes: npt.NDArray[Any],
    names: npt.NDArray[Any],
    limit: float,
) -> None:
    lonely = ~reach.any(axis=1)
    if lonely.any():
        issues = [
            Issue(
                "units",
                None,
                C.UNIT_CODE,
                f"unit {codes[u]} ({names[u]}): TPS terdekat {t_ut[u].min():.0f} menit, "
                f"batas {limit:g} menit",
            )
            for u in np.nonzero(lonely)[0]
        ]
        msg = (
            f"{int(lonely.sum())} unit tidak menjangkau TPS mana pun dalam "
            f"{limit:g} menit; periksa koordinat unit atau naikkan batas waktu."
        )
        raise InputDataError(msg, issues)


def check_strict_feasible(
    *,
    strict: npt.NDArray[np.bool_],
    reach: npt.NDArray[np.bool_],
    t_ug: npt.NDArray[np.float64],
    req: npt.NDArray[np.float64],
    pools: npt.NDArray[np.int64],
    labels: pd.Series,
    limit: float,
    pattern_id: str,
    strength: int,
    routine_share: float,
) -> None:
    """Raise a named error when the strict sites cannot be staffed, with the numbers.

    Raises
    ------
    NoPersonnelError
        No personnel at all while something is required.
    UnreachableTpsError
        A strict site that no unit reaches within ``limit`` minutes.
    InfeasibleProblemError
        The strict sites need more than the reaching units have.
    """
    total_pool = int(pools.sum())
    if total_pool == 0 and req.sum() > 0:
        msg = (
            f"Tidak ada personel untuk tugas TPS (kekuatan {strength}, "
            f"setelah dinas rutin {routine_share:.0%}: 0); kebutuhan {int(req.sum())} Polri."
        )
        raise NoPersonnelError(msg)
    unreachable = strict & ~reach.any(axis=0)
    if unreachable.any():
        msg = (
            f"{int(unreachable.sum())} kelompok TPS sangat rawan/khusus tidak terjangkau unit mana "
            f"pun dalam {limit:g} menit (TPS {', '.join(labels[unreachable].head(5))}); "
            f"waktu terdekat {t_ug[:, unreachable].min(axis=0).max():.0f} menit."
        )
        raise UnreachableTpsError(msg)
    strict_req = int(req[strict].sum())
    reach_pool = int(pools[reach[:, strict].any(axis=1)].sum()) if strict.any() else 0
    if strict_req > total_pool or strict_req > reach_pool:
        msg = (
            f"TPS sangat rawan/khusus butuh {strict_req} Polri menurut pola {pattern_id}, tetapi "
            f"personel Pam TPS hanya {total_pool} (yang menjangkau: {reach_pool}); kurang "
            f"{strict_req - min(total_pool, reach_pool)} — minta BKO atau ubah pola/kategori."
        )
        raise InfeasibleProblemError(msg)


def _allocate(
    frame: pd.DataFrame,
    groups: pd.DataFrame,
    units: pd.DataFrame,
    pattern: Pattern,
    opts: PlanOptions,
    xy: npt.NDArray[np.float64],
    minutes_per_metre: float,
    travel_units: npt.NDArray[np.float64] | None,
    solver: Solver | None,
    summary: dict[str, Any],
    t0: float,
) -> PlanResult:
    from petarawan.solve import highs_solver

    _check_units(units)
    codes = units[C.UNIT_CODE].astype(str).to_numpy()
    names = units[C.NAME].astype(str).to_numpy() if C.NAME in units.columns else codes
    pools = _pools(units, pattern.reserve_share, opts.available)
    t_ut = _unit_tps_times(units, frame, xy, minutes_per_metre, travel_units)
    n_g = len(groups)
    gid = frame["group"].to_numpy()
    # unit → group time: the farthest TPS of the group
    t_ug = np.full((len(units), n_g), -np.inf)
    np.maximum.at(t_ug.T, gid, t_ut.T)
    reach = t_ug <= opts.max_unit_minutes
    _check_reach(reach, t_ut, codes, names, opts.max_unit_minutes)
    req = groups["polri"].to_numpy(dtype=float)
    cats = groups["category"].to_numpy()
    strict = np.isin(cats, STRICT_CATEGORIES)
    total_pool = int(pools.sum())
    strength = int(opts.available if opts.available is not None else units["polri"].fillna(0).sum())
    summary["available"] = {
        "polri": total_pool,
        "strength": strength,
        "reserve": strength - total_pool,
        "by_unit": {c: int(p) for c, p in zip(codes, pools, strict=True)},
    }
    check_strict_feasible(
        strict=strict,
        reach=reach,
        t_ug=t_ug,
        req=req,
        pools=pools,
        labels=groups["tps_ids"],
        limit=opts.max_unit_minutes,
        pattern_id=pattern.id,
        strength=strength,
        routine_share=pattern.reserve_share,
    )
    solve = solver or highs_solver(time_limit=opts.time_limit, mip_rel_gap=opts.mip_rel_gap)
    try:
        res = solve_allocation(
            t_ug, reach, req, strict, pools, groups["risk"].to_numpy(dtype=float), solver=solve
        )
    except InfeasibleProblemError:
        msg = (
            f"TPS sangat rawan/khusus ({int(req[strict].sum())} Polri) tidak dapat dipenuhi oleh "
            f"unit yang menjangkaunya dalam {opts.max_unit_minutes:g} menit "
            f"(personel Pam TPS {total_pool}); "
            "minta BKO ke unit terdekat atau naikkan batas waktu tempuh."
        )
        raise InfeasibleProblemError(msg) from None
    groups["assigned"] = res.assigned
    groups["shortfall"] = (req - res.assigned).astype(np.int64)
    groups["nearest_unit"] = codes[np.argmin(t_ug, axis=0)]
    roster = _roster(groups, res, codes, names)
    _summarise(summary, groups, res, codes, pools, opts)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return PlanResult(frame, groups, roster, summary)


def _roster(
    groups: pd.DataFrame,
    res: Allocation,
    codes: npt.NDArray[Any],
    names: npt.NDArray[Any],
) -> pd.DataFrame:
    req = groups["polri"].to_numpy(dtype=float)
    linmas_share = groups["linmas"].to_numpy() / np.maximum(req, 1.0)
    return pd.DataFrame(
        {
            "unit": codes[res.unit],
            "unit_name": names[res.unit],
            "group": res.site,
            "kecamatan": groups["kecamatan"].to_numpy()[res.site],
            "category": groups["category"].to_numpy()[res.site],
            "tps_ids": groups["tps_ids"].to_numpy()[res.site],
            "polri": res.polri,
            "linmas": np.rint(linmas_share[res.site] * res.polri).astype(np.int64),
            "minutes": np.round(res.minutes, 1),
        }
    ).sort_values(["unit", "kecamatan", "group"], ignore_index=True)


def _summarise(
    summary: dict[str, Any],
    groups: pd.DataFrame,
    res: Allocation,
    codes: npt.NDArray[Any],
    pools: npt.NDArray[np.int64],
    opts: PlanOptions,
) -> None:
    req = groups["polri"].to_numpy(dtype=float)
    short = groups[groups["shortfall"] > 0]
    bko = short.groupby("nearest_unit")["shortfall"].sum().astype(int).to_dict()
    risk_total = float(groups["risk"].sum())
    covered = float((groups["risk"] * np.minimum(res.assigned / np.maximum(req, 1.0), 1.0)).sum())
    by_unit_used = pd.Series(res.polri, index=res.unit).groupby(level=0).sum()
    summary.update(
        shortfall={
            "polri": int(groups["shortfall"].sum()),
            "by_category": {
                c: int(groups.loc[groups["category"] == c, "shortfall"].sum()) for c in CATEGORIES
            },
            "by_kecamatan": {
                k: int(v)
                for k, v in groups.groupby("kecamatan")["shortfall"].sum().items()
                if v > 0
            },
            "tps_uncovered": int(short["n_tps"].sum()),
        },
        bko={"polri": int(sum(bko.values())), "to_unit": {str(k): int(v) for k, v in bko.items()}},
        allocation={
            "by_unit": {
                codes[u]: {"available": int(pools[u]), "assigned": int(by_unit_used.get(u, 0))}
                for u in range(len(codes))
            },
            "travel_minutes_total": round(float((res.minutes * res.polri).sum()), 1),
            "covered_risk_share": round(covered / max(risk_total, 1e-12), 4),
            "max_unit_minutes": opts.max_unit_minutes,
        },
        status=res.status,
        gap=round(res.gap, 6),
        solver={
            "name": "HiGHS",
            "seconds": round(res.seconds, 3),
            "nodes": res.nodes,
            "variables": res.variables,
            "bound": res.bound,
            "objective": res.objective,
        },
    )


def coverage_curve(
    tps: pd.DataFrame,
    pattern: Pattern,
    units: pd.DataFrame,
    totals: list[int],
    *,
    options: PlanOptions | None = None,
    risk: pd.Series | None = None,
) -> pd.DataFrame:
    """Covered risk and shortfall as functions of the total Polri strength (what-if).

    Returns
    -------
    pandas.DataFrame
        One row per total: ``available``, ``on_duty``, ``shortfall``, ``covered_risk_share``,
        ``status`` (``infeasible`` where *sangat rawan*/*khusus* cannot be staffed).
    """
    from dataclasses import replace

    base = options or PlanOptions()
    rows = []
    for total in totals:
        try:
            res = plan_deployment(
                tps, pattern, units, options=replace(base, available=int(total)), risk=risk
            )
            s = res.summary
            rows.append(
                {
                    "available": int(total),
                    "on_duty": s["available"]["polri"],
                    "shortfall": s["shortfall"]["polri"],
                    "covered_risk_share": s["allocation"]["covered_risk_share"],
                    "status": s["status"],
                }
            )
        except InfeasibleProblemError:
            rows.append(
                {
                    "available": int(total),
                    "on_duty": None,
                    "shortfall": None,
                    "covered_risk_share": None,
                    "status": "infeasible",
                }
            )
    return pd.DataFrame(rows)


def next_bko(result: PlanResult, n: int) -> pd.DataFrame:
    """Where the next ``n`` BKO personnel go: the uncovered groups of highest risk per person first.

    Returns
    -------
    pandas.DataFrame
        ``unit`` (nearest unit of the group), ``group``, ``kecamatan``, ``category``, ``polri``.
    """
    g = result.groups[result.groups["shortfall"] > 0].copy()
    g["per_person"] = g["risk"] / g["polri"].clip(lower=1)
    g = g.sort_values(["per_person", "group"], ascending=[False, True])
    left = int(n)
    rows = []
    for rec in g.to_dict("records"):
        if left <= 0:
            break
        take = min(int(rec["shortfall"]), left)
        rows.append(
            {
                "unit": rec["nearest_unit"],
                "group": int(rec["group"]),
                "kecamatan": rec["kecamatan"],
                "category": rec["category"],
                "polri": take,
            }
        )
        left -= take
    return pd.DataFrame(rows, columns=["unit", "group", "kecamatan", "category", "polri"])
