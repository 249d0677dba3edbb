"""``petarawan import results``: C1 tallies per TPS → the vote margin at each TPS and desa."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from petarawan.cli._app import import_app
from petarawan.cli._common import (
    DbOpt,
    ElectionOpt,
    JsonOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    print_json,
)
from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_int


@import_app.command("results")
def import_results_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV/XLSX: tps_id (atau kode_desa + no_tps), [dpt], satu kolom suara per calon."
        ),
    ],
    workspace: WorkspaceOpt,
    when: Annotated[
        str | None,
        typer.Option("--date", help="Berlaku sejak (YYYY-MM-DD; bawaan: hari pemungutan suara)."),
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Siapa yang mencatat (nama atau jabatan).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Periksa saja, jangan tulis.")] = False,
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Impor hasil per TPS (suara per calon/partai, mis. C1 KawalPemilu) menjadi selisih suara."""
    from petarawan.services.results import import_results

    as_of = None
    if when is not None:
        try:
            as_of = datetime.strptime(when.strip(), "%Y-%m-%d").date()
        except ValueError as exc:
            msg = "Tanggal tidak terbaca."
            raise InputDataError(
                msg, [Issue(file.name, None, "--date", f"{when!r}: tulis YYYY-MM-DD")]
            ) from exc
    with open_workspace(workspace, db, create=False, election=election) as ws:
        report = import_results(ws, file, as_of=as_of, author=author, dry_run=dry_run)
    if as_json:
        print_json(report)
        return
    verb = "akan disimpan" if dry_run else "disimpan"
    console.print(
        f"Selisih suara {verb}: {format_int(report['tps'])} TPS, {format_int(report['desa'])} desa "
        f"({len(report['candidates'])} calon/partai), berlaku sejak {report['valid_from']}."
    )
    if report["closest_desa"]:
        close = ", ".join(
            f"{d['code']} ({str(d['margin_pct']).replace('.', ',')} %)"
            for d in report["closest_desa"]
        )
        console.print(f"Selisih tersempit (dukungan terbelah): {close}.")
