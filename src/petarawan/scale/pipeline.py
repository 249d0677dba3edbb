"""The per-region pipeline: indicators, assessment and plan of one kab/kota, no shared state."""

from __future__ import annotations

import functools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from petarawan.domain import columns as C
from petarawan.domain.index import Framework, compute_index
from petarawan.domain.patterns import Pattern
from petarawan.errors import InfeasibleProblemError, InputDataError, Issue, SolverError
from petarawan.scale.synth import partition_path

__all__ = [
    "STAGES",
    "PipelineConfig",
    "RegionInputs",
    "RegionOutput",
    "load_region",
    "output_paths",
    "process_region",
    "run_region",
]

#: Pipeline stages in order.
STAGES = ("indicators", "assessment", "plan")

#: Index presets computed per kab/kota (framework id -> root node id).
REGION_FRAMEWORKS = {"ipkp": "ipkp", "ikp2024": "ikp"}


@dataclass(frozen=True)
class PipelineConfig:
    """Parameters of the per-region pipeline (part of every region's input hash).

    Attributes
    ----------
    stages
        Stages to run (subset of :data:`STAGES`).
    checklist
        TPS-rawan checklist preset proposing each TPS category.
    pattern
        TPS security pattern for the plan.
    max_unit_minutes
        Largest travel time from a unit to a TPS group it staffs (national runs: generous).
    time_limit
        Solver time limit per region in seconds.
    nearest_units
        Units considered per TPS besides the Polres (0: all).
    """

    stages: tuple[str, ...] = STAGES
    checklist: str = "tps-rawan-pilkada2024"
    pattern: str = "pilkada2020-nasional"
    max_unit_minutes: float = 480.0
    time_limit: float = 60.0
    nearest_units: int = 3

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary."""
        return {
            "stages": list(self.stages),
            "checklist": self.checklist,
            "pattern": self.pattern,
            "max_unit_minutes": self.max_unit_minutes,
            "time_limit": self.time_limit,
            "nearest_units": self.nearest_units,
        }


@dataclass
class RegionInputs:
    """The tables of one kab/kota as read from its Parquet partition."""

    code: str
    regions: gpd.GeoDataFrame
    tps: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    indicators: pd.DataFrame


@dataclass
class RegionOutput:
    """What the pipeline returns for one kab/kota.

    Attributes
    ----------
    tps
        One row per TPS: ``tps_id``, ``desa_code``, ``category``, ``score`` (checklist share).
    desa
        One row per desa with its indicators (access, terrain, incidents) and TPS counts.
    kabkota
        One row: scores and classes under each preset, TPS counts per category, personnel.
    summary
        A small JSON-ready dictionary (the same numbers as ``kabkota`` plus timings and notes).
    """

    tps: pd.DataFrame
    desa: pd.DataFrame
    kabkota: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame[C.LON], frame[C.LAT]), crs=4326
    )


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        msg = f"{path}: partisi tidak ditemukan."
        raise InputDataError(msg, [Issue(str(path), None, None, "tidak ada")])
    return pq.read_table(path).to_pandas()


def load_region(data: Path, code: str) -> RegionInputs:
    """Read the tables of kab/kota ``code`` from a nation folder."""
    data = Path(data)
    regions = _read(partition_path(data, "regions", code))
    geoms = shapely.from_wkb(regions.pop(C.GEOMETRY).to_numpy())
    return RegionInputs(
        code=code,
        regions=gpd.GeoDataFrame(regions, geometry=geoms, crs=4326),
        tps=_points(_read(partition_path(data, "tps", code))),
        units=_points(_read(partition_path(data, "units", code))),
        incidents=_points(_read(partition_path(data, "incidents", code))),
        indicators=_read(partition_path(data, "indicators", code)),
    )


@functools.lru_cache(maxsize=16)
def _framework(name: str) -> Framework:
    from petarawan.io.frameworks import find_framework

    return find_framework(name)


@functools.lru_cache(maxsize=16)
def _pattern(name: str) -> Pattern:
    from petarawan.io.patterns import read_pattern

    return read_pattern(name)


def _indicators_stage(inp: RegionInputs, out: dict[str, Any]) -> pd.DataFrame:
    """Terrain/access/incident indicators per desa (straight-line fallback without DEM/roads)."""
    from petarawan.domain.indicators import compute_indicators

    desa = inp.regions[inp.regions[C.LEVEL] == "desa"]
    inc = inp.incidents if len(inp.incidents) else None
    comp = compute_indicators(desa, inp.tps, inp.units, incidents=inc)
    out["indicator_notes"] = len(comp.notes)
    frame = comp.desa.copy()
    frame.index.name = C.CODE
    travel = comp.travel
    for col in ("minutes", "travel_minutes", "minutes_nearest"):
        if col in travel.columns:
            out["travel_minutes_mean"] = round(float(pd.to_numeric(travel[col]).mean()), 2)
            break
    return frame.reset_index()


def _assessment_stage(
    inp: RegionInputs, config: PipelineConfig, row: dict[str, Any]
) -> pd.DataFrame:
    """Checklist categories per TPS and IPKP / IKP 2024 scores of the kab/kota."""
    tps = inp.tps
    fw = _framework(config.checklist)
    res = compute_index(fw, {"tps": tps.set_index(C.TPS_ID)})
    lr = res.levels["tps"]
    cat = lr.classes["score"].reindex(tps[C.TPS_ID].astype(str)).to_numpy()
    tps_out = pd.DataFrame(
        {
            C.TPS_ID: tps[C.TPS_ID].astype(str).to_numpy(),
            C.DESA: tps[C.DESA].to_numpy(),
            C.CATEGORY: cat,
            "score": lr.scores["score"].reindex(tps[C.TPS_ID].astype(str)).to_numpy(),
        }
    )
    ind = inp.indicators.set_index(C.CODE)
    for fw_id, root in REGION_FRAMEWORKS.items():
        res = compute_index(_framework(fw_id), {"kabkota": ind}, levels=["kabkota"])
        tab = res.table("kabkota")
        row[f"{fw_id}_score"] = round(float(tab[root].iloc[0]), 4)
        row[f"{fw_id}_class"] = str(tab["class"].iloc[0])
    return tps_out


def _prune(minutes: np.ndarray, always: np.ndarray | None, k: int) -> np.ndarray:
    """Keep, per TPS, its ``k`` nearest units (and every unit in ``always``, the Polres).

    Other pairs become unreachable (infinite minutes), which keeps the allocation MILP at about
    ``k + 1`` variables per TPS group in a kab/kota of any size. Every unit keeps its nearest TPS.
    """
    n_u, n_t = minutes.shape
    if k <= 0 or k >= n_u or n_t == 0:
        return minutes
    keep = np.zeros_like(minutes, dtype=bool)
    near = np.argpartition(minutes, k - 1, axis=0)[:k]
    keep[near, np.arange(n_t)[None, :]] = True
    keep[np.arange(n_u), np.argmin(minutes, axis=1)] = True
    if always is not None:
        keep[np.asarray(always, dtype=bool)] = True
    return np.where(keep, minutes, np.inf)


def _plan_stage(
    inp: RegionInputs, config: PipelineConfig, categories: pd.Series | None, row: dict[str, Any]
) -> None:
    """Compute the requirement by pattern, allocate existing Polri, shortfall and BKO."""
    from petarawan.domain.access.travel import great_circle_minutes
    from petarawan.domain.plan import PlanOptions, plan_deployment

    tps = inp.tps.drop(columns=["geometry"]).copy()
    if categories is not None:
        tps[C.CATEGORY] = categories.to_numpy()
    pattern = _pattern(config.pattern)
    units = pd.DataFrame(inp.units.drop(columns=["geometry"]))
    opts = PlanOptions(max_unit_minutes=config.max_unit_minutes, time_limit=config.time_limit)
    strength = int(units["polri"].fillna(0).sum())
    # Unit -> TPS minutes by the one straight-line measure plan uses (great circle), computed
    # here so they can be pruned to the nearest units before the allocation.
    travel = _prune(
        great_circle_minutes(
            units[C.LON],
            units[C.LAT],
            tps[C.LON],
            tps[C.LAT],
            detour_factor=opts.detour,
            speed_kmh=opts.speed_kmh,
        ),
        units["kind"].to_numpy() == "polres" if "kind" in units.columns else None,
        config.nearest_units,
    )
    try:
        res = plan_deployment(tps, pattern, units, options=opts, travel_units=travel)
        s = res.summary
        row["plan_status"] = str(s.get("status"))
        row["polri_required"] = int(s["required"]["polri"])
        row["polri_available"] = int(s["available"]["polri"])
        row["polri_shortfall"] = int(s["shortfall"]["polri"])
        row["bko_polri"] = int(s["bko"]["polri"])
        row["linmas_required"] = int(s["required"]["linmas"])
        row["plan_note"] = ""
    except (InfeasibleProblemError, SolverError) as exc:
        # The strict categories need more than exists (or the solver found no plan in its time
        # limit): the requirement stands and all of the missing strength is BKO.
        res = plan_deployment(tps, pattern, None, options=opts)
        s = res.summary
        avail = int(np.floor(strength * (1.0 - pattern.reserve_share)))
        need = int(s["required"]["polri"])
        row["plan_status"] = (
            "infeasible" if isinstance(exc, InfeasibleProblemError) else "solver_limit"
        )
        row["polri_required"] = need
        row["polri_available"] = avail
        row["polri_shortfall"] = max(0, need - avail)
        row["bko_polri"] = max(0, need - avail)
        row["linmas_required"] = int(s["required"]["linmas"])
        row["plan_note"] = str(exc)
    row["polri_strength"] = strength
    row["linmas_available"] = int(units["linmas"].fillna(0).sum())


def process_region(inp: RegionInputs, config: PipelineConfig | None = None) -> RegionOutput:
    """Run indicators → assessment → plan for one kab/kota.

    The function reads nothing but its arguments and keeps no state between calls, so it can
    run in-process, in a process pool or on a Dask worker.

    Parameters
    ----------
    inp
        The kab/kota's tables.
    config
        Pipeline parameters.

    Returns
    -------
    RegionOutput
    """
    cfg = config or PipelineConfig()
    unknown = [s for s in cfg.stages if s not in STAGES]
    if unknown:
        msg = f"tahap tidak dikenal: {', '.join(unknown)}; pilihan: {', '.join(STAGES)}."
        raise InputDataError(msg)
    kab = inp.regions[inp.regions[C.LEVEL] == "kabkota"]
    name = str(kab[C.NAME].iloc[0]) if len(kab) else inp.code
    row: dict[str, Any] = {
        C.CODE: inp.code,
        C.NAME: name,
        "province": inp.code.split(".")[0],
        "kecamatan": int((inp.regions[C.LEVEL] == "kecamatan").sum()),
        "desa": int((inp.regions[C.LEVEL] == "desa").sum()),
        "tps": len(inp.tps),
        "voters": int(inp.tps[C.VOTERS].sum()),
        "incidents": len(inp.incidents),
    }
    timings: dict[str, float] = {}
    extra: dict[str, Any] = {}
    desa_out = pd.DataFrame({C.CODE: inp.regions.loc[inp.regions[C.LEVEL] == "desa", C.CODE]})
    tps_out = pd.DataFrame(
        {C.TPS_ID: inp.tps[C.TPS_ID].astype(str), C.DESA: inp.tps[C.DESA], C.CATEGORY: None}
    )
    if "indicators" in cfg.stages:
        t = time.perf_counter()
        desa_out = _indicators_stage(inp, extra)
        timings["indicators"] = time.perf_counter() - t
    categories = None
    if "assessment" in cfg.stages:
        t = time.perf_counter()
        tps_out = _assessment_stage(inp, cfg, row)
        categories = tps_out[C.CATEGORY]
        counts = categories.value_counts()
        for c in C.TPS_CATEGORIES:
            row[f"tps_{c}"] = int(counts.get(c, 0))
        timings["assessment"] = time.perf_counter() - t
    if "plan" in cfg.stages:
        t = time.perf_counter()
        _plan_stage(inp, cfg, categories, row)
        timings["plan"] = time.perf_counter() - t
    n_tps = tps_out.groupby(C.DESA).size()
    desa_out["tps"] = desa_out[C.CODE].map(n_tps).fillna(0).astype(np.int64).to_numpy()
    summary = {
        **row,
        "stages": list(cfg.stages),
        "seconds": {k: round(v, 4) for k, v in timings.items()},
        **extra,
    }
    return RegionOutput(tps_out, desa_out, pd.DataFrame([row]), summary)


def output_paths(out: Path, code: str) -> dict[str, Path]:
    """Return the output files of kab/kota ``code`` under the run folder ``out``."""
    prov = code.split(".", maxsplit=1)[0]
    base = Path(out) / "regions" / f"province={prov}"
    return {
        "tps": base / f"{code}.tps.parquet",
        "desa": base / f"{code}.desa.parquet",
        "kabkota": base / f"{code}.kabkota.parquet",
        "summary": base / f"{code}.json",
    }


def _write(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    tmp.replace(path)


def run_region(
    data: Path | str, out: Path | str, code: str, config: PipelineConfig | None = None
) -> dict[str, Any]:
    """Load, process and write one kab/kota; return its summary (the task a worker runs).

    Outputs go to ``out/regions/province=<PP>/<code>.*`` (shared storage on a cluster); the
    small summary dictionary is what travels back to the scheduler.
    """
    t0 = time.perf_counter()
    inp = load_region(Path(data), code)
    res = process_region(inp, config)
    paths = output_paths(Path(out), code)
    paths["tps"].parent.mkdir(parents=True, exist_ok=True)
    _write(res.tps, paths["tps"])
    _write(res.desa, paths["desa"])
    _write(res.kabkota, paths["kabkota"])
    res.summary["seconds"]["total"] = round(time.perf_counter() - t0, 4)
    tmp = paths["summary"].with_name(paths["summary"].name + ".tmp")
    tmp.write_text(json.dumps(res.summary, ensure_ascii=False, default=str), "utf-8")
    tmp.replace(paths["summary"])
    return res.summary
