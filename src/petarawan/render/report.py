"""The briefing report: a Jinja2 HTML page rendered to PDF with WeasyPrint."""

from __future__ import annotations

import base64
import io
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain.monitor import overdue_followups
from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_date, format_datetime, format_int, format_number
from petarawan.render._text import INCIDENT_TYPES, LEVEL_NAMES, tr
from petarawan.render.briefing import Briefing

__all__ = ["incident_chart", "report_context", "report_html", "write_report"]

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "report_title": "Laporan Kerawanan dan Rencana Pengamanan Pilkada",
        "restricted": "TERBATAS — untuk kalangan dinas",
        "as_of": "Keadaan per",
        "framework": "Kerangka penilaian",
        "assessment": "hasil analisa",
        "printed": "Dicetak",
        "workspace": "Ruang kerja",
        "none": "belum ada",
        "summary": "Ringkasan",
        "missing": "Data yang belum tersedia",
        "main_map": "Peta kerawanan",
        "no_map": "Peta tidak dapat digambar: belum ada geometri wilayah.",
        "class_counts": "Jumlah TPS per kategori kerawanan di setiap kecamatan",
        "kecamatan": "Kecamatan",
        "total": "Jumlah",
        "counts_caption": (
            "Kategori TPS menurut hasil analisa terbaru (atau kategori yang diisi manual)."
        ),
        "no_tps": "Belum ada data TPS.",
        "top": "Desa dan TPS paling rawan",
        "top_desa": "10 desa/kelurahan teratas",
        "top_tps": "10 TPS teratas",
        "desa": "Desa/kelurahan",
        "tps": "TPS",
        "score": "Skor",
        "class": "Kategori",
        "stability": "Keyakinan kategori",
        "drivers": "Faktor dominan",
        "no_scores": "Belum ada skor (belum ada hasil analisa).",
        "plan": "Rencana penempatan personel per Polsek",
        "unit": "Satuan",
        "available": "Tersedia",
        "assigned": "Bertugas",
        "bko": "Usulan BKO",
        "no_plan": "Belum ada rencana penempatan (jalankan 'petarawan plan --operation'). "
        "Personel yang tercatat per satuan:",
        "incidents": "Linimasa kejadian",
        "no_incidents": "Belum ada catatan kejadian.",
        "register": "Register koordinasi",
        "date": "Tanggal",
        "stakeholder": "Tokoh",
        "topic": "Topik",
        "follow_up": "Tindak lanjut",
        "due": "Tenggat",
        "no_register": "Belum ada register tokoh dan pertemuan.",
        "appendix": "Lampiran: metode dan sumber data",
        "method": "Metode",
        "component": "Komponen",
        "part_of": "Bagian dari",
        "weight": "Bobot",
        "normalisation": "Normalisasi",
        "no_method": (
            "Belum ada hasil analisa; kategori berasal dari kategori TPS yang diisi manual."
        ),
        "sources": "Sumber data",
        "month": "Bulan",
        "count": "Jumlah kejadian",
    },
    "en": {
        "report_title": "Pilkada Vulnerability and Deployment Briefing",
        "restricted": "RESTRICTED — official use only",
        "as_of": "As of",
        "framework": "Framework",
        "assessment": "assessment",
        "printed": "Printed",
        "workspace": "Workspace",
        "none": "none yet",
        "summary": "Summary",
        "missing": "Data not yet available",
        "main_map": "Vulnerability map",
        "no_map": "The map cannot be drawn: no region geometry.",
        "class_counts": "TPS per class in each kecamatan",
        "kecamatan": "Kecamatan",
        "total": "Total",
        "counts_caption": "TPS classes from the latest assessment (or hand-set categories).",
        "no_tps": "No TPS data yet.",
        "top": "Most vulnerable desa and TPS",
        "top_desa": "Top 10 desa/kelurahan",
        "top_tps": "Top 10 TPS",
        "desa": "Desa/kelurahan",
        "tps": "TPS",
        "score": "Score",
        "class": "Class",
        "stability": "Category confidence",
        "drivers": "Dominant factors",
        "no_scores": "No scores yet (no assessment).",
        "plan": "Deployment plan per Polsek",
        "unit": "Unit",
        "available": "Available",
        "assigned": "Assigned",
        "bko": "BKO request",
        "no_plan": "No deployment plan yet (run 'petarawan plan --operation'). "
        "Personnel on record per unit:",
        "incidents": "Incident timeline",
        "no_incidents": "No incidents logged yet.",
        "register": "Coordination register",
        "date": "Date",
        "stakeholder": "Stakeholder",
        "topic": "Topic",
        "follow_up": "Follow-up",
        "due": "Due",
        "no_register": "No stakeholder or meeting register yet.",
        "appendix": "Appendix: method and data sources",
        "method": "Method",
        "component": "Component",
        "part_of": "Part of",
        "weight": "Weight",
        "normalisation": "Normalisation",
        "no_method": "No assessment; classes come from hand-set TPS categories.",
        "sources": "Data sources",
        "month": "Month",
        "count": "Incidents",
    },
}

