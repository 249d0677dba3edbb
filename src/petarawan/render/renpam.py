"""The Rencana Pengamanan (Renpam) PDF and the Sprin plotting annex (XLSX) of a stored plan.

The service (:mod:`petarawan.services.renpam`) gathers a :class:`RenpamDoc`; this module only
draws it, in the order of a Polri Renpam: situation, mission, strength, the six satgas, the course
of action per stage, the plotting per TPS and object, reserves, the rayon map and the budget.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from petarawan.domain.operation import SATGAS
from petarawan.domain.patterns import CATEGORY_LABELS
from petarawan.domain.records.plan import PlanRecord
from petarawan.formatting import format_int
from petarawan.labels import label

__all__ = [
    "RenpamDoc",
    "plotting_rows",
    "rayon_map_png",
    "renpam_html",
    "write_plotting_xlsx",
    "write_renpam_pdf",
]

SATGAS_NAMES = {
    "preemtif": "Satgas Preemtif",
    "preventif": "Satgas Preventif",
    "kamseltibcarlantas": "Satgas Kamseltibcarlantas",
    "gakkum": "Satgas Gakkum",
    "humas": "Satgas Humas",
    "banops": "Satgas Banops",
}


def _method_name(method: str | None) -> str:
    """Return the travel method in words (``-`` for none)."""
    return label("travel_method", method)


KIND_NAMES = {
    "kpu": "Kantor KPU",
    "bawaslu": "Kantor Bawaslu",
    "gudang_logistik": "Gudang logistik",
    "ppk": "PPK",
    "pps": "PPS",
    "posko_paslon": "Posko paslon",
    "rumah_paslon": "Rumah paslon",
    "other": "Objek lain",
}
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass
class RenpamDoc:
    """Everything the Renpam shows.

    Attributes
    ----------
    plan
        The stored plan.
    area_name
        The Polres area (kabupaten).
    situation
        Sentences of the latest assessment (the situation).
    kecamatan
        Kecamatan polygons (``code``, ``name``, geometry, EPSG:4326), for the rayon map.
    units
        Units (``code``, ``name``, ``kind``, ``lon``, ``lat``).
    desa_names
        Desa name per code.
    personnel
        Imported personnel (``nrp``, ``name``, ``rank``, ``unit_code``), empty when none.
    tps_desa
        Desa code per TPS id.
    """

    plan: PlanRecord
    area_name: str
    situation: list[str]
    kecamatan: gpd.GeoDataFrame
    units: pd.DataFrame
    desa_names: dict[str, str]
    personnel: pd.DataFrame
    tps_desa: dict[str, str]


def _date(d: Any) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _tps_label(tps_id: str, doc: RenpamDoc) -> str:
    desa = doc.tps_desa.get(tps_id, "")
    return f"TPS {int(tps_id[10:]):03d} {doc.desa_names.get(desa, desa)}".strip()


def rayon_map_png(doc: RenpamDoc, dpi: int = 130) -> bytes | None:
    """Draw the kecamatan coloured by rayon, the units and the reserve positions."""
    if len(doc.kecamatan) == 0:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rayon_of = {k: r for r in _rayons(doc) for k in r["kecamatan"]}
    colours = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628"]
    kec = doc.kecamatan.copy()
    names = [r["name"] for r in _rayons(doc)]
    kec["colour"] = [
        colours[names.index(rayon_of[c]["name"]) % len(colours)] if c in rayon_of else "#eeeeee"
        for c in kec["code"]
    ]
    fig, ax = plt.subplots(figsize=(7.5, 6.0))
    kec.plot(ax=ax, color=kec["colour"], edgecolor="#666666", linewidth=0.5)
    for r in kec.itertuples():
        p = r.geometry.representative_point()
        ax.annotate(str(r.name), (p.x, p.y), fontsize=5, ha="center", color="#333333")
    u = doc.units.dropna(subset=["lon", "lat"])
    ax.scatter(u["lon"], u["lat"], marker="^", s=28, color="black", label="Polres/Polsek")
    pos = {p.unit for res in doc.plan.reserves for p in res.positions}
    rp = u[u["code"].isin(pos)]
    ax.scatter(
        rp["lon"],
        rp["lat"],
        marker="*",
        s=160,
        color="gold",
        edgecolor="black",
        label="Posisi cadangan",
    )
    from matplotlib.patches import Patch

    handles = [Patch(color=colours[i % len(colours)], label=n) for i, n in enumerate(names)]
    ax.legend(handles=[*handles, *ax.get_legend_handles_labels()[0]], loc="lower left", fontsize=6)
    ax.set_axis_off()
    ax.set_title("Peta rayon pengamanan", fontsize=10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _rayons(doc: RenpamDoc) -> list[dict[str, Any]]:
    return [r.model_dump() for r in doc.plan.rayons]


def _context(doc: RenpamDoc, map_png: bytes | None) -> dict[str, Any]:
    p = doc.plan
    first, last = p.stages[0], p.stages[-1]
    peak = p.stage(p.peak.stage)
    voting = p.voting_stage()
    units = doc.units.set_index("code") if len(doc.units) else pd.DataFrame()
    strength_rows = [
        {
            "name": u.name,
            "kind": "Polres" if u.kind == "polres" else ("Polsek" if u.kind == "polsek" else "Pos"),
            "strength": format_int(u.strength),
            "routine": format_int(u.routine),
            "operation": format_int(u.operation),
        }
        for u in p.strength.units
    ]
    del units
    stages = []
    for st in p.stages:
        stages.append(
            {
                "name": st.name,
                "dates": f"{_date(st.start)} s.d. {_date(st.end)}",
                "days": st.days,
                "required": format_int(st.required.polri),
                "assigned": format_int(st.assigned.polri),
                "short": format_int(st.shortfall.polri),
                "brimob": format_int(st.required.brimob),
                "linmas": format_int(st.required.linmas),
                "tasks": [
                    {
                        "name": t.name,
                        "satgas": SATGAS_NAMES.get(t.satgas, t.satgas),
                        "sites": t.sites,
                        "polri": format_int(t.required.polri),
                        "short": format_int(t.shortfall.polri),
                    }
                    for t in st.tasks
                ],
                "penebalan": ", ".join(f"{x.unit_name} {x.polri}" for x in st.penebalan),
            }
        )
    tps_rows: list[dict[str, Any]] = []
    obj_rows: list[dict[str, Any]] = []
    if voting is not None:
        for a in voting.assignments:
            if a.kind == "tps":
                ids = a.label.split(",")
                tps_rows.append(
                    {
                        "tps": ", ".join(_tps_label(t, doc) for t in ids),
                        "unit": a.unit_name,
                        "polri": a.polri,
                        "minutes": f"{a.minutes:.0f}",
                        "method": _method_name(a.method),
                    }
                )
    for st in p.stages:
        for a in st.assignments:
            if a.kind in ("object", "rayon", "kecamatan", "escort", "convoy", "fixed"):
                obj_rows.append(
                    {
                        "stage": st.name,
                        "task": next((t.name for t in st.tasks if t.id == a.task), a.task),
                        "site": a.label,
                        "unit": a.unit_name,
                        "polri": a.polri,
                        "minutes": f"{a.minutes:.0f}"
                        if a.kind in ("object", "rayon", "kecamatan")
                        else "-",
                        "method": _method_name(a.method),
                    }
                )
    reserves = [
        {
            "name": r.name,
            "strength": " + ".join(
                x
                for x in (
                    f"{r.polri} Polri" if r.polri else "",
                    f"{r.brimob} Brimob" if r.brimob else "",
                )
                if x
            ),
            "from": "BKO Polda" if r.from_polda else "Polres",
            "positions": ", ".join(
                f"{x.unit_name}" + (f" ({x.rayon})" if x.rayon else "") for x in r.positions
            )
            or "-",
            "worst": "-" if r.coverage_minutes is None else f"{r.coverage_minutes:.0f}",
            "target": f"{r.response_minutes:.0f}",
            "share": "-" if r.covered_share is None else f"{r.covered_share:.0%}",
            "points": r.demand_points,
        }
        for r in p.reserves
    ]
    b = p.budget
    budget = [
        {
            "stage": st.name,
            "days": st.days,
            "polri": format_int(st.required.polri),
            "pd": format_int(b.by_stage.get(st.id, 0)),
            "cost": "-"
            if b.daily_rate is None
            else format_int(b.by_stage.get(st.id, 0) * b.daily_rate),
        }
        for st in p.stages
    ]
    by_cat = [
        {
            "label": CATEGORY_LABELS["id"].get(c, c),
            "polri": format_int(v.polri),
            "linmas": format_int(v.linmas),
        }
        for c, v in p.tps_duty.by_category.items()
        if v.polri
    ]
    return {
        "p": p,
        "area": doc.area_name,
        "situation": doc.situation,
        "period": f"{_date(first.start)} s.d. {_date(last.end)}",
        "peak": peak,
        "peak_tasks": ", ".join(
            f"{t.name} {format_int(t.required.polri)}" for t in p.peak.tasks if t.required.polri
        ),
        "strength_rows": strength_rows,
        "satgas": [
            {"name": SATGAS_NAMES[s], "polri": format_int(peak.satgas.get(s, 0))} for s in SATGAS
        ],
        "stages": stages,
        "tps_rows": tps_rows,
        "obj_rows": obj_rows,
        "reserves": reserves,
        "budget": budget,
        "budget_total": "-" if b.total is None else format_int(b.total),
        "daily_rate": "-" if b.daily_rate is None else format_int(b.daily_rate),
        "pd_total": format_int(b.personnel_days),
        "by_cat": by_cat,
        "map": None
        if map_png is None
        else "data:image/png;base64," + base64.b64encode(map_png).decode("ascii"),
        "fmt": format_int,
        "method_counts": ", ".join(
            f"{_method_name(k)} {format_int(v)} TPS" for k, v in p.travel.items()
        ),
    }


def renpam_html(doc: RenpamDoc, *, map_png: bytes | None = None) -> str:
    """Render the Renpam as HTML (Indonesian)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("petarawan.render", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    return env.get_template("renpam.html.j2").render(css=css, **_context(doc, map_png))


def write_renpam_pdf(doc: RenpamDoc, out: Path, *, map_png: bytes | None = None) -> Path:
    """Write the Renpam PDF (WeasyPrint) and return its path."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = renpam_html(doc, map_png=map_png)
    weasyprint.HTML(string=html, base_url=str(out.parent)).write_pdf(out)
    return out


def plotting_rows(doc: RenpamDoc) -> pd.DataFrame:
    """Return the Sprin plotting annex: named personnel when imported, else counts per unit.

    With personnel, each unit's members (by NRP) fill its assignments of a stage in order, one
    person per post and shift; without, one row per (stage, task, site, unit) with the count.
    """
    p = doc.plan
    named = len(doc.personnel) > 0
    rows: list[dict[str, Any]] = []
    by_unit = (
        {u: g.sort_values("nrp").to_dict("records") for u, g in doc.personnel.groupby("unit_code")}
        if named
        else {}
    )
    for st in p.stages:
        task_names = {t.id: t.name for t in st.tasks}
        shifts_of = {t.id: t.shifts for t in st.tasks}
        used: dict[str, int] = {}
        for a in st.assignments:
            desa = ""
            site = a.label
            if a.kind == "tps":
                ids = a.label.split(",")
                site = ", ".join(_tps_label(t, doc) for t in ids)
                desa = doc.desa_names.get(doc.tps_desa.get(ids[0], ""), "")
            shifts = max(shifts_of.get(a.task, 1), 1)
            if not named:
                rows.append(
                    {
                        "Satuan": a.unit_name,
                        "Tugas": task_names.get(a.task, a.task),
                        "TPS/objek": site,
                        "Desa": desa,
                        "Tahap": st.name,
                        "Jumlah personel": a.polri,
                    }
                )
                continue
            members = by_unit.get(a.unit, [])
            for k in range(a.polri):
                i = used.get(a.unit, 0)
                used[a.unit] = i + 1
                m = members[i] if i < len(members) else None
                rows.append(
                    {
                        "NRP": m["nrp"] if m else "",
                        "Nama": m["name"] if m else "(belum ditunjuk)",
                        "Pangkat": m["rank"] if m else "",
                        "Satuan": a.unit_name,
                        "Tugas": task_names.get(a.task, a.task),
                        "TPS/objek": site,
                        "Desa": desa,
                        "Tahap": st.name,
                        "Shift": k % shifts + 1,
                    }
                )
    return pd.DataFrame(rows)


def write_plotting_xlsx(doc: RenpamDoc, out: Path) -> Path:
    """Write the plotting annex of the Sprin as XLSX (one sheet per stage)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    frame = plotting_rows(doc)
    wb = Workbook()
    wb.remove(wb.active)
    for stage in doc.plan.stages:
        part = frame[frame["Tahap"] == stage.name] if len(frame) else frame
        ws = wb.create_sheet(stage.name[:31])
        cols = list(frame.columns)
        ws.append(cols)
        for c in ws[1]:
            c.font = Font(bold=True)
        for rec in part.itertuples(index=False):
            ws.append(list(rec))
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
