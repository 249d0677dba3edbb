"""Compute and store a workspace's terrain, access and incident indicators."""

from __future__ import annotations

from dataclasses import dataclass, field

from petarawan.domain.access import utm_crs_for
from petarawan.domain.indicators import AccessParams, compute_indicators, derive
from petarawan.errors import InputDataError, Issue
from petarawan.io.cells import safe_frame
from petarawan.io.lines import read_lines
from petarawan.io.raster import read_dem
from petarawan.services.layers import BORDER_LAYER, DEM_LAYER, HILLSHADE_LAYER, ROADS_LAYER
from petarawan.store import Workspace

__all__ = ["TRAVEL_TABLE", "UNITS_TABLE", "IndicatorRun", "run_indicators"]

TRAVEL_TABLE = "waktu_tempuh_tps.csv"
UNITS_TABLE = "beban_satuan.csv"


@dataclass
class IndicatorRun:
    """Summary of one ``indicators`` run.

    Attributes
    ----------
    written
        Values written per level.
    methods
        Number of TPS per travel method (road / terrain / straight / none).
    notes
        Notes and fallbacks, in Indonesian.
    missing_layers
        Inputs that were absent (``dem``, ``roads``, ``border``, ``incidents``).
    absent
        Indicator ids not computed per level (their input is missing).
    outputs
        Paths of the travel-time table, unit load table and hillshade (if any).
    """

    written: dict[str, int] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    missing_layers: list[str] = field(default_factory=list)
    absent: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def fallback_taken(self) -> bool:
        """Whether any TPS used a method other than roads."""
        return any(self.methods.get(m, 0) for m in ("terrain", "straight"))


def run_indicators(ws: Workspace, params: AccessParams | None = None) -> IndicatorRun:
    """Compute and store every terrain, access and incident indicator of a workspace."""
    params = params or AccessParams()
    desa = ws.regions("desa")
    tps = ws.tps()
    units = ws.units()
    issues: list[Issue] = []
    if len(desa) == 0 or desa.geometry.isna().all():
        issues.append(
            Issue("workspace", None, "desa", "belum ada poligon desa (impor wilayah dulu)")
        )
    if len(tps) == 0:
        issues.append(Issue("workspace", None, "tps", "belum ada TPS (petarawan import tps)"))
    if len(units) == 0 or units.geometry.isna().all():
        issues.append(
            Issue(
                "workspace", None, "units", "belum ada satuan berkoordinat (petarawan import units)"
            )
        )
    if issues:
        msg = "Indikator tidak dapat dihitung: data dasar belum lengkap."
        raise InputDataError(msg, issues)
    desa = desa[desa.geometry.notna()]
    crs = utm_crs_for(desa, tps[tps.geometry.notna()])
    dem = (
        read_dem(ws.layer_path(DEM_LAYER), dst_crs=crs)
        if ws.layer_path(DEM_LAYER).exists()
        else None
    )
    roads = (
        read_lines(ws.layer_path(ROADS_LAYER)).frame
        if ws.layer_path(ROADS_LAYER).exists()
        else None
    )
    border = (
        read_lines(ws.layer_path(BORDER_LAYER), kind="border").frame
        if ws.layer_path(BORDER_LAYER).exists()
        else None
    )
    incidents = ws.incidents()
    computed = compute_indicators(
        desa,
        tps,
        units,
        incidents=incidents if len(incidents) else None,
        dem=dem,
        roads=roads,
        border=border,
        params=params,
    )
    run = IndicatorRun(notes=list(computed.notes), missing_layers=list(computed.missing))
    for level in ("tps", "desa"):
        frame, meta, absent = derive(computed, level)
        run.written[level] = ws.write_indicators(level, frame, meta)
        run.absent[level] = absent
    methods = computed.tps["travel_method"].astype(object).fillna("none")
    run.methods = {str(k): int(v) for k, v in methods.value_counts().items()}
    travel_path = ws.output_path(TRAVEL_TABLE)
    safe_frame(computed.travel).to_csv(travel_path, index=False, float_format="%.2f")
    units_path = ws.output_path(UNITS_TABLE)
    safe_frame(computed.units).to_csv(units_path, index=False, float_format="%.3f")
    run.outputs = {"travel_table": str(travel_path), "units_table": str(units_path)}
    if ws.layer_path(HILLSHADE_LAYER).exists():
        run.outputs["hillshade"] = str(ws.layer_path(HILLSHADE_LAYER))
    return run
