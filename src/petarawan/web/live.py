"""Live re-assessment: refresh incident indicators, recompute the index, raise alerts."""

from __future__ import annotations

import json
import logging
import math
import time
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from petarawan.domain.incidents import incident_scores
from petarawan.domain.patterns import Pattern
from petarawan.domain.records.plan import PlanRecord
from petarawan.domain.redeploy import redeploy_suggestion
from petarawan.errors import PetarawanError
from petarawan.store import Workspace
from petarawan.store.models import IndicatorMeta, Tps, Unit
from petarawan.store.models_ops import Alert, AuditEntry, IncidentEvent
from petarawan.store.records import latest_assessment_id, read_assessment, read_plan
from petarawan.store.revision import revisions, workspace_key, workspace_lock

__all__ = ["latest_summary", "map_layer", "reassess", "reassess_after_change"]

log = logging.getLogger("petarawan.web.live")

# Fallback only without a stored plan: Polri per TPS by class (Mabes Polri pattern, Pilkada 2020).
PER_TPS = {"kurang_rawan": 0.2, "rawan": 1.0, "sangat_rawan": 2.0}
LIVE_METHOD = "analisa ulang langsung: jumlah bobot kejadian terverifikasi"


def _class_key(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).lower().replace(" ", "_")
    for key in ("sangat_rawan", "kurang_rawan", "rawan"):
        if key in text:
            return key
    return text


def counted_incidents(ws: Workspace) -> pd.DataFrame:
    """Return the incidents that count: not rejected; live reports only once verified."""
    inc = ws.incidents()
    if inc.empty:
        return inc
    with Session(ws.engine) as s:
        live_ids = set(
            s.scalars(
                select(IncidentEvent.incident_id).where(IncidentEvent.status_to == "dilaporkan")
            )
        )
    pending = inc["id"].isin(list(live_ids)) & (inc["status"] == "dilaporkan")
    return inc[~pending & (inc["status"] != "ditolak")]


