"""Commands ``map``, ``webmap`` and ``report``: printed maps, offline web map, briefing PDF."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from petarawan.cli._app import app
from petarawan.cli._common import (
    DbOpt,
    ElectionOpt,
    JsonOpt,
    LangOpt,
    WorkspaceOpt,
    console,
    err_console,
    open_workspace,
    print_json,
)
from petarawan.errors import ConfigError, Issue

__all__ = ["map_command", "report_command", "webmap_command"]

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Berkas keluaran.")]


def _lang(lang: str) -> str:
    if lang not in ("id", "en"):
        msg = f"--lang: '{lang}' tidak dikenal; pilih id atau en."
        raise ConfigError(msg, [Issue("--lang", None, None, msg)])
    return lang


def _notices(missing: list[str], lang: str) -> None:
    if missing:
        head = "Not available" if lang == "en" else "Belum tersedia"
        err_console.print(f"[yellow]{head}:[/yellow]")
        for m in missing:
            err_console.print(f"  • {m}")


@app.command("map")
def map_command(
    workspace: WorkspaceOpt,
    out: OutOpt,
    level: Annotated[
        str, typer.Option("--level", help="Tingkat peta: desa atau kecamatan.")
    ] = "desa",
    layer: Annotated[
        str, typer.Option("--layer", help="Isi peta: class, travel, incidents atau plan.")
    ] = "class",
    paper: Annotated[str, typer.Option("--paper", help="Ukuran kertas: A4 atau A3.")] = "A4",
    dpi: Annotated[int, typer.Option("--dpi", help="Resolusi PNG.")] = 300,
    lang: LangOpt = "id",
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Gambar peta cetak (PNG 300 dpi atau PDF): kategori, waktu tempuh, kejadian atau rencana."""
    from petarawan.render.maps import write_map
    from petarawan.services.briefing import build_briefing

    lg = _lang(lang)
    t0 = time.perf_counter()
    with open_workspace(workspace, db, election=election, create=False) as ws:
        b = build_briefing(ws, lang=lg)
    data = write_map(b, out, level=level, layer=layer, paper=paper, dpi=dpi)
    missing = [*data.notes, *b.missing]
    if as_json:
        print_json({"out": str(out), "missing": missing, "legend": [c.label for c in data.legend]})
        return
    _notices(missing, lg)
    word = "Map written" if lg == "en" else "Peta ditulis"
    console.print(f"{word}: {out} ({time.perf_counter() - t0:.1f} s)")


@app.command("webmap")
def webmap_command(
    workspace: WorkspaceOpt,
    out: OutOpt,
    lang: LangOpt = "id",
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tulis peta interaktif luring (satu berkas HTML, Leaflet tersemat, tanpa internet)."""
    from petarawan.render.webmap import write_webmap
    from petarawan.services.briefing import build_briefing

    lg = _lang(lang)
    with open_workspace(workspace, db, election=election, create=False) as ws:
        b = build_briefing(ws, lang=lg)
    path = write_webmap(b, out)
    if as_json:
        print_json({"out": str(path), "missing": b.missing})
        return
    _notices(b.missing, lg)
    word = "Interactive map written" if lg == "en" else "Peta interaktif ditulis"
    console.print(f"{word}: {path}")


@app.command("report")
def report_command(
    workspace: WorkspaceOpt,
    out: OutOpt,
    lang: LangOpt = "id",
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tulis laporan briefing (PDF, atau HTML bila berakhiran .html) dalam bahasa Indonesia."""
    from petarawan.render.report import write_report
    from petarawan.services.briefing import build_briefing

    lg = _lang(lang)
    t0 = time.perf_counter()
    with open_workspace(workspace, db, election=election, create=False) as ws:
        b = build_briefing(ws, lang=lg)
    path = write_report(b, out)
    if as_json:
        print_json({"out": str(path), "missing": b.missing, "summary": b.summary})
        return
    _notices(b.missing, lg)
    for s in b.summary:
        console.print(f"  • {s}")
    word = "Report written" if lg == "en" else "Laporan ditulis"
    console.print(f"{word}: {path} ({time.perf_counter() - t0:.1f} s)")
