"""Command ``sitrep``: the daily situation report as PDF (and its short text for a group chat)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from petarawan.cli._app import app
from petarawan.cli._common import DbOpt, LangOpt, WorkspaceOpt, console, open_workspace
from petarawan.errors import ConfigError, Issue

__all__ = ["sitrep_command"]


def _day(text: str | None, tz: str) -> date:
    if text is None:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(tz)).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        msg = f"--date: '{text}' bukan tanggal YYYY-MM-DD."
        raise ConfigError(msg, [Issue("--date", None, None, msg)]) from exc


@app.command("sitrep")
def sitrep_command(
    workspace: WorkspaceOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="Berkas PDF keluaran.")],
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help="Tanggal laporan (YYYY-MM-DD, zona workspace); bawaan hari ini."
        ),
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option("--text", help="Tulis juga teks singkat untuk grup pesan ke berkas ini."),
    ] = None,
    lang: LangOpt = "id",
    db: DbOpt = None,
) -> None:
    """Buat laporan situasi harian (kejadian menonjol) sebagai PDF, dan teks singkat untuk grup."""
    from petarawan.render.sitrep import sitrep_pdf, sitrep_text
    from petarawan.services.sitrep import build_sitrep

    with open_workspace(workspace, db, create=False) as ws:
        rep = build_sitrep(ws, _day(day, ws.timezone()))
    sitrep_pdf(rep, out, lang)
    short = sitrep_text(rep, lang)
    if text is not None:
        text.write_text(short, encoding="utf-8")
    console.print(short)
    console.print(f"Laporan situasi ditulis ke {out}" if lang != "en" else f"Written to {out}")
