"""Registry commands: ``import <entity>``, ``status`` and ``export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from petarawan.cli._app import app, import_app
from petarawan.cli._common import (
    DbOpt,
    ElectionOpt,
    JsonOpt,
    WorkspaceOpt,
    console,
    err_console,
    open_workspace,
    print_json,
    print_notes,
    print_warnings,
)
from petarawan.errors import InputDataError
from petarawan.formatting import format_int

if TYPE_CHECKING:
    from petarawan.store.importer import ImportReport


Files = Annotated[
    list[Path], typer.Argument(help="Berkas CSV, XLSX, GeoJSON, GPKG, SHP (boleh .zip) atau KML.")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Periksa dan laporkan perubahan tanpa menulis.")
]
CrsOpt = Annotated[
    str | None,
    typer.Option("--crs", help="CRS berkas yang tidak menyebutkan CRS (mis. EPSG:32751)."),
]

_TABLE_NAMES = {
    "regions": "wilayah",
    "tps": "TPS",
    "units": "satuan",
    "incidents": "kejadian",
    "stakeholders": "tokoh",
    "engagements": "pertemuan",
    "indicator_values": "nilai indikator",
    "objects": "objek pengamanan",
    "personnel": "personel",
}


def _run_import(
    entity: str,
    files: list[Path],
    workspace: Path,
    db: str | None,
    dry_run: bool,
    crs: str | None,
    as_json: bool,
    election: str | None = None,
) -> ImportReport:
    from petarawan.store.importer import import_files

    with (
        open_workspace(workspace, db, election=election) as ws,
        err_console.status(f"Membaca dan memeriksa {len(files)} berkas…"),
    ):
        report = import_files(ws, entity, files, dry_run=dry_run, crs=crs)
        print_notes(ws)
    if as_json:
        print_json(report.to_dict())
        return report
    print_warnings(report.warnings)
    table = Table(
        title=("Uji coba (--dry-run): perubahan yang AKAN dibuat" if dry_run else "Hasil impor"),
        header_style="bold",
    )
    for col in ("Tabel", "Baru", "Berubah", "Tetap"):
        table.add_column(col, justify="right" if col != "Tabel" else "left")
    for name, change in report.tables.items():
        table.add_row(
            _TABLE_NAMES.get(name, name),
            format_int(change.new),
            format_int(change.changed),
            format_int(change.unchanged),
        )
    console.print(table)
    for note in report.notes:
        console.print(f"• {note}")
    if dry_run:
        console.print("[yellow]Tidak ada yang ditulis (uji coba).[/yellow]")
    elif report.changed_rows == 0:
        console.print("Tidak ada perubahan: data sudah sama dengan isi workspace.")
    return report


def _make(entity: str, help_text: str) -> None:
    def command(
        files: Files,
        workspace: WorkspaceOpt,
        db: DbOpt = None,
        dry_run: DryRun = False,
        crs: CrsOpt = None,
        as_json: JsonOpt = False,
        election: ElectionOpt = None,
    ) -> None:
        _run_import(entity, files, workspace, db, dry_run, crs, as_json, election)

    command.__doc__ = help_text
    import_app.command(entity)(command)


_make("regions", "Impor wilayah (provinsi, kab/kota, kecamatan, desa/kelurahan) dan poligonnya.")
_make("tps", "Impor TPS: per TPS (kode KPU atau kode desa + nomor) atau jumlah TPS per desa.")
_make("units", "Impor satuan (Polres, Polsek, pos) dengan personel per kelompok.")
_make("incidents", "Impor riwayat atau laporan kejadian.")
_make("stakeholders", "Impor daftar tokoh atau catatan pertemuan dengan tokoh.")
_make("indicators", "Impor nilai indikator yang diisi analis (kode, indikator, nilai).")


@app.command("status")
def status(
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    election: ElectionOpt = None,
) -> None:
    """Tampilkan isi workspace: wilayah per tingkat, TPS, satuan, kejadian, tokoh."""
    with open_workspace(workspace, db, create=False, election=election) as ws:
        counts = ws.status()
        label = ws.election().label() if ws.election_id else None
    if as_json:
        print_json(counts)
        return
    table = Table(title=f"Workspace {workspace}", header_style="bold", show_header=True)
    table.add_column("Isi")
    table.add_column("Jumlah", justify="right")
    labels = {
        "provinsi": "Provinsi",
        "kabkota": "Kabupaten/kota",
        "kecamatan": "Kecamatan",
        "desa": "Desa/kelurahan",
    }
    for level, n in counts["regions"].items():
        table.add_row(labels[level], format_int(n))
    if label:
        table.add_row("Pemilihan", label)
    table.add_row("TPS", format_int(counts["tps"]))
    table.add_row("  di antaranya TPS khusus", format_int(counts["tps_khusus"]))
    table.add_row("  di antaranya lokasi perkiraan", format_int(counts["tps_estimated"]))
    table.add_row("Pemilih (DPT)", format_int(counts["voters"]))
    table.add_row("Satuan (Polres/Polsek/pos)", format_int(counts["units"]))
    for pool, n in counts["personnel"].items():
        table.add_row(f"  personel {pool.capitalize()}", format_int(n))
    table.add_row("Kejadian", format_int(counts["incidents"]))
    table.add_row("Tokoh", format_int(counts["stakeholders"]))
    table.add_row("Pertemuan", format_int(counts["engagements"]))
    table.add_row("Hasil analisa tersimpan", format_int(counts["assessments"]))
    console.print(table)
    if counts["regions_without_geometry"]:
        console.print(
            f"[yellow]{counts['regions_without_geometry']} wilayah belum punya poligon.[/yellow]"
        )


@app.command("export")
def export(
    workspace: WorkspaceOpt,
    fmt: Annotated[str, typer.Option("--format", "-f", help="gpkg, geojson, csv, xlsx atau kml.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Berkas (gpkg/xlsx/kml; .csv: tabel TPS saja) atau folder (geojson/csv).",
        ),
    ],
    db: DbOpt = None,
    election: ElectionOpt = None,
) -> None:
    """Ekspor semua lapisan workspace (wilayah, TPS, satuan, kejadian, tokoh)."""
    from petarawan.io.export import FORMATS, write_layers, write_table_csv
    from petarawan.render.excel import write_excel_report
    from petarawan.render.kml import add_assessment, write_assessment_kml
    from petarawan.services.briefing import build_briefing
    from petarawan.store.layers import workspace_layers

    fmt = fmt.lower()
    if fmt not in FORMATS:
        msg = f"Format ekspor {fmt!r} tidak dikenal; pilihan: {', '.join(FORMATS)}"
        raise InputDataError(msg)
    with open_workspace(workspace, db, election=election, create=False) as ws:
        briefing = build_briefing(ws)
        layers = add_assessment(workspace_layers(ws), briefing)
    # The spreadsheet and KML carry the assessment the way the maps show it (classes, colours).
    if fmt == "xlsx":
        written = [write_excel_report(briefing, out)]
    elif fmt == "kml":
        written = [write_assessment_kml(briefing, out)]
    elif fmt == "csv" and out.suffix.lower() == ".csv":
        if "tps" not in layers:
            msg = "Pemilihan ini belum punya daftar TPS; tidak ada tabel TPS untuk diekspor."
            raise InputDataError(msg)
        written = [write_table_csv(layers["tps"], out)]
    else:
        written = write_layers(layers, fmt, out)
    for path in written:
        console.print(f"Ditulis: {path}")


_make(
    "objects",
    "Impor objek pengamanan selain TPS (jenis: kpu, bawaslu, gudang_logistik, ppk, pps, "
    "posko_paslon, rumah_paslon, other; nama; desa; lon/lat).",
)
_make(
    "personnel", "Impor daftar personel (NRP, nama, pangkat, satuan, fungsi) untuk ploting Sprin."
)
