"""``petarawan synth nation`` and ``petarawan run``: the synthetic nation and national runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from petarawan.cli._app import app
from petarawan.cli._common import console
from petarawan.errors import ConfigError
from petarawan.formatting import format_int

__all__ = ["run_command", "synth_nation"]

synth_app = typer.Typer(help="Bangun data sintetis (negara: semua provinsi dan kab/kota).",
                        no_args_is_help=True)  # fmt: skip
app.add_typer(synth_app, name="synth")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@synth_app.command("nation")
def synth_nation(
    out: Annotated[Path, typer.Option("--out", help="Folder keluaran (Parquet per provinsi).")],
    codes: Annotated[
        Path,
        typer.Option("--codes", help="Folder kode wilayah (idn_provinces.csv, idn_regencies.csv)."),
    ],
    population: Annotated[
        Path, typer.Option("--population", help="CSV penduduk dan luas per kab/kota (Kepmendagri).")
    ],
    boundaries: Annotated[
        Path | None,
        typer.Option("--boundaries", help="GeoJSON batas kab/kota (tanpa ini: bentuk perkiraan)."),
    ] = None,
    scale: Annotated[
        float, typer.Option("--scale", help="Skala jumlah (1,0 = ±820.000 TPS).")
    ] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Benih acak.")] = 0,
    province: Annotated[
        list[str] | None, typer.Option("--province", help="Hanya provinsi ini (kode, boleh ulang).")
    ] = None,
    districts: Annotated[
        Path | None,
        typer.Option("--districts", help="CSV kecamatan nyata (code, regency_code, name)."),
    ] = None,
    villages: Annotated[
        Path | None,
        typer.Option("--villages", help="CSV desa nyata (code, district_code, name, type)."),
    ] = None,
    tps_counts: Annotated[
        Path | None,
        typer.Option("--tps-counts", help="CSV jumlah TPS per desa (kode_desa, jumlah_tps)."),
    ] = None,
    kecamatan_boundaries: Annotated[
        Path | None, typer.Option("--kecamatan-boundaries", help="GeoJSON batas kecamatan nyata.")
    ] = None,
) -> None:
    """Bangun negara sintetis: 38 provinsi, 514 kab/kota dengan kode dan nama resmi."""
    from petarawan.scale.synth import NationSources, generate_nation

    src = NationSources(
        codes=codes,
        population=population,
        boundaries=boundaries,
        districts=districts,
        villages=villages,
        tps_counts=tps_counts,
        kecamatan_boundaries=kecamatan_boundaries,
    )
    with _progress() as bar:
        task = bar.add_task("Membangun kab/kota", total=None)

        def tick(code: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"Kab/kota {code}")

        manifest = generate_nation(
            out, src, scale=scale, seed=seed, provinces=province or None, progress=tick
        )
    t = manifest["totals"]
    console.print(
        f"Negara sintetis di {out}: {manifest['provinces']} provinsi, "
        f"{manifest['kabkota']} kab/kota, {format_int(t['kecamatan'])} kecamatan, "
        f"{format_int(t['desa'])} desa, {format_int(t['tps'])} TPS, DPT {format_int(t['voters'])}."
    )


@app.command("run")
def run_command(
    data: Annotated[Path, typer.Option("--data", help="Folder negara (nation.json + Parquet).")],
    out: Annotated[Path, typer.Option("--out", help="Folder hasil.")],
    workers: Annotated[int, typer.Option("--workers", help="Jumlah proses lokal.")] = 1,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="Alamat scheduler Dask, mis. tcp://HOST:8786.")
    ] = None,
    retries: Annotated[int, typer.Option("--retries", help="Ulangi kab/kota yang gagal.")] = 2,
    stage: Annotated[
        list[str] | None,
        typer.Option("--stage", help="Tahap: indicators, assessment, plan (bawaan: semua)."),
    ] = None,
    pattern: Annotated[
        str, typer.Option("--pattern", help="Pola pengamanan TPS.")
    ] = "pilkada2020-nasional",
    full: Annotated[
        bool, typer.Option("--full", help="Hitung ulang semua kab/kota (abaikan hash masukan).")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Bahasa keluaran: id atau en.")] = "id",
) -> None:
    """Jalankan indikator → penilaian → rencana untuk setiap kab/kota, lalu rekap nasional."""
    from petarawan.scale.pipeline import STAGES, PipelineConfig
    from petarawan.scale.rollup import write_rollup
    from petarawan.scale.runner import run_nation
    from petarawan.scale.synth import read_manifest

    if cluster is not None and workers != 1:
        msg = "Pilih salah satu: --workers (proses lokal) atau --cluster (Dask), bukan keduanya."
        raise ConfigError(msg)
    if lang not in ("id", "en"):
        msg = f"--lang harus 'id' atau 'en', didapat '{lang}'."
        raise ConfigError(msg)
    stages = tuple(stage) if stage else STAGES
    bad = [s for s in stages if s not in STAGES]
    if bad:
        msg = f"--stage tidak dikenal: {', '.join(bad)}; pilihan: {', '.join(STAGES)}."
        raise ConfigError(msg)
    config = PipelineConfig(stages=stages, pattern=pattern)
    manifest = read_manifest(data)
    codes = [r["code"] for r in manifest["regions"]]
    with _progress() as bar:
        task = bar.add_task("Kab/kota", total=None)

        def tick(code: str, ok: bool, done: int, total: int) -> None:
            mark = "" if ok else " [red](gagal)[/red]"
            bar.update(task, completed=done, total=total, description=f"Kab/kota {code}{mark}")

        report = run_nation(
            data,
            out,
            config=config,
            workers=workers,
            cluster=cluster,
            retries=retries,
            incremental=not full,
            progress=tick,
        )
    roll, paths = write_rollup(data, out, codes, run=report.to_dict(), lang=lang)
    en = lang == "en"
    console.print(
        (
            f"Recomputed {len(report.summaries)} regions, unchanged {len(report.skipped)}, "
            f"failed {len(report.failed)} ({report.backend}, {report.workers} workers, "
            f"{report.seconds:.1f} s)."
        )
        if en
        else (
            f"Dihitung ulang {len(report.summaries)} kab/kota, tidak berubah "
            f"{len(report.skipped)}, gagal {len(report.failed)} ({report.backend}, "
            f"{report.workers} pekerja, {report.seconds:.1f} detik)."
        )
    )
    for line in roll.summary["headline"]:
        console.print(f"• {line}")
    if report.failed:
        table = Table(title="Failed regions" if en else "Kab/kota gagal")
        table.add_column("Kode" if not en else "Code")
        table.add_column("Sebab" if not en else "Reason", overflow="fold")
        for code, why in sorted(report.failed.items()):
            table.add_row(code, why)
        console.print(table)
    console.print(
        ("Outputs: " if en else "Hasil: ")
        + json.dumps({k: str(v) for k, v in paths.items()}, ensure_ascii=False)
    )
