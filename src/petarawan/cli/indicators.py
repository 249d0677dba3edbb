"""Commands ``import dem|roads|border`` and ``indicators``: terrain, access, incident indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import typer
from rich.table import Table

from petarawan.cli._app import app, import_app
from petarawan.cli._common import (
    DbOpt,
    JsonOpt,
    WorkspaceOpt,
    console,
    err_console,
    open_workspace,
    print_json,
    print_warnings,
)
from petarawan.domain.access import build_road_graph, utm_crs_for
from petarawan.domain.indicators import AccessParams, compute_indicators, derive
from petarawan.domain.terrain import coverage_fraction, hillshade
from petarawan.errors import InputDataError, Issue
from petarawan.io.lines import read_lines, write_lines
from petarawan.io.raster import read_dem, write_raster
from petarawan.store import Workspace

__all__ = [
    "DEM_LAYER",
    "HILLSHADE_LAYER",
    "TRAVEL_TABLE",
    "IndicatorRun",
    "import_border",
    "import_dem",
    "import_roads",
    "run_indicators",
]

DEM_LAYER = "dem.tif"
HILLSHADE_LAYER = "hillshade.tif"
ROADS_LAYER = "roads.gpkg"
BORDER_LAYER = "border.gpkg"
TRAVEL_TABLE = "waktu_tempuh_tps.csv"
UNITS_TABLE = "beban_satuan.csv"
#: Below this share of the regency covered, the DEM import warns.
MIN_DEM_COVERAGE = 0.95

FileArg = Annotated[Path, typer.Argument(help="Berkas yang diimpor.")]
CrsOpt = Annotated[
    str | None,
    typer.Option("--crs", help="CRS berkas yang tidak menyebutkan CRS (mis. EPSG:32751)."),
]


def _regency(ws: Workspace) -> gpd.GeoDataFrame | None:
    """Return the desa polygons (or higher levels) that outline the workspace's area."""
    for level in ("desa", "kecamatan", "kabkota"):
        regions = ws.regions(level)
        regions = regions[regions.geometry.notna()]
        if len(regions):
            return regions
    return None


def _metric_crs(ws: Workspace) -> str | None:
    regions = _regency(ws)
    tps = ws.tps()
    tps = tps[tps.geometry.notna()]
    frames = [f for f in (regions, tps) if f is not None and len(f)]
    return utm_crs_for(*frames) if frames else None


# -- import dem ----------------------------------------------------------------------------------
def import_dem(ws: Workspace, path: Path) -> dict[str, Any]:
    """Read a DEM, check it covers the regency, store it and its hillshade under ``layers/``."""
    crs = _metric_crs(ws)
    dem = read_dem(path, dst_crs=crs)
    result: dict[str, Any] = {
        "crs": dem.crs,
        "rows": dem.shape[0],
        "cols": dem.shape[1],
        "cell_m": round(dem.cell_size[1], 2),
        "min_m": float(np.nanmin(dem.values)),
        "max_m": float(np.nanmax(dem.values)),
        "coverage": None,
        "warnings": [],
    }
    regions = _regency(ws)
    if regions is not None:
        area = shapely.union_all(regions.to_crs(dem.crs).geometry.to_numpy())
        share = coverage_fraction(dem, area)
        result["coverage"] = share
        if share <= 0.0:
            b = dem.bounds
            r = area.bounds
            msg = "DEM tidak mencakup wilayah workspace sama sekali; tidak diimpor."
            raise InputDataError(
                msg,
                [
                    Issue(
                        path.name,
                        None,
                        None,
                        f"batas DEM ({dem.crs}) {b[0]:.0f}, {b[1]:.0f} … {b[2]:.0f}, {b[3]:.0f}; "
                        f"batas wilayah {r[0]:.0f}, {r[1]:.0f} … {r[2]:.0f}, {r[3]:.0f}. "
                        "Periksa CRS berkas atau pilih DEM "
                        "untuk kabupaten ini",
                    )
                ],
            )
        if share < MIN_DEM_COVERAGE:
            result["warnings"].append(
                f"DEM hanya mencakup {share:.0%} wilayah; TPS dan desa di luar DEM tidak mendapat "
                "nilai medan, dan waktu tempuhnya memakai jalan atau garis lurus."
            )
    write_raster(dem, ws.layer_path(DEM_LAYER))
    write_raster(
        dem.with_values(hillshade(dem)), ws.layer_path(HILLSHADE_LAYER), dtype="uint8", nodata=0
    )
    result["dem"] = str(ws.layer_path(DEM_LAYER))
    result["hillshade"] = str(ws.layer_path(HILLSHADE_LAYER))
    return result


