"""Assess a workspace: build the index input tables, compute a framework, store the result."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd

from petarawan.domain.checklist import checklist_columns
from petarawan.domain.index import Framework, Hierarchy, IndexResult, compute_index, inputs_hash
from petarawan.domain.records import AssessmentSummary, FramePayload, UncertaintyPayload
from petarawan.domain.uncertainty import run_uncertainty
from petarawan.errors import InputDataError, Issue

__all__ = ["assess_workspace", "assessment_summary", "workspace_tables"]


def workspace_tables(
    ws: Any, as_of: datetime | None = None
) -> tuple[dict[str, pd.DataFrame], Hierarchy]:
    """Build the index input tables and the hierarchy from a workspace.

    With ``as_of``, every political dynamic is the latest value recorded as valid on or before
    that moment (a dynamic not yet known then is missing), so an assessment "as of" a date can
    be reproduced later.
    """
    tables: dict[str, pd.DataFrame] = {}
    regions = pd.DataFrame(ws.regions().drop(columns="geometry"))
    tps = pd.DataFrame(ws.tps().drop(columns="geometry"))
    if len(tps):
        t = tps.set_index(tps["tps_id"].astype(str))
        flags = [c for c in t.columns if c.startswith("rawan_")]
        base = t[["voters", "khusus", *flags]].copy()
        base["voters"] = pd.to_numeric(base["voters"], errors="coerce").astype(float)
        if "rawan_count" not in base.columns:
            # the national 25 indicators only: optional regional ones and Polri criteria aside
            national = [c for c in checklist_columns() if c in t.columns]
            base["rawan_count"] = t[national].sum(axis=1).astype(float)
        ind = _as_of(ws.indicators("tps"), ws, "tps", as_of)
        ind.index = ind.index.astype(str)
        tables["tps"] = base.join(ind[[c for c in ind.columns if c not in base.columns]])
    for level in ("desa", "kecamatan", "kabkota", "provinsi"):
        ind = _as_of(ws.indicators(level), ws, level, as_of)
        ind.index = ind.index.astype(str)
        reg = regions[regions["level"] == level].set_index("code")
        if level == "desa" and len(reg):
            extra = reg[["area_km2"]].copy()
            if len(tps):
                g = tps.groupby(tps["desa_code"].astype(str))
                extra["voters"] = g["voters"].sum().astype(float)
                extra["tps_count"] = g.size().astype(float)
            ind = extra.join(ind[[c for c in ind.columns if c not in extra.columns]], how="outer")
        if len(ind.columns) or len(reg):
            tables[level] = ind if len(ind) else pd.DataFrame(index=reg.index.astype(str))
    return tables, Hierarchy.from_tables(regions, tps if len(tps) else None)


def _as_of(ind: pd.DataFrame, ws: Any, level: str, as_of: datetime | None) -> pd.DataFrame:
    """Replace dated dynamics by the values valid at ``as_of`` (unchanged without ``as_of``)."""
    if as_of is None:
        return ind
    from petarawan.store.dynamics import dynamics_as_of

    dated = dynamics_as_of(ws, level, as_of)
    if dated.empty:
        return ind
    ind = ind.copy()
    for col in dated.columns:
        ind[col] = dated[col].reindex(ind.index.union(dated.index))
    return ind


def assessment_summary(
    result: IndexResult, *, uncertainty: str | None = None, live: bool = False
) -> AssessmentSummary:
    """Return the stored summary of an assessment: sentences, gaps, warnings and class counts.

    Parameters
    ----------
    result
        The computed index.
    uncertainty
        The uncertainty analysis' sentence, when it ran.
    live
        Whether the web app's live re-assessment computed it.
    """
    return AssessmentSummary(
        sentences=result.summary(),
        missing=result.missing,
        warnings=result.warnings,
        counts={
            lv: {str(k): int(v) for k, v in lr.classes[result.root].value_counts().items()}
            for lv, lr in result.levels.items()
            if result.root in lr.classes
        },
        uncertainty=uncertainty,
        live=live,
    )


def _refuse_without_values(framework: Framework, result: IndexResult) -> None:
    """Raise when no unit has a value, naming what to import (never store "0 dari 0").

    Raises
    ------
    InputDataError
        No unit of any level has a score: the framework's indicators are all missing.
    """
    root = result.root
    scored = any(
        root in lr.scores.columns and bool(lr.scores[root].notna().any())
        for lr in result.levels.values()
    )
    if scored:
        return
    from petarawan.domain.indicators import REGISTRY

    if framework.kind == "checklist":
        msg = (
            f"Belum ada TPS untuk daftar periksa {framework.id}: impor TPS dengan tanda TPS rawan "
            "('petarawan import tps', kolom rawan_<indikator> ya/tidak)."
        )
        raise InputDataError(msg, [Issue(framework.id, None, "tps", msg)])
    derived = [i for i in framework.indicators if i.column in REGISTRY]
    entered = [i for i in framework.indicators if i.column not in REGISTRY]
    issues = []
    for ind in entered:
        issues.append(
            Issue(
                framework.id,
                None,
                ind.column,
                f"{ind.name_id} (tingkat {ind.level}): impor dengan 'petarawan import indicators' "
                "(kolom kode, indikator, nilai)",
            )
        )
    for ind in derived:
        issues.append(
            Issue(
                framework.id,
                None,
                ind.column,
                f"{ind.name_id} (tingkat {ind.level}): hitung dengan 'petarawan indicators'",
            )
        )
    if framework.official_indicator:
        issues.append(
            Issue(
                framework.id,
                None,
                framework.official_indicator,
                "atau skor resmi per kab/kota: 'petarawan import indicators' "
                f"(indikator {framework.official_indicator.removesuffix('_resmi')}, nilai, sumber)",
            )
        )
    needs = []
    if entered:
        more = " …" if len(entered) > 8 else ""
        needs.append(
            "impor dengan 'petarawan import indicators': "
            + ", ".join(i.column for i in entered[:8])
            + more
        )
    if derived:
        needs.append(
            "hitung dengan 'petarawan indicators': " + ", ".join(i.column for i in derived[:5])
        )
    msg = (
        f"Tidak ada nilai indikator kerangka {framework.id} untuk satu unit pun; hasil analisa "
        f"tidak disimpan. Yang diperlukan — {'; '.join(needs) or 'data indikator'}."
    )
    raise InputDataError(msg, issues)


def assess_workspace(
    ws: Any,
    framework: Framework,
    *,
    as_of: datetime | None = None,
    uncertainty: bool = True,
    draws: int | None = None,
) -> tuple[int, IndexResult, AssessmentSummary]:
    """Compute a framework on a workspace and store it as an immutable assessment.

    Returns
    -------
    tuple
        The assessment id, the result and the stored summary.
    """
    tables, hierarchy = workspace_tables(ws, as_of)
    result = compute_index(framework, tables, hierarchy=hierarchy)
    _refuse_without_values(framework, result)
    unc_payload: UncertaintyPayload | None = None
    sentence: str | None = None
    if uncertainty and framework.kind == "index":
        level = next((lv for lv in framework.levels if lv in result.levels), None)
        if level is not None and len(result.levels[level].scores) > 1:
            unc = run_uncertainty(framework, tables, hierarchy=hierarchy, level=level, draws=draws)
            unc_payload = UncertaintyPayload(
                level=unc.level,
                draws=unc.draws,
                seed=unc.seed,
                table=FramePayload.from_frame(unc.table),
            )
            sentence = unc.summary()
    in_hash = inputs_hash(tables)
    when = as_of or datetime.now(UTC)
    summary = assessment_summary(result, uncertainty=sentence)
    ident = ws.save_assessment(
        {
            **result.to_dict(),
            "uncertainty": None if unc_payload is None else unc_payload.model_dump(),
        },
        framework=framework.id,
        framework_hash=framework.sha256(),
        inputs_hash=in_hash,
        as_of=when,
        summary=summary.model_dump(),
    )
    return ident, result, summary
