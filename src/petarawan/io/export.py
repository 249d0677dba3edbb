"""Write workspace layers to GeoPackage, GeoJSON, CSV, XLSX or KML."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from petarawan.errors import InputDataError
from petarawan.io.cells import safe_frame

__all__ = ["FORMATS", "write_layers"]

FORMATS = ("gpkg", "geojson", "csv", "xlsx", "kml")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose list/dict cells are text, so every writer accepts them."""
    out = frame.copy()
    for col in out.columns:
        if col == "geometry":
            continue
        if out[col].dtype == object:
            out[col] = [
                ";".join(map(str, v)) if isinstance(v, list | tuple) else v for v in out[col]
            ]
    return out


def write_layers(layers: Mapping[str, pd.DataFrame], fmt: str, out: Path) -> list[Path]:
    """Write ``layers`` (name → GeoDataFrame or DataFrame) and return the files written.

    ``gpkg``, ``xlsx`` and ``kml`` write one file holding every layer (KML: spatial layers only, as
    folders); ``geojson`` and ``csv`` write one file per layer into the folder ``out``.
    """
    if fmt not in FORMATS:
        msg = f"Format ekspor {fmt!r} tidak dikenal; pilihan: {', '.join(FORMATS)}"
        raise InputDataError(msg)
    written: list[Path] = []
    from openpyxl.styles import Font

    if fmt == "gpkg":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        for name, frame in layers.items():
            frame = _plain(frame)
            if not isinstance(frame, gpd.GeoDataFrame):
                frame = gpd.GeoDataFrame(
                    frame, geometry=gpd.GeoSeries([None] * len(frame), crs="EPSG:4326")
                )
            if len(frame) == 0:
                continue
            frame.to_file(out, layer=name, driver="GPKG", engine="pyogrio")
        written.append(out)
    elif fmt == "kml":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        for name, frame in layers.items():
            if not isinstance(frame, gpd.GeoDataFrame) or len(frame) == 0:
                continue
            frame = _plain(frame[frame.geometry.notna()])
            label = (
                "name"
                if "name" in frame.columns
                else ("tps_id" if "tps_id" in frame.columns else None)
            )
            kml = gpd.GeoDataFrame(
                frame.rename(columns={label: "Name"}) if label else frame,
                geometry="geometry",
                crs=frame.crs,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                kml.to_file(out, layer=name, driver="KML", engine="pyogrio", append=out.exists())
        written.append(out)
    elif fmt == "xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(out, engine="openpyxl") as xw:
            for name, frame in layers.items():
                table = _table(frame)
                table.to_excel(xw, sheet_name=name[:31], index=False)
                sheet = xw.sheets[name[:31]]
                sheet.freeze_panes = "A2"
                if len(table.columns):
                    sheet.auto_filter.ref = sheet.dimensions
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
                for col_cells in sheet.columns:
                    width = max(len(str(c.value or "")) for c in list(col_cells)[:200])
                    sheet.column_dimensions[col_cells[0].column_letter].width = min(
                        max(width + 2, 8), 50
                    )
        written.append(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in layers.items():
            if fmt == "csv":
                path = out / f"{name}.csv"
                _table(frame).to_csv(path, index=False)
            else:
                if not isinstance(frame, gpd.GeoDataFrame):
                    continue
                path = out / f"{name}.geojson"
                path.unlink(missing_ok=True)
                gpd.GeoDataFrame(_plain(frame)).to_file(path, driver="GeoJSON", engine="pyogrio")
            written.append(path)
    return written


def write_table_csv(frame: pd.DataFrame, out: Path) -> Path:
    """Write one layer (such as the TPS table) as a single CSV file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _table(frame).to_csv(out, index=False)
    return out


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop geometry (points keep lon/lat columns) for tabular formats; text stays text."""
    table = safe_frame(_plain(pd.DataFrame(frame)))
    if "geometry" in table.columns:
        table = table.drop(columns="geometry")
    for col in table.columns:
        if pd.api.types.is_datetime64_any_dtype(table[col]) and getattr(table[col].dt, "tz", None):
            table[col] = table[col].dt.tz_localize(None)
    return table
