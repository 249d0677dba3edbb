"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from petarawan.errors import Issue

if TYPE_CHECKING:
    from petarawan.store import Workspace


console = Console()
err_console = Console(stderr=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar="PETARAWAN_WORKSPACE",
        help="Folder workspace (berisi petarawan.db dan keluaran).",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PETARAWAN_DB_URL",
        help="URL basis data PostgreSQL (bawaan: SQLite di workspace).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Cetak hasil sebagai JSON.")]
ElectionOpt = Annotated[
    str | None,
    typer.Option(
        "--election",
        "-e",
        envvar="PETARAWAN_ELECTION",
        help="Pemilihan (mis. pemilu2024, pilkada2024); bawaan: yang terbaru menurut tanggal.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Bahasa keluaran: id atau en.")]


def open_workspace(
    path: Path,
    db: str | None,
    *,
    create: bool = True,
    election: str | None = None,
    announce: bool = True,
) -> Workspace:
    """Open a workspace for a command, on ``election`` (bawaan: the latest by voting date).

    Messages from opening (a migration) and, with ``announce``, which election was taken by
    default go to stderr, so JSON on stdout stays clean.
    """
    from petarawan.store import Workspace

    ws = Workspace.open(path, db, create=create, election=election)
    for note in ws.notes:
        err_console.print(f"[cyan]{note}[/cyan]")
    ws.notes.clear()
    if announce and ws.election_by_default and ws.election_id is not None:
        e = ws.election()
        err_console.print(f"Pemilihan: {e.label()} — yang terbaru (pilih lain dengan --election).")
    return ws


def print_notes(ws: Workspace) -> None:
    """Print (and clear) what the workspace wants the user to know, on stderr."""
    for note in ws.notes:
        err_console.print(f"[cyan]{note}[/cyan]")
    ws.notes.clear()


def print_json(data: Any) -> None:
    """Print JSON to stdout (plain, so it can be piped)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def issues_table(
    issues: list[Issue], *, title: str | None = None, style: str = "bold", limit: int = 200
) -> Table:
    """Return issues as a table: file, row, column, message."""
    table = Table(title=title, show_header=True, header_style=style)
    for col in ("Berkas", "Baris", "Kolom", "Keterangan"):
        table.add_column(col, overflow="fold")
    for issue in issues[:limit]:
        table.add_row(
            issue.file,
            "" if issue.row is None else str(issue.row),
            issue.column or "",
            issue.message,
        )
    return table


def print_warnings(issues: list[Issue], *, title: str = "Peringatan") -> None:
    """Print warnings as a table on stderr."""
    if not issues:
        return
    err_console.print(issues_table(issues, title=title, style="bold yellow", limit=100))
    if len(issues) > 100:
        err_console.print(f"… dan {len(issues) - 100} peringatan lain.")
