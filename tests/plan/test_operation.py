"""Operation plans: the operation file, objects import, travel that follows the land, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import Affine

from petarawan.cli import main
from petarawan.errors import ConfigError, InputDataError, NoPersonnelError, UnreachableTpsError
from petarawan.io.operations import read_operation, validate_operation_file
from petarawan.services.operation import build_plan, run_operation_plan
from petarawan.store import Workspace
from petarawan.store.importer import import_files
from petarawan.store.records import list_plans, read_plan

DATA = Path(__file__).resolve().parents[1] / "data"
X0, Y0 = 600_000.0, 8_960_000.0  # UTM 51S, inland Timor
TO_LONLAT = Transformer.from_crs(32751, 4326, always_xy=True)

OPERATION = """\
id: uji
name: Operasi uji
pattern: pilkada2020-nasional
routine_share: {value: 0.3333, assumption: uji}
max_unit_minutes: 120
tasks:
  pam_tps: {name: Pam TPS, satgas: preventif, rule: tps, source: uji}
  pam_kpu: {name: Pam KPU, satgas: preventif, rule: object, object_kind: kpu, polri: 1,
            assumption: uji}
stages:
  - {id: pemungutan, name: Pemungutan, start: 2024-11-27, end: 2024-11-27,
     tasks: [pam_tps, pam_kpu]}
