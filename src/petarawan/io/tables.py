"""Read CSV, XLSX, GeoJSON, GeoPackage, Shapefile (also zipped) and KML as raw string tables."""

from __future__ import annotations

import contextvars
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from petarawan.errors import InputDataError, Issue
from petarawan.io.crs import assume_crs

__all__ = ["RawTable", "ReadLimits", "normalize_header", "read_limits", "read_table"]

TABULAR = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}
SPATIAL = {".geojson", ".json", ".gpkg", ".shp", ".zip", ".kml", ".kmz"}
_MAX_BYTES = 2_000_000_000


@dataclass(frozen=True)
class ReadLimits:
    """Bounds checked before a spreadsheet is parsed (against zip and decompression bombs).

    Parameters
    ----------
    max_rows
        Rows a sheet or CSV may have (the national TPS list has about 820,000).
    max_unpacked
        Bytes an XLSX may hold once unpacked (sum of its zip members' declared sizes).
    max_ratio
        Largest unpacked/packed ratio of an XLSX above 10 MB unpacked; ordinary workbooks
        compress 5–30 times, crafted ones hundreds of times.
    """

    max_rows: int = 2_000_000
    max_unpacked: int = 400_000_000
    max_ratio: float = 100.0


_LIMITS: contextvars.ContextVar[ReadLimits] = contextvars.ContextVar(
    "petarawan_read_limits",
    default=ReadLimits(),  # noqa: B039 (frozen dataclass: immutable)
)


@contextmanager
def read_limits(limits: ReadLimits) -> Iterator[None]:
    """Apply tighter :class:`ReadLimits` to every file read inside the block (e.g. web uploads)."""
    token = _LIMITS.set(limits)
    try:
        yield
    finally:
        _LIMITS.reset(token)


def _too_big(label: str, seen: str, expected: str) -> InputDataError:
    msg = f"Berkas {label} terlalu besar untuk dibaca; tidak ada yang diproses."
    return InputDataError(msg, [Issue(label, None, None, f"terlalu besar: {seen}; {expected}")])


@dataclass
class RawTable:
    """A file read as strings, with the row numbers the user sees and optional geometry.

    ``rows[i]`` is the spreadsheet row number of ``frame.iloc[i]`` (header = row 1 after any title
    rows; for spatial files feature *n* is row *n* + 1, as in an exported attribute table).
    """

    label: str
    frame: pd.DataFrame
    rows: np.ndarray
    geometry: gpd.GeoSeries | None = None
    issues: list[Issue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # canonical → original header
    header_row: int = 1
    _cells: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def col(self, name: str) -> pd.Series | None:
        """Return the column mapped to a canonical name, or None if the file has none."""
        original = self.columns.get(name)
        return None if original is None else self.frame[original]

    def cells(self, name: str) -> list[str]:
        """Return a canonical column as stripped strings ("" if the file has none); cached."""
        cached = self._cells.get(name)
        if cached is None:
            col = self.col(name)
            cached = [""] * len(self.frame) if col is None else [str(v).strip() for v in col]
            self._cells[name] = cached
        return cached

    def has(self, name: str) -> bool:
        """Whether the file has a column for a canonical name."""
        return name in self.columns

    def issue(
        self, i: int | None, column: str | None, message: str, severity: str = "error"
    ) -> None:
        """Record a problem at frame position ``i`` (None: whole file) and canonical ``column``."""
        row = None if i is None else int(self.rows[i])
        header = None if column is None else self.columns.get(column, column)
        self.issues.append(Issue(self.label, row, header, message, severity))


def normalize_header(text: object) -> str:
    r"""Return a header in comparable form: lower case, ASCII, words joined by underscores.

    Examples
    --------
    >>> normalize_header("\\ufeffKode Desa ")
    'kode_desa'
    >>> normalize_header("Jumlah-TPS")
    'jumlah_tps'
    """
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s.strip().lower()).strip("_")
    return s