def refresh_incident_indicators(
    ws: Workspace, as_of: datetime
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Recompute only the incident indicators (TPS and desa), store and return them.

    The terrain and access indicators do not depend on incidents and are left as they are,
    which is what makes the re-assessment incremental.
    """
    inc = counted_incidents(ws)
    with ws.engine.connect() as conn:
        stmt = select(Tps.tps_id, Tps.desa_code).where(Tps.election_id == (ws.election_id or ""))
        tps = pd.read_sql(stmt.order_by(Tps.tps_id), conn)
    desa = _desa(ws)
    if inc.empty or tps.empty:
        return None
    tps_scores, desa_scores = incident_scores(
        inc, tps, as_of=pd.Timestamp(as_of), desa=desa if len(desa) else None
    )
    meta = {
        c: {"unit": "bobot kejadian", "method": LIVE_METHOD, "source": "incidents"}
        for c in desa_scores.columns
    }
    ws.write_indicators("tps", tps_scores[["incident_score"]], meta)
    cols = [c for c in desa_scores.columns if c.startswith("incident_score")]
    ws.write_indicators("desa", desa_scores[cols], meta)
    return tps_scores[["incident_score"]], desa_scores[cols]


_DESA: dict[str, tuple[int, gpd.GeoDataFrame]] = {}


def _desa(ws: Workspace) -> gpd.GeoDataFrame:
    """Return the desa polygons, cached per workspace while its registry revision holds."""
    rev = revisions(ws.engine)["registry"]
    key = workspace_key(ws)
    hit = _DESA.get(key)
    if hit is not None and hit[0] == rev:
        return hit[1]
    desa = ws.regions("desa")
    _DESA[key] = (rev, desa)
    return desa


@lru_cache(maxsize=8)
def _framework(name: str) -> Any:
    from petarawan.io.frameworks import find_framework

    return find_framework(name)


def _result_classes(result: Any, level: str) -> dict[str, str | None]:
    if level not in result.levels:
        return {}
    table = result.table(level)
    if "class" not in table.columns:
        return {}
    return {str(k): (None if pd.isna(v) else str(v)) for k, v in table["class"].items()}


def reassess(
    ws: Workspace, as_of: datetime | None = None, *, framework: str = "kamtibmas"
) -> tuple[int, list[dict[str, Any]]]:
    """Recompute incident indicators and the index, store the assessment and raise alerts.

    Returns
    -------
    tuple
        The new assessment id and the alerts raised (desa or TPS whose class changed since
        the previous assessment of the same framework), each with drivers and a suggestion.
    """
    from petarawan.domain.index.explain import explain

    when = (as_of or datetime.now(UTC)).replace(tzinfo=None)
    fw = _framework(framework)
    with workspace_lock(ws, "reassess"):
        previous = _previous(ws, fw.id)
        fresh = refresh_incident_indicators(ws, when)
        ident, result = _assess(ws, fw, when, fresh)
        current = {lv: _result_classes(result, lv) for lv in ("desa", "tps")}
        contrib = {
            lv: result.levels[lv].contributions for lv in ("desa", "tps") if lv in result.levels
        }
        _LAST[workspace_key(ws)] = (ident, current, contrib)
        alerts: list[dict[str, Any]] = []
        if previous is not None:
            for level in ("desa", "tps"):
                before = previous["classes"][level]
                after = current[level]
                for code, cls in after.items():
                    old = before.get(code)
                    if code in before and _class_key(old) != _class_key(cls):
                        alerts.append({"level": level, "code": code, "before": old, "after": cls})
        desa = _desa(ws)
        names = dict(zip(desa["code"], desa["name"], strict=True))
        rows = []
        res = result
        with Session(ws.engine) as s:
            tps_count = dict(
                s.execute(
                    select(Tps.desa_code, func.count())
                    .where(Tps.election_id == (ws.election_id or ""))
                    .group_by(Tps.desa_code)
                ).all()
            )
            reserve = s.scalars(select(Unit).where(Unit.kind == "polres")).first()
            plan = _stored_plan(ws)
            tps_of = _tps_by_desa(s, ws.election_id) if plan is not None else {}
            for a in alerts[:500]:
                up = _class_rank(a["after"]) > _class_rank(a["before"])
                drivers = _moved(
                    (previous or {}).get("contrib", {}), contrib, a["level"], a["code"], up
                )
                if a["code"] in res.levels[a["level"]].scores.index:
                    ex = explain(res, a["code"], level=a["level"])
                    drivers.append(str(ex.get("sentence", "")))
                n_tps = 1 if a["level"] == "tps" else int(tps_count.get(a["code"], 0))
                suggestion = _suggestion(
                    plan, a, n_tps, reserve.name if reserve is not None else None, tps_of, names
                )
                row = Alert(
                    created_at=datetime.now(UTC).replace(tzinfo=None),
                    assessment_id=ident,
                    previous_assessment_id=previous["id"] if previous else None,
                    level=a["level"],
                    code=a["code"],
                    name=_alert_name(a["level"], a["code"], names),
                    class_before=None if a["before"] is None else str(a["before"]),
                    class_after=None if a["after"] is None else str(a["after"]),
                    drivers=[d for d in drivers if d],
                    suggestion=suggestion,
                    acknowledged=False,
                )
                s.add(row)
                rows.append(row)
            s.add(
                AuditEntry(
                    at=datetime.now(UTC).replace(tzinfo=None),
                    user_name=None,
                    action="reassess",
                    entity="assessment",
                    entity_id=str(ident),
                    before={"assessment_id": previous["id"] if previous else None},
                    after={"assessment_id": ident, "alerts": len(rows)},
                )
            )
            s.commit()
            out = [
                {
                    "id": r.id,
                    "level": r.level,
                    "code": r.code,
                    "name": r.name,
                    "class_before": r.class_before,
                    "class_after": r.class_after,
                    "drivers": r.drivers,
                    "suggestion": r.suggestion,
                }
                for r in rows
            ]
    return ident, out


_TABLES: dict[str, tuple[tuple[Any, ...], dict[str, pd.DataFrame], Any]] = {}


def _fingerprint(ws: Workspace) -> tuple[Any, ...]:
    """Return what must not change for cached index inputs to stay valid.

    The registry revision moves with every write to regions, TPS (voters, flags, categories)
    and units, whatever the row counts; the last non-live indicator run covers the terrain,
    access and checklist indicators.
    """
    with Session(ws.engine) as s:
        return (
            ws.election_id,
            revisions(s.connection())["registry"],
            s.scalar(
                select(func.max(IndicatorMeta.computed_at)).where(
                    IndicatorMeta.method != LIVE_METHOD
                )
            ),
        )


def _assess(
    ws: Workspace,
    fw: Any,
    when: datetime,
    fresh: tuple[pd.DataFrame, pd.DataFrame] | None,
) -> tuple[int, Any]:
    """Compute and store the index, reusing cached inputs and swapping in fresh incident scores.

    Only the incident indicators change between two live re-assessments; the other inputs
    (terrain, access, checklist, voters) are read from the database once and kept while their
    fingerprint (registry counts, last non-live indicator run) is unchanged.
    """
    from petarawan.domain.index import compute_index, inputs_hash
    from petarawan.services.assessment import assessment_summary, workspace_tables

    fp = _fingerprint(ws)
    key = workspace_key(ws)
    hit = _TABLES.get(key)
    if hit is None or hit[0] != fp:
        tables, hierarchy = workspace_tables(ws)
        _TABLES[key] = (fp, tables, hierarchy)
    else:
        _fp, tables, hierarchy = hit
        if fresh is not None:
            tps_scores, desa_scores = fresh
            if "tps" in tables:
                t = tables["tps"]
                t["incident_score"] = tps_scores["incident_score"].reindex(t.index).fillna(0.0)
            if "desa" in tables:
                d = tables["desa"]
                for col in desa_scores.columns:
                    d[col] = desa_scores[col].reindex(d.index).fillna(0.0)
    result = compute_index(fw, tables, hierarchy=hierarchy)
    summary = assessment_summary(result, live=True)
    ident = ws.save_assessment(
        result.to_dict(),
        framework=fw.id,
        framework_hash=fw.sha256(),
        inputs_hash=inputs_hash(tables),
        as_of=when,
        summary=summary.model_dump(),
    )
    return ident, result


_LAST: dict[str, tuple[int, dict[str, dict[str, str | None]], dict[str, pd.DataFrame]]] = {}
_RANK = {"kurang_rawan": 0, "rawan": 1, "sangat_rawan": 2}


def _stored_plan(ws: Workspace) -> tuple[PlanRecord, Pattern] | None:
    """Return the latest stored operation plan and its TPS pattern (None without a plan)."""
    from petarawan.io.patterns import read_pattern

    rec = read_plan(ws)
    if rec is None:
        return None
    try:
        return rec, read_pattern(rec.pattern_id)
    except PetarawanError:
        return None


def _tps_by_desa(s: Session, election_id: str | None = None) -> dict[str, list[str]]:
    """Return the TPS ids of every desa (of one election; all TPS without one)."""
    out: dict[str, list[str]] = {}
    stmt = select(Tps.tps_id, Tps.desa_code)
    if election_id is not None:
        stmt = stmt.where(Tps.election_id == election_id)
    for tid, desa in s.execute(stmt):
        out.setdefault(str(desa), []).append(str(tid))
    return out


def _suggestion(
    plan: tuple[PlanRecord, Pattern] | None,
    alert: dict[str, Any],
    n_tps: int,
    hq_name: str | None,
    tps_of: dict[str, list[str]],
    names: dict[str, str],
) -> str:
    """Return the alert suggestion: stored plan pattern and reserves, else a fixed ratio."""
    before, after = _class_key(alert["before"]), _class_key(alert["after"])
    if plan is not None:
        rec, pattern = plan
        ids = [alert["code"]] if alert["level"] == "tps" else tps_of.get(alert["code"], [])
        labels = {t: _alert_name("tps", t, names) for t in ids}
        return redeploy_suggestion(rec, pattern, before, after, ids, labels)
    delta = PER_TPS.get(after or "", 0.0) - PER_TPS.get(before or "", 0.0)
    people = math.ceil(abs(delta) * n_tps)
    where = hq_name if hq_name is not None else "Polres"
    if delta > 0:
        return (
            f"Tambah {people} personel Pam TPS ke {n_tps} TPS dari personel dinas rutin {where} "
            "(belum ada rencana)."
        )
    if delta < 0:
        return f"{people} personel Pam TPS dapat kembali ke dinas rutin {where}."
    return "Tidak perlu memindahkan personel."


def _class_rank(value: object) -> int:
    return _RANK.get(_class_key(value) or "", -1)


def _alert_name(level: str, code: str, names: dict[str, str]) -> str:
    if level == "desa":
        return names.get(code, code)
    desa = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:10]}"
    return f"TPS {int(code[10:])} {names.get(desa, desa)}"


def _moved(
    before: dict[str, pd.DataFrame],
    after: dict[str, pd.DataFrame],
    level: str,
    code: str,
    up: bool,
    top: int = 3,
) -> list[str]:
    """Return the indicators whose contribution moved most in the direction of the change."""
    b, a = before.get(level), after.get(level)
    if b is None or a is None or code not in a.index or code not in b.index:
        return []
    cols = [c for c in a.columns if c in b.columns]
    diff = np.asarray(a.loc[code, cols], dtype=float) - np.asarray(b.loc[code, cols], dtype=float)
    moved = {
        str(k): float(v)
        for k, v in zip(cols, diff, strict=True)
        if np.isfinite(v) and v != 0 and (v > 0) == up
    }
    ranked = sorted(moved.items(), key=lambda kv: -abs(kv[1]))[:top]
    return [f"{k} {v:+.1f}".replace(".", ",") for k, v in ranked]


def _previous(ws: Workspace, framework: str) -> dict[str, Any] | None:
    """Return the id and classes of the latest assessment (from memory when it is ours)."""
    latest = latest_assessment_id(ws, framework=framework)
    if latest is None:
        return None
    hit = _LAST.get(workspace_key(ws))
    if hit is not None and hit[0] == latest:
        return {"id": latest, "classes": hit[1], "contrib": hit[2]}
    from petarawan.domain.index.compute import IndexResult

    record = read_assessment(ws, latest)
    assert record is not None and record.payload is not None  # the id was just read
    old = IndexResult.from_payload(record.payload)
    return {
        "id": latest,
        "classes": {lv: record.classes(lv) for lv in ("desa", "tps")},
        "contrib": {lv: old.levels[lv].contributions for lv in ("desa", "tps") if lv in old.levels},
    }


def reassess_after_change(ws: Workspace, settings: Any, user: str) -> dict[str, Any]:
    """Run :func:`reassess` after a verification and report its id, duration and alerts.

    The verification itself is already stored. When the index cannot be computed from the
    workspace's data (a :class:`~petarawan.errors.PetarawanError`: missing inputs, unknown
    framework …) the answer says why, in the user's words; any other exception is a bug and
    propagates.
    """
    start = time.perf_counter()
    try:
        ident, alerts = reassess(ws, framework=settings.framework)
    except PetarawanError as exc:
        log.warning("re-assessment after a change by %s not possible: %s", user, exc)
        return {"assessment_id": None, "error": f"Analisa ulang tidak dapat dihitung: {exc}"}
    return {
        "assessment_id": ident,
        "seconds": round(time.perf_counter() - start, 3),
        "alerts": len(alerts),
    }


def latest_summary(ws: Workspace, user: Any) -> dict[str, Any]:
    """Return the latest assessment without heavy tables, with classes in the user's area."""
    record = read_assessment(ws)
    if record is None:
        return {"id": None, "framework": None, "as_of": None, "summary": {}, "classes": {}}
    classes = {
        level: {k: v for k, v in record.classes(level).items() if user.can_see(k)}
        for level in ("kecamatan", "desa")
    }
    return {
        "id": record.id,
        "framework": record.framework,
        "as_of": record.as_of,
        "created_at": record.created_at,
        "summary": record.summary.model_dump(),
        "classes": classes,
    }


