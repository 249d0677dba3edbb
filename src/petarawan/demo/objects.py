"""Objects the demo operation secures: KPU, Bawaslu, the logistics warehouse, PPK, posko."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

__all__ = ["write_demo_objects"]


def write_demo_objects(desa: gpd.GeoDataFrame, units: pd.DataFrame, path: Path) -> Path:
    """Write an objects CSV for the demo regency (as a Polres would list them) and return it.

    The KPU and Bawaslu offices and the warehouse stand near the Polres; one PPK per kecamatan at
    a point inside its first desa; two candidates' posko and residences in the two largest
    kecamatan.
    """
    desa = desa[desa.geometry.notna()].sort_values("code")
    metric = desa.to_crs(desa.estimate_utm_crs())
    points = metric.geometry.representative_point().to_crs(4326)
    desa = desa.assign(lon=points.x.round(6).to_numpy(), lat=points.y.round(6).to_numpy())
    desa = desa.assign(kec=desa["code"].str[:8])
    hq = units[units["kind"] == "polres"].head(1)
    base = hq if len(hq) else units.head(1)
    lon0, lat0 = float(base["lon"].iloc[0]), float(base["lat"].iloc[0])
    rows = [
        ("kpu", "Kantor KPU Kabupaten", lon0 + 0.004, lat0 + 0.002),
        ("bawaslu", "Kantor Bawaslu Kabupaten", lon0 - 0.003, lat0 + 0.003),
        ("gudang_logistik", "Gudang logistik KPU", lon0 + 0.006, lat0 - 0.004),
    ]
    first = desa.groupby("kec").head(1)
    for r in first.itertuples():
        rows.append(("ppk", f"PPK {r.name}", float(r.lon), float(r.lat)))
    biggest = desa["kec"].value_counts().index[:2]
    for i, kec in enumerate(biggest, start=1):
        d = desa[desa["kec"] == kec].iloc[-1]
        rows.append(("posko_paslon", f"Posko paslon {i}", float(d.lon), float(d.lat)))
        rows.append(("rumah_paslon", f"Rumah calon bupati {i}", float(d.lon) + 0.002, float(d.lat)))
    frame = pd.DataFrame(rows, columns=["jenis", "nama", "lon", "lat"])
    frame.to_csv(path, index=False)
    return path
