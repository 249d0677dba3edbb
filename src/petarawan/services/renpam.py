"""Gather a stored plan and its workspace into the Renpam document and write PDF and XLSX."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from petarawan.domain import columns as C
from petarawan.errors import NotFoundError
from petarawan.render.renpam import RenpamDoc, rayon_map_png, write_plotting_xlsx, write_renpam_pdf
from petarawan.store import Workspace
from petarawan.store.records import read_assessment, read_plan

__all__ = ["renpam_doc", "write_renpam"]


def _kecamatan(ws: Workspace) -> gpd.GeoDataFrame:
    kec = ws.regions("kecamatan")
    desa = ws.regions("desa")
    names = dict(zip(kec[C.CODE], kec[C.NAME], strict=True)) if len(kec) else {}
    desa = desa[desa.geometry.notna()]
    if len(desa) == 0:
        return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")
    desa = desa.assign(kec=desa[C.CODE].str[:8])
    out = desa.dissolve(by="kec").reset_index()[["kec", "geometry"]]
    out = out.rename(columns={"kec": "code"})
    out["name"] = [names.get(c, c) for c in out["code"]]
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def renpam_doc(ws: Workspace, plan_id: int | None) -> RenpamDoc:
    """Gather the Renpam of a stored plan (the latest when ``plan_id`` is None).

    Raises
    ------
    NotFoundError
        No stored plan.
    """
    plan = read_plan(ws, plan_id)
    if plan is None:
        msg = "Belum ada rencana operasi tersimpan; jalankan 'petarawan plan --operation'."
        raise NotFoundError(msg)
    assessment = read_assessment(ws)
    regions = ws.regions()
    desa = regions[regions["level"] == "desa"]
    tps = ws.tps()
    # the kabupaten/kota holding most TPS (a workspace may hold every regency's code)
    kab_code = tps[C.DESA].astype(str).str[:5].mode()
    names = dict(zip(regions[C.CODE], regions[C.NAME], strict=True))
    area = names.get(str(kab_code.iloc[0]), "-") if len(kab_code) else "-"
    units = pd.DataFrame(ws.units().drop(columns="geometry"))
    return RenpamDoc(
        plan=plan,
        area_name=area,
        situation=list(assessment.summary.sentences) if assessment is not None else [],
        kecamatan=_kecamatan(ws),
        units=units,
        desa_names=dict(zip(desa[C.CODE], desa[C.NAME], strict=True)),
        personnel=ws.personnel(),
        tps_desa=dict(zip(tps[C.TPS_ID].astype(str), tps[C.DESA].astype(str), strict=True)),
    )


def write_renpam(
    ws: Workspace, plan_id: int | None, out: Path, xlsx: Path | None = None
) -> dict[str, Path]:
    """Write the Renpam PDF (and the Sprin plotting annex when ``xlsx`` is given)."""
    doc = renpam_doc(ws, plan_id)
    paths = {"pdf": write_renpam_pdf(doc, out, map_png=rayon_map_png(doc))}
    if xlsx is not None:
        paths["xlsx"] = write_plotting_xlsx(doc, xlsx)
    return paths
