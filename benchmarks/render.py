"""Time to draw the demo map and the briefing report, side by side with minimal references.

Usage: ``python benchmarks/render.py [WORKSPACE]`` (builds the demo workspace when omitted).

References: the same desa choropleth as a bare ``GeoDataFrame.plot`` saved at the same dpi
(what any map costs), and WeasyPrint on a one-page HTML with the same map image (what any PDF
costs). Targets: ≤ 10 s for the map and for the report.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path


def _t(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    from petarawan.store import Workspace

    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        from petarawan.cli.demo import run_demo

        path = Path(tempfile.mkdtemp(prefix="bench-render-"))
        print(f"building the demo workspace in {path} …")
        run_demo(path)
    t0 = time.perf_counter()
    from matplotlib.figure import Figure

    from petarawan.render import build_briefing
    from petarawan.render.maps import write_map
    from petarawan.render.report import _map_png, report_html, write_report

    t_import = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp(prefix="bench-render-out-"))
    with Workspace.open(path, create=False) as ws:
        t_brief, b = _t(lambda: build_briefing(ws), 2)

    def reference_map() -> None:
        g = b.regions["desa"]
        fig = Figure(figsize=(11.69, 8.27))
        ax = fig.add_subplot()
        g.plot(ax=ax, color=g["colour"].tolist(), edgecolor="white", linewidth=0.3)
        fig.savefig(out / "ref.png", dpi=300)

    t_ref_map, _ = _t(reference_map, 2)
    t_map, _ = _t(lambda: write_map(b, out / "peta.png", dpi=300), 2)
    t_map_pdf, _ = _t(lambda: write_map(b, out / "peta.pdf"), 1)
    t_map_png, png = _t(lambda: _map_png(b), 1)

    def reference_pdf() -> None:
        import base64

        import weasyprint

        src = "data:image/png;base64," + base64.b64encode(png or b"").decode()
        html = f"<html><body><h1>Peta</h1><img src='{src}' style='width:100%'></body></html>"
        weasyprint.HTML(string=html).write_pdf(out / "ref.pdf")

    t_ref_pdf, _ = _t(reference_pdf, 2)
    t_html, _ = _t(lambda: report_html(b, map_png=png), 1)
    t_report, _ = _t(lambda: write_report(b, out / "laporan.pdf"), 2)
    buf = io.StringIO()
    rows = [
        ("imports (render, matplotlib, WeasyPrint)", t_import, None),
        ("gather briefing from workspace", t_brief, None),
        ("map A4 PNG 300 dpi", t_map, t_ref_map),
        ("map A4 PDF", t_map_pdf, t_ref_map),
        ("report PDF (map + tables + chart)", t_report, t_ref_pdf),
        ("  of which: map image 150 dpi", t_map_png, None),
        ("  of which: HTML (context, chart, template)", t_html, None),
    ]
    print(f"workspace: {path}  ({len(b.tps)} TPS, {len(b.regions['desa'])} desa)", file=buf)
    print(f"{'step':46s} {'ours s':>8s} {'ref s':>8s} {'ratio':>7s}  target", file=buf)
    for name, ours, ref in rows:
        ref_s = f"{ref:8.2f}" if ref is not None else f"{'':8s}"
        ratio = f"{ours / ref:7.1f}" if ref else f"{'':7s}"
        target = ""
        if name.startswith(("map A4 PNG", "report PDF")):
            target = "ok (≤ 10 s)" if ours <= 10 else "over 10 s"
        print(f"{name:46s} {ours:8.2f} {ref_s} {ratio}  {target}", file=buf)
    print(
        "reference map: bare GeoDataFrame.plot of the same colours at 300 dpi; reference PDF: "
        "WeasyPrint of one page holding the same map image.",
        file=buf,
    )
    print(buf.getvalue())


if __name__ == "__main__":
    main()
