"""Fixtures for the planner: TTU's real TPS list placed at desa centroids, synthetic units."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from petarawan.domain.codes import tps_id

RAWAN_DESA = 19
SANGAT_RAWAN = 5


def build_ttu_tps(shared_data: Path) -> pd.DataFrame:
    """TTU's 774 Pemilu 2024 TPS at the published desa centroids (kecamatan centroid if none)."""
    per_desa = pd.read_csv(shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv")
    desa = gpd.read_file(shared_data / "boundaries" / "ttu_desa.geojson")
    kec = gpd.read_file(shared_data / "boundaries" / "ttu_kecamatan.geojson")
    pos = {r.kode: (r.centroid_lng_src, r.centroid_lat_src) for r in desa.itertuples()}
    kpos = {r.kode: (r.centroid_lng_src, r.centroid_lat_src) for r in kec.itertuples()}
    rows = []
    for r in per_desa.itertuples():
        lon, lat = pos.get(r.kode_desa, kpos[r.kode_desa.rsplit(".", 1)[0]])
        numbers = list(range(1, int(r.jumlah_tps) + 1))
        khusus = []
        if not pd.isna(r.tps_khusus_no_min):
            khusus = list(range(int(r.tps_khusus_no_min), int(r.tps_khusus_no_max) + 1))
        for n in numbers + khusus:
            rows.append(
                {
                    "tps_id": tps_id(r.kode_desa, n),
                    "desa_code": r.kode_desa,
                    "number": n,
                    "lon": float(lon),
                    "lat": float(lat),
                    "khusus": n >= 900,
                    "category": None,
                }
            )
    return pd.DataFrame(rows)


def ttu_units(tps: pd.DataFrame, strength: int = 425) -> pd.DataFrame:
    """A Polres at Kefamenanu and 14 Polsek at the kecamatan with most TPS (synthetic, 15 units)."""
    kec = tps["desa_code"].str[:8]
    centre = tps.groupby(kec)[["lon", "lat"]].mean()
    biggest = kec.value_counts().index.tolist()
    hq = "53.03.07"  # Kota Kefamenanu
    sites = [hq, *[k for k in biggest if k != hq][:14]]
    polri = np.full(15, (strength - 145) // 14)
    polri[0] = strength - polri[1:].sum()
    return pd.DataFrame(
        {
            "code": ["POLRES-TTU"] + [f"POLSEK-{k}" for k in sites[1:]],
            "name": ["Polres TTU"] + [f"Polsek {k}" for k in sites[1:]],
            "kind": ["polres"] + ["polsek"] * 14,
            "lon": [centre.loc[k, "lon"] for k in sites],
            "lat": [centre.loc[k, "lat"] for k in sites],
            "polri": polri,
        }
    )


def mark_by_hand(tps: pd.DataFrame) -> pd.DataFrame:
    """19 rawan and 5 sangat rawan TPS, chosen deterministically (spread over kecamatan)."""
    out = tps.copy()
    regular = out.index[~out["khusus"]]
    rng = np.random.default_rng(2024)
    picked = rng.choice(regular, RAWAN_DESA + SANGAT_RAWAN, replace=False)
    out.loc[picked[:RAWAN_DESA], "category"] = "rawan"
    out.loc[picked[RAWAN_DESA:], "category"] = "sangat_rawan"
    return out


@pytest.fixture(scope="session")
def ttu_tps(shared_data: Path) -> pd.DataFrame:
    return mark_by_hand(build_ttu_tps(shared_data))


@pytest.fixture(scope="session")
def ttu_unit_table(ttu_tps: pd.DataFrame) -> pd.DataFrame:
    return ttu_units(ttu_tps)