_CACHE: dict[str, tuple[tuple[int, int], gpd.GeoDataFrame, bytes]] = {}


def _geojson(frame: gpd.GeoDataFrame) -> bytes:
    return json.dumps(json.loads(frame.to_json(default=str)), ensure_ascii=False).encode()


def map_layer(ws: Workspace, state: Any, user: Any, layer: str) -> bytes:
    """Return a map layer as GeoJSON bytes, limited to the user's area.

    Desa polygons carry the latest class; they are cached per workspace while the registry
    and assessment revisions (in the database) hold, so every worker serves the same answer.
    Operators get only the desa, TPS, units and incidents of their area.
    """
    from petarawan.errors import NotFoundError

    if layer == "desa":
        rev = revisions(ws.engine)
        stamp = (rev["registry"], rev["assessments"])
        key = workspace_key(ws)
        cached = _CACHE.get(key)
        if cached is None or cached[0] != stamp:
            desa = ws.regions("desa")
            latest = latest_assessment_id(ws)
            record = read_assessment(ws, latest) if latest is not None else None
            classes = record.classes("desa") if record is not None else {}
            desa["class"] = [_class_key(classes.get(c)) for c in desa["code"]]
            desa["geometry"] = desa.geometry.simplify(0.0005)
            desa = desa[["code", "name", "class", "geometry"]]
            cached = (stamp, desa, desa.to_json().encode())
            _CACHE[key] = cached
        if user.area is None:
            return cached[2]
        frame = cached[1]
        return _geojson(frame[[user.can_see(c) for c in frame["code"]]])
    if layer == "tps":
        frame = ws.tps()[["tps_id", "desa_code", "number", "voters", "category", "geometry"]]
        frame = frame[[user.can_see(c) for c in frame["desa_code"]]]
    elif layer == "units":
        units = ws.units()
        if user.area is not None:
            mine = [
                code == user.region or (bool(covers) and all(user.can_see(c) for c in covers))
                for code, covers in zip(units["code"], units["covers"], strict=True)
            ]
            units = units[mine]
        frame = units[["code", "name", "kind", "polri", "brimob", "tni", "linmas", "geometry"]]
    elif layer == "incidents":
        frame = ws.incidents()
        frame = frame[[user.can_see(c) for c in frame["desa_code"]]]
        frame = frame.sort_values("occurred_at").tail(300)
        frame = frame[
            ["id", "occurred_at", "phase", "type", "severity", "status", "desa_code", "geometry"]
        ].copy()
        frame["occurred_at"] = frame["occurred_at"].astype(str)
    else:
        msg = f"Lapisan peta '{layer}' tidak dikenal; pilih desa, tps, units atau incidents."
        raise NotFoundError(msg)
    frame = frame[frame.geometry.notna()]
    return _geojson(frame)
