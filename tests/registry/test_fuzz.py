"""Random bytes and tables never crash the readers: only InputDataError, no other exception."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petarawan.errors import InputDataError
from petarawan.io.aliases import ALIASES
from petarawan.io.registry import ENTITIES, Snapshot, validate_files

SUFFIXES = [".csv", ".xlsx", ".geojson", ".kml", ".gpkg", ".zip", ".shp", ".txt"]
SNAPSHOT = Snapshot(
    regions={
        "53": "provinsi",
        "53.03": "kabkota",
        "53.03.01": "kecamatan",
        "53.03.01.2005": "desa",
    },
    units={"POLRES"},
    stakeholders={"T-1"},
)

_headers = st.sampled_from(
    sorted(
        {a for entity in ALIASES.values() for names in entity.values() for a in names}
        | {"", "x", "KODE", "Nama Desa", "\ufeffkode"}
    )
)
_cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "53.03.01.2005",
            "5303012005001",
            "ya",
            "tidak",
            "2024-02-14",
            "14/02/2024 09.30",
            "-9.35",
            "124,45",
            "1.200",
            "NaN",
            "inf",
            "polres",
            "kekerasan",
            "kampanye",
            "",
        ]
    ),
    st.integers(-(10**6), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _check(entity: str, path: Path) -> None:
    with contextlib.suppress(InputDataError):
        validate_files(entity, [path], SNAPSHOT)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES), entity=st.sampled_from(ENTITIES)
)
def test_random_bytes(data: bytes, suffix: str, entity: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"acak{suffix}"
        path.write_bytes(data)
        _check(entity, path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(_headers, min_size=1, max_size=8),
    rows=st.lists(st.lists(_cells, max_size=9), max_size=6),
    as_xlsx=st.booleans(),
    sep=st.sampled_from([",", ";", "\t"]),
    entity=st.sampled_from(ENTITIES),
)
def test_random_tables(
    header: list[str], rows: list[list[str]], as_xlsx: bool, sep: str, entity: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if as_xlsx:
            path = Path(tmp) / "acak.xlsx"
            wb = openpyxl.Workbook()
            sheet = wb.active
            for row in [header, *rows]:
                sheet.append([_xlsx_safe(c) for c in row])
            wb.save(path)
        else:
            path = Path(tmp) / "acak.csv"
            buf = io.StringIO()
            csv.writer(buf, delimiter=sep).writerows([header, *rows])
            path.write_text(buf.getvalue(), encoding="utf-8")
        _check(entity, path)


def _xlsx_safe(text: str) -> str:
    # openpyxl refuses control characters in cells; a user's file cannot contain them either
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")
