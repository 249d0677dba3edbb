"""Index commands: ``framework``, ``index``, ``assess``, ``explain`` and ``compare``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from petarawan.cli._app import app, state
from petarawan.cli._common import (
    DbOpt,
    ElectionOpt,
    JsonOpt,
    WorkspaceOpt,
    console,
    err_console,
    open_workspace,
    print_json,
)
from petarawan.errors import InputDataError, Issue, NotFoundError
from petarawan.formatting import format_number

if TYPE_CHECKING:
    import pandas as pd

    from petarawan.domain.index import IndexResult
    from petarawan.domain.index.model import ChecklistSpec
    from petarawan.domain.records import AssessmentRecord

framework_app = typer.Typer(
    help="Kerangka indeks kerawanan: daftar, tampilkan, validasi, ekspor.", no_args_is_help=True
)
app.add_typer(framework_app, name="framework")

LangOpt = Annotated[str, typer.Option("--lang", help="Bahasa keluaran: id atau en.")]
FrameworkOpt = Annotated[
    str, typer.Option("--framework", "-f", help="Nama preset (mis. kamtibmas) atau berkas YAML.")
]


def _lang(lang: str | None) -> str:
    value = lang or str(state.get("lang", "id"))
    return "en" if value == "en" else "id"


# -- framework ------------------------------------------------------------------------------------
@framework_app.command("list")
def framework_list(as_json: JsonOpt = False, lang: LangOpt = "id") -> None:
    """Daftar kerangka indeks bawaan."""
    from petarawan.io.frameworks import list_frameworks, load_framework

    rows: list[dict[str, Any]] = []
    for name, path in list_frameworks().items():
        fw = load_framework(path)
        rows.append(
            {
                "name": name,
                "title": fw.name_id if _lang(lang) == "id" else fw.name_en,
                "kind": fw.kind,
                "levels": fw.levels,
                "indicators": len(fw.indicators),
                "version": fw.version,
            }
        )
    if as_json:
        print_json(rows)
        return
    en = _lang(lang) == "en"
    table = Table(title="Index frameworks" if en else "Kerangka indeks")
    for col in (
        ("Name", "Title", "Kind", "Levels", "Indicators")
        if en
        else ("Nama", "Judul", "Jenis", "Tingkat", "Indikator")
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["name"], r["title"], r["kind"], ", ".join(r["levels"]), str(r["indicators"])
        )
    console.print(table)


@framework_app.command("show")
def framework_show(
    name: Annotated[str, typer.Argument(help="Nama preset atau berkas YAML.")],
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Tampilkan pohon kerangka: dimensi, indikator, bobot, normalisasi."""
    from petarawan.io.frameworks import find_framework

    fw = find_framework(name)
    if as_json:
        print_json(fw.model_dump(mode="json"))
        return
    en = _lang(lang) == "en"
    console.print(f"[bold]{fw.name_en if en else fw.name_id}[/bold] ({fw.id} v{fw.version})")
    for note in fw.notes:
        console.print(f"  • {note}")
    if fw.kind == "checklist" and fw.checklist is not None:
        _show_checklist(fw.checklist, en=en)
        return
    table = Table(show_header=True)
    for col in (
        ("Id", "Name", "Weight", "Aggregation / normalisation", "Level", "Unit")
        if en
        else ("Id", "Nama", "Bobot", "Agregasi / normalisasi", "Tingkat", "Satuan")
    ):
        table.add_column(col)

    def walk(node_id: str, depth: int) -> None:
        node = fw.node(node_id)
        table.add_row(
            "  " * depth + node.id,
            node.name_en if en else node.name_id,
            f"{node.weight:g}",
            node.aggregation,
            "",
            "",
        )
        for child in fw.children(node_id):
            if any(n.id == child for n in fw.nodes):
                walk(child, depth + 1)
            else:
                ind = fw.indicator(child)
                table.add_row(
                    "  " * (depth + 1) + ind.id,
                    ind.name_en if en else ind.name_id,
                    f"{ind.weight:g}",
                    f"{ind.normalisation} ({'+' if ind.direction > 0 else '-'})",
                    ind.level,
                    ind.unit,
                )

    walk(fw.root, 0)
    console.print(table)


