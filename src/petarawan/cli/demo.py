"""``petarawan demo``: build the synthetic regency and run every stage on it, as a user would."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.panel import Panel
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from petarawan.cli._app import app
from petarawan.cli._common import DbOpt, console
from petarawan.formatting import format_int, format_number
from petarawan.labels import label

if TYPE_CHECKING:
    from petarawan.store import Workspace


__all__ = ["run_demo"]

# (entity, files) in the order a user would import them
_IMPORTS: list[tuple[str, list[str]]] = [
    ("regions", ["wilayah.csv"]),
    ("regions", ["kabupaten.geojson", "kecamatan.geojson", "desa.geojson"]),
    ("tps", ["tps.csv"]),
    ("units", ["satuan.csv"]),
    ("incidents", ["kejadian.csv"]),
    ("stakeholders", ["tokoh.csv"]),
    ("stakeholders", ["pertemuan.csv"]),
    ("indicators", ["dinamika_politik.csv"]),
    ("indicators", ["dinamika_pemilu2024.csv"]),
]
# the Pilkada's own TPS list (merged TPS) and political dynamics (split incumbent, home villages)
_PILKADA_IMPORTS: list[tuple[str, list[str]]] = [
    ("tps", ["tps_pilkada2024.csv"]),
    ("indicators", ["dinamika_politik.csv"]),
    ("indicators", ["dinamika_pilkada2024.csv"]),
]
PEMILU, PILKADA = "pemilu2024", "pilkada2024"


_ENTITY_LABELS = {
    "regions": "wilayah",
    "tps": "TPS",
    "units": "satuan",
    "incidents": "kejadian",
    "stakeholders": "tokoh",
    "indicators": "dinamika politik",
}


def _stages(
    ws: Workspace, data: Path, seed: int, outputs: list[str]
) -> list[tuple[str, Callable[[], Any]]]:
    """Return the demo's stages in order: name and a function returning a one-line result."""
    from petarawan.demo import generate_regency, write_pilkada
    from petarawan.domain.elections import KNOWN

    def build() -> str:
        generate_regency(data, seed=seed)
        write_pilkada(data, seed=seed)
        return f"berkas di {data}"

    def elections() -> str:
        have = {e.id for e in ws.elections()}
        for ident in (PEMILU, PILKADA):
            if ident not in have:
                ws.add_election(KNOWN[ident])
        ws.use_election(PEMILU)
        return f"{KNOWN[PEMILU].label()} dan {KNOWN[PILKADA].label()}"

    stages: list[tuple[str, Callable[[], Any]]] = [
        ("Membangun kabupaten sintetis", build),
        ("Pemilihan: Pemilu 2024 dan Pilkada 2024", elections),
    ]
    stages += _import_stages(ws, data, _IMPORTS, "Pemilu 2024")
    stages.extend(_later_stages(ws, data, outputs))
    return stages


def _import_stages(
    ws: Workspace, data: Path, imports: list[tuple[str, list[str]]], election: str
) -> list[tuple[str, Callable[[], Any]]]:
    stages: list[tuple[str, Callable[[], Any]]] = []
    for entity, names in imports:
        paths = [data / n for n in names]

        def run(entity: str = entity, paths: list[Path] = paths) -> str:
            from petarawan.store.importer import import_files

            report = import_files(ws, entity, paths)
            t = next(iter(report.tables.values()), None)
            return f"{t.new} baru, {t.changed} berubah" if t else "tidak ada data"

        label = _ENTITY_LABELS[entity]
        where = f" ({election})" if entity in ("tps", "indicators") else ""
        stages.append((f"Impor {label}{where}: {', '.join(names)}", run))
    return stages


DEMO_FRAMEWORK = "kamtibmas"
DEMO_PATTERN = "ttu-pemilu2024"
DEMO_OPERATION = "polres-pilkada2024"