NORMALISATIONS = {
    "id": {
        "min-max": "min–maks",
        "z-score": "skor-z",
        "rank-percentile": "persentil peringkat",
        "goalposts": "batas tetap",
        "binary": "biner (ya/tidak)",
        "distance-to-target": "jarak ke target",
        "none": "tanpa",
    },
    "en": {},
}


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


MAX_CHART_MONTHS = 60
"""Months the incident chart shows at most (the latest five years of the log)."""


def monthly_incidents(inc: pd.DataFrame) -> pd.DataFrame | None:
    """Return incidents per month and type over a bounded range (None when nothing is in it).

    At most :data:`MAX_CHART_MONTHS` months, never later than a year from now, whatever the
    stored dates: one absurd date must not stretch the chart over centuries.
    """
    month = inc["occurred_at"].dt.to_period("M")
    table = pd.crosstab(month, inc["type"].astype(str))
    last = min(table.index.max(), pd.Period(pd.Timestamp.now(), freq="M") + 12)
    first = max(table.index.min(), last - (MAX_CHART_MONTHS - 1))
    if first > last:
        return None
    return table.reindex(pd.period_range(first, last, freq="M"), fill_value=0)


def incident_chart(b: Briefing) -> bytes | None:
    """Draw incidents per month stacked by type (PNG bytes), or None without incidents."""
    from matplotlib.figure import Figure

    inc = b.incidents
    if len(inc) == 0:
        return None
    lang = b.lang
    labels = LABELS["en" if lang == "en" else "id"]
    table = monthly_incidents(inc)
    if table is None:
        return None
    table = table[table.sum().sort_values(ascending=False).index]
    names = INCIDENT_TYPES["en" if lang == "en" else "id"]
    from petarawan.render.maps import INCIDENT_PALETTE

    fig = Figure(figsize=(7.2, 3.0))
    ax = fig.add_subplot()
    bottom = np.zeros(len(table))
    x = np.arange(len(table))
    for i, col in enumerate(table.columns):
        vals = table[col].to_numpy(dtype=float)
        ax.bar(
            x,
            vals,
            bottom=bottom,
            color=INCIDENT_PALETTE[i % len(INCIDENT_PALETTE)],
            label=names.get(col, col),
            width=0.8,
        )
        bottom += vals
    ax.set_xticks(x)
    # "1 Feb 2024" -> "Feb\n2024"
    ticks = [
        format_date(p.to_timestamp(), lang).split(" ", 1)[1].replace(" ", "\n") for p in table.index
    ]
    ax.set_xticklabels(ticks, fontsize=6.5)
    if len(x) > 14:
        for i, lab in enumerate(ax.get_xticklabels()):
            lab.set_visible(i % 2 == 0)
    ax.set_ylabel(labels["count"], fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=6.5, ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.subplots_adjust(left=0.08, right=0.72, bottom=0.18, top=0.96)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200)
    return buf.getvalue()


def _rows(frame: pd.DataFrame, lang: str, n: int = 10) -> list[dict[str, Any]]:
    if frame.empty or frame["score"].isna().all():
        return []
    top = frame.sort_values("score", ascending=False).head(n)
    return [
        {
            "rank": format_int(r["rank"], lang) if pd.notna(r["rank"]) else "–",
            "name": r["name"],
            "kecamatan": r["kecamatan"] or "",
            "score": format_number(float(r["score"]), 1, lang),
            "colour": r["colour"],
            "class_label": r["class_label"],
            "stability": r["stability"] or "–",
            "drivers": r["drivers"] or "–",
            "origin": r.get("provenance") if isinstance(r.get("provenance"), str) else "",
        }
        for _, r in top.iterrows()
    ]


