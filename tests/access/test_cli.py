"""The indicator commands end to end: demo regency, real TTU data on the fallback, bad inputs."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from rasterio.transform import Affine

from petarawan.cli import main
from petarawan.domain.incidents import GROUPS
from petarawan.domain.indicators import REGISTRY
from petarawan.store import Workspace
from petarawan.store.importer import import_files

TPS_IDS = [
    "travel_time_min",
    "travel_method",
    "travel_time_hq_min",
    "units_within_30",
    "units_within_60",
    "elevation_m",
    "slope_deg",
    "ruggedness_m",
    "incident_score",
    "border_distance_km",
    "area_per_officer_km2",
    "voters_per_officer",
    "tps_per_officer",
]
DESA_IDS = [
    "elevation_mean_m",
    "elevation_p90_m",
    "slope_mean_deg",
    "slope_p90_deg",
    "ruggedness_mean_m",
    "incident_score",
    "hotspot_score",
    "travel_time_mean_min",
    "travel_time_max_min",
    "border_distance_km",
    "area_per_officer_km2",
    "voters_per_officer",
    *[f"incident_score_{g}" for g in GROUPS],
]


def test_registry_holds_the_contract_ids() -> None:
    assert {d.split(":", 1)[1] for d in REGISTRY if d.startswith("tps:")} == set(TPS_IDS)
    assert {d.split(":", 1)[1] for d in REGISTRY if d.startswith("desa:")} == set(DESA_IDS)
    assert GROUPS == (
        "kekerasan",
        "intimidasi",
        "politik_uang",
        "sara",
        "netralitas",
        "logistik",
        "lainnya",
    )
    for d in REGISTRY.values():
        assert d.unit and d.method and d.source


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    from petarawan.demo.regency import generate_regency

    root = tmp_path_factory.mktemp("demo")
    data = root / "data"
    files = generate_regency(data, seed=2024)
    path = root / "ws"
    with Workspace.open(path) as ws:
        import_files(ws, "regions", [files.wilayah])
        import_files(ws, "regions", [files.kabupaten, files.kecamatan, files.desa])
        import_files(ws, "tps", [files.tps])
        import_files(ws, "units", [files.satuan])
        import_files(ws, "incidents", [files.kejadian])
    assert main(["import", "dem", str(files.dem), "-w", str(path)]) == 0
    assert main(["import", "roads", str(files.jalan), "-w", str(path)]) == 0
    assert main(["import", "border", str(files.batas_negara), "-w", str(path)]) == 0
    assert main(["indicators", "-w", str(path)]) == 0
    yield path, data


def test_demo_stores_every_indicator(demo_ws: tuple[Path, Path]) -> None:
    path, _ = demo_ws
    with Workspace.open(path) as ws:
        tps = ws.indicators("tps")
        desa = ws.indicators("desa")
        meta = ws.indicator_meta()
        n_tps = len(ws.tps())
    assert set(TPS_IDS) <= set(tps.columns)
    assert set(DESA_IDS) <= set(desa.columns)
    assert len(tps) == n_tps
    assert set(tps["travel_method"].unique()) <= {"road", "terrain", "straight"}
    assert tps["travel_method"].eq("road").all()  # the demo has a connected network
    assert tps[["travel_time_min", "elevation_m", "slope_deg"]].notna().all().all()
    assert (tps["travel_time_min"] > 0).all()
    assert (tps["travel_time_hq_min"] >= tps["travel_time_min"] - 1e-9).all()
    assert (tps["units_within_60"] >= tps["units_within_30"]).all()
    assert desa["hotspot_score"].between(0, 100).all()
    assert meta.set_index("indicator").loc["travel_time_min", "unit"] == "menit"
    assert (path / "layers" / "hillshade.tif").exists()
    table = pd.read_csv(path / "outputs" / "waktu_tempuh_tps.csv", dtype={"tps_id": str})
    assert {"tps_id", "lon", "lat", "travel_time_min", "travel_method", "nearest_unit"} <= set(
        table
    )


def test_demo_mountain_tps_far_from_roads_take_longest(demo_ws: tuple[Path, Path]) -> None:
    path, _ = demo_ws
    with Workspace.open(path) as ws:
        ind = ws.indicators("tps")
        tps = ws.tps().set_index("tps_id")
    roads = gpd.read_file(path / "layers" / "roads.gpkg").to_crs("EPSG:32751")
    pts = tps.geometry.to_crs("EPSG:32751")
    road_m = pts.distance(roads.union_all())
    frame = ind.join(road_m.rename("road_m"))
    longest = frame.nlargest(10, "travel_time_min")
    rest = frame.drop(longest.index)
    assert longest["road_m"].median() > 3 * rest["road_m"].median()
    assert longest["elevation_m"].median() > rest["elevation_m"].quantile(0.9)


def test_ttu_real_data_works_on_the_straight_line_fallback(
    tmp_path: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = shared_data / "region_codes"
    path = tmp_path / "ttu"
    with Workspace.open(path) as ws:
        import_files(
            ws,
            "regions",
            [
                codes / "idn_provinces.csv",
                codes / "idn_regencies.csv",
                codes / "ttu_districts.csv",
                codes / "ttu_villages.csv",
            ],
        )
        import_files(ws, "regions", [shared_data / "boundaries" / "ttu_desa.geojson"])
        import_files(
            ws, "tps", [shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"]
        )
        # a Polres at Kota Kefamenanu and a Polsek per kecamatan, at the kecamatan centroids
        kec = ws.regions("kecamatan").set_index("code")
        desa = ws.regions("desa")
        desa = desa[desa.geometry.notna()]
        cent = desa.to_crs("EPSG:32751").dissolve(by="parent_code").centroid.to_crs("EPSG:4326")
        rows = ["kode,nama,jenis,induk,longitude,latitude,polri"]
        for code, pt in cent.items():
            name = kec.loc[code, "name"]
            if name == "Kota Kefamenanu":
                rows.append(f"POLRES-TTU,Polres TTU,polres,,{pt.x:.6f},{pt.y:.6f},250")
            else:
                rows.append(
                    f"POLSEK-{code},Polsek {name},polsek,POLRES-TTU,{pt.x:.6f},{pt.y:.6f},8"
                )
        units = tmp_path / "satuan.csv"
        units.write_text("\n".join(rows) + "\n", encoding="utf-8")
        import_files(ws, "units", [units])
    capsys.readouterr()
    assert main(["indicators", "-w", str(path), "--detour-factor", "1.5", "--speed-kmh", "25"]) == 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "CADANGAN" in text
    assert "garis lurus" in text
    with Workspace.open(path) as ws:
        ind = ws.indicators("tps")
        meta = ws.indicator_meta("tps").set_index("indicator")
    assert len(ind) == 774
    assert ind["travel_method"].eq("straight").all()
    assert (ind["travel_time_min"] > 0).all()
    # no DEM and no border: those indicators are absent, never zero
    assert "elevation_m" not in ind.columns and "border_distance_km" not in ind.columns
    assert "elevation_m" not in meta.index
    capsys.readouterr()  # drop the human output before the JSON run
    assert main(["indicators", "-w", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["fallback_taken"] is True
    assert set(payload["missing_layers"]) >= {"dem", "roads", "border", "incidents"}


# -- bad input ------------------------------------------------------------------------------------
def _write_dem(
    path: Path,
    west: float,
    north: float,
    *,
    crs: str = "EPSG:4326",
    cell: float = 0.001,
    n: int = 50,
    value: float | None = None,
) -> Path:
    rr, cc = np.mgrid[0:n, 0:n]
    base = 300.0 + rr * 2.0 + cc if value is None else np.full((n, n), value)
    data = base.astype("float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=n,
        height=n,
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(cell, 0.0, west, 0.0, -cell, north),
        nodata=-9999.0,
    ) as dst:
        dst.write(data, 1)
    return path


def test_dem_not_covering_the_regency_is_refused(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = demo_ws
    far = _write_dem(tmp_path / "jawa.tif", 110.0, -7.0)
    capsys.readouterr()
    assert main(["import", "dem", str(far), "-w", str(path)]) == 2
    err = capsys.readouterr().err
    assert "tidak mencakup" in err and "jawa.tif" in err


def test_dem_partly_covering_warns(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = demo_ws
    copy = tmp_path / "ws_copy"
    import shutil

    shutil.copytree(path, copy)
    with Workspace.open(copy) as ws:
        b = ws.regions("desa").total_bounds
    part = _write_dem(tmp_path / "part.tif", float(b[0]), float(b[3]), cell=0.002, n=60)
    capsys.readouterr()
    assert main(["import", "dem", str(part), "-w", str(copy)]) == 0
    assert "hanya mencakup" in capsys.readouterr().err
    assert main(["indicators", "-w", str(copy)]) == 0
    with Workspace.open(copy) as ws:
        ind = ws.indicators("tps")
    # outside the DEM: elevation missing (NaN), never 0
    assert ind["elevation_m"].isna().any()
    assert (ind["elevation_m"].dropna() > 0).all()


def test_roads_in_another_crs_are_reprojected(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data = demo_ws
    roads = gpd.read_file(data / "jalan.geojson").to_crs("EPSG:32751")
    utm = tmp_path / "jalan_utm.gpkg"
    roads.to_file(utm, driver="GPKG")
    copy = tmp_path / "ws_copy"
    import shutil

    shutil.copytree(path, copy)
    capsys.readouterr()
    assert main(["import", "roads", str(utm), "-w", str(copy)]) == 0
    assert "Diproyeksikan dari EPSG:32751" in capsys.readouterr().out


def test_roads_in_metres_without_crs_are_refused(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data = demo_ws
    roads = gpd.read_file(data / "jalan.geojson").to_crs("EPSG:32751")
    shp = tmp_path / "jalan.shp"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided", category=UserWarning)
        roads.set_crs(None, allow_override=True).to_file(shp)
    (tmp_path / "jalan.prj").unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["import", "roads", str(shp), "-w", str(path)]) == 2
    err = capsys.readouterr().err
    assert "tidak punya CRS" in err and "--crs" in err
    assert main(["import", "roads", str(shp), "-w", str(path), "--crs", "EPSG:32751"]) == 0


def test_roads_declared_lonlat_but_in_metres_are_refused(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data = demo_ws
    roads = gpd.read_file(data / "jalan.geojson").to_crs("EPSG:32751")
    wrong = tmp_path / "jalan_salah.gpkg"
    roads.set_crs("EPSG:4326", allow_override=True).to_file(wrong, driver="GPKG")
    capsys.readouterr()
    assert main(["import", "roads", str(wrong), "-w", str(path)]) == 2
    assert "meter" in capsys.readouterr().err


def test_roads_elsewhere_are_refused(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data = demo_ws
    roads = gpd.read_file(data / "jalan.geojson")
    moved = roads.set_geometry(roads.geometry.translate(xoff=-14.0, yoff=3.0))
    far = tmp_path / "jalan_jawa.geojson"
    moved.to_file(far, driver="GeoJSON")
    capsys.readouterr()
    assert main(["import", "roads", str(far), "-w", str(path)]) == 2
    assert "tidak berada di wilayah" in capsys.readouterr().err


def test_disconnected_network_warns_and_falls_back(
    demo_ws: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data = demo_ws
    copy = tmp_path / "ws_copy"
    import shutil

    shutil.copytree(path, copy)
    roads = gpd.read_file(data / "jalan.geojson")
    # keep only short pieces around a few desa: many TPS end up on pieces without a unit
    sub = roads.iloc[::7].copy()
    sub["geometry"] = sub.geometry.apply(lambda g: g.interpolate(0.0).buffer(0.01).intersection(g))
    sub = sub[~sub.geometry.is_empty]
    cut = tmp_path / "jalan_putus.geojson"
    sub.to_file(cut, driver="GeoJSON")
    capsys.readouterr()
    assert main(["import", "roads", str(cut), "-w", str(copy)]) == 0
    assert "terpecah" in capsys.readouterr().err
    assert main(["indicators", "-w", str(copy)]) == 0
    text = "".join(capsys.readouterr())
    assert "CADANGAN" in text or "cadangan" in text
    with Workspace.open(copy) as ws:
        ind = ws.indicators("tps")
    assert ind["travel_method"].isin(["terrain", "straight"]).any()
    assert (ind["travel_time_min"] > 0).all()


def test_bad_speed_and_point_geometry_are_listed_with_rows(tmp_path: Path) -> None:
    from petarawan.errors import InputDataError
    from petarawan.io.lines import read_lines

    bad = tmp_path / "jalan_rusak.geojson"
    bad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"speed_kmh": 40},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[124.0, -9.4], [124.1, -9.4]],
                        },
                    },
                    {
                        "type": "Feature",
                        "properties": {"speed_kmh": "cepat"},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[124.0, -9.5], [124.1, -9.5]],
                        },
                    },
                    {
                        "type": "Feature",
                        "properties": {"speed_kmh": 30},
                        "geometry": {"type": "Point", "coordinates": [124.0, -9.5]},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as info:
        read_lines(bad)
    issues = {(i.row, i.column) for i in info.value.issues}
    assert (3, "speed_kmh") in issues
    assert (4, "geometry") in issues


def test_dem_reader_reprojects_and_rejects_nonsense(tmp_path: Path) -> None:
    from petarawan.errors import InputDataError
    from petarawan.io.raster import read_dem

    dem = read_dem(_write_dem(tmp_path / "ll.tif", 124.0, -9.3))
    assert dem.crs == "EPSG:32751"
    assert 100 < dem.cell_size[0] < 120  # 0.001° ≈ 110 m
    assert np.nanmin(dem.values) >= 299 and np.nanmax(dem.values) <= 500
    with pytest.raises(InputDataError, match="rentang"):
        read_dem(_write_dem(tmp_path / "cm.tif", 124.0, -9.3, value=120000.0))
    with pytest.raises(InputDataError, match="tidak berisi satu pun"):
        read_dem(_write_dem(tmp_path / "nd.tif", 124.0, -9.3, value=-9999.0))
