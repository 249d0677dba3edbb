"""Plan a workspace's deployment and save the plan (JSON, roster XLSX) under ``outputs/``."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from petarawan.errors import InputDataError
from petarawan.io.aliases import category_id
from petarawan.services.travel import unit_travel_matrix

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
    return out, f"kategori dari hasil analisa #{record.id} ({record.framework})"


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
    travel minutes unit × TPS come from the access module (roads, then terrain, then the
    straight line, the method stated per TPS).
    """
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
            "jalankan analisa kerawanan); semua TPS dianggap kurang rawan."
        )
    travel = None
    if len(units) and tps["lon"].notna().all() and units["lon"].notna().all():
        travel = unit_travel_matrix(ws, units, tps)
    result = plan_deployment(
        tps,
        pat,
        units if len(units) else None,
        options=opts,
        travel_units=None if travel is None else travel.minutes,
    )
    summary = result.summary
    if travel is not None:
        counts = pd.Series(travel.method).value_counts()
        summary["travel"]["method"] = "access"
        summary["travel"]["by_method"] = {str(k): int(v) for k, v in counts.items()}
        notices.extend(travel.notes)
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
