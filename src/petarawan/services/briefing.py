"""Gathering a render-ready briefing (classes, colours, drivers, plan) from a workspace.

The service reads the workspace (regions, TPS, units, the stored assessment through
:func:`petarawan.store.records.read_assessment`, the stored plan through
:func:`petarawan.store.records.read_plan`) and returns a
:class:`petarawan.render.briefing.Briefing`; the renderers only draw it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from petarawan.domain.records import AssessmentRecord
from petarawan.formatting import format_int
from petarawan.render.briefing import (
    INCIDENT_TYPES,
    LEVEL_NAMES,
    LEVELS,
    UNCLASSIFIED,
    UNCLASSIFIED_COLOUR,
    Briefing,
    ClassEntry,
    MovesInfo,
    PlanInfo,
    default_classes,
    kml_colour,
    tr,
)
from petarawan.services.official import official_lines
from petarawan.store import Workspace
from petarawan.store.records import read_assessment, read_plan

__all__ = ["assessment_columns", "build_briefing"]


# ------------------------------------------------------------------------------------------------
def _assessment_levels(
    rec: AssessmentRecord, lang: str
) -> tuple[list[ClassEntry], dict[str, pd.DataFrame], dict[str, Any]]:
    """Read class scheme, per-level tables and method from a stored assessment."""
    from petarawan.domain.index.classify import class_info
    from petarawan.domain.index.compute import IndexResult

    assert rec.payload is not None  # read_assessment always reads the payload
    result = IndexResult.from_payload(rec.payload)
    fw = result.framework
    root = result.root
    classes: list[ClassEntry] = []
    if fw.kind == "index":
        scheme = fw.scheme_for(root)
        if scheme is not None:
            first = next(iter(result.levels), "tps")
            classes = [
                ClassEntry(c.id, c.label_id if lang == "id" else c.label_en, c.colour)
                for c in class_info(scheme, first)
            ]
    if not classes:
        classes = default_classes(lang)
    names = {i.id: (i.name_id if lang == "id" else i.name_en) for i in fw.indicators}
    names.update({n.id: (n.name_id if lang == "id" else n.name_en) for n in fw.nodes})
    unc = rec.payload.uncertainty
    stab: pd.Series | None = None
    if unc is not None and "stability" in unc.table.columns:
        frame = unc.table.frame()
        stab = frame["stability"].map(
            lambda s: tr(str(s), lang) if s in ("stable", "uncertain") else ""
        )
    tables: dict[str, pd.DataFrame] = {}
    ind_ids = [i.id for i in fw.indicators]
    for level, lr in result.levels.items():
        if root not in lr.scores.columns:
            continue
        out = pd.DataFrame(index=lr.scores.index.astype(str))
        out["score"] = lr.scores[root].to_numpy(dtype=float)
        out["rank"] = lr.rank.reindex(lr.scores.index).to_numpy(dtype=float)
        cls = lr.classes[root] if root in lr.classes else pd.Series(None, index=lr.scores.index)
        out["class_id"] = [UNCLASSIFIED if c is None or pd.isna(c) else str(c) for c in cls]
        out["stability"] = (
            stab.reindex(out.index).fillna("").to_numpy()
            if stab is not None and unc is not None and unc.level == level
            else ""
        )
        out["drivers"] = _drivers(lr.contributions, ind_ids, names, lang).reindex(out.index)
        out["drivers"] = out["drivers"].fillna("")
        tables[level] = out
    method = {
        "framework": fw.id,
        "name": fw.name_id if lang == "id" else fw.name_en,
        "version": fw.version,
        "description": fw.description,
        "scale": fw.scale,
        "nodes": [
            {
                "id": n.id,
                "name": names.get(n.id, n.id),
                "parent": n.parent,
                "weight": n.weight,
                "aggregation": n.aggregation,
            }
            for n in fw.nodes
        ],
        "indicators": [
            {
                "id": i.id,
                "name": names.get(i.id, i.id),
                "parent": i.parent,
                "weight": i.weight,
                "normalisation": i.normalisation,
                "unit": i.unit,
                "direction": i.direction,
            }
            for i in fw.indicators
        ],
        "classes": classes,
        "notes": list(fw.notes),
        "hash": rec.framework_hash,
    }
    return classes, tables, method


def _drivers(
    contrib: pd.DataFrame, ind_ids: list[str], names: dict[str, str], lang: str, top: int = 3
) -> pd.Series:
    from petarawan.domain.index.compare import uniform_indicators

    # an indicator equal for every unit of the level (a regency-wide value such as the
    # incumbent split) is never what makes one unit differ
    shared = set(uniform_indicators(contrib)) if len(contrib) > 1 else set()
    cols = [c for c in ind_ids if c in contrib.columns and c not in shared]
    if not cols or contrib.empty:
        return pd.Series(dtype=object)
    values = contrib[cols].to_numpy(dtype=float)
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), axis=1)[:, :top]
    texts = []
    for r, idx in enumerate(order):
        parts = []
        for j in idx:
            v = values[r, j]
            if np.isfinite(v) and v > 0:
                num = f"{v:+.1f}"
                if lang == "id":
                    num = num.replace(".", ",")
                parts.append(f"{names.get(cols[j], cols[j])} ({num})")
        texts.append("; ".join(parts))
    return pd.Series(texts, index=contrib.index.astype(str))


def _hand_levels(tps: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """Classes without an assessment: hand-set TPS categories, a desa takes its worst TPS."""
    order = {"kurang_rawan": 0, "rawan": 1, "sangat_rawan": 2, "khusus": 2}
    cat = tps["category"].where(tps["category"].isin(list(order)), None)
    t = pd.DataFrame(index=tps["tps_id"].astype(str).to_numpy())
    t["score"] = np.nan
    t["rank"] = np.nan
    t["class_id"] = [
        ("sangat_rawan" if c == "khusus" else c) if c is not None else UNCLASSIFIED for c in cat
    ]
    t["stability"] = ""
    t["drivers"] = [(tr("khusus", lang) if c == "khusus" else "") for c in cat]
    rank = t["class_id"].map(order).fillna(-1)
    desa = pd.DataFrame({"desa": tps["desa_code"].astype(str).to_numpy(), "r": rank.to_numpy()})
    worst = desa.groupby("desa")["r"].max()
    inv = {0: "kurang_rawan", 1: "rawan", 2: "sangat_rawan"}
    d = pd.DataFrame(index=worst.index.astype(str))
    d["score"] = np.nan
    d["rank"] = np.nan
    d["class_id"] = [inv.get(int(v), UNCLASSIFIED) for v in worst]
    d["stability"] = ""
    d["drivers"] = ""
    return {"tps": t, "desa": d}


def _read_plan(ws: Workspace, units: pd.DataFrame) -> PlanInfo | None:
    """Return the latest stored operation plan (via :func:`read_plan`) as of its voting day."""
    rec = read_plan(ws)
    if rec is None:
        return None
    stage = rec.voting_stage() or rec.stage(rec.peak.stage)
    assigned: dict[str, int] = {}
    for a in stage.assignments:
        assigned[a.unit] = assigned.get(a.unit, 0) + a.polri
    bko_to = {p.unit: p.polri for p in stage.penebalan}
    table = pd.DataFrame(
        [
            {
                "code": u.code,
                "name": u.name,
                "available": u.operation,
                "assigned": assigned.get(u.code, 0),
                "bko": bko_to.get(u.code, 0),
            }
            for u in rec.strength.units
        ],
        columns=["code", "name", "available", "assigned", "bko"],
    )
    how = (
        f"{rec.operation_name}: tahap {stage.name}; personel Pam TPS {rec.tps_duty.polri} "
        f"(pola {_pattern_name(rec.pattern_id)}); {rec.strength.routine} personel tetap dinas "
        "rutin."
    )
    return PlanInfo(
        required=stage.required.polri,
        available=rec.strength.operation,
        shortfall=stage.shortfall.polri,
        bko=sum(bko_to.values()),
        bko_to=bko_to,
        units=table,
        how=how,
        status=stage.status,
        source=f"rencana #{rec.id}",
        by_kecamatan=dict(stage.short_by_area),
    )


def _layers(ws: Workspace) -> dict[str, Path]:
    folder = ws.path / "layers"
    out: dict[str, Path] = {}
    for key, name in (
        ("hillshade", "hillshade.tif"),
        ("dem", "dem.tif"),
        ("roads", "roads.gpkg"),
        ("border", "border.gpkg"),
    ):
        p = folder / name
        if p.exists():
            out[key] = p
    return out


# ------------------------------------------------------------------------------------------------
def _pattern_name(pattern_id: str) -> str:
    """Return a pattern's title for printing (its id when the preset is not found)."""
    from petarawan.errors import PetarawanError
    from petarawan.io.patterns import read_pattern

    try:
        return read_pattern(pattern_id).name
    except PetarawanError:
        return pattern_id


