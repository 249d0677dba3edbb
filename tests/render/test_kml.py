"""GeoPackage/KML exports carry the assessment: class, score and the map's colour."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pyogrio

from petarawan.domain.records import AssessmentRecord
from petarawan.render.briefing import kml_colour
from petarawan.render.kml import add_assessment, write_assessment_kml
from petarawan.services.briefing import build_briefing
from petarawan.store import Workspace
from petarawan.store.layers import workspace_layers
from petarawan.store.records import read_assessment


def _latest(ws: Workspace) -> AssessmentRecord:
    record = read_assessment(ws)
    assert record is not None
    return record


def test_layers_carry_class_score_colour(demo_ws: Workspace, tmp_path: Path) -> None:
    b = build_briefing(demo_ws)
    layers = add_assessment(workspace_layers(demo_ws), b)
    desa = layers["desa"]
    assert {"skor", "kelas", "kelas_label", "warna", "warna_kml"} <= set(desa.columns)
    legend = {c.id: c.colour for c in b.legend()}
    assert all(legend[k] == w for k, w in zip(desa["kelas"], desa["warna"], strict=True))
    counts = _latest(demo_ws).summary.counts["tps"]
    assert layers["tps"]["kelas"].value_counts().to_dict() == counts
    out = tmp_path / "a.gpkg"
    gpd.GeoDataFrame(desa, geometry="geometry", crs=4326).to_file(out, layer="desa")
    back = gpd.read_file(out, layer="desa")
    assert back["warna"].tolist() == desa["warna"].tolist()


def test_kml_styles_match_map_colours(demo_ws: Workspace, tmp_path: Path) -> None:
    b = build_briefing(demo_ws)
    path = write_assessment_kml(b, tmp_path / "kerawanan.kml")
    text = path.read_text(encoding="utf-8")
    for c in b.legend():
        style = re.search(rf'<Style id="poly_{c.id}">.*?<PolyStyle><color>(\w+)<', text)
        assert style is not None
        assert style.group(1)[2:] == kml_colour(c.colour)[2:]
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == ["Kategori kerawanan desa", "TPS"]
    assert len(gpd.read_file(path, layer="TPS")) == len(demo_ws.tps())
