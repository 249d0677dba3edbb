"""Operation plans: ``plan --operation``, ``plans list|show|diff``, ``operation`` and ``renpam``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from petarawan.cli._app import app
from petarawan.cli._common import (
    DbOpt,
    JsonOpt,
    LangOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    print_json,
)
from petarawan.errors import InputDataError
from petarawan.formatting import format_int

if TYPE_CHECKING:
    from petarawan.domain.records.plan import PlanRecord


plans_app = typer.Typer(help="Rencana operasi yang tersimpan (Renpam).", no_args_is_help=True)
app.add_typer(plans_app, name="plans")
operation_app = typer.Typer(help="Berkas operasi (tahapan, tugas, rayon).", no_args_is_help=True)
app.add_typer(operation_app, name="operation")

SATGAS_LABELS = {
    "preemtif": "Satgas Preemtif",
    "preventif": "Satgas Preventif",
    "kamseltibcarlantas": "Satgas Kamseltibcarlantas",
    "gakkum": "Satgas Gakkum",
    "humas": "Satgas Humas",
    "banops": "Satgas Banops",
}


def plan_json(record: PlanRecord) -> dict[str, Any]:
    """Return the ``plan --json`` document: the record plus ``plan_id``."""
    data = record.model_dump(mode="json")
    return {"plan_id": record.id, **data}


def plan_operation(
    workspace: Path,
    db: str | None,
    operation: str,
    election: str | None,
    author: str | None,
    time_limit: float,
    as_json: bool,
    lang: str,
) -> None:
    """Plan an operation on a workspace, store it and print it (``plan --operation``)."""
    from petarawan.services.operation import run_operation_plan

    with open_workspace(workspace, db, create=False, election=election) as ws:
        record = run_operation_plan(
            ws, operation, election_id=ws.election_id, author=author, time_limit=time_limit
        )
    if as_json:
        print_json(plan_json(record))
        return
    print_plan(record)


def print_plan(r: PlanRecord) -> None:
    """Print a plan in Polri's words."""
    for note in r.notices:
        console.print(f"[yellow]Catatan:[/yellow] {note}")
    s = r.strength
    console.print(
        f"[bold]{r.operation_name}[/bold] — rencana nomor {r.id}\n"
        f"Kekuatan Polri {format_int(s.polri)}: {format_int(s.operation)} pada operasi, "
        f"{format_int(s.routine)} tetap dinas rutin di Polres dan Polsek."
    )
    table = Table(title="Kebutuhan dan penugasan per tahap", header_style="bold")
    for col in (
        "Tahap",
        "Tanggal",
        "Hari",
        "Polri",
        "Brimob",
        "TNI",
        "Linmas",
        "Ditugaskan",
        "Kurang",
    ):
        table.add_column(col, justify="left" if col in ("Tahap", "Tanggal") else "right")
    for st in r.stages:
        table.add_row(
            st.name,
            f"{st.start:%d-%m-%Y} s.d. {st.end:%d-%m-%Y}",
            format_int(st.days),
            format_int(st.required.polri),
            format_int(st.required.brimob),
            format_int(st.required.tni),
            format_int(st.required.linmas),
            format_int(st.assigned.polri),
            format_int(st.shortfall.polri),
        )
    console.print(table)
    console.print(
        f"Personel Pam TPS: {format_int(r.tps_duty.polri)} Polri "
        f"untuk {format_int(r.tps_duty.tps)} "
        f"TPS dalam {format_int(r.tps_duty.groups)} kelompok (pola {r.pattern_id})."
    )
    drivers = ", ".join(
        f"{t.name} {format_int(t.required.polri)}" for t in r.peak.tasks if t.required.polri
    )
    console.print(
        f"Puncak kebutuhan: tahap {r.peak.stage_name}, "
        f"{format_int(r.peak.polri)} Polri ({drivers})."
    )
    b = r.bko_request
    if b.polri or b.brimob:
        where = ", ".join(f"{p.unit_name} {format_int(p.polri)}" for p in b.penebalan)
        console.print(
            f"Permintaan BKO dari Polda: {format_int(b.polri)} personel Polri dan "
            f"{format_int(b.brimob)} Brimob" + (f"; penebalan {where}." if where else ".")
        )
    for res in r.reserves:
        pos = ", ".join(p.unit_name for p in res.positions) or "-"
        cover = (
            f"waktu tanggap terjauh {res.coverage_minutes:.0f} menit"
            if res.coverage_minutes is not None
            else "waktu tanggap tidak diketahui"
        )
        console.print(f"{res.name} siaga di {pos}: {cover}.")
    console.print(f"Rencana tersimpan dengan nomor {r.id}.")


