"""Commands for patterns, facility location, deployment planning and TPS category import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from petarawan.cli._app import app, import_app
from petarawan.cli._common import (
    DbOpt,
    ElectionOpt,
    JsonOpt,
    LangOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    print_json,
)
from petarawan.errors import InputDataError
from petarawan.formatting import format_int

pattern_app = typer.Typer(help="Pola pengamanan TPS (Polri : TPS : Linmas).", no_args_is_help=True)
app.add_typer(pattern_app, name="pattern")


# -------------------------------------------------------------------------------- patterns
@pattern_app.command("list")
def pattern_list(as_json: JsonOpt = False) -> None:
    """Daftar pola bawaan."""
    from petarawan.domain.patterns import CATEGORIES
    from petarawan.io.patterns import list_patterns

    pats = list_patterns()
    if as_json:
        print_json([{"id": p.id, "name": p.name, "source": p.source} for p in pats])
        return
    table = Table(title="Pola pengamanan TPS (Polri:TPS:Linmas)", header_style="bold")
    for col in ("Pola", "Nama", "Kurang rawan", "Rawan", "Sangat rawan", "Khusus", "Dinas rutin"):
        table.add_column(col)
    for p in pats:
        table.add_row(
            p.id,
            p.name,
            *(p.ratio_text(c) for c in CATEGORIES),
            f"{p.reserve_share:.0%}",
        )
    console.print(table)


def _pattern_dict(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "source": p.source,
        "reserve_share": p.reserve_share,
        "max_group_minutes": p.max_group_minutes,
        "categories": {
            c: {
                "polri": r.polri,
                "tps": r.tps,
                "linmas": r.linmas,
                "assumed": list(r.assumed),
                "note": r.note,
            }
            for c, r in p.rules.items()
        },
    }


def _plan_quality(summary: dict[str, Any]) -> str:
    """Say in words how good the plan is (no solver status or gap)."""
    status = str(summary.get("status", ""))
    gap = float(summary.get("gap") or 0.0)
    if status == "optimal" or gap <= 1e-6:
        return "rencana terbaik yang mungkin"
    if status in ("time_limit", "feasible"):
        return (
            "rencana terbaik yang ditemukan dalam batas waktu "
            f"(selisih dengan rencana terbaik paling banyak {100 * gap:.1f} %)"
        )
    return "rencana dihitung"


@pattern_app.command("show")
def pattern_show(
    name: Annotated[str, typer.Argument(help="Nama pola bawaan atau berkas YAML.")],
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Tampilkan satu pola."""
    from petarawan.domain.patterns import category_label
    from petarawan.io.patterns import read_pattern

    p = read_pattern(name)
    if as_json:
        print_json(_pattern_dict(p))
        return
    table = Table(title=f"{p.id} — {p.name}", header_style="bold")
    en = lang == "en"
    cols = (
        ("Category", "Polri", "TPS per group", "Linmas", "Linmas per TPS", "Basis")
        if en
        else ("Kategori", "Polri", "TPS per kelompok", "Linmas", "Linmas per TPS", "Dasar")
    )
    for col in cols:
        table.add_column(col)

    def mark(rule: Any, field: str, value: int) -> str:
        return f"{value}*" if field in rule.assumed else str(value)

    for c, r in p.rules.items():
        basis = r.note
        if r.assumed:
            basis = ("assumption: " if en else "asumsi: ") + basis
        table.add_row(
            category_label(c, lang),
            mark(r, "polri", r.polri),
            mark(r, "tps", r.tps),
            mark(r, "linmas", r.linmas),
            f"{r.linmas_per_tps:g}",
            basis,
        )
    console.print(table)
    if p.assumptions():
        console.print(
            "* assumed figure (no source gives it)" if en else "* angka asumsi (tidak ada sumber)"
        )
    console.print(
        f"Off TPS duty (routine service at Polres and Polsek): {p.reserve_share:.0%}; longest "
        f"travel within a group: {p.max_group_minutes:g} min.\nSource: {p.source or '-'}"
        if en
        else f"Tidak bertugas di TPS (dinas rutin di Polres dan Polsek): {p.reserve_share:.0%}; "
        f"waktu tempuh maksimum dalam satu kelompok: {p.max_group_minutes:g} menit.\n"
        f"Sumber: {p.source or '-'}"
    )


@pattern_app.command("validate")
def pattern_validate(
    file: Annotated[Path, typer.Argument(help="Berkas YAML pola.")],
) -> None:
    """Periksa berkas pola; semua masalah dilaporkan dengan nomor baris YAML."""
    from petarawan.io.patterns import validate_pattern_file

    if not file.is_file():
        msg = f"Berkas {file} tidak ditemukan."
        raise InputDataError(msg)
    p = validate_pattern_file(file)
    console.print(f"Pola {p.id} sah ({len(p.rules)} kategori).")