_STATUS = {
    "proposal": ("usulan", "proposal"),
    "assumption": ("asumsi", "assumption"),
    "published": ("aturan terbit", "published rule"),
}


def _show_checklist(spec: ChecklistSpec, *, en: bool) -> None:
    national = spec.national_ids()
    console.print(
        f"  {len(spec.variables)} variables, {len(national)} national indicators"
        if en
        else f"  {len(spec.variables)} variabel, {len(national)} indikator nasional"
    )
    for var in spec.variables:
        console.print(f"  [bold]{var.name_en if en else var.name_id}[/bold]")
        for item in var.items():
            name = (item.name_en if en else item.name_id) or item.id
            mark = (
                (" (optional, regional)" if en else " (opsional, daerah)") if item.optional else ""
            )
            console.print(f"    - {name}{mark}")
    active = spec.active_rule_set().id
    for rs in spec.all_rule_sets():
        status = _STATUS[rs.status][1 if en else 0]
        used = (" — in use" if en else " — dipakai") if rs.id == active else ""
        console.print(f"  [bold]{rs.name_en if en else rs.name_id}[/bold] ({status}){used}")
        for rule in rs.rules:
            reason = (rule.reason_en if en else rule.reason_id) or ""
            console.print(f"    → {rule.category.replace('_', ' ')}: {reason}")


@framework_app.command("validate")
def framework_validate(
    file: Annotated[Path, typer.Argument(help="Berkas YAML kerangka.")],
) -> None:
    """Validasi berkas kerangka; setiap galat disebut dengan baris YAML-nya."""
    from petarawan.io.frameworks import load_framework

    fw = load_framework(file)
    console.print(
        f"[green]Sah:[/green] {file} — {fw.id}, {len(fw.nodes)} simpul, "
        f"{len(fw.indicators)} indikator, hash {fw.sha256()[:12]}"
    )


@framework_app.command("export")
def framework_export(
    name: Annotated[str, typer.Argument(help="Nama preset atau berkas YAML.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Berkas YAML tujuan.")],
) -> None:
    """Salin sebuah preset ke berkas YAML untuk diubah."""
    from petarawan.io.frameworks import find_framework, list_frameworks
    from petarawan.io.frameworks import write_framework as _write

    presets = list_frameworks()
    if name in presets:
        out.write_text(presets[name].read_text(encoding="utf-8"), encoding="utf-8")
    else:
        _write(find_framework(name), out)
    console.print(f"Kerangka {name} ditulis ke {out}")


# -- index over plain tables -----------------------------------------------------------------------
def _read_table(path: Path, id_column: str) -> pd.DataFrame:
    import pandas as pd

    if not path.is_file():
        msg = f"Berkas data tidak ditemukan: {path}"
        raise NotFoundError(msg)
    frame = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(path)
    if id_column not in frame.columns:
        msg = f"{path}: kolom id '{id_column}' tidak ada"
        issue = Issue(
            str(path), 1, id_column, f"kolom yang ada: {', '.join(map(str, frame.columns))}"
        )
        raise InputDataError(msg, [issue])
    dup = frame[id_column][frame[id_column].duplicated()]
    if len(dup):
        issues = [
            Issue(str(path), int(str(i)) + 2, id_column, f"id '{v}' muncul lebih dari sekali")
            for i, v in dup.head(20).items()
        ]
        msg = f"{path}: id ganda pada kolom '{id_column}'"
        raise InputDataError(msg, issues)
    frame[id_column] = frame[id_column].astype(str)
    return frame.set_index(id_column)


