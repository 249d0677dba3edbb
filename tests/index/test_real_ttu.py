"""Kamtibmas and the TPS-rawan checklist on the real TTU structure (774 TPS, 193 desa).

The real TTU data have no DEM, roads or incidents: every indicator that is absent must be listed
in the result and handled, never a crash.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petarawan.domain.index import Hierarchy, compute_index
from petarawan.domain.index.explain import explain
from petarawan.io.frameworks import find_framework


@pytest.fixture(scope="module")
def ttu(shared_data: Path) -> tuple[dict[str, pd.DataFrame], Hierarchy]:
    villages = pd.read_csv(shared_data / "region_codes" / "ttu_villages.csv", dtype=str)
    districts = pd.read_csv(shared_data / "region_codes" / "ttu_districts.csv", dtype=str)
    counts = pd.read_csv(
        shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv", dtype=str
    )
    rows = []
    for r in counts.itertuples(index=False):
        numbers = list(range(1, int(r.jumlah_tps) + 1))
        if isinstance(r.tps_khusus_no_min, str):
            numbers += list(range(int(r.tps_khusus_no_min), int(r.tps_khusus_no_max) + 1))
        rows += [(f"{r.kode_kpu}{n:03d}", r.kode_desa, n > 900) for n in numbers]
    tps = pd.DataFrame(rows, columns=["tps_id", "desa_code", "khusus"])
    regions = pd.concat(
        [
            pd.DataFrame({"code": ["53"], "level": ["provinsi"], "parent_code": [None]}),
            pd.DataFrame({"code": ["53.03"], "level": ["kabkota"], "parent_code": ["53"]}),
            pd.DataFrame({"code": districts["code"], "level": "kecamatan", "parent_code": "53.03"}),
            pd.DataFrame(
                {
                    "code": villages["code"],
                    "level": "desa",
                    "parent_code": villages["district_code"],
                }
            ),
        ]
    )
    rng = np.random.default_rng(5)
    table = tps.set_index("tps_id")[["khusus"]].copy()
    table["voters"] = rng.integers(150, 300, len(table)).astype(float)
    table["rawan_riwayat_kekerasan"] = rng.random(len(table)) < 0.03
    table["rawan_politik_uang"] = rng.random(len(table)) < 0.2
    table["rawan_sulit_dijangkau"] = rng.random(len(table)) < 0.3
    table["rawan_count"] = table.filter(like="rawan_").sum(axis=1).astype(float)
    kab = pd.DataFrame(
        {"incumbent_split": [1.0], "candidate_pairs": [3.0], "past_margin_pct": [6.0]},
        index=["53.03"],
    )
    return {"tps": table, "kabkota": kab}, Hierarchy.from_tables(regions, tps)


def test_kamtibmas_on_real_ttu_without_terrain(
    ttu: tuple[dict[str, pd.DataFrame], Hierarchy],
) -> None:
    tables, h = ttu
    res = compute_index(find_framework("kamtibmas"), tables, hierarchy=h)
    assert len(res.levels["tps"].scores) == 774
    assert len(res.levels["desa"].scores) == 193
    assert len(res.levels["kecamatan"].scores) == 24
    missing = set(res.missing["tps"])
    assert {"travel_time_min", "slope_deg", "incident_score", "border_distance_km"} <= missing
    assert "rawan_count" not in missing and "incumbent_split" not in missing
    assert any("travel_time_min" in w for w in res.warnings)
    root = res.levels["tps"].scores["kamtibmas"]
    assert root.notna().all() and root.between(0, 100).all()
    assert int(res.levels["kecamatan"].class_counts.to_numpy().sum()) == 774
    top = root.idxmax()
    info = explain(res, top)
    assert "kondisi TPS rawan" in info["sentence"] or "petahana" in info["sentence"]


def test_checklist_on_real_ttu(ttu: tuple[dict[str, pd.DataFrame], Hierarchy]) -> None:
    tables, h = ttu
    res = compute_index(find_framework("tps-rawan-pilkada2024"), tables, hierarchy=h)
    cats = res.levels["tps"].classes["score"]
    assert (cats == "khusus").sum() == 1  # TPS 901 in Kefamenanu Selatan
    assert res.levels["kabkota"].class_counts.to_numpy().sum() == 774