@import_app.command("dem")
def import_dem_command(
    file: FileArg, workspace: WorkspaceOpt, db: DbOpt = None, as_json: JsonOpt = False
) -> None:
    """Impor DEM (GeoTIFF, CRS apa pun): ketinggian, kemiringan, kekasaran, hillshade."""
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
def _check_overlap(ws: Workspace, layer: gpd.GeoDataFrame, label: str, what: str) -> float | None:
    """Return the share of line length inside the (10 km buffered) regency; error when none."""
    regions = _regency(ws)
    if regions is None:
        return None
    crs = utm_crs_for(regions)
    area = shapely.union_all(regions.to_crs(crs).geometry.to_numpy()).buffer(10_000)
    lines = layer.to_crs(crs).geometry
    total = float(lines.length.sum())
    inside = float(lines.intersection(area).length.sum())
    if total <= 0 or inside <= 0:
        b = layer.total_bounds
        r = regions.total_bounds
        msg = f"{what} di {label} tidak berada di wilayah workspace; tidak diimpor."
        raise InputDataError(
            msg,
            [
                Issue(
                    label,
                    None,
                    None,
                    f"batas garis (bujur/lintang) {b[0]:.3f}, {b[1]:.3f} … {b[2]:.3f}, {b[3]:.3f}; "
                    f"batas wilayah {r[0]:.3f}, {r[1]:.3f} … {r[2]:.3f}, {r[3]:.3f}. "
                    "Periksa CRS berkas (opsi --crs)",
                )
            ],
        )
    return inside / total