@app.command("index")
def index_command(
    framework: FrameworkOpt,
    data: Annotated[list[Path], typer.Option("--data", help="Tabel CSV/XLSX (boleh berulang).")],
    id_column: Annotated[str, typer.Option("--id-column", help="Kolom id untuk menggabung.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Berkas CSV hasil.")],
    lang: LangOpt = "id",
) -> None:
    """Hitung indeks atas tabel apa pun (tanpa geografi): satu baris per unit."""
    from petarawan.domain.index import compute_index
    from petarawan.io.frameworks import find_framework

    fw = find_framework(framework)
    tables = [_read_table(p, id_column) for p in data]
    joined = tables[0]
    for t in tables[1:]:
        joined = joined.join(t[[c for c in t.columns if c not in joined.columns]], how="outer")
    level = fw.levels[0] if fw.levels else "unit"
    result = compute_index(fw, {level: joined}, levels=[level])
    table = result.table(level)
    table.index.name = id_column
    from petarawan.io.cells import safe_frame

    safe_frame(table).to_csv(out)
    for msg in result.warnings:
        err_console.print(f"[yellow]Peringatan:[/yellow] {msg}")
    n = len(table)
    console.print(
        f"{n} unit dihitung dengan {fw.id}; hasil di {out}"
        if _lang(lang) == "id"
        else f"{n} units scored with {fw.id}; written to {out}"
    )


# -- workspace ------------------------------------------------------------------------------------
class _Row:
    def __init__(self, data: dict[Any, Any]) -> None:
        self.__dict__.update({str(k): v for k, v in data.items()})


