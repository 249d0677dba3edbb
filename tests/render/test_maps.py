"""The data behind the printed maps: legend ↔ colours drawn, labels, layers, missing data."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.colors import to_hex

from petarawan.domain.records import AssessmentRecord
from petarawan.errors import InputDataError
from petarawan.render.maps import draw_map, map_data, write_map
from petarawan.services.briefing import build_briefing
from petarawan.store import Workspace
from petarawan.store.records import read_assessment


def _latest(ws: Workspace) -> AssessmentRecord:
    record = read_assessment(ws)
    assert record is not None
    return record


@pytest.mark.parametrize("level", ["desa", "kecamatan"])
def test_legend_matches_drawn_colours(demo_ws: Workspace, level: str) -> None:
    b = build_briefing(demo_ws)
    data = map_data(b, level=level, layer="class")
    legend = {c.id: c.colour for c in data.legend}
    drawn = dict(zip(data.regions["class_id"], data.regions["colour"], strict=True))
    # every class in the legend is drawn, with the legend's colour, and nothing else is drawn
    assert drawn == legend
    assert sum(data.counts.values()) == len(data.regions)
    # the counts are those of the assessment stored in the workspace
    stored = _latest(demo_ws).summary.counts[level]
    assert data.counts == {k: v for k, v in stored.items() if v}


def test_figure_faces_use_legend_colours(demo_ws: Workspace) -> None:
    b = build_briefing(demo_ws)
    fig, data = draw_map(b, level="desa", layer="class")
    ax = fig.axes[0]
    faces = set()
    for coll in ax.collections:
        faces |= {to_hex(c) for c in coll.get_facecolors()}
    for entry in data.legend:
        assert entry.colour.lower() in faces, entry


def _overlaps(fig: object, texts: list) -> list[tuple[str, str]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    r = FigureCanvasAgg(fig).get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer=r)) for t in texts if t.get_visible()]
    return [
        (a, c) for i, (a, ba) in enumerate(boxes) for c, bc in boxes[i + 1 :] if ba.overlaps(bc)
    ]


@pytest.mark.parametrize("layer", ["class", "plan"])
def test_labels_do_not_overlap(demo_ws: Workspace, layer: str) -> None:
    b = build_briefing(demo_ws)
    fig, data = draw_map(b, level="desa", layer=layer)
    ax = fig.axes[0]
    visible = [t for t in ax.texts if t.get_visible()]
    assert _overlaps(fig, visible) == []
    # the kecamatan are labelled (not every one of the 187 desa)
    names = {t.get_text() for t in visible}
    assert len(names & set(data.kecamatan["name"])) >= 0.75 * len(data.kecamatan)
    assert not names & (set(b.regions["desa"]["name"]) - set(data.kecamatan["name"]))


@pytest.mark.parametrize("layer", ["travel", "incidents", "plan"])
def test_other_layers_write_png(demo_ws: Workspace, tmp_path: Path, layer: str) -> None:
    b = build_briefing(demo_ws)
    out = tmp_path / f"{layer}.png"
    data = write_map(b, out, layer=layer, dpi=60)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert data.legend == []  # only the class layer has a class legend


def test_a3_pdf(demo_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "peta.pdf"
    write_map(build_briefing(demo_ws), out, paper="A3", level="kecamatan")
    assert out.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    box = PdfReader(out).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 420  # A3 landscape, mm


def test_bad_options_are_user_errors(demo_ws: Workspace, tmp_path: Path) -> None:
    b = build_briefing(demo_ws)
    with pytest.raises(InputDataError, match="--level"):
        map_data(b, level="provinsi")
    with pytest.raises(InputDataError, match="--layer"):
        map_data(b, layer="heat")
    with pytest.raises(InputDataError, match=r"\.jpg"):
        write_map(b, tmp_path / "x.jpg")


def test_english_edition_legend(demo_ws: Workspace) -> None:
    data = map_data(build_briefing(demo_ws, lang="en"))
    assert {c.label for c in data.legend} <= {"Low", "Vulnerable", "Highly vulnerable"}
