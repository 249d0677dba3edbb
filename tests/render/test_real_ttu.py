"""The real TTU import (no DEM, roads, units, assessment or plan) still gives a map and a report."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from petarawan.render.maps import map_data, write_map
from petarawan.render.report import write_report
from petarawan.render.webmap import write_webmap
from petarawan.services.briefing import build_briefing
from petarawan.store import Workspace


def test_ttu_map_and_report_say_what_is_missing(ttu_ws: Workspace, tmp_path: Path) -> None:
    b = build_briefing(ttu_ws)
    assert b.area_name == "Kabupaten Timor Tengah Utara"
    missing = " ".join(b.missing)
    for phrase in ("Belum ada hasil analisa", "DEM", "jalan", "satuan", "rencana penempatan"):
        assert phrase in missing, phrase
    assert any("perkiraan" in n for n in b.notes)  # every TPS location is estimated
    # hand-set categories give the classes, desa take their worst TPS
    cats = ttu_ws.tps()["category"].value_counts().to_dict()
    got = b.levels["tps"]["class_id"].value_counts().to_dict()
    for cat, n in cats.items():
        assert got[cat] == n
    data = map_data(b)
    drawn = dict(zip(data.regions["class_id"], data.regions["colour"], strict=True))
    assert drawn == {c.id: c.colour for c in data.legend}
    assert len(data.kecamatan) == 24  # outlines derived from the desa polygons
    png = tmp_path / "peta.png"
    write_map(b, png, dpi=50)
    assert png.stat().st_size > 10_000
    pdf = write_report(b, tmp_path / "laporan.pdf")
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Timor Tengah Utara" in text
    assert "Belum ada hasil analisa" in text
    assert "Belum ada rencana penempatan" in text
    assert write_webmap(b, tmp_path / "peta.html").exists()


def test_write_all_on_real_ttu(ttu_ws: Workspace, tmp_path: Path) -> None:
    from petarawan.render.bundle import write_all

    written = write_all(build_briefing(ttu_ws), tmp_path, dpi=40)
    assert list(written) == ["map_png", "map_pdf", "webmap", "report", "xlsx", "kml"]
    for path in written.values():
        assert path.exists() and path.stat().st_size > 1000, path


def test_assessment_without_tps_level_falls_back(ttu_path: Path, tmp_path: Path) -> None:
    """A kab/kota-only framework (IPKP) leaves TPS and desa to the hand-set categories."""
    import shutil

    from petarawan.io.frameworks import find_framework
    from petarawan.services.assessment import assess_workspace

    copy = tmp_path / "ws"
    shutil.copytree(ttu_path, copy)
    with Workspace.open(copy, create=False) as ws:
        # the published IPKP score of TTU (Polres TTU, 6 Aug 2024); without any value the
        # assessment refuses
        ws.write_indicators("kabkota", pd.DataFrame({"ipkp_resmi": [40.69]}, index=["53.03"]))
        assess_workspace(ws, find_framework("ipkp"), uncertainty=False)
        b = build_briefing(ws)
    assert any("40,69 (rawan)" in s for s in b.summary)
    assert any("ipkp" in m and "manual" in m for m in b.missing)
    data = map_data(b)
    drawn = dict(zip(data.regions["class_id"], data.regions["colour"], strict=True))
    assert drawn == {c.id: c.colour for c in data.legend}
    assert "belum_dinilai" in drawn  # desa without any hand-set TPS category
