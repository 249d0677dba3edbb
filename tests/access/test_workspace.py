"""The hand-made 10 km road through a workspace (SQLite and PostgreSQL) and the indicators step."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petarawan.services.indicators import run_indicators
from petarawan.services.layers import import_roads
from petarawan.store import Workspace
from petarawan.store.importer import import_files


def test_ten_km_road_through_workspace(
    workspace: Workspace, data_dir: Path, tmp_path: Path
) -> None:
    pts = pd.read_csv(data_dir / "road_10km_points.csv").set_index("role")
    import_files(workspace, "regions", [data_dir / "mini_wilayah.csv"])
    import_files(workspace, "regions", [data_dir / "road_10km_desa.geojson"])
    tps = tmp_path / "tps.csv"
    tps.write_text(
        "kode_desa,no_tps,dpt,longitude,latitude\n"
        f"53.03.01.2005,1,300,{pts.loc['tps', 'lon']},{pts.loc['tps', 'lat']}\n",
        encoding="utf-8",
    )
    import_files(workspace, "tps", [tps])
    units = tmp_path / "units.csv"
    units.write_text(
        "kode,nama,jenis,induk,longitude,latitude,polri\n"
        f"POLSEK-UJI,Polsek Uji,polsek,,{pts.loc['unit', 'lon']},{pts.loc['unit', 'lat']},10\n",
        encoding="utf-8",
    )
    import_files(workspace, "units", [units])
    info = import_roads(workspace, data_dir / "road_10km.geojson")
    assert info["components"] == 1
    assert info["length_km"] == pytest.approx(10.0, abs=0.05)
    run = run_indicators(workspace)
    assert run.methods == {"road": 1}
    ind = workspace.indicators("tps")
    row = ind.loc["5303012005001"]
    assert row["travel_method"] == "road"
    assert row["travel_time_min"] == pytest.approx(10.0, abs=0.5)
    assert row["units_within_30"] == 1
    # one unit, no Polres: the HQ time is empty, not zero
    assert pd.isna(row["travel_time_hq_min"])
    # the unit's area is the whole desa, its load is measured per officer
    assert row["tps_per_officer"] == pytest.approx(0.1)
    assert row["voters_per_officer"] == pytest.approx(30.0)
    assert Path(run.outputs["travel_table"]).exists()
