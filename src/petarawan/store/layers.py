"""Gather a workspace's layers for export: regions, TPS with indicators, units, incidents."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from petarawan.domain import columns as C
from petarawan.store.workspace import Workspace

__all__ = ["workspace_layers"]


def workspace_layers(ws: Workspace) -> dict[str, pd.DataFrame]:
    """Return every layer of the workspace, named as in exports (Indonesian layer names).

    The TPS layer carries every stored TPS indicator (e.g. ``travel_time_min``, ``travel_method``)
    and the desa layer every desa indicator, joined by code.
    """
    layers: dict[str, pd.DataFrame] = {}
    regions = ws.regions()
    for level in C.LEVELS:
        part = regions[regions["level"] == level].reset_index(drop=True)
        if len(part) == 0:
            continue
        ind = ws.indicators(level)
        if not ind.empty:
            part = part.merge(
                ind, how="left", left_on="code", right_index=True, suffixes=("", "_indikator")
            )
        layers[level] = gpd.GeoDataFrame(part, geometry="geometry", crs=regions.crs)
    tps = ws.tps()
    if len(tps):
        ind = ws.indicators("tps")
        if not ind.empty:
            tps = gpd.GeoDataFrame(
                tps.merge(
                    ind, how="left", left_on="tps_id", right_index=True, suffixes=("", "_indikator")
                ),
                geometry="geometry",
                crs=tps.crs,
            )
        layers["tps"] = tps
    for name, frame in (("satuan", ws.units()), ("kejadian", ws.incidents())):
        if len(frame):
            layers[name] = frame
    for name, plain in (("tokoh", ws.stakeholders()), ("pertemuan", ws.engagements())):
        if len(plain):
            layers[name] = plain
    return layers