def build_briefing(
    ws: Workspace, *, lang: str = "id", assessment_id: int | None = None
) -> Briefing:
    """Gather the latest assessment, registry and plan of a workspace into a :class:`Briefing`.

    Nothing is required beyond regions: whatever is missing (assessment, DEM, roads, units,
    plan …) is listed in ``missing`` in the briefing's language.

    Parameters
    ----------
    ws
        An open workspace.
    lang
        ``"id"`` (default) or ``"en"``.
    assessment_id
        A stored assessment; the latest when None.

    Returns
    -------
    Briefing
        The render-ready result.
    """
    en = lang == "en"
    regions_all = ws.regions()
    tps = ws.tps()
    regions, derived = _scope_regions(regions_all, tps)
    units = ws.units()
    incidents = ws.incidents()
    rec = read_assessment(ws, assessment_id)
    missing: list[str] = []
    notes: list[str] = []
    method: dict[str, Any] = {}
    if rec is not None:
        classes, tables, method = _assessment_levels(rec, lang)
        lacking = [lv for lv in ("tps", "desa") if lv not in tables]
        if lacking and len(tps):
            hand = _hand_levels(pd.DataFrame(tps.drop(columns="geometry")), lang)
            tables.update({lv: hand[lv] for lv in lacking})
            classes = classes or default_classes(lang)
            missing.append(
                f"The assessment ({rec.framework}) does not score {' and '.join(lacking)}; "
                "their classes come from hand-set TPS categories"
                if en
                else f"Hasil analisa ({rec.framework}) tidak menilai {' dan '.join(lacking)}; "
                "kategorinya diambil dari kategori TPS yang diisi manual"
            )
    else:
        classes = default_classes(lang)
        tables = _hand_levels(pd.DataFrame(tps.drop(columns="geometry")), lang) if len(tps) else {}
        n_hand = int(tps["category"].notna().sum()) if len(tps) else 0
        missing.append(
            "No vulnerability assessment yet (run 'petarawan assess'); "
            f"TPS classes come from {n_hand} hand-set categories, a desa takes its worst TPS."
            if en
            else "Belum ada hasil analisa kerawanan (jalankan 'petarawan assess'); kategori TPS "
            f"diambil dari {n_hand} kategori yang diisi manual, kategori desa = TPS terburuk di "
            "desa itu."
        )
    by_code = {c.id: c for c in classes}
    unclassified = ClassEntry(UNCLASSIFIED, tr("unclassified", lang), UNCLASSIFIED_COLOUR)
    names = regions_all.set_index("code")["name"].astype(str).to_dict()

    def decorate(frame: pd.DataFrame, level: str) -> pd.DataFrame:
        f = frame.copy()
        f["class_label"] = [by_code.get(c, unclassified).label for c in f["class_id"]]
        f["colour"] = [by_code.get(c, unclassified).colour for c in f["class_id"]]
        if level == "tps":
            desa = tps.set_index(tps["tps_id"].astype(str))["desa_code"].astype(str)
            dc = desa.reindex(f.index)
            f["desa"] = [names.get(c, c) for c in dc]
            kec = [str(c)[:8] for c in dc]
            number = tps.set_index(tps["tps_id"].astype(str))["number"].reindex(f.index)
            f["name"] = [
                str(i) if pd.isna(n) else f"TPS {int(n):03d} {d}"
                for i, n, d in zip(f.index, number, f["desa"], strict=True)
            ]
            if "provenance" in tps.columns:  # carried from an earlier election (``carry``)
                origin = tps.set_index(tps["tps_id"].astype(str))["provenance"]
                f["provenance"] = origin.reindex(f.index).to_numpy()
        else:
            kec = [str(c)[:8] for c in f.index]
        f["kecamatan"] = [names.get(k, k) for k in kec] if level != "kecamatan" else ""
        if level != "tps":
            f["name"] = [names.get(c, c) for c in f.index]
        return f

    levels = {lv: decorate(tables[lv], lv) for lv in LEVELS if lv in tables}
    # class columns on the geometries
    for lv in ("desa", "kecamatan"):
        g = regions[lv]
        if lv in levels:
            lt = levels[lv]
            g = g.join(lt[["score", "class_id", "class_label", "colour"]], on="code")
        else:
            g = g.assign(score=np.nan, class_id=UNCLASSIFIED, class_label=unclassified.label)
            g["colour"] = UNCLASSIFIED_COLOUR
        g["class_id"] = g["class_id"].fillna(UNCLASSIFIED)
        g["class_label"] = g["class_label"].fillna(unclassified.label)
        g["colour"] = g["colour"].fillna(UNCLASSIFIED_COLOUR)
        regions[lv] = g
    if len(tps) and "tps" in levels:
        tcols = levels["tps"][
            ["score", "class_id", "class_label", "colour", "drivers", "stability"]
        ]
        tps = tps.join(tcols, on="tps_id") if "tps" in levels else tps
        if "class_id" not in tps.columns:
            tps = tps.assign(class_id=UNCLASSIFIED, class_label=unclassified.label)
            tps = tps.assign(colour=UNCLASSIFIED_COLOUR, drivers="", stability="", score=np.nan)
        tps["class_id"] = tps["class_id"].fillna(UNCLASSIFIED)
        tps["class_label"] = tps["class_label"].fillna(unclassified.label)
        tps["colour"] = tps["colour"].fillna(UNCLASSIFIED_COLOUR)
        ind = ws.indicators("tps")
        if "travel_time_min" in ind.columns:
            tps["travel_time_min"] = ind["travel_time_min"].reindex(tps["tps_id"]).to_numpy()
        else:
            tps["travel_time_min"] = np.nan
        tps["kecamatan_code"] = tps["desa_code"].astype(str).str[:8]
    layers = _layers(ws)
    for key, id_text, en_text in (
        ("hillshade", "Tidak ada DEM/hillshade: peta tanpa relief", "No DEM/hillshade: no relief"),
        ("roads", "Tidak ada data jalan: jaringan jalan tidak digambar", "No roads layer"),
        ("border", "Tidak ada garis batas negara", "No international border layer"),
    ):
        if key not in layers:
            missing.append(en_text if en else id_text)
    if len(tps) == 0:
        missing.append("No TPS imported" if en else "Belum ada data TPS")
    if len(units) == 0:
        missing.append(
            "No police units (Polres/Polsek) with personnel"
            if en
            else "Belum ada data satuan (Polres/Polsek) dan personelnya"
        )
    if len(incidents) == 0:
        missing.append("No incident log" if en else "Belum ada catatan kejadian")
    stakeholders = ws.stakeholders()
    engagements = ws.engagements()
    if len(stakeholders) == 0:
        missing.append(
            "No coordination register (stakeholders)"
            if en
            else "Belum ada register tokoh/koordinasi"
        )
    plan = _read_plan(ws, pd.DataFrame(units.drop(columns="geometry")))
    if plan is None:
        missing.append(
            "No deployment plan yet (run 'petarawan plan --operation')"
            if en
            else "Belum ada rencana penempatan personel (jalankan 'petarawan plan --operation')"
        )
    no_geom = int(regions["desa"].geometry.isna().sum())
    if no_geom:
        missing.append(
            f"{no_geom} desa without a boundary polygon"
            if en
            else f"{no_geom} desa tanpa poligon batas wilayah"
        )
    if len(tps):
        n_est = int((tps["location_source"] == "estimated").sum())
        if n_est:
            notes.append(
                f"{n_est} of {len(tps)} TPS locations are estimated, not surveyed"
                if en
                else f"{format_int(n_est)} dari {format_int(len(tps))} lokasi TPS adalah "
                "perkiraan, bukan hasil survei"
            )
    if derived:
        notes.append(
            "Kecamatan outlines derived from the desa polygons"
            if en
            else "Batas kecamatan diturunkan dari gabungan poligon desa"
        )
    kab = regions["kabkota"]
    prov = regions["provinsi"]
    area = (
        str(kab["name"].iloc[0])
        if len(kab) == 1
        else (str(prov["name"].iloc[0]) if len(prov) == 1 else ws.path.name)
    )
    as_of = rec.as_of if rec is not None else None
    if isinstance(as_of, str):
        as_of = datetime.fromisoformat(as_of)
    class_counts = _class_counts(levels.get("tps"), classes, names, lang)
    briefing = Briefing(
        lang=lang,
        area_name=area,
        as_of=as_of,
        created=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        framework=rec.framework if rec is not None else None,
        framework_name=method.get("name"),
        assessment_id=rec.id if rec is not None else None,
        classes=classes,
        levels=levels,
        regions=regions,
        tps=tps,
        units=units,
        incidents=incidents,
        stakeholders=stakeholders,
        engagements=engagements,
        plan=plan,
        summary=[],
        missing=missing,
        notes=notes,
        layers=layers,
        sources=_sources(ws, layers, lang),
        method=method,
        class_counts=class_counts,
        workspace=ws.path,
    )
    briefing.moves = _moves(ws, rec, names, lang)
    briefing.summary = _summary(briefing) + official_lines(ws, names, lang=lang)
    return briefing