def _method(b: Briefing) -> dict[str, Any] | None:
    m = b.method
    if not m:
        return None
    lang = b.lang
    en = lang == "en"
    names = {d["id"]: d["name"] for d in [*m["nodes"], *m["indicators"]]}
    rows = []
    for node in m["nodes"]:
        rows.append(
            {
                "kind": "node",
                "name": node["name"],
                "parent": names.get(node["parent"], "") if node["parent"] else "",
                "weight": format_number(node["weight"], 2, lang),
                "norm": "",
            }
        )
        for ind in m["indicators"]:
            if ind["parent"] != node["id"]:
                continue
            norm = NORMALISATIONS.get(lang, {}).get(ind["normalisation"], ind["normalisation"])
            rows.append(
                {
                    "kind": "indicator",
                    "name": ind["name"] + (" (↓)" if ind["direction"] == -1 else ""),
                    "parent": node["name"],
                    "weight": format_number(ind["weight"], 2, lang),
                    "norm": norm,
                }
            )
    classes = ", ".join(c.label for c in m["classes"])
    scale = m["scale"]
    if en:
        intro = (
            f"Framework {m['name']} (id {m['framework']}, version {m['version']}). Indicators are "
            "normalised to 0–1, combined with normalised weights per dimension, and dimensions "
            f"combined into the index on a 0–{scale} scale. Categories: {classes}."
        )
        formula = (
            f"Index = {scale} × the weighted sum of the dimension scores; each dimension score is "
            "the weighted sum of its normalised indicators; the weights of each level add up to 1"
        )
        cls = "(↓) means a higher value lowers vulnerability."
    else:
        intro = (
            f"Kerangka {m['name']} (id {m['framework']}, versi {m['version']}). Setiap indikator "
            "dinormalisasi ke 0–1, digabung dengan bobot ternormalisasi per dimensi, lalu dimensi "
            f"digabung menjadi indeks berskala 0–{scale}. Kategori: {classes}."
        )
        formula = (
            f"Indeks = {scale} × jumlah berbobot skor dimensi; skor dimensi = jumlah berbobot "
            "indikator yang telah dinormalisasi; bobot pada setiap tingkat berjumlah 1"
        )
        cls = "(↓) berarti nilai lebih tinggi menurunkan kerawanan."
    if m.get("hash"):
        cls += f" SHA-256: {str(m['hash'])[:16]}…"
    return {"intro": intro, "formula": formula, "rows": rows, "classes": cls}


def report_context(b: Briefing, *, map_png: bytes | None = None) -> dict[str, Any]:
    """Return the template context of the report (every number already formatted)."""
    from petarawan.render.moves import moves_context, moves_png

    lang = b.lang
    en = lang == "en"
    t = LABELS["en" if en else "id"]
    counts = []
    count_classes = b.legend()
    cc = b.class_counts
    if len(cc):
        ids = [c.id for c in count_classes]
        cc = cc.reindex(columns=[*ids, "total"], fill_value=0)
        for name, row in cc.iterrows():
            counts.append(
                {
                    "name": name,
                    "cells": [format_int(int(row[i]), lang) for i in ids],
                    "total": format_int(int(row["total"]), lang),
                }
            )
        count_totals = [format_int(int(cc[i].sum()), lang) for i in ids]
        count_grand = format_int(int(cc["total"].sum()), lang)
    else:
        count_totals, count_grand = [], "0"
    tops = [
        {
            "title": t["top_desa"],
            "name_header": t["desa"],
            "rows": _rows(b.levels["desa"], lang) if "desa" in b.levels else [],
        },
        {
            "title": t["top_tps"],
            "name_header": t["tps"],
            "rows": _rows(b.levels["tps"], lang) if "tps" in b.levels else [],
        },
    ]
    plan = None
    if b.plan is not None:
        p = b.plan
        sentence = next((s for s in b.summary if s.lower().startswith(("kebutuhan", "requir"))), "")
        plan = {
            "sentence": sentence + "." if sentence else "",
            "rows": [
                {
                    "name": f"{r['name']}",
                    "available": format_int(r["available"], lang),
                    "assigned": format_int(r["assigned"], lang),
                    "bko": format_int(r["bko"], lang) if r["bko"] else "–",
                }
                for r in p.units.to_dict("records")
            ],
            "total_available": format_int(int(p.units["available"].sum()), lang),
            "total_assigned": format_int(int(p.units["assigned"].sum()), lang),
            "total_bko": format_int(int(p.units["bko"].sum()), lang),
            "how": p.how,
        }
    units = [
        {
            "name": r["name"],
            **{k: format_int(r[k], lang) for k in ("polri", "brimob", "tni", "linmas")},
        }
        for r in pd.DataFrame(b.units.drop(columns="geometry")).to_dict("records")
    ]
    chart = incident_chart(b)
    incident_caption = ""
    if len(b.incidents):
        first = b.incidents["occurred_at"].min()
        last = b.incidents["occurred_at"].max()
        incident_caption = (
            f"{format_int(len(b.incidents), lang)} incidents, {format_date(first, lang)} – "
            f"{format_date(last, lang)}, per month and type."
            if en
            else f"{format_int(len(b.incidents))} kejadian, {format_date(first, lang)} – "
            f"{format_date(last, lang)}, per bulan dan jenis."
        )
    return {
        "b": b,
        "t": t,
        "css": (resources.files("petarawan.render") / "templates" / "report.css").read_text(
            encoding="utf-8"
        ),
        "as_of": (
            format_datetime(b.as_of, lang=lang) if b.as_of else tr("no_assessment_date", lang)
        ),
        "printed": format_datetime(b.created, lang=lang),
        "map_src": _data_uri(map_png, "image/png") if map_png else None,
        "counts": counts,
        "count_classes": count_classes,
        "count_totals": count_totals,
        "count_grand": count_grand,
        "tops": tops,
        "plan": plan,
        "units": units,
        "chart_src": _data_uri(chart, "image/png") if chart else None,
        "incident_caption": incident_caption,
        "register": _register(b),
        "moves": moves_context(b.moves),
        "moves_src": _data_uri(png, "image/png") if (png := moves_png(b)) else None,
        "method": _method(b),
        "level_names": LEVEL_NAMES["en" if en else "id"],
    }


