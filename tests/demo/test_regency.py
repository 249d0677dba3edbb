"""Tests of the synthetic demo regency generator: determinism, sizes, topology, tables, import."""

from __future__ import annotations

import filecmp
import itertools
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely

from petarawan.demo import RegencyFiles, generate_regency
from petarawan.demo._tables import PHASE_WINDOWS
from petarawan.domain import columns as C
from petarawan.domain.checklist import checklist_columns
from petarawan.domain.codes import normalize_code, parent_of

UTM = "EPSG:32751"
VECTOR_FILES = [
    "wilayah.csv",
    "kabupaten.geojson",
    "kecamatan.geojson",
    "desa.geojson",
    "jalan.geojson",
    "batas_negara.geojson",
    "tps.csv",
    "satuan.csv",
    "kejadian.csv",
    "tokoh.csv",
    "pertemuan.csv",
    "dinamika_politik.csv",
    "README.txt",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RegencyFiles:
    return generate_regency(tmp_path_factory.mktemp("demo") / "data", seed=2024)


@pytest.fixture(scope="module")
def desa(demo: RegencyFiles) -> gpd.GeoDataFrame:
    return gpd.read_file(demo.desa)


@pytest.fixture(scope="module")
def kecamatan(demo: RegencyFiles) -> gpd.GeoDataFrame:
    return gpd.read_file(demo.kecamatan)


@pytest.fixture(scope="module")
def regency(demo: RegencyFiles) -> gpd.GeoDataFrame:
    return gpd.read_file(demo.kabupaten)


@pytest.fixture(scope="module")
def roads(demo: RegencyFiles) -> gpd.GeoDataFrame:
    return gpd.read_file(demo.jalan)


@pytest.fixture(scope="module")
def tps(demo: RegencyFiles) -> gpd.GeoDataFrame:
    frame = pd.read_csv(demo.tps, dtype={"kode_desa": str})
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs="EPSG:4326"
    )


@pytest.fixture(scope="module")
def incidents(demo: RegencyFiles) -> gpd.GeoDataFrame:
    frame = pd.read_csv(demo.kejadian, dtype={"kode_desa": str, "no_tps": "Int64"})
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs="EPSG:4326"
    )


@pytest.fixture(scope="module")
def units(demo: RegencyFiles) -> pd.DataFrame:
    return pd.read_csv(demo.satuan, dtype=str, keep_default_na=False)


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(demo: RegencyFiles, tmp_path: Path) -> None:
    again = generate_regency(tmp_path / "again", seed=2024)
    for name in [*VECTOR_FILES, "dem.tif"]:
        assert filecmp.cmp(demo.directory / name, again.directory / name, shallow=False), name


def test_different_seed_gives_different_regency(demo: RegencyFiles, tmp_path: Path) -> None:
    other = generate_regency(tmp_path / "other", seed=7)
    for name in ("desa.geojson", "tps.csv", "jalan.geojson", "kejadian.csv", "dem.tif"):
        assert (demo.directory / name).read_bytes() != (other.directory / name).read_bytes(), name


def test_every_file_is_written(demo: RegencyFiles) -> None:
    names = sorted(p.name for p in demo.paths())
    assert names == sorted([*VECTOR_FILES, "dem.tif"])
    assert all(p.stat().st_size > 0 for p in demo.paths())
    assert "SINTETIS" in demo.readme.read_text(encoding="utf-8")


# --- sizes -----------------------------------------------------------------------------------


def test_counts_in_expected_ranges(demo: RegencyFiles, tps: pd.DataFrame) -> None:
    assert 22 <= demo.n_kecamatan <= 26
    assert 180 <= demo.n_desa <= 200
    assert 740 <= demo.n_tps <= 800
    assert 180_000 <= demo.n_voters <= 220_000
    assert tps["dpt"].max() <= 600
    assert tps["dpt"].min() > 0
    assert demo.n_polri == 425
    assert 60 <= demo.n_incidents <= 150
    assert demo.n_tps == len(tps)
    assert demo.n_voters == tps["dpt"].sum()