def _later_stages(
    ws: Workspace, data: Path, outputs: list[str]
) -> list[tuple[str, Callable[[], Any]]]:
    """Stages contributed by the indicator, index, planner and map modules."""
    import pandas as pd

    from petarawan.services.indicators import run_indicators
    from petarawan.services.layers import import_border, import_dem, import_roads

    def dem() -> str:
        info = import_dem(ws, data / "dem.tif")
        return f"{info['rows']}×{info['cols']} sel, {format_number(info['cell_m'], 0)} m"

    def roads() -> str:
        info = import_roads(ws, data / "jalan.geojson")
        return f"{info.get('features', '?')} ruas, {format_number(info.get('length_km', 0))} km"

    def border() -> str:
        import_border(ws, data / "batas_negara.geojson")
        return "garis batas negara tersimpan"

    def indicators() -> str:
        run = run_indicators(ws)
        methods = ", ".join(
            f"{label('travel_method', k)} {format_int(v)}" for k, v in run.methods.items() if v
        )
        return f"{format_int(sum(run.written.values()))} nilai; metode waktu tempuh: {methods}"

    def assess() -> str:
        from petarawan.io.frameworks import find_framework
        from petarawan.services.assessment import assess_workspace

        ident, _result, summary = assess_workspace(ws, find_framework(DEMO_FRAMEWORK))
        first = summary.sentences[0] if summary.sentences else "selesai"
        return f"hasil analisa #{ident} ({DEMO_FRAMEWORK}): {first}"

    def plan() -> str:
        from petarawan.services.planning import run_plan

        summary, _pattern = run_plan(ws, DEMO_PATTERN)
        outputs.extend(summary.get("outputs", {}).values())
        req, avail = summary["required"]["polri"], summary.get("available", {}).get("polri")
        short = summary.get("shortfall", {}).get("polri")
        return (
            f"kebutuhan {req} Polri, tersedia {avail}, kekurangan {short} ({summary.get('status')})"
        )

    def objects() -> str:
        from petarawan.demo.objects import write_demo_objects
        from petarawan.store.importer import import_files

        units = pd.DataFrame(ws.units().drop(columns="geometry"))
        path = write_demo_objects(ws.regions("desa"), units, data / "objek.csv")
        report = import_files(ws, "objects", [path])
        t = next(iter(report.tables.values()))
        return f"{t.new} objek baru ({path.name})"

    def operation() -> str:
        from petarawan.services.operation import run_operation_plan

        rec = run_operation_plan(ws, DEMO_OPERATION, author="demo")
        b = rec.bko_request
        return (
            f"rencana #{rec.id}: {len(rec.stages)} tahap, puncak {rec.peak.stage_name} "
            f"{rec.peak.polri} Polri; permintaan BKO {b.polri} Polri + {b.brimob} Brimob"
        )

    def briefing() -> str:
        from petarawan.render.bundle import write_all
        from petarawan.services.briefing import build_briefing

        written = write_all(build_briefing(ws), ws.path / "outputs")
        outputs.extend(str(p) for p in written.values())
        return f"{len(written)} berkas: peta, peta interaktif, laporan PDF, Excel"

    def export() -> str:
        from petarawan.io.export import write_layers
        from petarawan.store.layers import workspace_layers

        written = write_layers(workspace_layers(ws), "gpkg", ws.output_path("petarawan.gpkg"))
        outputs.extend(str(p) for p in written)
        return "GeoPackage semua lapisan"

    def to_pilkada() -> str:
        ws.use_election(PILKADA)
        return "daftar TPS Pilkada 2024 (TPS digabung, ≤ 600 pemilih)"

    def carry() -> str:
        from petarawan.services.carry import carry_mapping

        r = carry_mapping(ws, PEMILU, PILKADA)
        return (
            f"{r['matched']} dari {r['sizes']['to']} TPS Pilkada tertaut ke "
            f"{r['matched_from']} TPS Pemilu; {r['carried']['incidents']} kejadian, "
            "kategori: "
            + ", ".join(
                f"{format_int(n)} {label('category', c)}" for c, n in r["categories"]["to"].items()
            )
        )

    def compare() -> str:
        from petarawan.services.compare import compare_mappings

        report, _a, _b = compare_mappings(ws, PEMILU, PILKADA)
        desa = report["counts"].get("desa", {})
        return (
            f"desa: {desa.get('turun', 0)} turun kategori, {desa.get('naik', 0)} naik, "
            f"{desa.get('tetap', 0)} tetap"
        )

    return [
        ("Impor DEM: dem.tif", dem),
        ("Impor jalan: jalan.geojson", roads),
        ("Impor batas negara: batas_negara.geojson", border),
        ("Hitung indikator medan, akses dan kejadian (Pemilu 2024)", indicators),
        (f"Analisa kerawanan Pemilu 2024 ({DEMO_FRAMEWORK})", assess),
        ("Beralih ke Pilkada 2024", to_pilkada),
        *_import_stages(ws, data, _PILKADA_IMPORTS, "Pilkada 2024"),
        ("Bawa pemetaan Pemilu 2024 ke TPS Pilkada 2024", carry),
        ("Hitung indikator medan, akses dan kejadian (Pilkada 2024)", indicators),
        (f"Analisa kerawanan Pilkada 2024 ({DEMO_FRAMEWORK})", assess),
        ("Bandingkan Pemilu 2024 dan Pilkada 2024", compare),
        (f"Rencana pengamanan TPS ({DEMO_PATTERN})", plan),
        ("Impor objek pengamanan: objek.csv", objects),
        (f"Rencana operasi ({DEMO_OPERATION})", operation),
        ("Peta, peta interaktif, laporan dan Excel", briefing),
        ("Ekspor GeoPackage", export),
    ]