def _moves(
    ws: Workspace, rec: AssessmentRecord | None, names: dict[str, str], lang: str
) -> MovesInfo | None:
    """Compare this assessment with the latest of the previous election that has one."""
    from petarawan.services.compare import compare_mappings
    from petarawan.store.records import list_assessments

    if rec is None or rec.election_id is None:
        return None
    elections = ws.elections()
    ids = [e.id for e in elections]
    if rec.election_id not in ids:
        return None
    earlier = [
        e for e in elections[: ids.index(rec.election_id)] if list_assessments(ws, election_id=e.id)
    ]
    if not earlier:
        return None
    report, _a, _b = compare_mappings(ws, earlier[-1].id, str(rec.id), lang=lang)
    table = pd.DataFrame([u for u in report["units"] if u["level"] == "desa"])
    if table.empty:
        return None
    kec_of = {c: names.get(c[:8], "") for c in table["code"]}
    table["kecamatan"] = table["code"].map(kec_of)
    desa_counts = report["counts"].get("desa", {})
    return MovesInfo(
        from_name=report["from"]["election_name"] or f"#{report['from']['assessment']}",
        to_name=report["to"]["election_name"] or f"#{report['to']['assessment']}",
        table=table,
        counts={k: int(v) for k, v in desa_counts.items()},
        common=list(report["common_changes"].get("desa", [])),
    )


