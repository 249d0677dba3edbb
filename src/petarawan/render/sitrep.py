"""Draw the daily situation report: an HTML page, a PDF (WeasyPrint) and a short plain text."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from petarawan.domain.sitrep import Sitrep
from petarawan.formatting import format_date, format_datetime, format_int
from petarawan.labels import label

__all__ = ["sitrep_html", "sitrep_pdf", "sitrep_text"]

TITLE = {"id": "Laporan Situasi Harian", "en": "Daily Situation Report"}


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("petarawan.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    return env


def sitrep_html(rep: Sitrep, lang: str = "id", *, standalone: bool = True) -> str:
    """Return the report as HTML (``standalone``: a whole document with its own styles)."""
    tpl = _env().get_template("sitrep.html.j2")
    return tpl.render(
        r=rep,
        lang=lang,
        en=lang == "en",
        title=TITLE.get(lang, TITLE["id"]),
        standalone=standalone,
        day=format_date(rep.day, lang),
        made=format_datetime(rep.made_at, rep.tz, lang),
        dt=lambda d: format_datetime(d, rep.tz, lang),
        n=lambda x: format_int(x, lang),
        label=lambda vocab, v: label(vocab, v, lang),
    )


def sitrep_pdf(rep: Sitrep, out: Path, lang: str = "id") -> Path:
    """Write the report as an A4 PDF."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    out.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=sitrep_html(rep, lang), base_url=str(out.parent)).write_pdf(out)
    return out


def sitrep_text(rep: Sitrep, lang: str = "id") -> str:
    """Return a short plain text to paste into a messaging group (a few lines, no markup)."""
    en = lang == "en"
    day = format_date(rep.day, lang)
    lines = [
        f"*{TITLE['en' if en else 'id'].upper()}* — {rep.regency}",
        f"{day} (keadaan per {format_datetime(rep.made_at, rep.tz, lang)})"
        if not en
        else f"{day} (as of {format_datetime(rep.made_at, rep.tz, lang)})",
        "",
    ]
    diff = rep.incidents - rep.previous_day
    trend = f"{'+' if diff >= 0 else ''}{format_int(diff, lang)}"
    if en:
        lines.append(
            f"Incidents: {format_int(rep.incidents, lang)} ({trend} on the day before), "
            f"casualties: {format_int(rep.casualties, lang)}"
        )
    else:
        lines.append(
            f"Kejadian: {format_int(rep.incidents, lang)} ({trend} dari hari sebelumnya), "
            f"korban: {format_int(rep.casualties, lang)}"
        )
    if rep.by_type:
        lines.append(
            ", ".join(
                f"{label('incident_type', k, lang)} {format_int(v, lang)}"
                for k, v in rep.by_type.items()
            )
        )
    lines.append("")
    lines.append("Notable incidents:" if en else "Kejadian menonjol:")
    if not rep.notable:
        lines.append("– none" if en else "– nihil")
    for i, x in enumerate(rep.notable, 1):
        when = format_datetime(x.occurred_at, rep.tz, lang).split(" ")[-2:]
        lines.append(
            f"{i}. {' '.join(when)} {label('incident_type', x.type, lang)}, "
            f"{x.desa} ({x.kecamatan}), "
            + (f"severity {x.severity}" if en else f"tingkat {x.severity}")
            + (
                (f", {format_int(x.casualties, lang)} " + ("casualties" if en else "korban"))
                if x.casualties
                else ""
            )
            + f" — {label('status', x.status, lang)}"
        )
    if rep.alerts:
        lines.append("")
        lines.append("Class changes:" if en else "Perubahan kerawanan:")
        for name, before, after in rep.alerts:
            lines.append(
                f"– {name}: {label('category', before, lang)} → {label('category', after, lang)}"
            )
    if rep.overdue:
        lines.append("")
        lines.append(
            f"Overdue follow-ups: {format_int(len(rep.overdue), lang)}"
            if en
            else f"Tindak lanjut terlambat: {format_int(len(rep.overdue), lang)}"
        )
    return "\n".join(lines).strip() + "\n"