def run_demo(workspace: Path, *, seed: int = 2024, db: str | None = None) -> dict[str, Any]:
    """Build the demo workspace and return what was produced (stage results and output paths)."""
    from petarawan.store import Workspace

    data = workspace / "data-demo"
    results: dict[str, Any] = {"workspace": str(workspace), "data": str(data), "stages": []}
    with Workspace.open(workspace, db) as ws:
        outputs: list[str] = []
        results["outputs"] = outputs
        stages = _stages(ws, data, seed, outputs)
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
        )
        with progress:
            task = progress.add_task("Demo petarawan", total=len(stages))
            for name, fn in stages:
                progress.update(task, description=name)
                start = time.perf_counter()
                outcome = fn()
                results["stages"].append(
                    {
                        "stage": name,
                        "result": outcome,
                        "seconds": round(time.perf_counter() - start, 2),
                    }
                )
                progress.advance(task)
        results["status"] = ws.status()
    return results


@app.command("demo")
def demo(
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="Folder workspace demo.")
    ] = Path("petarawan-demo"),
    seed: Annotated[
        int, typer.Option("--seed", help="Benih acak: benih sama, kabupaten sama.")
    ] = 2024,
    db: DbOpt = None,
) -> None:
    """Bangun kabupaten demo sintetis dan jalankan semua tahap (impor, status, …)."""
    results = run_demo(workspace, seed=seed, db=db)
    table = Table(title="Tahap demo", header_style="bold")
    table.add_column("Tahap")
    table.add_column("Hasil")
    table.add_column("Detik", justify="right")
    for st in results["stages"]:
        table.add_row(st["stage"], str(st["result"]), f"{st['seconds']:.1f}")
    console.print(table)
    s = results["status"]
    r = s["regions"]
    console.print(
        Panel.fit(
            f"Kabupaten demo: {r['kecamatan']} kecamatan, {r['desa']} desa/kelurahan, "
            f"{format_int(s['tps'])} TPS ({format_int(s['voters'])} pemilih), "
            f"{s['units']} satuan dengan "
            f"{s['personnel']['polri']} personel Polri, "
            f"{s['incidents']} kejadian, {s['stakeholders']} tokoh.\n"
            f"Workspace: {results['workspace']}\nBerkas data demo: {results['data']}",
            title="Ringkasan demo",
        )
    )
    for path in results.get("outputs", []):
        console.print(f"Keluaran: {path}")
