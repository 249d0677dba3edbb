"""The real TTU files imported as a user would, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import shapely

from petarawan.store import Workspace
from petarawan.store.importer import import_files, tps_counts_by_kecamatan


def _load_ttu(ws: Workspace, data: Path) -> list[str]:
    codes = data / "region_codes"
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
    import_files(ws, "regions", [data / "boundaries" / "ttu_desa.geojson"])
    report = import_files(ws, "tps", [data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"])
    return [str(w) for w in report.warnings]


def test_ttu_registry_counts(workspace: Workspace, shared_data: Path) -> None:
    warnings = _load_ttu(workspace, shared_data)
    status = workspace.status()
    assert status["regions"] == {"provinsi": 38, "kabkota": 514, "kecamatan": 24, "desa": 193}
    assert status["tps"] == 774
    assert status["tps_khusus"] == 1
    # the desa without a polygon is a warning that names it, not a failure
    assert any("53.03.06.1015" in w and "Boronubaen Timur" in w for w in warnings), warnings

    source = pd.read_csv(
        shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv", dtype=str
    )
    expected: Counter[str] = Counter()
    for _, row in source.iterrows():
        kec = row["kode_desa"].rsplit(".", 1)[0]
        expected[kec] += int(row["jumlah_tps"])
        if isinstance(row["tps_khusus_no_min"], str) and row["tps_khusus_no_min"]:
            expected[kec] += int(row["tps_khusus_no_max"]) - int(row["tps_khusus_no_min"]) + 1
    assert tps_counts_by_kecamatan(workspace) == dict(expected)


def test_estimated_tps_are_inside_their_desa_and_never_stacked(
    workspace: Workspace, shared_data: Path
) -> None:
    _load_ttu(workspace, shared_data)
    tps = workspace.tps()
    regions = workspace.regions("desa").set_index("code")
    assert (tps["location_source"] == "estimated").all()
    assert not tps.duplicated(subset=["lon", "lat"]).any()
    with_polygon = tps[tps["desa_code"].map(lambda c: regions.loc[c, "geometry"] is not None)]
    polys = regions.loc[with_polygon["desa_code"], "geometry"].to_numpy()
    assert shapely.contains_xy(
        polys, with_polygon["lon"].to_numpy(), with_polygon["lat"].to_numpy()
    ).all()
    # the desa without a polygon: its TPS lie inside the kecamatan (union of its desa)
    orphan = tps[tps["desa_code"] == "53.03.06.1015"]
    assert len(orphan) > 0
    kec = shapely.union_all(
        regions[regions.index.str.startswith("53.03.06.")]["geometry"].dropna().to_numpy()
    )
    assert shapely.contains_xy(kec, orphan["lon"].to_numpy(), orphan["lat"].to_numpy()).all()


def test_reimport_changes_nothing_and_coordinates_update_estimates(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    _load_ttu(workspace, shared_data)
    before = workspace.content_hash()
    again = import_files(
        workspace, "tps", [shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"]
    )
    assert again.changed_rows == 0
    assert again.tables["tps"].unchanged == 774
    regions_again = import_files(
        workspace, "regions", [shared_data / "boundaries" / "ttu_desa.geojson"]
    )
    assert regions_again.changed_rows == 0
    assert workspace.content_hash() == before

    surveyed = tmp_path / "tps_gps.csv"
    surveyed.write_text(
        "kode_tps,dpt,latitude,longitude\n5303012005001,287,-9.35,124.48\n", encoding="utf-8"
    )
    dry = import_files(workspace, "tps", [surveyed], dry_run=True)
    assert dry.tables["tps"].changed == 1
    assert workspace.content_hash() == before
    import_files(workspace, "tps", [surveyed])
    tps = workspace.tps().set_index("tps_id")
    row = tps.loc["5303012005001"]
    assert (row["lon"], row["lat"], row["location_source"], row["voters"]) == (
        124.48,
        -9.35,
        "surveyed",
        287,
    )
    assert tps.loc["5303012005002", "location_source"] == "estimated"