def _parse_date(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        msg = f"--as-of: tanggal tidak dikenal '{text}', diharapkan YYYY-MM-DD[THH:MM]"
        raise InputDataError(msg, [Issue("--as-of", None, None, msg)]) from exc


@app.command("assess")
def assess_command(
    workspace: WorkspaceOpt,
    framework: FrameworkOpt = "kamtibmas",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Tanggal hasil analisa.")] = None,
    no_uncertainty: Annotated[
        bool, typer.Option("--no-uncertainty", help="Lewati analisis ketidakpastian.")
    ] = False,
    draws: Annotated[int | None, typer.Option("--draws", help="Jumlah simulasi.")] = None,
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Hitung hasil analisa kerawanan dan simpan sebagai snapshot yang tidak berubah."""
    from petarawan.io.frameworks import find_framework
    from petarawan.services.assessment import assess_workspace

    fw = find_framework(framework)
    with open_workspace(workspace, db, election=election) as ws:
        ident, result, summary = assess_workspace(
            ws,
            fw,
            as_of=_parse_date(as_of),
            uncertainty=not no_uncertainty,
            draws=draws,
        )
    if as_json:
        print_json({"id": ident, "framework": fw.id, **summary.model_dump(exclude_none=True)})
        return
    for msg in result.warnings:
        err_console.print(f"[yellow]Peringatan:[/yellow] {msg}")
    en = _lang(lang) == "en"
    console.print(
        f"[bold]{'Assessment' if en else 'Hasil analisa'} #{ident}[/bold] — {fw.id} v{fw.version}"
    )
    for line in result.summary(lang=_lang(lang)):
        console.print(f"  • {line}")
    if summary.uncertainty is not None:
        console.print(f"  • {summary.uncertainty}")


def _load_result(
    ws: Any, ident: int | None, framework: str | None = None
) -> tuple[AssessmentRecord, IndexResult]:
    from petarawan.domain.index import IndexResult
    from petarawan.store.records import read_assessment

    rec = read_assessment(ws, ident, framework=framework if ident is None else None)
    if rec is None or rec.payload is None:
        msg = "Belum ada hasil analisa di workspace ini; jalankan 'petarawan assess' dulu."
        raise NotFoundError(msg)
    return rec, IndexResult.from_payload(rec.payload)


def _tps_provenance(ws: Any, code: str) -> dict[str, Any] | None:
    """Return the category and the origin of a TPS's carried values (None if nothing carried)."""
    if not code.isdigit() or len(code) != 13:
        return None
    tps = ws.tps()
    row = tps[tps["tps_id"] == code]
    if row.empty or not isinstance(row["provenance"].iloc[0], str):
        return None
    return {
        "category": row["category"].iloc[0],
        "carried_from": row["carried_from"].iloc[0],
        "provenance": row["provenance"].iloc[0],
    }


def _print_provenance(code: str | None, info: dict[str, Any]) -> None:
    category = str(info.get("category") or "-").replace("_", " ")
    head = f"[bold]TPS {code}[/bold] — " if code else ""
    console.print(f"{head}kategori {category}; {info['provenance']}.")


@app.command("explain")
def explain_command(
    code: Annotated[str, typer.Argument(help="Kode wilayah atau id TPS.")],
    workspace: WorkspaceOpt,
    assessment: Annotated[
        int | None, typer.Option("--assessment", help="Id hasil analisa (bawaan: terbaru).")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="Tingkat.")] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework", "-f", help="Hasil analisa terbaru dari kerangka ini (mis. kamtibmas)."
        ),
    ] = None,
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Jelaskan skor satu unit: kontribusi tiap indikator dan dimensi."""
    from petarawan.domain.index.explain import explain, signed
    from petarawan.domain.uncertainty import STABILITY_LABELS
    from petarawan.io.frameworks import find_framework

    lg = _lang(lang)
    with open_workspace(workspace, db, election=election, create=False) as ws:
        fw_id = find_framework(framework).id if framework else None
        provenance = _tps_provenance(ws, code)
        try:
            rec, result = _load_result(ws, assessment, fw_id)
            info = explain(result, code, level=level, lang=lg)
        except NotFoundError:
            if provenance is None:
                raise
            # a TPS the assessment does not score still says where its carried values came from
            if as_json:
                print_json({"code": code, "level": "tps", **provenance})
            else:
                _print_provenance(code, provenance)
            return
    info.update(provenance or {})
    unc = rec.payload.uncertainty if rec.payload is not None else None
    row = unc.table.row(code) if unc is not None else None
    if row is not None:
        info["uncertainty"] = row
    if as_json:
        print_json(info)
        return
    en = lg == "en"
    console.print(f"[bold]{code}[/bold] ({info['level']}) — {info['sentence']}")
    if provenance:
        _print_provenance(None, provenance)
    if info.get("rank") is not None:
        console.print(
            f"{'Rank' if en else 'Peringkat'} {info['rank']} {'of' if en else 'dari'} {info['n']}"
        )
    if "uncertainty" in info:
        u = info["uncertainty"]
        stab = STABILITY_LABELS[lg].get(str(u.get("stability")), "")
        console.print(
            f"{'Rank 5-95 %' if en else 'Peringkat 5-95 %'}: "
            f"{u['rank_p05']:.0f}–{u['rank_p95']:.0f}; "
            f"{'category' if en else 'kategori'} {str(u.get('modal_class')).replace('_', ' ')} "
            f"({format_number(100 * float(u.get('modal_probability') or 0), 0, lg)} %,"
            f" {'category confidence' if en else 'keyakinan kategori'}: {stab})"
        )
    if info["indicators"]:
        table = Table()
        for col in (
            ("Indicator", "Value", "Normalised", "Contribution")
            if en
            else ("Indikator", "Nilai", "Ternormalisasi", "Kontribusi")
        ):
            table.add_column(col)
        for d in info["indicators"]:
            table.add_row(
                d["name"] + (" *" if d["imputed"] else ""),
                d["value_text"],
                format_number(d["normalised"], lang=lg),
                signed(d["contribution"], lang=lg),
            )
        console.print(table)
    if info["missing"]:
        console.print(
            ("Missing indicators: " if en else "Indikator tidak tersedia: ")
            + ", ".join(info["missing"])
        )


def _compare_mappings(
    workspace: Path, db: str | None, source: str, target: str, as_json: bool, lg: str
) -> None:
    from petarawan.services.compare import compare_mappings

    with open_workspace(workspace, db, create=False, announce=False) as ws:
        report, _ra, _rb = compare_mappings(ws, source, target, lang=lg)
    if as_json:
        print_json(report)
        return
    en = lg == "en"
    before, after = report["from"], report["to"]
    title_a = before["election_name"] or f"#{before['assessment']}"
    title_b = after["election_name"] or f"#{after['assessment']}"
    console.print(
        f"[bold]{title_a} → {title_b}[/bold] "
        f"({'assessments' if en else 'hasil analisa'} "
        f"#{before['assessment']} → #{after['assessment']})"
    )
    level_names = {"desa": "desa/kelurahan", "kecamatan": "kecamatan", "kabkota": "kab/kota"}
    for level, c in report["counts"].items():
        console.print(
            f"  • {level_names.get(level, level)}: {c['turun']} turun, {c['naik']} naik, "
            f"{c['tetap']} tetap"
        )
    for level, changes in report["common_changes"].items():
        if changes:
            console.print(
                f"  • {'same for every unit' if en else 'berlaku sama untuk semua'} "
                f"{level_names.get(level, level)}: {'; '.join(changes)}"
            )
    units = report["units"]
    table = Table(title="Kategori per wilayah" if not en else "Class per unit", header_style="bold")
    for col in (
        ("Level", "Unit", "Before", "After", "Move", "Drivers")
        if en
        else ("Tingkat", "Wilayah", "Sebelum", "Sesudah", "Perpindahan", "Faktor dominan")
    ):
        table.add_column(col, overflow="fold")
    # moves first (down, then up), then the unchanged units of the higher levels
    shown = [u for u in units if u["direction"] != 0] + [
        u for u in units if u["direction"] == 0 and u["level"] != "desa"
    ]
    for u in shown:
        table.add_row(
            level_names.get(u["level"], u["level"]),
            f"{u['name'] or ''} ({u['code']})",
            u["label_before"],
            u["label_after"],
            u["move"],
            u["drivers"] if u["direction"] != 0 else "",
        )
    console.print(table)
    still = sum(1 for u in units if u["direction"] == 0 and u["level"] == "desa")
    if still:
        console.print(
            f"{still} desa/kelurahan tetap di kategorinya (semua: --json)."
            if not en
            else f"{still} desa kept their class (all classes: --json)."
        )


@app.command("compare")
def compare_command(
    workspace: WorkspaceOpt,
    a: Annotated[int | None, typer.Argument(help="Nomor hasil analisa pertama (sebelum).")] = None,
    b: Annotated[int | None, typer.Argument(help="Nomor hasil analisa kedua (sesudah).")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from", help="Pemetaan sebelum: pemilihan (mis. pemilu2024) atau nomor hasil analisa."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--to", help="Pemetaan sesudah: pemilihan (mis. pilkada2024) atau nomor hasil analisa."
        ),
    ] = None,
    db: DbOpt = None,
    election: ElectionOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Bandingkan dua pemetaan: kategori tiap desa, kecamatan, kab/kota, perpindahan, sebabnya."""
    import numpy as np
    import pandas as pd

    from petarawan.domain.index.classify import class_info
    from petarawan.domain.index.compare import compare_results
    from petarawan.domain.index.explain import signed

    lg = _lang(lang)
    if source is not None or target is not None:
        if source is None or target is None or a is not None or b is not None:
            msg = "Sebutkan --from dan --to (pemilihan atau nomor hasil analisa), tanpa nomor lain."
            raise InputDataError(msg)
        _compare_mappings(workspace, db, source, target, as_json, lg)
        return
    if a is None or b is None:
        msg = "Sebutkan dua nomor hasil analisa, atau --from dan --to."
        raise InputDataError(msg)
    with open_workspace(workspace, db, election=election, create=False) as ws:
        _, ra = _load_result(ws, a)
        _, rb = _load_result(ws, b)
    diff = compare_results(ra, rb, lang=lg)
    if as_json:
        print_json(diff.replace({np.nan: None}).to_dict(orient="records"))
        return
    en = lg == "en"
    if diff.empty:
        console.print("No unit changed class." if en else "Tidak ada unit yang berubah kategori.")
        return
    scheme = rb.framework.scheme_for(rb.root) if rb.framework.kind == "index" else None
    table = Table(
        title=(f"{len(diff)} units changed class" if en else f"{len(diff)} unit berubah kategori")
    )
    for col in (
        ("Level", "Code", "Before", "After", "Δ score", "Why")
        if en
        else ("Tingkat", "Kode", "Sebelum", "Sesudah", "Δ skor", "Sebab")
    ):
        table.add_column(col)
    for rec in diff.to_dict(orient="records"):
        r: Any = _Row(rec)
        labels: dict[str, str] = {}
        if scheme is not None:
            labels = {c.id: (c.label_en if en else c.label_id) for c in class_info(scheme, r.level)}
        table.add_row(
            r.level,
            r.code,
            labels.get(r.class_before, str(r.class_before)),
            labels.get(r.class_after, str(r.class_after)),
            signed(r.delta, lang=lg) if not pd.isna(r.delta) else "",
            r.why,
        )
    console.print(table)