def _scope_regions(
    regions_all: gpd.GeoDataFrame, tps: gpd.GeoDataFrame
) -> tuple[dict[str, gpd.GeoDataFrame], bool]:
    """Keep the regions of the area worked on (the kab/kota holding the desa/TPS).

    A workspace may hold every province and kab/kota code of Indonesia; maps and the report
    show only the area with desa. Kecamatan without polygons get the union of their desa.
    """
    lv = regions_all["level"]
    desa = regions_all[lv == "desa"]
    codes = desa["code"].astype(str)
    if len(tps):
        codes = pd.concat([codes, tps["desa_code"].astype(str)])
    kab_codes = set(codes.str[:5]) if len(codes) else set()
    prov_codes = {c[:2] for c in kab_codes}

    def keep(level: str, n: int, allowed: set[str]) -> gpd.GeoDataFrame:
        g = regions_all[lv == level]
        if allowed:
            g = g[g["code"].astype(str).str[:n].isin(allowed)]
        return g.reset_index(drop=True)

    regions = {
        "provinsi": keep("provinsi", 2, prov_codes),
        "kabkota": keep("kabkota", 5, kab_codes),
        "kecamatan": keep("kecamatan", 5, kab_codes),
        "desa": desa.reset_index(drop=True),
    }
    kec = regions["kecamatan"]
    derived = False
    d = regions["desa"][regions["desa"].geometry.notna()]
    if len(kec) and kec.geometry.isna().all() and len(d):
        union = d.assign(_k=d["code"].astype(str).str[:8]).dissolve("_k").geometry
        geoms = kec["code"].map(union)
        kec = kec.set_geometry(gpd.GeoSeries(geoms.to_numpy(), crs=kec.crs, index=kec.index))
        regions["kecamatan"] = kec
        derived = True
    return regions, derived