@plans_app.command("list")
def plans_list(
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    election: Annotated[
        str | None, typer.Option("--election", help="Hanya rencana pemilihan ini.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Daftar rencana operasi yang tersimpan."""
    from petarawan.store.records import list_plans

    with open_workspace(workspace, db, create=False) as ws:
        rows = list_plans(ws, election_id=election)
    if as_json:
        print_json(
            {
                "plans": [
                    {**r, "created_at": r["created_at"].isoformat(timespec="seconds")} for r in rows
                ]
            }
        )
        return
    table = Table(title="Rencana operasi tersimpan", header_style="bold")
    for col in ("Nomor", "Dibuat", "Penyusun", "Pemilihan", "Operasi"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            f"{r['created_at']:%d-%m-%Y %H:%M}",
            r["author"] or "-",
            r["election_id"] or "-",
            r["operation_id"],
        )
    console.print(table)


@plans_app.command("show")
def plans_show(
    plan_id: Annotated[int, typer.Argument(help="Nomor rencana.")],
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tampilkan satu rencana tersimpan."""
    from petarawan.store.records import read_plan

    with open_workspace(workspace, db, create=False) as ws:
        record = read_plan(ws, plan_id)
    assert record is not None
    if as_json:
        print_json(plan_json(record))
        return
    print_plan(record)


def diff_plans(a: PlanRecord, b: PlanRecord) -> list[dict[str, Any]]:
    """List assignments that differ between two plans (stage, task, site, unit; both counts)."""

    def table(r: PlanRecord) -> dict[tuple[str, str, str, str], tuple[int, str, str]]:
        out = {}
        for st in r.stages:
            for x in st.assignments:
                out[(st.id, x.task, x.ref, x.unit)] = (x.polri, x.label, x.unit_name)
        return out

    ta, tb = table(a), table(b)
    stage_names = {st.id: st.name for r in (a, b) for st in r.stages}
    task_names = {t.id: t.name for r in (a, b) for st in r.stages for t in st.tasks}
    rows = []
    for key in sorted(set(ta) | set(tb)):
        pa = ta.get(key, (0, "", ""))
        pb = tb.get(key, (0, "", ""))
        if pa[0] != pb[0]:
            stage, task, ref, unit = key
            rows.append(
                {
                    "stage": stage,
                    "stage_name": stage_names.get(stage, stage),
                    "task": task,
                    "task_name": task_names.get(task, task),
                    "site": ref,
                    "label": pa[1] or pb[1],
                    "unit": unit,
                    "unit_name": pa[2] or pb[2],
                    "before": pa[0],
                    "after": pb[0],
                }
            )
    return rows


@plans_app.command("diff")
def plans_diff(
    first: Annotated[int, typer.Argument(help="Nomor rencana lama.")],
    second: Annotated[int, typer.Argument(help="Nomor rencana baru.")],
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Penugasan yang berubah antara dua rencana."""
    from petarawan.store.records import read_plan

    with open_workspace(workspace, db, create=False) as ws:
        a = read_plan(ws, first)
        b = read_plan(ws, second)
    assert a is not None and b is not None
    rows = diff_plans(a, b)
    stages = [
        {
            "stage": sb.id,
            "required_before": sa.required.polri,
            "required_after": sb.required.polri,
            "shortfall_before": sa.shortfall.polri,
            "shortfall_after": sb.shortfall.polri,
        }
        for sa, sb in zip(a.stages, b.stages, strict=False)
        if sa.id == sb.id
    ]
    if as_json:
        print_json(
            {
                "first": first,
                "second": second,
                "same_hash": a.plan_hash == b.plan_hash,
                "changed": rows,
                "stages": stages,
            }
        )
        return
    if not rows:
        console.print(f"Rencana {first} dan {second} menugaskan personel yang sama.")
        return
    table = Table(title=f"Penugasan yang berubah: rencana {first} → {second}", header_style="bold")
    for col in ("Tahap", "Tugas", "Lokasi", "Satuan", "Sebelum", "Sesudah"):
        table.add_column(col, justify="right" if col in ("Sebelum", "Sesudah") else "left")
    for r in rows[:200]:
        table.add_row(
            r["stage_name"],
            r["task_name"],
            r["label"][:40],
            r["unit_name"],
            str(r["before"]),
            str(r["after"]),
        )
    console.print(table)
    if len(rows) > 200:
        console.print(f"… dan {len(rows) - 200} perubahan lain (lihat --json).")


@operation_app.command("list")
def operation_list(as_json: JsonOpt = False) -> None:
    """Daftar operasi bawaan."""
    from petarawan.io.operations import list_operations

    ops = list_operations()
    if as_json:
        print_json([{"id": o.id, "name": o.name, "stages": len(o.stages)} for o in ops])
        return
    for o in ops:
        console.print(f"{o.id}: {o.name} ({len(o.stages)} tahap)")


@operation_app.command("validate")
def operation_validate(
    file: Annotated[Path, typer.Argument(help="Berkas YAML operasi.")],
) -> None:
    """Periksa berkas operasi; semua masalah dilaporkan dengan nomor baris YAML."""
    from petarawan.io.operations import validate_operation_file

    if not file.is_file():
        msg = f"Berkas {file} tidak ditemukan."
        raise InputDataError(msg)
    op = validate_operation_file(file)
    console.print(f"Operasi {op.id} sah ({len(op.stages)} tahap, {len(op.tasks)} tugas).")


@app.command("renpam")
def renpam(
    workspace: WorkspaceOpt,
    plan_id: Annotated[int | None, typer.Option("--plan", help="Nomor rencana (terbaru).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Berkas PDF.")] = Path("renpam.pdf"),
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Lampiran ploting Sprin (XLSX).")
    ] = None,
    db: DbOpt = None,
    lang: LangOpt = "id",
) -> None:
    """Cetak Rencana Pengamanan (Renpam) dari rencana tersimpan, dan lampiran ploting Sprin."""
    from petarawan.services.renpam import write_renpam

    with open_workspace(workspace, db, create=False) as ws:
        paths = write_renpam(ws, plan_id, out, xlsx)
    for kind, path in paths.items():
        console.print(f"Tersimpan ({kind}): {path}")
