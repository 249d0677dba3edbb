"""Every supported format reads the same TPS; exports reopen in the same formats."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from petarawan.io.export import write_layers
from petarawan.store import Workspace
from petarawan.store.importer import import_files
from petarawan.store.layers import workspace_layers

POINTS = [("5303012005002", 124.405, -9.395, 210), ("5303012006001", 124.425, -9.385, 305)]


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"kode_tps": [p[0] for p in POINTS], "dpt": [p[3] for p in POINTS]},
        geometry=[Point(p[1], p[2]) for p in POINTS],
        crs="EPSG:4326",
    )


def _write(fmt: str, folder: Path) -> Path:
    gdf = _frame()
    if fmt == "csv":
        path = folder / "tps.csv"
        pd.DataFrame(
            {
                "kode_tps": gdf["kode_tps"],
                "dpt": gdf["dpt"],
                "longitude": gdf.geometry.x,
                "latitude": gdf.geometry.y,
            }
        ).to_csv(path, index=False)
    elif fmt == "xlsx":
        path = folder / "tps.xlsx"
        pd.DataFrame(
            {
                "Kode TPS": gdf["kode_tps"],
                "DPT": gdf["dpt"],
                "Bujur": gdf.geometry.x,
                "Lintang": gdf.geometry.y,
            }
        ).to_excel(path, index=False)
    elif fmt == "geojson":
        path = folder / "tps.geojson"
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    elif fmt == "gpkg":
        path = folder / "tps.gpkg"
        gdf.to_crs("EPSG:32751").to_file(
            path, driver="GPKG", engine="pyogrio"
        )  # reprojected on import
    elif fmt in ("shp", "zip"):
        shp = folder / "shp"
        shp.mkdir()
        gdf.to_file(shp / "tps.shp", engine="pyogrio")
        path = shp / "tps.shp"
        if fmt == "zip":
            path = folder / "tps.zip"
            with zipfile.ZipFile(path, "w") as zf:
                for f in shp.iterdir():
                    zf.write(f, f.name)
    else:  # kml: the name of each placemark is the TPS id
        path = folder / "tps.kml"
        gdf.rename(columns={"kode_tps": "Name"}).drop(columns="dpt").rename(
            columns={"Name": "kode_tps"}
        ).to_file(path, driver="KML", engine="pyogrio")
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson", "gpkg", "shp", "zip", "kml"])
def test_tps_points_from_every_format(seeded: Workspace, tmp_path: Path, fmt: str) -> None:
    path = _write(fmt, tmp_path)
    report = import_files(seeded, "tps", [path])
    assert report.tables["tps"].new == 2
    tps = seeded.tps().set_index("tps_id")
    for tid, lon, lat, dpt in POINTS:
        assert tps.loc[tid, "lon"] == pytest.approx(lon, abs=1e-6)
        assert tps.loc[tid, "lat"] == pytest.approx(lat, abs=1e-6)
        assert tps.loc[tid, "location_source"] == "surveyed"
        if fmt != "kml":
            assert tps.loc[tid, "voters"] == dpt


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "csv", "xlsx", "kml"])
def test_export_every_format(seeded: Workspace, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("ekspor" if fmt in ("geojson", "csv") else f"ekspor.{fmt}")
    written = write_layers(workspace_layers(seeded), fmt, out)
    assert written and all(p.exists() and p.stat().st_size > 0 for p in written)
    if fmt == "gpkg":
        import pyogrio

        layers = {name for name, _ in pyogrio.list_layers(out)}
        assert {"desa", "tps", "satuan"} <= layers
        desa = gpd.read_file(out, layer="desa", engine="pyogrio")
        assert len(desa) == 4 and desa.crs.to_epsg() == 4326
    elif fmt == "kml":
        text = out.read_text(encoding="utf-8")
        assert "<kml" in text and "Bokon" in text and "5303012005001" in text
    elif fmt == "csv":
        tps = pd.read_csv(out / "tps.csv", dtype=str)
        assert list(tps["tps_id"]) == ["5303012005001"]
        # an exported TPS file re-imports without change
        again = import_files(seeded, "tps", [out / "tps.csv"])
        assert again.changed_rows == 0
    elif fmt == "xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert {"desa", "tps", "satuan"} <= set(sheets)
