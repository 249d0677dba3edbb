"""Plan a workspace's deployment and save the plan (JSON, roster XLSX) under ``outputs/``."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from petarawan.errors import InputDataError
from petarawan.io.aliases import category_id

__all__ = ["json_default", "run_plan"]


def json_default(v: Any) -> Any:
    """JSON fallback: numpy scalars as Python numbers, anything else as text."""
    if isinstance(v, np.generic):
        return v.item()
    return str(v)


def _categories_from_assessment(ws: Any, tps: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """Fill missing categories from the latest assessment's TPS classes, if any."""
    from petarawan.store.records import read_assessment

    record = read_assessment(ws)
    if record is None or record.payload is None or "tps" not in record.payload.levels:
        return tps, None
    frame = record.payload.levels["tps"].classes.frame()
    root = record.payload.root
    if root not in frame.columns:
        return tps, None
    mapped = frame[root].map(category_id)
    if mapped.notna().sum() == 0:
        return tps, None
    out = tps.copy()
    fill = out["tps_id"].astype(str).map(mapped)
    out["category"] = out["category"].where(out["category"].notna(), fill)
    return out, f"kategori dari asesmen #{record.id} ({record.framework})"


def _travel_calibration(
    tps: pd.DataFrame, units: pd.DataFrame, ind: pd.DataFrame, opts: Any
) -> float | None:
    """Ratio of the stored ``travel_time_min`` to the straight-line estimate (median), if any."""
    from petarawan.domain.access.crs import to_metres

    if "travel_time_min" not in ind.columns or units.empty:
        return None
    t = tps[["tps_id", "lon", "lat"]].dropna()
    u = units[["lon", "lat"]].dropna()
    if t.empty or u.empty:
        return None
    obs = ind["travel_time_min"].reindex(t["tps_id"].astype(str)).to_numpy(dtype=float)
    xy = to_metres(pd.concat([t["lon"], u["lon"]]), pd.concat([t["lat"], u["lat"]]))
    txy, uxy = xy[: len(t)], xy[len(t) :]
    d = np.hypot(txy[:, None, 0] - uxy[None, :, 0], txy[:, None, 1] - uxy[None, :, 1]).min(axis=1)
    est = d * opts.detour / (opts.speed_kmh * 1000.0 / 60.0)
    ok = np.isfinite(obs) & (est > 1.0)
    if ok.sum() < 10:
        return None
    return float(np.clip(np.median(obs[ok] / est[ok]), 0.5, 5.0))


def run_plan(
    ws: Any,
    pattern: str,
    *,
    available: int | None = None,
    totals: str | None = None,
    next_n: int | None = None,
    max_minutes: float = 120.0,
    time_limit: float = 30.0,
    lang: str = "id",
) -> tuple[dict[str, Any], Any]:
    """Plan on an open workspace, save JSON and XLSX under ``outputs/``; return (summary, pattern).

    Used by ``petarawan plan`` and by the demo. Categories come from the TPS ``category`` column,
    else from the latest assessment, else all TPS are *kurang rawan* (with a notice). When the
    workspace holds the ``travel_time_min`` indicator, the straight-line travel estimate is
    scaled by the median ratio between the two.
    """
    from dataclasses import replace

    from petarawan.domain.plan import PlanOptions, coverage_curve, next_bko, plan_deployment
    from petarawan.io.patterns import read_pattern
    from petarawan.render.roster import write_roster_xlsx

    pat = read_pattern(pattern)
    opts = PlanOptions(available=available, max_unit_minutes=max_minutes, time_limit=time_limit)
    notices: list[str] = []
    tps = pd.DataFrame(ws.tps().drop(columns="geometry"))
    if tps.empty:
        msg = "Workspace belum berisi TPS; impor dulu dengan 'petarawan import tps'."
        raise InputDataError(msg)
    units = pd.DataFrame(ws.units().drop(columns="geometry"))
    if tps["category"].isna().all():
        tps, note = _categories_from_assessment(ws, tps)
        if note:
            notices.append(note)
    if tps["category"].isna().all() and not tps.get("khusus", pd.Series(False)).any():
        notices.append(
            "Belum ada kategori TPS (impor dengan 'petarawan import tps-categories' atau "
            "jalankan asesmen); semua TPS dianggap kurang rawan."
        )
    ind = ws.indicators("tps")
    ratio = _travel_calibration(tps, units, ind, opts)
    if ratio is not None:
        opts = replace(opts, detour=opts.detour * ratio)
    result = plan_deployment(tps, pat, units if len(units) else None, options=opts)
    summary = result.summary
    if ratio is not None:
        summary["travel"]["method"] = "straight, calibrated to travel_time_min"
        summary["travel"]["calibration"] = round(ratio, 3)
    if totals and len(units):
        values = [int(v) for v in totals.replace(";", ",").split(",") if v.strip()]
        curve = coverage_curve(tps, pat, units, values, options=opts)
        summary["what_if"] = curve.astype(object).where(curve.notna(), None).to_dict("records")
    if next_n and len(units):
        summary["next_bko"] = next_bko(result, next_n).to_dict("records")
    summary["notices"] = notices + summary.get("notices", [])
    out_json = ws.output_path(f"rencana_{pat.id}.json")
    paths = {"json": str(out_json)}
    if len(result.roster):
        out_xlsx = write_roster_xlsx(
            result.roster, summary, ws.output_path(f"rencana_{pat.id}.xlsx"), lang=lang
        )
        paths["xlsx"] = str(out_xlsx)
    summary["outputs"] = paths
    out_json.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=json_default))
    return summary, pat