# -------------------------------------------------------------------------------- categories
@import_app.command("tps-categories")
def import_tps_categories(
    file: Annotated[Path, typer.Argument(help="CSV/XLSX: kolom tps_id (kode KPU) dan kategori.")],
    workspace: WorkspaceOpt,
    db: DbOpt = None,
    election: ElectionOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Periksa saja, jangan tulis.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Impor kategori TPS yang ditetapkan (mis. dalam rapat Polres): kode TPS KPU → kategori."""
    import pandas as pd

    from petarawan.io.tps_categories import read_tps_categories

    with open_workspace(workspace, db, election=election, create=False) as ws:
        mapping = read_tps_categories(file, set(ws.tps()["tps_id"].astype(str)))
        changed = 0 if dry_run else ws.set_tps_categories(dict(mapping))
    counts = pd.Series(list(mapping.values())).value_counts().to_dict() if mapping else {}
    if as_json:
        print_json(
            {"rows": len(mapping), "changed": changed, "dry_run": dry_run, "by_category": counts}
        )
        return
    verb = "akan ditetapkan" if dry_run else f"ditetapkan ({changed} berubah)"
    detail = ", ".join(f"{k}: {v}" for k, v in counts.items())
    console.print(f"{len(mapping)} kategori TPS {verb}: {detail}.")


# -------------------------------------------------------------------------------- plan
@app.command("plan")
def plan(
    workspace: WorkspaceOpt,
    pattern: Annotated[
        str | None,
        typer.Option("--pattern", "-p", help="Nama pola bawaan atau YAML (hari pemungutan saja)."),
    ] = None,
    operation: Annotated[
        str | None,
        typer.Option(
            "--operation", "-o", help="Berkas YAML operasi (atau preset): rencana semua tahap."
        ),
    ] = None,
    election: Annotated[
        str | None, typer.Option("--election", help="Pemilihan (mis. pilkada2024).")
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="Penyusun rencana.")] = None,
    available: Annotated[
        int | None, typer.Option("--available", help="Kekuatan Polri total (ganti data unit).")
    ] = None,
    totals: Annotated[
        str | None,
        typer.Option("--totals", help="Daftar kekuatan untuk kurva apa-jika, mis. 300,400,500."),
    ] = None,
    next_n: Annotated[
        int | None, typer.Option("--next-bko", help="Ke mana N personel BKO berikutnya.")
    ] = None,
    max_minutes: Annotated[
        float, typer.Option("--max-minutes", help="Waktu tempuh maksimum unit → kelompok TPS.")
    ] = 120.0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Batas waktu solver (detik).")
    ] = 30.0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Hitung kebutuhan personel per pola dan alokasikan personel yang ada ke kelompok TPS.

    Dengan --operation: rencana operasi semua tahap (disimpan; nomornya dicetak).
    """
    from petarawan.domain.patterns import category_label
    from petarawan.services.planning import json_default, run_plan

    if operation is not None:
        from petarawan.cli.operation import plan_operation

        plan_operation(workspace, db, operation, election, author, time_limit, as_json, lang)
        return
    if pattern is None:
        msg = "Sebutkan --pattern (pola TPS) atau --operation (berkas operasi)."
        raise InputDataError(msg)

    with open_workspace(workspace, db, election=election, create=False) as ws:
        summary, pat = run_plan(
            ws,
            pattern,
            available=available,
            totals=totals,
            next_n=next_n,
            max_minutes=max_minutes,
            time_limit=time_limit,
            lang=lang,
        )
    notices = summary["notices"]
    paths = summary["outputs"]
    if as_json:
        print_json(json.loads(json.dumps(summary, default=json_default)))
        return
    for note in notices:
        console.print(f"[yellow]Catatan:[/yellow] {note}")
    table = Table(title=f"Kebutuhan personel — pola {pat.id}", header_style="bold")
    for col in ("Kategori", "Pola", "TPS", "Kelompok", "Polri", "Linmas"):
        table.add_column(col, justify="right" if col not in ("Kategori", "Pola") else "left")
    req = summary["required"]
    for c, row in req["by_category"].items():
        table.add_row(
            category_label(c, lang),
            str(row["pattern"]),
            format_int(row["tps"]),
            format_int(row["groups"]),
            format_int(row["polri"]),
            format_int(row["linmas"]),
        )
    table.add_row(
        "Jumlah",
        "",
        format_int(summary["tps"]["total"]),
        format_int(summary["grouping"]["groups"]),
        format_int(req["polri"]),
        format_int(req["linmas"]),
    )
    console.print(table)
    g = summary["grouping"]
    console.print(
        f"Kelompok TPS: {g['groups']} (sekurang-kurangnya {g['lower_bound']} kelompok diperlukan)."
    )
    if summary["status"] == "requirement_only":
        console.print(summary["notice"])
    else:
        console.print(
            f"Personel Pam TPS: {format_int(summary['available']['polri'])}; kekurangan: "
            f"{format_int(summary['shortfall']['polri'])} Polri; {_plan_quality(summary)}."
        )
        for unit, n in summary["bko"]["to_unit"].items():
            console.print(f"  Permintaan BKO Polda untuk penebalan {unit}: {n} personel")
    for kind, path in paths.items():
        console.print(f"Tersimpan ({kind}): {path}")


# -------------------------------------------------------------------------------- locate
@app.command("locate")
def locate(
    workspace: WorkspaceOpt,
    model: Annotated[
        str, typer.Option("--model", "-m", help="p_median, mclp, lscp, p_center.")
    ] = "p_median",
    p: Annotated[int | None, typer.Option("--p", help="Jumlah pos yang dibuka.")] = None,
    radius_km: Annotated[
        float | None, typer.Option("--radius-km", help="Radius layanan (km, jarak garis lurus).")
    ] = None,
    sites: Annotated[
        str, typer.Option("--sites", help="Kandidat lokasi: 'desa' (pusat desa) atau 'tps'.")
    ] = "desa",
    time_limit: Annotated[float, typer.Option("--time-limit", help="Batas waktu (detik).")] = 60.0,
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tentukan lokasi pos patroli/BKO: TPS per desa sebagai permintaan (bobot = jumlah TPS)."""
    import geopandas as gpd
    import numpy as np

    from petarawan.locate import MODELS, cost_matrix

    if model not in MODELS:
        msg = f"Model '{model}' tidak dikenal; pilihan: {', '.join(MODELS)}."
        raise InputDataError(msg)
    if model in ("p_median", "mclp", "p_center") and p is None:
        msg = f"Model {model} memerlukan --p (jumlah pos)."
        raise InputDataError(msg)
    if model in ("mclp", "lscp") and radius_km is None:
        msg = f"Model {model} memerlukan --radius-km."
        raise InputDataError(msg)
    with open_workspace(workspace, db, election=election, create=False) as ws:
        tps = ws.tps()
    tps = tps[tps.geometry.notna() & ~tps.geometry.is_empty]
    if tps.empty:
        msg = "Workspace belum berisi TPS berkoordinat."
        raise InputDataError(msg)
    # demand: TPS aggregated per desa (weight = number of TPS), at the mean TPS position
    centre = tps.groupby("desa_code").agg(
        lon=("lon", "mean"), lat=("lat", "mean"), n=("tps_id", "size")
    )
    demand = gpd.GeoDataFrame(
        centre, geometry=gpd.points_from_xy(centre["lon"], centre["lat"]), crs=4326
    )
    if sites == "tps":
        cand = tps
        labels = tps["tps_id"].astype(str).to_numpy()
    elif sites == "desa":
        cand = demand
        labels = centre.index.astype(str).to_numpy()
    else:
        msg = f"--sites '{sites}' tidak dikenal; pilihan: desa, tps."
        raise InputDataError(msg)
    costs = np.round(cost_matrix(demand, cand) / 1000.0, 1)  # 100 m resolution
    kwargs: dict[str, Any] = {"time_limit": time_limit}
    if model in ("p_median", "mclp"):
        kwargs["weights"] = centre["n"].to_numpy(dtype=float)
    if p is not None and model != "lscp":
        kwargs["p"] = p
    if radius_km is not None and model in ("mclp", "lscp"):
        kwargs["radius"] = radius_km
    res = MODELS[model](costs, **kwargs)  # type: ignore[operator]
    out = {
        "model": model,
        "objective": res.objective,
        "facilities": [str(labels[j]) for j in res.facilities],
        "status": res.status,
        "gap": res.gap,
        "seconds": round(res.seconds, 3),
        "unit": "km (garis lurus)",
        "details": res.details,
    }
    if as_json:
        print_json(out)
        return
    console.print(
        f"{model}: nilai tujuan {res.objective:.2f}, status {res.status}, gap {res.gap:.2%}, "
        f"{res.seconds:.1f} detik."
    )
    console.print("Lokasi terpilih: " + ", ".join(out["facilities"]))