def test_size_resembles_a_timor_regency(regency: gpd.GeoDataFrame) -> None:
    area_km2 = regency.to_crs(UTM).area.iloc[0] / 1e6
    assert 2000 < area_km2 < 3200
    minx, miny, maxx, maxy = regency.to_crs(UTM).total_bounds
    assert 45_000 < maxx - minx < 65_000
    assert 48_000 < maxy - miny < 70_000
    lon, lat = regency.geometry.iloc[0].centroid.coords[0]
    assert 124.1 < lon < 124.9
    assert -9.7 < lat < -9.0


# --- regions ---------------------------------------------------------------------------------


def test_wilayah_codes_and_kinds(
    demo: RegencyFiles, desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    wil = pd.read_csv(demo.wilayah, dtype=str)
    assert list(wil.columns) == ["kode", "nama", "tipe"]
    assert wil["kode"].is_unique
    assert set(wil["tipe"]) == {"provinsi", "kabupaten", "kecamatan", "desa", "kelurahan"}
    assert wil.loc[wil.tipe == "provinsi", "kode"].tolist() == ["53"]
    assert wil.loc[wil.tipe == "kabupaten", "kode"].tolist() == ["53.90"]
    codes = set(wil["kode"])
    for code, kind in zip(wil["kode"], wil["tipe"], strict=True):
        assert normalize_code(code) == code
        parent = parent_of(code)
        assert parent is None or parent in codes
        if kind == "kelurahan":
            assert code.rsplit(".", 1)[1].startswith("1")
        if kind == "desa":
            assert code.rsplit(".", 1)[1].startswith("2")
    kel = wil[wil.tipe == "kelurahan"]
    assert 8 <= len(kel) <= 12
    assert kel["kode"].map(parent_of).nunique() == 1  # all in the capital kecamatan
    assert set(desa["kode"]) == set(wil.loc[wil.tipe.isin(["desa", "kelurahan"]), "kode"])
    assert set(kecamatan["kode"]) == set(wil.loc[wil.tipe == "kecamatan", "kode"])
    assert wil["nama"].str.len().min() >= 3
    assert desa["nama"].is_unique


def test_polygons_are_valid_and_simple(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame, regency: gpd.GeoDataFrame
) -> None:
    for frame in (desa, kecamatan, regency):
        assert frame.crs.to_epsg() == 4326
        assert frame.is_valid.all()
        assert (frame.geom_type == "Polygon").all()


def test_coordinates_have_six_decimals(demo: RegencyFiles) -> None:
    text = demo.desa.read_text(encoding="utf-8")
    assert "124." in text
    numbers = [
        tok
        for tok in text.replace("[", " ").replace("]", " ").replace(",", " ").split()
        if tok[:1].isdigit() or tok[:1] == "-"
    ]
    assert numbers
    assert all(len(tok.split(".")[1]) == 6 for tok in numbers[:2000])


def test_desa_tile_the_regency(desa: gpd.GeoDataFrame, regency: gpd.GeoDataFrame) -> None:
    d = desa.to_crs(UTM)
    reg = regency.to_crs(UTM).geometry.iloc[0]
    union = shapely.union_all(d.geometry.values)
    assert union.area == pytest.approx(reg.area, rel=1e-6)
    assert d.area.sum() == pytest.approx(union.area, rel=1e-6)  # no overlaps
    assert shapely.symmetric_difference(union, reg).area / reg.area < 1e-6
    tree = shapely.STRtree(d.geometry.values)
    left, right = tree.query(d.geometry.values, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(d.geometry.values[left[pairs]], d.geometry.values[right[pairs]])
    )
    assert overlap.max() < 1.0  # m²: neighbours only share edges


def test_kecamatan_is_exactly_the_union_of_its_desa(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    members = desa.assign(kec=desa["kode"].map(parent_of))
    for _, kec in kecamatan.iterrows():
        union = shapely.union_all(members.loc[members.kec == kec["kode"], "geometry"].values)
        assert shapely.symmetric_difference(union, kec.geometry).area < 1e-12 * max(
            union.area, 1e-9
        )
        assert union.normalize().equals_exact(kec.geometry.normalize(), tolerance=0)


def test_kecamatan_are_contiguous_with_realistic_sizes(desa: gpd.GeoDataFrame) -> None:
    sizes = desa["kode"].map(parent_of).value_counts()
    assert sizes.min() >= 3
    assert sizes.max() <= 25


def test_border_follows_the_regency_outline(demo: RegencyFiles, regency: gpd.GeoDataFrame) -> None:
    border = gpd.read_file(demo.batas_negara)
    assert len(border) == 1
    assert border.geom_type.iloc[0] == "LineString"
    assert border["nama"].iloc[0]
    line = border.to_crs(UTM).geometry.iloc[0]
    outline = regency.to_crs(UTM).geometry.iloc[0].exterior
    assert 40_000 < line.length < 120_000
    assert outline.buffer(0.01).covers(line)
    centre_y = regency.to_crs(UTM).geometry.iloc[0].centroid.y
    assert line.centroid.y > centre_y + 15_000  # on the northern side


# --- DEM -------------------------------------------------------------------------------------


def test_dem_is_utm_metres_with_ridges_and_valleys(
    demo: RegencyFiles, regency: gpd.GeoDataFrame
) -> None:
    with rasterio.open(demo.dem) as src:
        assert src.crs.to_epsg() == 32751
        assert src.res == (100.0, 100.0)
        assert src.nodata == -9999
        assert src.dtypes[0] == "float32"
        assert src.compression is not None and src.compression.value.lower() == "deflate"
        z = src.read(1, masked=True)
        bounds = src.bounds
    assert z.min() >= 0
    assert z.max() <= 2400
    assert z.max() > 1800  # a real mountain massif
    minx, miny, maxx, maxy = regency.to_crs(UTM).total_bounds
    assert bounds.left < minx and bounds.right > maxx
    assert bounds.bottom < miny and bounds.top > maxy
    relief = np.abs(np.diff(z.filled(np.nan), axis=1))
    assert np.nanpercentile(relief, 99) > 20  # steep slopes exist


# --- roads -----------------------------------------------------------------------------------


def test_road_classes_and_names(roads: gpd.GeoDataFrame) -> None:
    assert roads.crs.to_epsg() == 4326
    assert (roads.geom_type == "LineString").all()
    assert set(roads["highway"]) <= {"primary", "secondary", "tertiary", "unclassified", "track"}
    assert {"primary", "secondary", "unclassified", "track"} <= set(roads["highway"])
    major = roads[roads.highway.isin(["primary", "secondary"])]
    assert major["nama"].notna().all()


def test_road_network_is_connected_at_shared_vertices(roads: gpd.GeoDataFrame) -> None:
    graph = nx.Graph()
    for line in roads.geometry:
        coords = [tuple(c) for c in line.coords]
        graph.add_edges_from(itertools.pairwise(coords))
    assert nx.number_connected_components(graph) == 1


def test_roads_only_meet_at_shared_vertices(roads: gpd.GeoDataFrame) -> None:
    lines = roads.geometry.values
    left, right = shapely.STRtree(lines).query(lines, predicate="crosses")
    assert (left < right).sum() == 0
    assert roads.is_simple.all()


def test_every_desa_is_reached_by_a_road(desa: gpd.GeoDataFrame, roads: gpd.GeoDataFrame) -> None:
    tree = shapely.STRtree(roads.geometry.values)
    for poly in desa.geometry:
        assert len(tree.query(poly, predicate="intersects")) > 0


def test_a_few_tps_are_far_from_roads(tps: gpd.GeoDataFrame, roads: gpd.GeoDataFrame) -> None:
    network = shapely.union_all(roads.to_crs(UTM).geometry.values)
    dist = tps.to_crs(UTM).distance(network)
    far = int((dist > 3000).sum())
    assert 2 <= far <= 10
    assert dist.median() < 1000


# --- TPS -------------------------------------------------------------------------------------


def test_tps_columns_and_values(tps: pd.DataFrame) -> None:
    expected = [
        "kode_desa",
        "no_tps",
        "dpt",
        "longitude",
        "latitude",
        "tps_khusus",
        *checklist_columns(),
        "rawan_dukungan_berimbang",  # Polri criterion, not a Bawaslu indicator
    ]
    assert len(checklist_columns()) == 25
    assert list(tps.columns[:-1]) == expected
    for col in ["tps_khusus", *checklist_columns(), "rawan_dukungan_berimbang"]:
        assert set(tps[col]) <= {"ya", "tidak"}


def test_tps_numbering_and_special_tps(tps: pd.DataFrame, desa: gpd.GeoDataFrame) -> None:
    regular = tps[tps.tps_khusus == "tidak"]
    for _, group in regular.groupby("kode_desa"):
        assert sorted(group["no_tps"]) == list(range(1, len(group) + 1))
    assert set(regular["kode_desa"]) == set(desa["kode"])  # every desa votes
    special = tps[tps.tps_khusus == "ya"]
    assert len(special) == 1
    assert special["no_tps"].iloc[0] == 901
    assert special["rawan_lokasi_khusus"].iloc[0] == "ya"
    assert special["kode_desa"].iloc[0].split(".")[-1].startswith("1")  # in a kelurahan


def test_tps_lie_inside_their_desa_and_are_distinct(
    tps: gpd.GeoDataFrame, desa: gpd.GeoDataFrame
) -> None:
    polys = desa.set_index("kode").geometry
    inside = shapely.contains(polys.loc[tps["kode_desa"]].values, tps.geometry.values)
    assert inside.all()
    assert not tps[["longitude", "latitude"]].duplicated().any()
    pts = tps.to_crs(UTM)
    near = shapely.STRtree(pts.geometry.values).query(
        pts.geometry.values, predicate="dwithin", distance=20.0
    )
    assert (near[0] != near[1]).sum() == 0  # no two TPS within 20 m


def test_flag_rates_are_realistic_and_correlated(
    tps: gpd.GeoDataFrame, demo: RegencyFiles, incidents: gpd.GeoDataFrame
) -> None:
    rate = {c: (tps[c] == "ya").mean() for c in checklist_columns()}
    assert 0.15 < rate["rawan_dptb"] < 0.6
    assert 0.2 < rate["rawan_pemilih_disabilitas"] < 0.7
    assert rate["rawan_riwayat_kekerasan"] < 0.1
    assert max(rate.values()) < 0.7
    with rasterio.open(demo.dem) as src:
        xy = tps.to_crs(UTM).geometry
        elev = np.array([v[0] for v in src.sample(zip(xy.x, xy.y, strict=True))])
    hard = (tps["rawan_sulit_dijangkau"] == "ya").to_numpy()
    assert elev[hard].mean() > elev[~hard].mean() + 200
    inc = shapely.union_all(incidents.to_crs(UTM).geometry.values)
    d = xy.distance(inc).to_numpy()
    violent = (tps["rawan_riwayat_intimidasi"] == "ya").to_numpy()
    assert np.median(d[violent]) < np.median(d[~violent])


# --- units -----------------------------------------------------------------------------------


def test_units_structure_and_personnel(
    units: pd.DataFrame, tps: pd.DataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    assert list(units.columns) == [
        "kode",
        "nama",
        "jenis",
        "induk",
        "longitude",
        "latitude",
        "wilayah",
        "polri",
        "brimob",
        "tni",
        "linmas",
    ]
    for col in ("polri", "brimob", "tni", "linmas"):
        units[col] = units[col].astype(int)
    assert units["polri"].sum() == 425
    polres = units[units.jenis == "polres"]
    assert len(polres) == 1 and polres["induk"].iloc[0] == ""
    assert 0.35 <= polres["polri"].iloc[0] / 425 <= 0.45
    polsek = units[units.jenis == "polsek"]
    assert 14 <= len(polsek) <= 16
    assert (polsek["brimob"] == 0).all()
    assert polsek["wilayah"].str.count(";").max() in (1, 2)  # some cover 2–3 kecamatan
    assert 1 <= (units.jenis == "pos").sum() <= 5
    assert set(units.loc[units.induk != "", "induk"]) <= set(units["kode"])
    covered = [k for w in units["wilayah"] if w for k in w.split(";")]
    assert sorted(covered) == sorted(kecamatan["kode"])  # every kecamatan exactly once
    tps_per_kec = tps["kode_desa"].map(parent_of).value_counts()
    for _, u in units[units.wilayah != ""].iterrows():
        assert u["linmas"] == 2 * sum(tps_per_kec.get(k, 0) for k in u["wilayah"].split(";"))


def test_units_lie_in_the_regency(units: pd.DataFrame, regency: gpd.GeoDataFrame) -> None:
    reg = regency.geometry.iloc[0]
    pts = shapely.points(units["longitude"].astype(float), units["latitude"].astype(float))
    assert shapely.covers(reg.buffer(0.001), pts).all()


# --- incidents -------------------------------------------------------------------------------


def test_incident_columns_and_values(incidents: pd.DataFrame, tps: pd.DataFrame) -> None:
    assert list(incidents.columns[:-1]) == [
        "tanggal",
        "pemilu",
        "tahapan",
        "jenis",
        "tingkat",
        "korban",
        "kode_desa",
        "no_tps",
        "longitude",
        "latitude",
        "sumber",
        "status",
        "uraian",
    ]
    assert set(incidents["pemilu"]) == {"pemilu2024"}
    assert set(incidents["tahapan"]) <= set(C.PHASES)
    assert set(incidents["jenis"]) <= set(C.INCIDENT_TYPES) - {"bencana", "lainnya"}
    assert incidents["tingkat"].between(1, 5).all()
    assert (incidents["korban"] >= 0).all()
    assert set(incidents["sumber"]) <= {"polsek", "bawaslu", "media", "masyarakat"}
    assert set(incidents["status"]) == {"diverifikasi"}
    assert incidents["uraian"].str.len().min() > 10
    assert incidents["no_tps"].notna().any() and incidents["no_tps"].isna().any()
    known = set(zip(tps["kode_desa"], tps["no_tps"], strict=True))
    with_tps = incidents[incidents["no_tps"].notna()]
    assert all(
        (d, int(n)) in known for d, n in zip(with_tps.kode_desa, with_tps.no_tps, strict=True)
    )


def test_incident_dates_match_their_phase(incidents: pd.DataFrame) -> None:
    for when, phase in zip(incidents["tanggal"], incidents["tahapan"], strict=True):
        t = datetime.fromisoformat(when)
        start, end, _ = PHASE_WINDOWS[phase]
        assert (
            datetime.fromisoformat(start)
            <= t
            < datetime.fromisoformat(end).replace(hour=23, minute=59)
        )
        assert datetime(2023, 10, 1) <= t < datetime(2024, 4, 1)
    assert list(incidents["tanggal"]) == sorted(incidents["tanggal"])


def test_incidents_are_spatially_clustered(
    incidents: gpd.GeoDataFrame, desa: gpd.GeoDataFrame, regency: gpd.GeoDataFrame
) -> None:
    polys = desa.set_index("kode").geometry
    assert shapely.contains(
        polys.loc[incidents["kode_desa"]].values, incidents.geometry.values
    ).all()
    pts = incidents.to_crs(UTM).geometry
    xy = np.column_stack([pts.x, pts.y])
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(d, np.inf)
    observed = d.min(axis=1).mean()
    area = regency.to_crs(UTM).area.iloc[0]
    expected = 0.5 * np.sqrt(area / len(xy))  # Clark–Evans: mean nearest neighbour if random
    assert observed / expected < 0.6


# --- stakeholders and dynamics ---------------------------------------------------------------


def test_stakeholders_and_meetings(demo: RegencyFiles) -> None:
    tokoh = pd.read_csv(demo.tokoh, dtype=str)
    assert list(tokoh.columns) == ["kode", "nama", "peran", "organisasi", "kode_wilayah", "telepon"]
    assert 30 <= len(tokoh) <= 50
    assert tokoh["kode"].is_unique
    assert set(tokoh["peran"]) <= set(C.STAKEHOLDER_ROLES)
    assert tokoh["telepon"].str.fullmatch(r"0812-0000-0\d{3}").all()
    wil = set(pd.read_csv(demo.wilayah, dtype=str)["kode"])
    assert set(tokoh["kode_wilayah"]) <= wil
    meet = pd.read_csv(demo.pertemuan, dtype=str)
    assert list(meet.columns) == [
        "kode_tokoh",
        "tanggal",
        "topik",
        "komitmen",
        "tindak_lanjut",
        "batas_tindak_lanjut",
        "peserta",
    ]
    assert 20 <= len(meet) <= 40
    assert set(meet["kode_tokoh"]) <= set(tokoh["kode"])
    due = pd.to_datetime(meet["batas_tindak_lanjut"])
    overdue = (due < pd.Timestamp("2024-11-20")).sum()
    assert 0 < overdue < len(meet)
    assert (due > pd.to_datetime(meet["tanggal"])).all()


def test_political_dynamics(demo: RegencyFiles, kecamatan: gpd.GeoDataFrame) -> None:
    dyn = pd.read_csv(demo.dinamika_politik, dtype={"kode": str})
    assert list(dyn.columns) == ["kode", "indikator", "nilai"]
    reg = dyn[dyn.kode == "53.90"].set_index("indikator")["nilai"]
    assert reg.to_dict() == {"incumbent_split": 1, "candidate_pairs": 4, "past_margin_pct": 0.8}
    per_kec = dyn[dyn.kode != "53.90"]
    assert set(per_kec["kode"]) == set(kecamatan["kode"])
    assert set(per_kec["indikator"]) == {"past_margin_pct"}
    assert per_kec["nilai"].between(0, 100).all()


# --- the demo is loaded through the user's importers -----------------------------------------


def test_demo_files_load_through_the_importers(demo: RegencyFiles, tmp_path: Path) -> None:
    from petarawan.store import Workspace
    from petarawan.store.importer import import_files

    steps = [
        ("regions", ["wilayah.csv"]),
        ("regions", ["kabupaten.geojson", "kecamatan.geojson", "desa.geojson"]),
        ("tps", ["tps.csv"]),
        ("units", ["satuan.csv"]),
        ("incidents", ["kejadian.csv"]),
        ("stakeholders", ["tokoh.csv"]),
        ("stakeholders", ["pertemuan.csv"]),
        ("indicators", ["dinamika_politik.csv"]),
    ]
    with Workspace.open(tmp_path / "ws") as ws:
        for entity, names in steps:
            import_files(ws, entity, [demo.directory / n for n in names])
        status = ws.status()
    assert status["regions"]["kecamatan"] == demo.n_kecamatan
    assert status["regions"]["desa"] == demo.n_desa
    assert status["tps"] == demo.n_tps
    assert status["voters"] == demo.n_voters
    assert status["incidents"] == demo.n_incidents
    assert status["personnel"]["polri"] == 425


def test_demo_code_is_invented_but_province_is_real(shared_data: Path) -> None:
    regencies = pd.read_csv(shared_data / "region_codes" / "idn_regencies.csv", dtype=str)
    provinces = pd.read_csv(shared_data / "region_codes" / "idn_provinces.csv", dtype=str)
    assert "53.90" not in set(regencies["code"])
    assert "53" in set(provinces["code"])