def read_table(
    path: Path,
    *,
    known_headers: Iterable[str] = (),
    crs: str | None = None,
    label: str | None = None,
) -> RawTable:
    """Read one file into a :class:`RawTable`.

    Parameters
    ----------
    path
        The file.
    known_headers
        Normalised header spellings the caller understands; used to find the header row below
        title rows in spreadsheets.
    crs
        CRS to assume for spatial files that carry none and for CSV coordinates (default lon/lat).
    label
        Name to use in messages (default: the file name).

    Raises
    ------
    InputDataError
        When the file cannot be read at all (missing, empty, unknown format, no CRS …).
    """
    label = label or path.name
    if not path.exists():
        msg = f"Berkas {label} tidak ditemukan."
        raise InputDataError(msg, [Issue(label, None, None, "berkas tidak ada")])
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        msg = f"Berkas {label} kosong."
        raise InputDataError(msg, [Issue(label, None, None, "berkas kosong (0 byte)")])
    known = {normalize_header(h) for h in known_headers}
    try:
        if suffix in {".csv", ".txt", ".tsv"}:
            return _read_csv(path, label, known)
        if suffix in {".xlsx", ".xlsm"}:
            return _read_xlsx(path, label, known)
        if suffix in SPATIAL:
            return _read_spatial(path, label, crs)
    except InputDataError:
        raise
    except Exception as exc:
        msg = f"Berkas {label} tidak dapat dibaca."
        raise InputDataError(
            msg, [Issue(label, None, None, f"format {suffix} tidak terbaca: {exc}")]
        ) from exc
    msg = f"Format berkas {label} tidak dikenal."
    expected = ", ".join(sorted(TABULAR | SPATIAL))
    raise InputDataError(
        msg, [Issue(label, None, None, f"akhiran {suffix!r}; yang didukung: {expected}")]
    )


# ---------------------------------------------------------------------------------------------
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode(data: bytes, label: str) -> tuple[str, list[Issue]]:
    """Decode CSV bytes: UTF-8 (with BOM), UTF-16 with BOM, else Windows-1252.

    A file that is UTF-8 apart from a few stray bytes keeps its UTF-8 reading: only the
    bad bytes become U+FFFD, and the warning names their lines. Reading such a file as
    Windows-1252 would garble every accented letter ("DÃ©sa").
    """
    for enc in (
        ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    ):
        try:
            return data.decode(enc), []
        except UnicodeDecodeError:
            continue
    if b"\x00" in data:
        msg = f"Berkas {label} bukan teks CSV."
        raise InputDataError(
            msg,
            [Issue(label, None, None, "berisi byte biner (NUL); diharapkan teks CSV")],
        )
    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8-sig", errors="replace")
        lines = [n for n, line in enumerate(text.splitlines(), start=1) if "\ufffd" in line]
        where = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
        return text, [
            Issue(
                label,
                None,
                None,
                f"berkas UTF-8 dengan byte tidak sah di baris {where}; byte itu diganti "
                "dengan � (periksa nama di baris tersebut)",
                "warning",
            )
        ]
    text = data.decode("cp1252", errors="replace") if _is_cp1252(data) else data.decode("latin-1")
    return text, [
        Issue(label, None, None, "bukan UTF-8; dibaca sebagai Windows-1252/Latin-1", "warning")
    ]


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


SEPARATORS = (",", ";", "\t", "|")


def _sniff_sep(lines: Sequence[str], known: set[str] | frozenset[str] = frozenset()) -> str:
    """Decide the separator from the header line alone (text below it may hold any symbol).

    With known headers, the header line is the first of the first 15 lines where a separator
    splits it into two or more known headers; otherwise it is the first line with a
    separator, and the separator is the one it holds most often.
    """
    sample = [ln for ln in lines[:15] if ln.strip()]
    if known:
        best, best_hits = None, 1
        for line in sample:
            for sep in SEPARATORS:
                cells = next(csv.reader([line], delimiter=sep), [])
                hits = sum(normalize_header(c) in known for c in cells)
                if hits > best_hits:
                    best, best_hits = sep, hits
            if best is not None:
                return best
    for line in sample:
        counts = {sep: line.count(sep) for sep in SEPARATORS}
        sep = max(SEPARATORS, key=lambda k: counts[k])
        if counts[sep]:
            return sep
    return ","