def _register(b: Briefing) -> dict[str, Any] | None:
    st, en_ = b.stakeholders, b.engagements
    if len(st) == 0 and len(en_) == 0:
        return None
    lang = b.lang
    names = (
        dict(zip(st["code"].astype(str), st["name"].astype(str), strict=False)) if len(st) else {}
    )
    ref = b.as_of or b.created
    late = overdue_followups(en_, ref) if len(en_) else en_
    n_late = len(late)
    oldest = int(late["days_overdue"].max()) if n_late else 0
    when = format_date(ref, lang)
    if lang == "en":
        sentence = f"{len(st)} stakeholders on record, {len(en_)} meetings logged; " + (
            f"{n_late} follow-ups overdue on {when} (oldest {oldest} days late)."
            if n_late
            else f"no follow-up overdue on {when}."
        )
    else:
        sentence = f"{len(st)} tokoh tercatat, {len(en_)} pertemuan; " + (
            f"{n_late} tindak lanjut lewat tenggat per {when} (terlama {oldest} hari)."
            if n_late
            else f"tidak ada tindak lanjut yang lewat tenggat per {when}."
        )
    rows = []
    for r in en_.sort_values("date", ascending=False).head(12).to_dict("records"):
        rows.append(
            {
                "date": format_date(r["date"], lang) if pd.notna(r["date"]) else "–",
                "who": names.get(str(r["stakeholder_code"]), str(r["stakeholder_code"])),
                "topic": r.get("topic") or "",
                "follow_up": r.get("follow_up") or "",
                "due": format_date(r["follow_up_due"], lang)
                if pd.notna(r["follow_up_due"])
                else "–",
            }
        )
    return {"sentence": sentence, "rows": rows}


def _map_png(b: Briefing, dpi: int = 150) -> bytes | None:
    from petarawan.render.maps import draw_map

    try:
        fig, _ = draw_map(b, level="desa", layer="class")
    except InputDataError:
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def report_html(b: Briefing, *, map_png: bytes | None = None) -> str:
    """Render the report as one self-contained HTML page (images inlined)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("petarawan.render", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
    )
    if map_png is None:
        map_png = _map_png(b)
    return env.get_template("report.html.j2").render(**report_context(b, map_png=map_png))


def write_report(b: Briefing, out: Path, *, map_png: bytes | None = None) -> Path:
    """Write the report as PDF (``.pdf``) or as the HTML page (``.html``)."""
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        msg = f"--out: akhiran '{out.suffix}' tidak didukung; gunakan .pdf atau .html."
        raise InputDataError(msg, [Issue(str(out), None, None, msg)])
    html = report_html(b, map_png=map_png)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        out.write_text(html, encoding="utf-8")
        return out
    import logging

    import weasyprint

    # WeasyPrint logs every unsupported CSS property at WARNING; keep the CLI output clean
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    weasyprint.HTML(string=html, base_url=str(out.parent)).write_pdf(out)
    return out
