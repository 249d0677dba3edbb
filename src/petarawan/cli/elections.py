"""``petarawan election add|list|show``: the elections a workspace holds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from petarawan.cli._app import app
from petarawan.cli._common import (
    DbOpt,
    JsonOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    print_json,
)
from petarawan.domain.elections import CONTESTS, KINDS  # light: the options' help uses them
from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_int

election_app = typer.Typer(
    help="Pemilihan (Pemilu, Pilkada): daftar TPS, kategori dan hasil analisa per pemilihan.",
    no_args_is_help=True,
)
app.add_typer(election_app, name="election")

_KIND_LABEL = {"pemilu": "Pemilu", "pilkada": "Pilkada"}
_CONTEST_LABEL = {"gubernur": "gubernur", "bupati_walikota": "bupati/wali kota"}


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    msg = "Tanggal pemungutan suara tidak terbaca."
    raise InputDataError(
        msg, [Issue("pemilihan", None, "--date", f"{text!r}: tulis YYYY-MM-DD, mis. 2024-11-27")]
    )


@election_app.command("add")
def add(
    ident: Annotated[str, typer.Argument(help="Id pemilihan, mis. pemilu2024 atau pilkada2024.")],
    workspace: WorkspaceOpt,
    name: Annotated[str | None, typer.Option("--name", help="Nama, mis. 'Pilkada 2024'.")] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="Tanggal pemungutan suara (YYYY-MM-DD).")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"{' atau '.join(KINDS)}.")] = None,
    contests: Annotated[
        str | None,
        typer.Option(
            "--contests", help=f"Kontestasi Pilkada, dipisah koma: {', '.join(CONTESTS)}."
        ),
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tambah pemilihan (id yang dikenal seperti pemilu2024 mengisi nama dan tanggal sendiri)."""
    from petarawan.domain.elections import check_election

    parsed = tuple(c.strip() for c in contests.split(",") if c.strip()) if contests else None
    info = check_election(ident.strip().lower(), name, _parse_date(when), kind, parsed)
    with open_workspace(workspace, db, announce=False) as ws:
        ws.add_election(info)
    if as_json:
        print_json(_info_dict(info))
        return
    console.print(f"Pemilihan ditambahkan: {info.label()}, id {info.id}.")


def _info_dict(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "kind": info.kind,
        "voting_date": info.voting_date.isoformat() if info.voting_date else None,
        "contests": list(info.contests),
    }


@election_app.command("list")
def list_elections(workspace: WorkspaceOpt, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Daftar pemilihan di workspace, dengan jumlah TPS dan hasil analisanya."""
    from petarawan.services.elections import election_counts

    with open_workspace(workspace, db, create=False, announce=False) as ws:
        rows = [{**_info_dict(e), **election_counts(ws, e.id)} for e in ws.elections()]
        current = ws.election_id
    if as_json:
        print_json({"elections": rows, "default": current})
        return
    table = Table(title="Pemilihan", header_style="bold")
    for col in ("Pemilihan", "Jenis", "Tanggal", "TPS", "Pemilih", "Analisa"):
        table.add_column(col, justify="right" if col in ("TPS", "Pemilih", "Analisa") else "left")
    for r in rows:
        mark = " (bawaan)" if r["id"] == current else ""
        table.add_row(
            f"{r['name']}{mark}",
            _KIND_LABEL.get(r["kind"], r["kind"]),
            _date_id(r["voting_date"]),
            format_int(r["tps"]),
            format_int(r["voters"]),
            format_int(r["assessments"]),
        )
    console.print(table)
    if not rows:
        console.print("Belum ada pemilihan; tambahkan dengan 'petarawan election add'.")


def _date_id(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}"


@election_app.command("show")
def show(
    ident: Annotated[str, typer.Argument(help="Id pemilihan.")],
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tampilkan satu pemilihan: TPS, kategori, TPS bawaan dari pemilihan lain."""
    from petarawan.services.elections import election_counts

    with open_workspace(workspace, db, create=False, election=ident, announce=False) as ws:
        info = ws.election(ident)
        data = {**_info_dict(info), **election_counts(ws, ident)}
    if as_json:
        print_json(data)
        return
    table = Table(title=f"{info.name} (id {info.id})", header_style="bold", show_header=False)
    table.add_column("Isi")
    table.add_column("Nilai", justify="right")
    table.add_row("Jenis", _KIND_LABEL.get(info.kind, info.kind))
    table.add_row("Tanggal pemungutan suara", _date_id(data["voting_date"]))
    if info.contests:
        table.add_row("Kontestasi", ", ".join(_CONTEST_LABEL.get(c, c) for c in info.contests))
    table.add_row("TPS", format_int(data["tps"]))
    table.add_row("Pemilih (DPT)", format_int(data["voters"]))
    for cat, n in data["categories"].items():
        table.add_row(f"  TPS {cat.replace('_', ' ')}", format_int(n))
    table.add_row("TPS dengan nilai bawaan pemilihan lain", format_int(data["carried"]))
    table.add_row("Hasil analisa tersimpan", format_int(data["assessments"]))
    console.print(table)
