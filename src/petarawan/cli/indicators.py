"""Commands ``import dem|roads|border`` and ``indicators``: terrain, access, incident indicators."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

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
    print_warnings,
)
from petarawan.errors import InputDataError
from petarawan.formatting import format_int, format_number
from petarawan.labels import label

FileArg = Annotated[Path, typer.Argument(help="Berkas yang diimpor.")]
CrsOpt = Annotated[
    str | None,
    typer.Option("--crs", help="CRS berkas yang tidak menyebutkan CRS (mis. EPSG:32751)."),
]


@import_app.command("dem")
def import_dem_command(
    file: FileArg, workspace: WorkspaceOpt, db: DbOpt = None, as_json: JsonOpt = False
) -> None:
    """Impor DEM (GeoTIFF, CRS apa pun): ketinggian, kemiringan, kekasaran, hillshade."""
    from petarawan.services.layers import import_dem

    with open_workspace(workspace, db) as ws:
        out = import_dem(ws, file)
    if as_json:
        print_json(out)
        return
    console.print(
        f"DEM diimpor: {out['rows']}×{out['cols']} sel @ {out['cell_m']:g} m ({out['crs']}), "
        f"ketinggian {out['min_m']:.0f}–{out['max_m']:.0f} m."
    )
    if out["coverage"] is not None:
        console.print(f"Cakupan wilayah workspace: {out['coverage']:.0%}.")
    for w in out["warnings"]:
        err_console.print(f"[yellow]Peringatan:[/yellow] {w}")
    console.print(f"Hillshade untuk peta: {out['hillshade']}")


# -- import roads / border -------------------------------------------------------------------------
@import_app.command("roads")
def import_roads_command(
    file: FileArg,
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    crs: CrsOpt = None,
    snap_m: Annotated[
        float, typer.Option("--snap-m", help="Toleransi penyambungan simpul jalan (meter).")
    ] = 5.0,
    as_json: JsonOpt = False,
) -> None:
    """Impor jaringan jalan (GeoJSON/GPKG/SHP, kolom highway atau speed_kmh)."""
    from petarawan.services.layers import import_roads

    with open_workspace(workspace, db) as ws:
        out = import_roads(ws, file, crs=crs, snap_tolerance_m=snap_m)
    if as_json:
        out["warnings"] = [str(w) for w in out["warnings"]]
        print_json(out)
        return
    print_warnings(out["warnings"])
    console.print(
        f"Jalan diimpor: {format_int(out['features'], 'id')} ruas, "
        f"{format_number(out['length_km'])} km, "
        f"{format_int(out['edges'], 'id')} sisi graf, {out['components']} bagian tersambung."
    )
    for note in out["notes"]:
        console.print(f"• {note}")
    if out["components"] > 1:
        err_console.print(
            f"[yellow]Peringatan:[/yellow] jaringan terpecah ({out['components']} bagian; terbesar "
            f"{out['largest_component_share']:.0%} simpul). TPS yang tidak tersambung ke "
            "satuan mana pun "
            "lewat jalan akan memakai medan (DEM) atau garis lurus."
        )


@import_app.command("border")
def import_border_command(
    file: FileArg,
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    crs: CrsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Impor garis batas negara (GeoJSON/GPKG/SHP) untuk jarak ke perbatasan."""
    from petarawan.services.layers import import_border

    with open_workspace(workspace, db) as ws:
        out = import_border(ws, file, crs=crs)
    if as_json:
        out["warnings"] = [str(w) for w in out["warnings"]]
        print_json(out)
        return
    print_warnings(out["warnings"])
    console.print(f"Batas negara diimpor: {out['features']} garis.")
    for note in out["notes"]:
        console.print(f"• {note}")
    if out["distance_km"] is not None:
        if out["distance_km"] > 50:
            err_console.print(
                f"[yellow]Peringatan:[/yellow] wilayah berjarak {out['distance_km']:.0f} km "
                "dari garis batas ini; periksa apakah berkasnya benar."
            )
        else:
            console.print(f"Jarak wilayah ke batas negara: {out['distance_km']:.1f} km.")