def _find_header(rows: list[list[str]], known: set[str]) -> int:
    """Return the header row index: the first of the first 15 rows with ≥ 2 known headers."""
    if known:
        for i, row in enumerate(rows[:15]):
            hits = sum(normalize_header(c) in known for c in row if str(c).strip())
            if hits >= 2 or (hits == 1 and sum(bool(str(c).strip()) for c in row) == 1):
                return i
    for i, row in enumerate(rows):
        if sum(bool(str(c).strip()) for c in row) >= 1:
            return i
    return 0


def _to_frame(rows: list[list[Any]], start_row: int, label: str, known: set[str]) -> RawTable:
    """Build a RawTable from rows of cells; ``start_row`` is the user-visible number of rows[0]."""
    issues: list[Issue] = []
    h = _find_header(rows, known)
    header = [str(c).strip() if c is not None else "" for c in rows[h]] if rows else []
    while header and header[-1] == "":
        header.pop()
    if not header:
        msg = f"Berkas {label} kosong."
        raise InputDataError(msg, [Issue(label, None, None, "tidak ada baris judul kolom")])
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if not name:
            header[j] = f"kolom_{j + 1}"
        key = normalize_header(header[j])
        if key in seen:
            issues.append(
                Issue(
                    label,
                    start_row + h,
                    header[j],
                    f"judul kolom ganda (juga kolom ke-{seen[key] + 1})",
                )
            )
        seen[key] = j
    data, numbers = [], []
    width = len(header)
    for k, row in enumerate(rows[h + 1 :], start=h + 1):
        cells = [c if type(c) is str else ("" if c is None else _cell_text(c)) for c in row]
        if not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            issues.append(
                Issue(
                    label,
                    start_row + k,
                    None,
                    f"baris punya {width + len(extra)} nilai, judul hanya {width} kolom",
                )
            )
        cells = (cells + [""] * width)[:width]
        data.append([c.strip() for c in cells])
        numbers.append(start_row + k)
    frame = pd.DataFrame(data, columns=_dedupe(header), dtype=object)
    if frame.empty:
        issues.append(
            Issue(label, start_row + h, None, "tidak ada baris data di bawah judul kolom")
        )
    return RawTable(
        label, frame, np.asarray(numbers, dtype=int), None, issues, header_row=start_row + h
    )


def _dedupe(header: list[str]) -> list[str]:
    out, seen = [], set()
    for name in header:
        n, k = name, 2
        while n in seen:
            n, k = f"{name}_{k}", k + 1
        seen.add(n)
        out.append(n)
    return out


def _cell_text(value: Any) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _read_csv(path: Path, label: str, known: set[str]) -> RawTable:
    data = path.read_bytes()
    if not data.strip(b" \r\n\t\xef\xbb\xbf"):
        msg = f"Berkas {label} kosong."
        raise InputDataError(msg, [Issue(label, None, None, "berkas hanya berisi spasi")])
    text, issues = _decode(data, label)
    lines = text.splitlines()
    limits = _LIMITS.get()
    if len(lines) > limits.max_rows + 20:
        raise _too_big(
            label, f"{len(lines):,} baris", f"paling banyak {limits.max_rows:,} baris per berkas"
        )
    sep = _sniff_sep(lines, known)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        msg = f"Berkas {label} bukan CSV yang sah."
        raise InputDataError(msg, [Issue(label, None, None, str(exc))]) from exc
    table = _to_frame(rows, 1, label, known)
    table.issues[:0] = issues
    return table