"""


def _lonlat(dx: float, dy: float) -> tuple[float, float]:
    lon, lat = TO_LONLAT.transform(X0 + dx, Y0 + dy)
    return round(float(lon), 7), round(float(lat), 7)


def _small_ws(
    root: Path, *, units: list[tuple[str, float, float, int]], tps: list[tuple[float, float, str]]
) -> Path:
    """A workspace with one desa, TPS and units at offsets (metres) from one point."""
    ws = Workspace.open(root)
    try:
        import_files(ws, "regions", [DATA / "mini_wilayah.csv"])
        rows = ["kode_tps,lon,lat,kategori"]
        for i, (dx, dy, cat) in enumerate(tps, start=1):
            lon, lat = _lonlat(dx, dy)
            rows.append(f"53030120050{i:02d},{lon},{lat},{cat}")
        (root / "tps.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        import_files(ws, "tps", [root / "tps.csv"])
        urows = ["kode,nama,jenis,lon,lat,polri"]
        for code, dx, dy, polri in units:
            lon, lat = _lonlat(dx, dy)
            urows.append(f"{code},Polsek {code},polsek,{lon},{lat},{polri}")
        (root / "units.csv").write_text("\n".join(urows) + "\n", encoding="utf-8")
        import_files(ws, "units", [root / "units.csv"])
        lon, lat = _lonlat(500, 500)
        (root / "objects.csv").write_text(
            f"jenis,nama,kode_desa,lon,lat\nkpu,KPU Uji,53.03.01.2005,{lon},{lat}\n",
            encoding="utf-8",
        )
        import_files(ws, "objects", [root / "objects.csv"])
    finally:
        ws.close()
    return root


def _write_ridge_dem(path: Path) -> None:
    """A DEM (UTM 51S, 100 m cells) with a 1500 m wall at x ∈ [1000, 2000] m across it."""
    n_rows, n_cols = 80, 60  # y from 6000 down to -2000, x from -1000 to 5000
    z = np.full((n_rows, n_cols), 100.0, dtype="float32")
    xs = -1000.0 + 100.0 * (np.arange(n_cols) + 0.5)
    z[:, (xs >= 1000) & (xs <= 2000)] = 1600.0
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=n_cols,
        height=n_rows,
        count=1,
        dtype="float32",
        crs="EPSG:32751",
        transform=Affine(100.0, 0.0, X0 - 1000.0, 0.0, -100.0, Y0 + 6000.0),
        nodata=-9999.0,
    ) as dst:
        dst.write(z, 1)


def test_preset_operations_are_valid() -> None:
    ttu = read_operation("ttu-pemilu2024")
    assert ttu.strength == 425 and abs(ttu.routine_share - 1 / 3) < 1e-3
    assert [s.id for s in ttu.stages][2] == "pemungutan"
    generic = read_operation("polres-pilkada2024")
    assert len(generic.stages) >= 5
    assert generic.stage("pemungutan").start.isoformat() == "2024-11-27"


def test_bad_operation_file_names_every_line(tmp_path: Path) -> None:
    bad = tmp_path / "op.yaml"
    bad.write_text(
        OPERATION.replace("polri: 1,\n            assumption: uji", "polri: 1")
        .replace("end: 2024-11-27", "end: 2024-11-20")
        .replace("tasks: [pam_tps, pam_kpu]", "tasks: [pam_tps, pam_kpx]"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        validate_operation_file(bad)
    issues = exc.value.issues
    assert {i.column for i in issues} >= {"tasks.pam_kpu", "stages.0"}
    assert all(i.row is not None for i in issues)
    kpu = next(i for i in issues if i.column == "tasks.pam_kpu")
    assert kpu.row == 8 and "source" in kpu.message
    # the unknown task is reported once the schema holds
    bad.write_text(OPERATION.replace("[pam_tps, pam_kpu]", "[pam_tps, pam_kpx]"), "utf-8")
    with pytest.raises(ConfigError) as exc2:
        validate_operation_file(bad)
    (only,) = exc2.value.issues
    assert only.row == 12 and "pam_kpx" in only.message
    # everything on routine service leaves nobody for the operation
    bad.write_text(OPERATION.replace("value: 0.3333", "value: 1.0"), "utf-8")
    with pytest.raises(ConfigError) as exc3:
        validate_operation_file(bad)
    (share,) = exc3.value.issues
    assert share.row == 4 and share.column == "routine_share"


def test_objects_import_is_all_or_nothing(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        import_files(ws, "regions", [DATA / "mini_wilayah.csv"])
        f = tmp_path / "objek.csv"
        f.write_text(
            "jenis,nama,kode_desa,lon,lat\n"
            "kpu,KPU A,53.03.01.2005,124.4,-9.4\n"
            "kantor polisi,B,53.03.01.2005,124.4,-9.4\n"
            "ppk,PPK C,53.03.09.9999,124.4,-9.4\n"
            "gudang,Gudang D,53.03.01.2005,,\n",
            encoding="utf-8",
        )
        with pytest.raises(InputDataError) as exc:
            import_files(ws, "objects", [f])
        rows = {(i.row, i.column) for i in exc.value.issues}
        assert {(3, "jenis"), (4, "desa"), (5, "lon")} <= rows
        assert ws.objects().empty
        p = tmp_path / "personel.csv"
        p.write_text("nrp,nama,pangkat,satuan\n12345,A,Bripda,POLSEK-X\n", encoding="utf-8")
        with pytest.raises(InputDataError) as exc2:
            import_files(ws, "personnel", [p])
        assert {i.column for i in exc2.value.issues} >= {"nrp", "satuan"}
        assert ws.personnel().empty
    finally:
        ws.close()


def test_a_ridge_changes_the_assignment_and_each_pair_names_its_method(tmp_path: Path) -> None:
    # unit A is 3 km from the TPS across a 1500 m wall, unit B is 4 km away on flat ground
    root = _small_ws(
        tmp_path / "ws",
        units=[("A", 0.0, 0.0, 6), ("B", 3000.0, 4000.0, 6)],
        tps=[(3000.0, 0.0, "kurang rawan")],
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(OPERATION, encoding="utf-8")
    with Workspace.open(root) as ws:
        straight = run_operation_plan(ws, op_file)
        _write_ridge_dem(ws.layer_path("dem.tif"))
        terrain = run_operation_plan(ws, op_file)

    def tps_units(plan: object) -> dict[str, tuple[int, str | None]]:
        st = plan.stages[0]  # type: ignore[attr-defined]
        return {a.unit: (a.polri, a.method) for a in st.assignments if a.task == "pam_tps"}

    assert tps_units(straight) == {"A": (2, "straight")}
    assert tps_units(terrain) == {"B": (2, "terrain")}
    assert terrain.travel == {"terrain": 1}
    assert straight.plan_hash != terrain.plan_hash


def test_unreachable_sangat_rawan_tps_is_a_named_error(tmp_path: Path) -> None:
    root = _small_ws(
        tmp_path / "ws",
        units=[("A", 0.0, 0.0, 30)],
        tps=[(1000.0, 0.0, "kurang rawan"), (90_000.0, 0.0, "sangat rawan")],
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(OPERATION.replace("max_unit_minutes: 120", "max_unit_minutes: 60"), "utf-8")
    with Workspace.open(root) as ws, pytest.raises(UnreachableTpsError) as exc:
        build_plan(ws, read_operation(op_file), _pattern())
    msg = str(exc.value)
    assert "5303012005002" in msg and "60 menit" in msg and "252 menit" in msg


def test_no_personnel_in_a_stage_is_a_named_error(tmp_path: Path) -> None:
    root = _small_ws(
        tmp_path / "ws", units=[("A", 0.0, 0.0, 0)], tps=[(1000.0, 0.0, "kurang rawan")]
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(OPERATION, encoding="utf-8")
    with Workspace.open(root) as ws, pytest.raises(NoPersonnelError) as exc:
        build_plan(ws, read_operation(op_file), _pattern())
    assert "butuh 3 personel Polri" in str(exc.value)


def _pattern() -> object:
    from petarawan.io.patterns import read_pattern

    return read_pattern("pilkada2020-nasional")


def test_plan_cli_stores_lists_and_diffs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small_ws(
        tmp_path / "ws",
        units=[("A", 0.0, 0.0, 6), ("B", 3000.0, 4000.0, 6)],
        tps=[(3000.0, 0.0, "kurang rawan"), (2500.0, 3500.0, "rawan")],
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(OPERATION, encoding="utf-8")
    args = ["plan", "-w", str(root), "--operation", str(op_file), "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["plan_id"] != second["plan_id"]
    assert first["plan_hash"] == second["plan_hash"]
    assert main(["plans", "list", "-w", str(root), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["plans"]
    assert [p["id"] for p in listed] == [first["plan_id"], second["plan_id"]]
    # the rawan TPS becomes kurang rawan (grouped with the other): pairs change, diff names them
    (tmp_path / "cat.csv").write_text("kode_tps,kategori\n5303012005002,kurang rawan\n", "utf-8")
    assert main(["import", "tps-categories", str(tmp_path / "cat.csv"), "-w", str(root)]) == 0
    capsys.readouterr()
    assert main(args) == 0
    third = json.loads(capsys.readouterr().out)
    assert third["plan_hash"] != first["plan_hash"]
    diff = ["plans", "diff", str(first["plan_id"]), str(third["plan_id"]), "-w", str(root)]
    assert main([*diff, "--json"]) == 0
    changed = json.loads(capsys.readouterr().out)["changed"]
    assert any(c["site"] and c["before"] != c["after"] for c in changed)
    assert {c["task"] for c in changed} == {"pam_tps"}
    assert main(diff) == 0
    human = capsys.readouterr().out
    assert "Pemungutan" in human and "Pam TPS" in human and "pam_tps" not in human
    with Workspace.open(root) as ws:
        rec = read_plan(ws, third["plan_id"])
        assert (
            rec is not None
            and rec.stages[0].required.polri == third["stages"][0]["required"]["polri"]
        )
        assert len(list_plans(ws)) == 3
        # the plan belongs to the workspace's election (the default one the TPS import made)
        assert ws.election_id is not None and rec.election_id == ws.election_id
        assert len(list_plans(ws, election_id=ws.election_id)) == 3
        assert read_plan(ws, election_id="pemilu2019") is None


def test_live_suggestion_moves_the_nearest_reserve_by_the_pattern(tmp_path: Path) -> None:
    from petarawan.domain.redeploy import redeploy_suggestion
    from petarawan.io.patterns import read_pattern

    root = _small_ws(
        tmp_path / "ws",
        units=[("A", 0.0, 0.0, 30), ("B", 20_000.0, 0.0, 30)],
        tps=[(1000.0, 0.0, "kurang rawan"), (19_000.0, 0.0, "sangat rawan")],
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(
        OPERATION.replace(
            "tasks:\n",
            "reserves:\n  - {id: dalmas, name: Dalmas, kind: dalmas, polri: 10, positions: 1,\n"
            "     response_minutes: 30, assumption: uji}\ntasks:\n",
            1,
        ),
        encoding="utf-8",
    )
    with Workspace.open(root) as ws:
        rec = run_operation_plan(ws, op_file)
    (dalmas,) = rec.reserves
    # p-center on the sangat rawan TPS and the KPU: B is 1 km from the TPS, A 0.7 km from KPU
    assert [p.unit for p in dalmas.positions] in (["A"], ["B"])
    cover = {c.tps_id: c for c in rec.tps_cover}
    tps1 = cover["5303012005001"]
    pattern = read_pattern(rec.pattern_id)
    text = redeploy_suggestion(
        rec, pattern, "kurang_rawan", "sangat_rawan", ["5303012005001"], {"5303012005001": "TPS 1"}
    )
    unit = "Polsek A" if tps1.unit == "A" else "Polsek B"
    assert text == f"Geser 2 personel cadangan {unit} ke TPS 1, {tps1.minutes:.0f} menit."
    down = redeploy_suggestion(rec, pattern, "sangat_rawan", "rawan", ["5303012005002"], {})
    assert down.startswith("1 personel dapat ditarik kembali")


def test_renpam_pdf_in_polri_order_and_sprin_annex(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    root = _small_ws(
        tmp_path / "ws",
        units=[("A", 0.0, 0.0, 6), ("B", 3000.0, 4000.0, 6)],
        tps=[(3000.0, 0.0, "kurang rawan"), (2500.0, 3500.0, "rawan")],
    )
    op_file = tmp_path / "op.yaml"
    op_file.write_text(OPERATION, encoding="utf-8")
    assert main(["plan", "-w", str(root), "--operation", str(op_file), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    pdf, xlsx = tmp_path / "renpam.pdf", tmp_path / "sprin.xlsx"
    args = ["renpam", "-w", str(root), "--plan", str(plan["plan_id"]), "--out", str(pdf)]
    assert main([*args, "--xlsx", str(xlsx)]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    heads = [
        "I. Situasi",
        "II. Tugas pokok",
        "III. Kekuatan",
        "IV. Susunan satgas",
        "V. Cara bertindak",
        "VI. Ploting",
        "VII. Cadangan",
        "VIII. Peta rayon",
        "IX. Anggaran",
    ]
    at = [text.index(h) for h in heads]
    assert at == sorted(at)
    for satgas in ("Preemtif", "Preventif", "Kamseltibcarlantas", "Gakkum", "Humas", "Banops"):
        assert f"Satgas {satgas}" in text
    assert "TPS 001 Bokon" in text and "garis lurus" in text
    assert "Kabupaten Timor Tengah Utara" in text
    assert "HiGHS" not in text and "optimal" not in text
    wb = load_workbook(xlsx, read_only=True)
    rows = list(wb["Pemungutan"].iter_rows(values_only=True))
    assert (
        rows[0][0] == "Satuan"
        and sum(r[-1] for r in rows[1:]) == plan["stages"][0]["assigned"]["polri"]
    )
    # with personnel imported the annex names them, one row per person
    (tmp_path / "personel.csv").write_text(
        "nrp,nama,pangkat,satuan,fungsi\n"
        + "".join(
            f"8{i:07d},Anggota {i},Bripda,{'A' if i < 6 else 'B'},Samapta\n" for i in range(12)
        ),
        encoding="utf-8",
    )
    assert main(["import", "personnel", str(tmp_path / "personel.csv"), "-w", str(root)]) == 0
    assert main([*args, "--xlsx", str(xlsx)]) == 0
    wb = load_workbook(xlsx, read_only=True)
    named = list(wb["Pemungutan"].iter_rows(values_only=True))
    assert named[0][:3] == ("NRP", "Nama", "Pangkat")
    assert len(named) - 1 == plan["stages"][0]["assigned"]["polri"]
    assert all(r[0] and r[1].startswith("Anggota") for r in named[1:])