# -- indicators ------------------------------------------------------------------------------


_LAYER_LABEL = {"dem": "DEM", "roads": "jalan", "border": "batas negara", "incidents": "kejadian"}


@app.command("indicators")
def indicators_command(
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    election: ElectionOpt = None,
    detour_factor: Annotated[
        float,
        typer.Option(
            "--detour-factor", min=1.0, help="Faktor memutar untuk jarak garis lurus (cadangan)."
        ),
    ] = 1.4,
    speed_kmh: Annotated[
        float,
        typer.Option("--speed-kmh", min=1.0, help="Kecepatan untuk jarak garis lurus (km/jam)."),
    ] = 30.0,
    snap_m: Annotated[
        float, typer.Option("--snap-m", min=0.0, help="Toleransi sambungan jalan (m).")
    ] = 5.0,
    half_life_days: Annotated[
        float, typer.Option("--half-life-days", min=1.0, help="Waktu paruh bobot kejadian (hari).")
    ] = 365.0,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Tanggal acuan kejadian (YYYY-MM-DD); bawaan: kejadian terakhir."
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Bahasa keluaran: id atau en.")] = "id",
    as_json: JsonOpt = False,
) -> None:
    """Hitung indikator medan, aksesibilitas dan riwayat kejadian untuk semua TPS dan desa."""
    import pandas as pd

    from petarawan.domain.indicators import AccessParams
    from petarawan.services.indicators import run_indicators

    when = None
    if as_of is not None:
        try:
            when = pd.Timestamp(datetime.fromisoformat(as_of))
        except ValueError as exc:
            msg = f"--as-of harus tanggal YYYY-MM-DD, bukan {as_of!r}."
            raise InputDataError(msg) from exc
    params = AccessParams(
        detour_factor=detour_factor,
        straight_speed_kmh=speed_kmh,
        snap_tolerance_m=snap_m,
        half_life_days=half_life_days,
        as_of=when,
    )
    with open_workspace(workspace, db, election=election, create=False) as ws:
        run = run_indicators(ws, params)
    if as_json:
        print_json(
            {
                "written": run.written,
                "methods": run.methods,
                "notes": run.notes,
                "missing_layers": run.missing_layers,
                "absent": run.absent,
                "outputs": run.outputs,
                "fallback_taken": run.fallback_taken,
            }
        )
        return
    en = lang == "en"
    table = Table(
        title="Travel time method per TPS" if en else "Cara menghitung waktu tempuh per TPS",
        header_style="bold",
    )
    table.add_column("Method" if en else "Cara")
    table.add_column("TPS", justify="right")
    for method, n in run.methods.items():
        table.add_row(label("travel_method", method, lang), format_int(n, lang))
    console.print(table)
    if run.fallback_taken:
        n_fb = run.methods.get("terrain", 0) + run.methods.get("straight", 0)
        err_console.print(
            f"[bold yellow]CADANGAN DIPAKAI:[/bold yellow] {format_int(n_fb, lang)} TPS "
            "tidak dihitung lewat jalan. "
            + (
                f"Garis lurus: jarak × {detour_factor:g} pada {speed_kmh:g} km/jam. "
                if run.methods.get("straight")
                else ""
            )
            + "Impor jalan (petarawan import roads) dan DEM (petarawan import dem) "
            "untuk hasil lebih baik."
        )
    for layer in run.missing_layers:
        if layer in ("dem", "border"):  # roads and incidents are covered by the notes below
            err_console.print(
                f"[yellow]Tidak ada {_LAYER_LABEL[layer]}[/yellow]: indikator yang "
                "membutuhkannya tidak dihitung (tetap kosong, bukan nol)."
            )
    for note in run.notes:
        console.print(f"• {note}")
    console.print(
        f"Tersimpan: {format_int(run.written.get('tps', 0), lang)} nilai TPS, "
        f"{format_int(run.written.get('desa', 0), lang)} nilai desa."
    )
    for level, ids in run.absent.items():
        if ids:
            console.print(f"Tidak dihitung ({level}): {', '.join(ids)}")
    console.print(f"Tabel waktu tempuh: {run.outputs['travel_table']}")