def _read_xlsx(path: Path, label: str, known: set[str]) -> RawTable:
    import openpyxl

    if not zipfile.is_zipfile(path):
        msg = f"Berkas {label} bukan XLSX."
        raise InputDataError(
            msg,
            [
                Issue(
                    label, None, None, "bukan arsip XLSX (Excel 2007+); simpan ulang sebagai .xlsx"
                )
            ],
        )
    limits = _LIMITS.get()
    _check_zip(path, label, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        best: RawTable | None = None
        best_hits = -1
        for ws in wb.worksheets:
            declared = ws.max_row or 0
            if declared > limits.max_rows + 20:
                raise _too_big(
                    label,
                    f"lembar {ws.title!r} menyatakan {declared:,} baris",
                    f"paling banyak {limits.max_rows:,} baris",
                )
            rows = []
            for r in ws.iter_rows(values_only=True):
                rows.append(list(r))
                if len(rows) > limits.max_rows + 20:
                    raise _too_big(
                        label,
                        f"lembar {ws.title!r} lebih dari {limits.max_rows:,} baris",
                        f"paling banyak {limits.max_rows:,} baris",
                    )
            if not rows or not any(any(c is not None and str(c).strip() for c in r) for r in rows):
                continue
            table = _to_frame(
                rows, 1, f"{label} [{ws.title}]" if len(wb.worksheets) > 1 else label, known
            )
            hits = sum(normalize_header(c) in known for c in table.frame.columns)
            if hits > best_hits:
                best, best_hits = table, hits
    finally:
        wb.close()
    if best is None:
        msg = f"Berkas {label} kosong."
        raise InputDataError(msg, [Issue(label, None, None, "tidak ada lembar berisi data")])
    return best


def _check_zip(path: Path, label: str, limits: ReadLimits) -> None:
    """Refuse an XLSX whose unpacked size or compression ratio is that of a bomb (no parsing)."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > limits.max_unpacked:
        raise _too_big(
            label,
            f"isi XLSX {unpacked / 1e6:,.0f} MB setelah dibuka",
            f"paling banyak {limits.max_unpacked / 1e6:,.0f} MB",
        )
    if unpacked > 10_000_000 and unpacked / packed > limits.max_ratio:
        raise _too_big(
            label,
            f"isi XLSX mengembang {unpacked / packed:,.0f} kali ({unpacked / 1e6:,.0f} MB)",
            f"berkas Excel biasa paling banyak {limits.max_ratio:,.0f} kali",
        )


def _read_spatial(path: Path, label: str, crs: str | None) -> RawTable:
    import pyogrio

    suffix = path.suffix.lower()
    source = str(path)
    if suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            shps = [
                n
                for n in zf.namelist()
                if n.lower().endswith((".shp", ".geojson", ".gpkg", ".kml"))
            ]
        if not shps:
            msg = f"Arsip {label} tidak berisi data spasial."
            raise InputDataError(
                msg,
                [Issue(label, None, None, "tidak ada .shp/.geojson/.gpkg/.kml di dalam zip")],
            )
        source = f"/vsizip/{path}/{shps[0]}"
    elif suffix == ".kmz":
        source = f"/vsizip/{path}"
    layers = [name for name, _ in pyogrio.list_layers(source)]
    frames = []
    for layer in layers:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = pyogrio.read_dataframe(source, layer=layer)
        if len(gdf):
            frames.append(gdf)
    if not frames:
        msg = f"Berkas {label} tidak berisi fitur."
        raise InputDataError(msg, [Issue(label, None, None, "0 fitur")])
    gdf = (
        frames[0]
        if len(frames) == 1
        else gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    )
    issues: list[Issue] = []
    geom = gdf.geometry
    geom, assumed = assume_crs(geom, label, crs)
    if assumed is not None:
        issues.append(Issue(label, None, None, assumed, "warning"))
    if geom.crs is not None and not geom.crs.equals("EPSG:4326"):
        geom = geom.to_crs("EPSG:4326")
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    frame = pd.DataFrame(
        {
            c: [_cell_text(v) if v is not None and not _isnan(v) else "" for v in attrs[c]]
            for c in attrs.columns
        },
        dtype=object,
    )
    if frame.shape[1] == 0:
        frame = pd.DataFrame(index=range(len(gdf)))
    geometry = gpd.GeoSeries(np.asarray(geom.values), crs="EPSG:4326", index=frame.index)
    rows = np.arange(2, len(frame) + 2)
    return RawTable(label, frame, rows, geometry, issues)


def _isnan(v: Any) -> bool:
    return isinstance(v, float) and np.isnan(v)


def geometry_problems(geoms: gpd.GeoSeries) -> list[tuple[int, str]]:
    """Return (position, reason) for every invalid geometry."""
    arr = np.asarray(geoms.values)
    present = ~shapely.is_missing(arr)
    valid = shapely.is_valid(arr)
    out = []
    for i in np.flatnonzero(present & ~valid):
        out.append((int(i), str(shapely.is_valid_reason(arr[i]))))
    return out
