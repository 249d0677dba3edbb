"""``petarawan carry``: bring a TPS mapping over from one election to the next."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
from petarawan.formatting import format_int

_METHOD_LABEL = {
    "koordinat": "koordinat survei",
    "urutan": "urutan nomor TPS dan jumlah pemilih",
    "pecahan": "TPS lama yang dipecah",
}
_CATEGORY_LABEL = {
    "kurang_rawan": "kurang rawan",
    "rawan": "rawan",
    "sangat_rawan": "sangat rawan",
    "khusus": "khusus",
}


@app.command("carry")
def carry_command(
    workspace: WorkspaceOpt,
    source: Annotated[str, typer.Option("--from", help="Pemilihan asal, mis. pemilu2024.")],
    target: Annotated[str, typer.Option("--to", help="Pemilihan tujuan, mis. pilkada2024.")],
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", help="Berkas YAML aturan (kategori: tertinggi|terendah|terbanyak; tanda: …)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Hitung dan laporkan tanpa menulis.")
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Bawa kategori, tanda daftar periksa dan riwayat kejadian TPS ke daftar TPS pemilihan lain."""
    from petarawan.services.carry import RULE_LABEL, carry_mapping, read_rules

    parsed = read_rules(rules)
    with open_workspace(workspace, db, create=False, announce=False) as ws:
        report = carry_mapping(ws, source, target, rules=parsed, dry_run=dry_run)
        names = {e.id: e.name for e in ws.elections()}
    if as_json:
        print_json(report)
        return
    src, dst = names[source], names[target]
    table = Table(title=f"Pemetaan dibawa: {src} → {dst}", header_style="bold")
    table.add_column("Isi")
    table.add_column("Jumlah", justify="right")
    table.add_row(f"TPS {src}", format_int(report["sizes"]["from"]))
    table.add_row(f"TPS {dst}", format_int(report["sizes"]["to"]))
    table.add_row(f"TPS {dst} yang tertaut", format_int(report["matched"]))
    for method, n in report["method"].items():
        if n:
            table.add_row(f"  tautan lewat {_METHOD_LABEL[method]}", format_int(n))
    table.add_row(
        f"Kategori dibawa (aturan: {RULE_LABEL[report['rules']['category']]})",
        format_int(report["carried"]["category"]),
    )
    table.add_row("Kategori tetap (ditetapkan manual)", format_int(report["kept_by_hand"]))
    table.add_row("TPS dengan tanda daftar periksa dibawa", format_int(report["carried"]["flags"]))
    table.add_row("Kejadian dibawa", format_int(report["carried"]["incidents"]))
    table.add_row(f"TPS {src} tanpa penerus", format_int(len(report["unmatched_from"])))
    table.add_row(f"TPS {dst} tanpa TPS lama", format_int(len(report["unmatched_to"])))
    console.print(table)
    before, after = report["categories"]["from"], report["categories"]["to"]
    line = ", ".join(
        f"{label}: {before.get(c, 0)} → {after.get(c, 0)}"
        for c, label in _CATEGORY_LABEL.items()
        if before.get(c) or after.get(c)
    )
    if line:
        console.print(f"Kategori TPS ({src} → {dst}): {line}.")
    if report["unmatched_to"]:
        todo = Table(
            title=f"Perlu diputuskan: TPS {dst} di desa yang tidak punya TPS {src}",
            header_style="bold yellow",
        )
        for col in ("TPS", "Desa"):
            todo.add_column(col)
        for item in report["unmatched_to"]:
            todo.add_row(item["tps_id"], f"{item['desa'] or ''} ({item['desa_code']})")
        console.print(todo)
    if dry_run:
        console.print("[yellow]Tidak ada yang ditulis (uji coba).[/yellow]")
