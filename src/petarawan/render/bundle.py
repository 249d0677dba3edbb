"""Writing every rendered output of a workspace at once (used by the demo and the CLI)."""

from __future__ import annotations

import io
from pathlib import Path

from petarawan.errors import InputDataError
from petarawan.render.briefing import Briefing, build_briefing
from petarawan.render.excel import write_excel_report
from petarawan.render.kml import write_assessment_kml
from petarawan.render.maps import draw_map
from petarawan.render.report import write_report
from petarawan.render.webmap import write_webmap
from petarawan.store import Workspace

__all__ = ["write_all"]


def write_all(
    ws: Workspace, folder: Path | None = None, *, lang: str = "id", dpi: int = 300
) -> dict[str, Path]:
    """Write the map (PNG and PDF), the web map, the report PDF, the workbook and the KML.

    Parameters
    ----------
    ws
        An open workspace.
    folder
        Where to write; ``ws.path / "outputs"`` by default.
    lang
        ``id`` or ``en``.
    dpi
        Resolution of the PNG map.

    Returns
    -------
    dict
        Output name → path, in the order written.
    """
    folder = folder or ws.output_path("").parent / "outputs"
    folder.mkdir(parents=True, exist_ok=True)
    b: Briefing = build_briefing(ws, lang=lang)
    suffix = "" if lang == "id" else f"_{lang}"
    out: dict[str, Path] = {}
    out["map_png"] = folder / f"peta_kerawanan{suffix}.png"
    out["map_pdf"] = folder / f"peta_kerawanan{suffix}.pdf"
    report_png: bytes | None = None
    try:
        # one drawing serves the PNG, the PDF and the report's map image
        fig, _ = draw_map(b)
    except InputDataError:
        fig = None
    if fig is not None:
        fig.savefig(out["map_png"], dpi=dpi, metadata={"Software": "petarawan"})
        fig.savefig(out["map_pdf"], metadata={"Creator": "petarawan"})
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=150, pil_kwargs={"compress_level": 1})
        report_png = buf.getvalue()
    else:
        del out["map_png"], out["map_pdf"]
    out["webmap"] = write_webmap(b, folder / f"peta_interaktif{suffix}.html")
    out["report"] = write_report(b, folder / f"laporan{suffix}.pdf", map_png=report_png)
    out["xlsx"] = write_excel_report(b, folder / f"kerawanan{suffix}.xlsx")
    out["kml"] = write_assessment_kml(b, folder / f"kerawanan{suffix}.kml")
    return out
