"""The offline interactive map: no network references, every layer and popup present."""

from __future__ import annotations

import json
import re
from pathlib import Path

from petarawan.render.webmap import webmap_data, write_webmap
from petarawan.services.briefing import build_briefing
from petarawan.store import Workspace


def test_webmap_is_offline(demo_ws: Workspace, tmp_path: Path) -> None:
    path = write_webmap(build_briefing(demo_ws), tmp_path / "peta.html")
    html = path.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, flags=re.IGNORECASE)
    for tag in tags:
        assert not re.search(r"(?:src|href)\s*=\s*['\"]?(?:https?:)?//", tag, re.I), tag
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert "L.map(" in html and "leaflet" in html.lower()  # Leaflet is inlined
    assert html.count("<script") == 2


def test_webmap_folder_output(demo_ws: Workspace, tmp_path: Path) -> None:
    path = write_webmap(build_briefing(demo_ws), tmp_path / "peta")
    assert path == tmp_path / "peta" / "index.html"
    assert path.exists()


def test_webmap_layers_and_popups(demo_ws: Workspace) -> None:
    b = build_briefing(demo_ws)
    data = webmap_data(b)
    json.dumps(data)  # JSON-ready
    assert len(data["desa"]["features"]) == int(b.regions["desa"].geometry.notna().sum())
    assert len(data["tps"]) == len(demo_ws.tps())
    assert len(data["units"]) == len(demo_ws.units())
    assert len(data["incidents"]) == len(demo_ws.incidents())
    assert data["plan"] is True
    props = data["desa"]["features"][0]["properties"]
    assert {"score", "class", "stability", "drivers"} <= set(props)
    tps = {t["id"]: t for t in data["tps"]}
    top = b.levels["tps"].sort_values("score").index[-1]
    assert tps[top]["cls"] == "Sangat rawan"
    assert tps[top]["stab"] in ("yakin", "ragu")
    assert "," in tps[top]["score"]  # decimal comma