def _class_counts(
    tps: pd.DataFrame | None, classes: list[ClassEntry], names: dict[str, str], lang: str
) -> pd.DataFrame:
    """TPS per class per kecamatan (rows kecamatan names, columns class ids, plus ``total``)."""
    if tps is None or tps.empty:
        return pd.DataFrame()
    kec = pd.Series([str(i)[:6] for i in tps.index], index=tps.index)
    kec_code = kec.map(lambda s: f"{s[:2]}.{s[2:4]}.{s[4:6]}")
    table = pd.crosstab(kec_code, tps["class_id"])
    ids = [c.id for c in classes] + [c for c in table.columns if c not in {k.id for k in classes}]
    table = table.reindex(columns=ids, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.index = pd.Index([names.get(c, c) for c in table.index], name="kecamatan")
    return table.astype(int)


def _sources(ws: Workspace, layers: dict[str, Path], lang: str) -> list[str]:
    en = lang == "en"
    out = [
        "Region codes and boundaries: workspace registry (Kemendagri codes)"
        if en
        else "Kode dan batas wilayah: registri workspace (kode Kemendagri)",
        "TPS and voters (DPT): KPU data imported into the workspace"
        if en
        else "TPS dan pemilih (DPT): data KPU yang diimpor ke workspace",
    ]
    meta = ws.indicator_meta()
    if len(meta):
        for s in sorted({str(v) for v in meta["source"].dropna()}):
            # bare stage ids ("dem", "units+roads") are described by the lines below
            if " " in s or s.endswith((".csv", ".xlsx", ".geojson", ".gpkg")):
                out.append(s)
    if "dem" in layers:
        out.append("Relief: DEM in the workspace" if en else "Relief: DEM di workspace")
    if "roads" in layers:
        out.append("Roads: workspace road layer" if en else "Jalan: lapisan jalan di workspace")
    return out


def _summary(b: Briefing) -> list[str]:
    """Summary sentences: the most vulnerable TPS and desa, the requirement and the shortfall."""
    en = b.lang == "en"
    top = b.classes[-1] if b.classes else None
    out: list[str] = []
    tps = b.levels.get("tps")
    if tps is not None and top is not None:
        hot = tps[tps["class_id"] == top.id]
        desa_codes = {str(i)[:10] for i in hot.index}
        label = top.label.lower()
        if en:
            out.append(
                f"{format_int(len(hot), 'en')} TPS {label} in {len(desa_codes)} villages "
                f"(of {format_int(len(tps), 'en')} TPS)"
            )
        else:
            out.append(
                f"{format_int(len(hot))} TPS {label} di {len(desa_codes)} desa "
                f"(dari {format_int(len(tps))} TPS)"
            )
    if tps is not None and "provenance" in tps.columns:
        carried = int(tps["provenance"].notna().sum())
        if carried:
            out.append(
                f"{format_int(carried, 'en')} TPS carry values from an earlier election "
                "(origin listed per TPS)"
                if en
                else f"{format_int(carried)} TPS membawa nilai dari pemilihan sebelumnya "
                "(asalnya tercatat per TPS)"
            )
    desa = b.levels.get("desa")
    if desa is not None and top is not None:
        k = int((desa["class_id"] == top.id).sum())
        word = LEVEL_NAMES[b.lang if en else "id"]["desa"]
        out.append(
            f"{k} of {len(desa)} {word} {top.label.lower()}"
            if en
            else f"{k} dari {len(desa)} {word} {top.label.lower()}"
        )
    p = b.plan
    if p is not None and p.required is not None:
        lg = b.lang
        if en:
            text = f"requirement {format_int(p.required, lg)} personnel"
            if p.available is not None:
                text += f", available {format_int(p.available, lg)}"
            if p.shortfall is not None:
                text += f", shortfall {format_int(p.shortfall, lg)}"
        else:
            text = f"kebutuhan {format_int(p.required)} personel"
            if p.available is not None:
                text += f", tersedia {format_int(p.available)}"
            if p.shortfall is not None:
                text += f", kekurangan {format_int(p.shortfall)}"
        if p.bko:
            names = dict(zip(p.units["code"], p.units["name"], strict=True))
            biggest = sorted(p.bko_to.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            most = ", ".join(f"{names.get(k, k)} {v}" for k, v in biggest)
            n = len(p.bko_to)
            text += (
                f" — BKO requested from Polda {format_int(p.bko, lg)} personnel to reinforce "
                f"{n} units (most: {most})"
                if en
                else f" — permintaan BKO dari Polda {format_int(p.bko)} personel untuk penebalan "
                f"{n} satuan (terbanyak: {most})"
            )
        out.append(text[0].upper() + text[1:])
    if len(b.incidents):
        types = b.incidents["type"].value_counts()
        first = INCIDENT_TYPES[b.lang if en else "id"].get(str(types.index[0]), str(types.index[0]))
        out.append(
            f"{format_int(len(b.incidents), b.lang)} incidents logged, most often: {first.lower()}"
            if en
            else f"{format_int(len(b.incidents))} kejadian tercatat, terbanyak: {first.lower()}"
        )
    return out


def assessment_columns(ws: Workspace, *, lang: str = "id") -> dict[str, pd.DataFrame]:
    """Return, per level (``tps``, ``desa``, ``kecamatan``), the assessment columns for exports.

    Each frame is indexed by code (``tps_id`` for TPS) with ``score``, ``class`` (id),
    ``class_label``, ``colour`` (``#rrggbb``), ``kml_colour`` (``aabbggrr``), ``stability`` and
    ``drivers``. The lead's GeoPackage/KML exporter joins these onto its layers.
    """
    b = build_briefing(ws, lang=lang)
    out: dict[str, pd.DataFrame] = {}
    for level, frame in b.levels.items():
        f = frame[["score", "class_id", "class_label", "colour", "stability", "drivers"]].rename(
            columns={"class_id": "class"}
        )
        f["kml_colour"] = [kml_colour(c) for c in f["colour"]]
        out[level] = f
    return out
