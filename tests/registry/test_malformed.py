"""Malformed input: every problem named with file, row and column; nothing written."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from petarawan.errors import InputDataError, Issue
from petarawan.store import Workspace
from petarawan.store.importer import import_files


def _xlsx(path: Path, rows: list[list[Any]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)


def _write(tmp: Path, name: str, content: str | bytes | Callable[[Path], None]) -> Path:
    path = tmp / name
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BOWTIE = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": "53.03.01.2005", "nama": "Bokon"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [124.4, -9.4],
                            [124.42, -9.38],
                            [124.42, -9.4],
                            [124.4, -9.38],
                            [124.4, -9.4],
                        ]
                    ],
                },
            }
        ],
    }
)


def _shp_without_prj(path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        {"kode_tps": ["5303012005002"], "dpt": [100]},
        geometry=[Point(712000, 8960000)],
        crs="EPSG:32751",
    )
    folder = path.parent / "shp"
    folder.mkdir()
    gdf.to_file(folder / "tps.shp", engine="pyogrio")
    (folder / "tps.prj").unlink()
    with zipfile.ZipFile(path, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f.name)


CASES: list[
    tuple[str, str, str, str | bytes | Callable[[Path], None], tuple[int | None, str | None, str]]
] = [
    ("missing column", "tps", "tps.csv", "kode_desa,dpt\n53.03.01.2005,200\n", (1, "no_tps", "")),
    (
        "wrong type",
        "tps",
        "tps.csv",
        "kode_desa,no_tps,dpt\n53.03.01.2005,2,200\n53.03.01.2005,3,abc\n",
        (3, "dpt", "bilangan bulat"),
    ),
    (
        "duplicate code",
        "regions",
        "wil.csv",
        "kode,nama\n53.03.03,A\n53.03.03,B\n",
        (3, "kode", "ganda"),
    ),
    (
        "unknown parent",
        "regions",
        "wil.csv",
        "kode,nama\n53.03.09.2001,Desa Yatim\n",
        (2, "kode", "induk 53.03.09"),
    ),
    ("invalid geometry", "regions", "desa.geojson", BOWTIE, (2, "geometry", "tidak sah")),
    ("no CRS, not lon/lat", "tps", "tps.zip", _shp_without_prj, (None, None, "tidak punya CRS")),
    ("empty file", "regions", "kosong.csv", b"", (None, None, "kosong")),
    (
        "latin-1 CSV",
        "regions",
        "latin.csv",
        "kode;nama\n53.03.03;Niño\n53.03.04;Café\n5303x;Bad\n".encode("latin-1"),
        (4, "kode", "tidak sah"),
    ),
    (
        "semicolon CSV",
        "tps",
        "tps.csv",
        "kode_desa;no_tps;dpt\n53.03.01.2005;2;200\n53.03.01.2005;0;10\n",
        (3, "no_tps", "bilangan bulat"),
    ),
    (
        "xlsx title row",
        "tps",
        "tps.xlsx",
        lambda p: _xlsx(
            p,
            [
                ["DAFTAR TPS KABUPATEN TTU"],
                [],
                ["kode_desa", "no_tps", "dpt"],
                ["53.03.01.2005", 2, 150],
                ["53.03.01.2005", 3, -4],
            ],
        ),
        (5, "dpt", "bilangan bulat"),
    ),
    ("BOM", "regions", "bom.csv", "\ufeffkode,nama\n53.3,Salah\n", (2, "kode", "tidak sah")),
    ("header only", "regions", "judul.csv", "kode,nama\n", (1, None, "tidak ada baris data")),
    (
        "number coded as Excel float",
        "regions",
        "wil.xlsx",
        lambda p: _xlsx(p, [["kode", "nama"], [53.1, "Kab X"]]),
        (2, "kode", "format sel sebagai teks"),
    ),
    (
        "TPS number out of range",
        "tps",
        "tps.csv",
        "kode_tps,dpt\n5303012005000,100\n",
        (2, "kode_tps", ""),
    ),
    (
        "UTM numbers in lon/lat",
        "tps",
        "tps.csv",
        "kode_desa,no_tps,longitude,latitude\n53.03.01.2005,2,712000,8960000\n",
        (2, "longitude", "bukan bujur/lintang"),
    ),
    (
        "unknown parent unit and region",
        "units",
        "satuan.csv",
        "kode,nama,jenis,induk,wilayah,polri\nPS1,Polsek A,polsek,POLRES-X,53.03.07,10\n",
        (2, "induk", "POLRES-X"),
    ),
    (
        "ragged row",
        "regions",
        "wil.csv",
        "kode,nama\n53.03.03,A,extra\n",
        (2, None, "judul hanya 2 kolom"),
    ),
    (
        "unknown desa for TPS",
        "tps",
        "tps.csv",
        "kode_desa,no_tps\n53.03.05.2001,1\n",
        (2, "kode_desa", "impor wilayah"),
    ),
    (
        "bad incident phase",
        "incidents",
        "kejadian.csv",
        "tanggal,jenis,tahapan,kode_desa\n2024-02-14,kekerasan,perang,53.03.01.2005\n",
        (2, "tahapan", "salah satu dari"),
    ),
    (
        "engagement for unknown stakeholder",
        "stakeholders",
        "pertemuan.csv",
        "kode_tokoh,tanggal,topik\nT-404,2024-10-01,Deklarasi damai\n",
        (2, "kode_tokoh", "T-404"),
    ),
    ("not an xlsx", "regions", "rusak.xlsx", b"PK\x03\x04garbage-not-a-workbook", (None, None, "")),
]


@pytest.mark.parametrize(
    ("name", "entity", "filename", "content", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_input_is_refused_with_location(
    seeded: Workspace,
    tmp_path: Path,
    unchanged: Callable[[Workspace], Any],
    name: str,
    entity: str,
    filename: str,
    content: Any,
    expected: tuple[int | None, str | None, str],
) -> None:
    path = _write(tmp_path, filename, content)
    row, column, text = expected
    with unchanged(seeded), pytest.raises(InputDataError) as info:
        import_files(seeded, entity, [path])
    errors = [i for i in info.value.issues if i.severity == "error"]
    assert errors, info.value
    match = [
        i
        for i in errors
        if i.file.startswith(filename)
        and i.row == row
        and (column is None or i.column == column)
        and text in i.message
    ]
    assert match, (
        f"{name}: no issue at {filename} row {row} column {column} with {text!r}: {errors}"
    )


def test_all_problems_reported_together(seeded: Workspace, tmp_path: Path, unchanged: Any) -> None:
    path = _write(
        tmp_path,
        "kejadian.csv",
        "tanggal,jenis,tingkat,korban,kode_desa\n"
        "kemarin,kekerasan,2,0,53.03.01.2005\n"
        "2024-02-14,tawuran-x,9,0,53.03.01.2005\n"
        "2024-02-15,intimidasi,3,-1,53.03.01.2099\n",
    )
    with unchanged(seeded), pytest.raises(InputDataError) as info:
        import_files(seeded, "incidents", [path])
    where = {(i.row, i.column) for i in info.value.issues if i.severity == "error"}
    assert {(2, "tanggal"), (3, "jenis"), (3, "tingkat"), (4, "korban")} <= where
    assert any(i.row == 4 and "53.03.01.2099" in i.message for i in info.value.issues)


def test_second_bad_file_blocks_the_first(
    seeded: Workspace, tmp_path: Path, unchanged: Any
) -> None:
    good = _write(tmp_path, "good.csv", "kode,nama\n53.03.03,Kecamatan Baru\n")
    bad = _write(tmp_path, "bad.csv", "kode,nama\n53.03.04.2001,Desa\n53.03.04.2001,Ganda\n")
    with unchanged(seeded), pytest.raises(InputDataError):
        import_files(seeded, "regions", [good, bad])
    assert "53.03.03" not in set(seeded.regions()["code"])


def test_latin1_and_semicolon_files_are_read_correctly(seeded: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path, "latin.csv", "kode;nama\n53.03.03;Niño Café\n".encode("cp1252"))
    report = import_files(seeded, "regions", [path])
    assert any("UTF-8" in i.message for i in report.warnings)
    regions = seeded.regions().set_index("code")
    assert regions.loc["53.03.03", "name"] == "Niño Café"


def test_issue_text_names_file_row_column() -> None:
    issue = Issue("regions.xlsx", 17, "dpt_count", 'diharapkan bilangan bulat ≥ 0, tertulis "1.2k"')
    assert (
        str(issue) == 'regions.xlsx, baris 17, kolom "dpt_count": '
        'diharapkan bilangan bulat ≥ 0, tertulis "1.2k"'
    )