def import_roads(
    ws: Workspace, path: Path, *, crs: str | None = None, snap_tolerance_m: float = 5.0
) -> dict[str, Any]:
    """Read, validate and store a road layer; report its size and connectivity."""
    layer = read_lines(path, kind="roads", crs=crs)
    share = _check_overlap(ws, layer.frame, path.name, "Jalan")
    metric = utm_crs_for(layer.frame)
    graph = build_road_graph(layer.frame.to_crs(metric), snap_tolerance_m=snap_tolerance_m)
    write_lines(layer.frame, ws.layer_path(ROADS_LAYER))
    sizes = np.bincount(graph.component) if graph.n_nodes else np.array([0])
    return {
        "features": len(layer.frame),
        "length_km": float(graph.length_m.sum() / 1000.0),
        "nodes": graph.n_nodes,
        "edges": graph.n_edges,
        "components": graph.n_components,
        "largest_component_share": float(sizes.max() / max(sizes.sum(), 1)),
        "share_inside": share,
        "notes": layer.notes + graph.notes,
        "warnings": layer.warnings,
        "path": str(ws.layer_path(ROADS_LAYER)),
    }


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
    with open_workspace(workspace, db) as ws:
        out = import_roads(ws, file, crs=crs, snap_tolerance_m=snap_m)
    if as_json:
        out["warnings"] = [str(w) for w in out["warnings"]]
        print_json(out)
        return
    print_warnings(out["warnings"])
    console.print(
        f"Jalan diimpor: {_num(out['features'], 'id')} ruas, {_km(out['length_km'])} km, "
        f"{_num(out['edges'], 'id')} sisi graf, {out['components']} bagian tersambung."
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


def import_border(ws: Workspace, path: Path, *, crs: str | None = None) -> dict[str, Any]:
    """Read, validate and store the international border line."""
    layer = read_lines(path, kind="border", crs=crs)
    regions = _regency(ws)
    distance = None
    if regions is not None:
        metric = utm_crs_for(regions)
        area = shapely.union_all(regions.to_crs(metric).geometry.to_numpy())
        lines = shapely.union_all(layer.frame.to_crs(metric).geometry.to_numpy())
        distance = float(shapely.distance(area, lines) / 1000.0)
    write_lines(layer.frame, ws.layer_path(BORDER_LAYER))
    return {
        "features": len(layer.frame),
        "distance_km": distance,
        "notes": layer.notes,
        "warnings": layer.warnings,
        "path": str(ws.layer_path(BORDER_LAYER)),
    }


@import_app.command("border")
def import_border_command(
    file: FileArg,
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    crs: CrsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Impor garis batas negara (GeoJSON/GPKG/SHP) untuk jarak ke perbatasan."""
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
@dataclass
class IndicatorRun:
    """Summary of one ``indicators`` run.

    Attributes
    ----------
    written
        Values written per level.
    methods
        Number of TPS per travel method (road / terrain / straight / none).
    notes
        Notes and fallbacks, in Indonesian.
    missing_layers
        Inputs that were absent (``dem``, ``roads``, ``border``, ``incidents``).
    absent
        Indicator ids not computed per level (their input is missing).
    outputs
        Paths of the travel-time table, unit load table and hillshade (if any).
    """

    written: dict[str, int] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    missing_layers: list[str] = field(default_factory=list)
    absent: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def fallback_taken(self) -> bool:
        """Whether any TPS used a method other than roads."""
        return any(self.methods.get(m, 0) for m in ("terrain", "straight"))


def run_indicators(ws: Workspace, params: AccessParams | None = None) -> IndicatorRun:
    """Compute and store every terrain, access and incident indicator of a workspace."""
    params = params or AccessParams()
    desa = ws.regions("desa")
    tps = ws.tps()
    units = ws.units()
    issues: list[Issue] = []
    if len(desa) == 0 or desa.geometry.isna().all():
        issues.append(
            Issue("workspace", None, "desa", "belum ada poligon desa (impor wilayah dulu)")
        )
    if len(tps) == 0:
        issues.append(Issue("workspace", None, "tps", "belum ada TPS (petarawan import tps)"))
    if len(units) == 0 or units.geometry.isna().all():
        issues.append(
            Issue(
                "workspace", None, "units", "belum ada satuan berkoordinat (petarawan import units)"
            )
        )
    if issues:
        msg = "Indikator tidak dapat dihitung: data dasar belum lengkap."
        raise InputDataError(msg, issues)
    desa = desa[desa.geometry.notna()]
    crs = utm_crs_for(desa, tps[tps.geometry.notna()])
    dem = (
        read_dem(ws.layer_path(DEM_LAYER), dst_crs=crs)
        if ws.layer_path(DEM_LAYER).exists()
        else None
    )
    roads = (
        read_lines(ws.layer_path(ROADS_LAYER)).frame
        if ws.layer_path(ROADS_LAYER).exists()
        else None
    )
    border = (
        read_lines(ws.layer_path(BORDER_LAYER), kind="border").frame
        if ws.layer_path(BORDER_LAYER).exists()
        else None
    )
    incidents = ws.incidents()
    computed = compute_indicators(
        desa,
        tps,
        units,
        incidents=incidents if len(incidents) else None,
        dem=dem,
        roads=roads,
        border=border,
        params=params,
    )
    run = IndicatorRun(notes=list(computed.notes), missing_layers=list(computed.missing))
    for level in ("tps", "desa"):
        frame, meta, absent = derive(computed, level)
        run.written[level] = ws.write_indicators(level, frame, meta)
        run.absent[level] = absent
    methods = computed.tps["travel_method"].astype(object).fillna("none")
    run.methods = {str(k): int(v) for k, v in methods.value_counts().items()}
    travel_path = ws.output_path(TRAVEL_TABLE)
    computed.travel.to_csv(travel_path, index=False, float_format="%.2f")
    units_path = ws.output_path(UNITS_TABLE)
    computed.units.to_csv(units_path, index=False, float_format="%.3f")
    run.outputs = {"travel_table": str(travel_path), "units_table": str(units_path)}
    if ws.layer_path(HILLSHADE_LAYER).exists():
        run.outputs["hillshade"] = str(ws.layer_path(HILLSHADE_LAYER))
    return run


_METHOD_LABEL = {
    "id": {
        "road": "jalan",
        "terrain": "medan (DEM, jalan kaki)",
        "straight": "garis lurus (cadangan)",
        "none": "tidak dihitung (tanpa koordinat)",
    },
    "en": {
        "road": "road",
        "terrain": "terrain (DEM, walking)",
        "straight": "straight line (fallback)",
        "none": "not computed (no coordinates)",
    },
}


def _num(n: int, lang: str) -> str:
    """Format an integer with the thousands separator of the language (id: 1.234, en: 1,234)."""
    text = f"{n:,}"
    return text if lang == "en" else text.replace(",", ".")


def _km(x: float) -> str:
    """Format kilometres the Indonesian way (1.234,5)."""
    return f"{x:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


_LAYER_LABEL = {"dem": "DEM", "roads": "jalan", "border": "batas negara", "incidents": "kejadian"}


@app.command("indicators")
def indicators_command(
    workspace: WorkspaceOpt,
    db: DbOpt = None,
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
    with open_workspace(workspace, db, create=False) as ws:
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
    labels = _METHOD_LABEL["en" if en else "id"]
    table = Table(
        title="Travel time method per TPS" if en else "Cara menghitung waktu tempuh per TPS",
        header_style="bold",
    )
    table.add_column("Method" if en else "Cara")
    table.add_column("TPS", justify="right")
    for method, n in run.methods.items():
        table.add_row(labels.get(method, method), _num(n, lang))
    console.print(table)
    if run.fallback_taken:
        n_fb = run.methods.get("terrain", 0) + run.methods.get("straight", 0)
        err_console.print(
            f"[bold yellow]CADANGAN DIPAKAI:[/bold yellow] {_num(n_fb, lang)} TPS tidak dihitung "
            "lewat jalan. "
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
        f"Tersimpan: {_num(run.written.get('tps', 0), lang)} nilai TPS, "
        f"{_num(run.written.get('desa', 0), lang)} nilai desa."
    )
    for level, ids in run.absent.items():
        if ids:
            console.print(f"Tidak dihitung ({level}): {', '.join(ids)}")
    console.print(f"Tabel waktu tempuh: {run.outputs['travel_table']}")
