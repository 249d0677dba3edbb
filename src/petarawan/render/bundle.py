"""Writing every rendered output of a workspace at once (used by the demo and the CLI)."""

from __future__ import annotations

import io
from pathlib import Path

from petarawan.errors import InputDataError
from petarawan.render.briefing import Briefing
from petarawan.render.excel import write_excel_report
from petarawan.render.kml import write_assessment_kml
from petarawan.render.maps import draw_map
from petarawan.render.report import write_report
from petarawan.render.webmap import write_webmap

__all__ = ["write_all"]


def write_all(b: Briefing, folder: Path, *, dpi: int = 300) -> dict[str, Path]:
    """Write the map (PNG and PDF), the web map, the report PDF, the workbook and the KML.

    Parameters
    ----------
    b
        The briefing (:func:`petarawan.services.briefing.build_briefing`); its language names
        the files (``_en`` for English).
    folder
        Where to write (created when missing).
    dpi
        Resolution of the PNG map.

    Returns
    -------
    dict
        Output name → path, in the order written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if b.lang == "id" else f"_{b.lang}"
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
