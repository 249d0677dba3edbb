"""Printed maps (A4/A3, PNG/PDF) of a briefing: classes, travel time, incidents and the plan."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np

from petarawan.domain.access.crs import utm_crs_for
from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_datetime, format_int
from petarawan.render._text import INCIDENT_TYPES, as_of_text, tr
from petarawan.render.briefing import Briefing, ClassEntry

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["LAYERS", "PAPERS", "MapData", "draw_map", "map_data", "write_map"]

PAPERS = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}
LAYERS = ("class", "travel", "incidents", "plan")
UNIT_COLOUR = "#08306b"
TRAVEL_BINS = (0, 15, 30, 60, 120, 240)
TRAVEL_COLOURS = ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837", "#00441b")
INCIDENT_PALETTE = (
    "#e41a1c",
    "#377eb8",
    "#4daf4a",
    "#984ea3",
    "#ff7f00",
    "#a65628",
    "#f781bf",
    "#999999",
    "#66c2a5",
    "#fc8d62",
    "#8da0cb",
    "#e78ac3",
)


@dataclass
class MapData:
    """The data behind one map, in the map's metric CRS.

    ``regions`` has the drawn polygons with a ``colour`` column; ``legend`` the choropleth entries
    (only classes that occur, with counts); ``points`` the TPS/unit/incident layers drawn.
    """

    level: str
    layer: str
    crs: Any
    regions: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    legend: list[ClassEntry]
    counts: dict[str, int]
    tps: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    lines: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _metric_crs(b: Briefing) -> Any:
    hs = b.layers.get("hillshade")
    if hs is not None:
        import rasterio

        with rasterio.open(hs) as src:
            if src.crs is not None and src.crs.is_projected:
                return src.crs.to_wkt()
    for lv in ("desa", "kecamatan", "kabkota", "provinsi"):
        g = b.regions[lv]
        g = g[g.geometry.notna()]
        if len(g):
            return utm_crs_for(g)
    if len(b.tps):
        return utm_crs_for(b.tps[b.tps.geometry.notna()])
    msg = "Tidak ada geometri wilayah maupun TPS untuk digambar."
    raise InputDataError(msg, [Issue("workspace", None, None, msg)])


def map_data(b: Briefing, *, level: str = "desa", layer: str = "class") -> MapData:
    """Return the data one map draws (regions with colours, legend, points), in a metric CRS.

    Parameters
    ----------
    b
        The briefing.
    level
        ``desa`` or ``kecamatan``: the level of the choropleth.
    layer
        ``class``, ``travel``, ``incidents`` or ``plan``.

    Returns
    -------
    MapData
        Everything the map draws; the legend lists exactly the colours drawn.
    """
    if level not in ("desa", "kecamatan"):
        msg = f"--level: '{level}' tidak dikenal; pilih desa atau kecamatan."
        raise InputDataError(msg, [Issue("--level", None, None, msg)])
    if layer not in LAYERS:
        msg = f"--layer: '{layer}' tidak dikenal; pilih salah satu dari {', '.join(LAYERS)}."
        raise InputDataError(msg, [Issue("--layer", None, None, msg)])
    crs = _metric_crs(b)
    notes: list[str] = []
    regions = b.regions[level]
    regions = regions[regions.geometry.notna()].to_crs(crs)
    kec = b.regions["kecamatan"]
    kec = kec[kec.geometry.notna()].to_crs(crs)
    if level == "desa" and regions.empty and len(kec):
        regions = kec
        notes.append(
            "No desa polygons: drawn per kecamatan"
            if b.lang == "en"
            else "Tidak ada poligon desa: digambar per kecamatan"
        )
    if layer == "class":
        legend, counts = _class_legend(b, regions)
    else:
        # other layers keep the classes as a pale background without a class legend
        regions = regions.assign(colour="#f0f0f0")
        legend, counts = [], {}
    tps = b.tps[b.tps.geometry.notna()].to_crs(crs) if len(b.tps) else b.tps
    units = b.units[b.units.geometry.notna()].to_crs(crs) if len(b.units) else b.units
    inc = b.incidents[b.incidents.geometry.notna()]
    inc = inc.to_crs(crs) if len(inc) else inc
    if layer == "travel" and (len(tps) == 0 or tps["travel_time_min"].isna().all()):
        notes.append(
            "No travel times: run 'petarawan indicators'"
            if b.lang == "en"
            else "Belum ada waktu tempuh: jalankan 'petarawan indicators'"
        )
    if layer == "plan" and b.plan is None:
        notes.append(
            "No deployment plan: personnel available per unit shown"
            if b.lang == "en"
            else "Belum ada rencana penempatan: ditampilkan personel tersedia per satuan"
        )
    lines: dict[str, gpd.GeoDataFrame] = {}
    for key in ("roads", "border"):
        path = b.layers.get(key)
        if path is not None:
            g = gpd.read_file(path)
            if g.crs is None:
                g = g.set_crs(4326)
            lines[key] = g.to_crs(crs)
    return MapData(level, layer, crs, regions, kec, legend, counts, tps, units, inc, lines, notes)


def _class_legend(
    b: Briefing, regions: gpd.GeoDataFrame
) -> tuple[list[ClassEntry], dict[str, int]]:
    counts = {str(k): int(v) for k, v in regions["class_id"].value_counts().items()}
    known = [c.id for c in b.classes]
    # scheme order first, then anything else drawn (e.g. "Belum dinilai")
    ids = [i for i in known if i in counts] + sorted(i for i in counts if i not in known)
    return [b.class_entry(i) for i in ids], counts


# ------------------------------------------------------------------------------------------------
def draw_map(
    b: Briefing,
    *,
    level: str = "desa",
    layer: str = "class",
    paper: str = "A4",
) -> tuple[Figure, MapData]:
    """Draw a map of the briefing and return the figure and the data behind it.

    Parameters
    ----------
    b
        The briefing.
    level, layer
        See :func:`map_data`.
    paper
        ``A4`` or ``A3`` (landscape).

    Returns
    -------
    tuple
        The matplotlib figure (not shown) and its :class:`MapData`.
    """
    from matplotlib.figure import Figure

    if paper.upper() not in PAPERS:
        msg = f"--paper: '{paper}' tidak dikenal; pilih A4 atau A3."
        raise InputDataError(msg, [Issue("--paper", None, None, msg)])
    data = map_data(b, level=level, layer=layer)
    w, h = PAPERS[paper.upper()]
    scale = w / PAPERS["A4"][0]
    fig = Figure(figsize=(w, h))
    ax = fig.add_axes((0.02, 0.06, 0.66, 0.82))
    side = fig.add_axes((0.70, 0.06, 0.28, 0.82))
    side.set_axis_off()
    ax.set_axis_off()
    lang = b.lang
    _hillshade(ax, b, data)
    alpha = 0.78 if "hillshade" in b.layers else 1.0
    if len(data.regions):
        data.regions.plot(
            ax=ax,
            color=data.regions["colour"].tolist(),
            edgecolor="#ffffff" if level == "desa" else "#555555",
            linewidth=0.3 * scale,
            alpha=alpha,
            zorder=2,
        )
    if len(data.kecamatan):
        data.kecamatan.boundary.plot(ax=ax, color="#333333", linewidth=0.8 * scale, zorder=3)
    if "roads" in data.lines:
        data.lines["roads"].plot(ax=ax, color="#6e5a46", linewidth=0.5 * scale, zorder=4)
    if "border" in data.lines:
        data.lines["border"].plot(
            ax=ax, color="#b2182b", linewidth=1.6 * scale, linestyle="-.", zorder=4
        )
    handles = _draw_points(ax, b, data, scale)
    _label_kecamatan(ax, fig, data, 6.5 * scale)
    ax.set_aspect("equal")
    _scale_bar(ax, scale, lang)
    _north_arrow(ax, lang, scale)
    title_key = {
        "class": "title",
        "travel": "title_travel",
        "incidents": "title_incidents",
        "plan": "title_plan",
    }[layer]
    fig.text(
        0.02,
        0.955,
        f"{tr(title_key, lang)} — {b.area_name}",
        fontsize=15 * scale,
        weight="bold",
        va="center",
    )
    sub = as_of_text(b.as_of, lang)
    if b.framework_name:
        sub += f"  ·  {b.framework_name}"
    fig.text(0.02, 0.915, sub, fontsize=9 * scale, va="center", color="#333333")
    fig.text(
        0.98,
        0.015,
        f"{tr('printed', lang)} {format_datetime(b.created, lang=lang)} · petarawan",
        fontsize=6.5 * scale,
        ha="right",
        color="#555555",
    )
    _side_panel(fig, side, b, data, handles, scale)
    return fig, data


def write_map(
    b: Briefing,
    out: Path,
    *,
    level: str = "desa",
    layer: str = "class",
    paper: str = "A4",
    dpi: int = 300,
) -> MapData:
    """Draw a map and save it as PNG (``dpi``) or PDF, chosen by the file suffix."""
    suffix = out.suffix.lower()
    if suffix not in (".png", ".pdf"):
        msg = f"--out: akhiran '{out.suffix}' tidak didukung; gunakan .png atau .pdf."
        raise InputDataError(msg, [Issue(str(out), None, None, msg)])
    fig, data = draw_map(b, level=level, layer=layer, paper=paper)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"Title": f"{tr('title', b.lang)} — {b.area_name}", "Creator": "petarawan"}
    if suffix == ".png":
        fig.savefig(out, dpi=dpi, metadata={"Title": meta["Title"], "Software": "petarawan"})
    else:
        fig.savefig(out, metadata=meta)
    return data


# ------------------------------------------------------------------------------------------------
def _hillshade(ax: Axes, b: Briefing, data: MapData) -> None:
    path = b.layers.get("hillshade")
    if path is None:
        return
    import rasterio
    from rasterio.enums import Resampling

    with rasterio.open(path) as src:
        if src.crs is None or src.crs.to_wkt() != str(data.crs):
            return
        step = max(1, int(np.ceil(max(src.width, src.height) / 1500)))
        arr = src.read(
            1,
            out_shape=(src.height // step, src.width // step),
            resampling=Resampling.average,
            masked=True,
        )
        left, bottom, right, top = src.bounds
    ax.imshow(
        arr,
        cmap="gray",
        extent=(left, right, bottom, top),
        interpolation="bilinear",
        zorder=1,
        vmin=0,
        vmax=255,
    )


def _draw_points(ax: Axes, b: Briefing, data: MapData, scale: float) -> list[Any]:
    """Draw TPS, incidents, units and shortfall areas; return the legend handles of all layers."""
    return [
        *_draw_tps(ax, data, scale, b.lang),
        *_draw_incidents(ax, data, scale, b.lang),
        *_draw_units(ax, b, data, scale),
        *_draw_shortfall(ax, b, data),
        *_line_handles(data, b.lang),
    ]


def _draw_tps(ax: Axes, data: MapData, scale: float, lang: str) -> list[Any]:
    """TPS by class (or travel time): surveyed locations as dots, estimated ones as diamonds."""
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    tps = data.tps
    if data.layer in ("class", "travel") and len(tps):
        est = tps["location_source"] == "estimated"
        if data.layer == "class":
            colours = tps["colour"].to_numpy()
        else:
            colours = np.array([_travel_colour(v) for v in tps["travel_time_min"]])
        for mask, marker, key in ((~est, "o", "tps_surveyed"), (est, "D", "tps_estimated")):
            if not mask.any():
                continue
            sub = tps[mask.to_numpy()]
            face = colours[mask.to_numpy()] if marker == "o" else "none"
            edge = "#222222" if marker == "o" else colours[mask.to_numpy()]
            ax.scatter(
                sub.geometry.x,
                sub.geometry.y,
                s=(7 if marker == "o" else 9) * scale**2,
                c=face,
                edgecolors=edge,
                linewidths=0.35 * scale if marker == "o" else 0.9 * scale,
                marker=marker,
                zorder=5,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    markerfacecolor="#bbbbbb" if marker == "o" else "none",
                    markeredgecolor="#222222",
                    markersize=5,
                    label=f"{tr(key, lang)} ({format_int(int(mask.sum()), lang)})",
                )
            )
    return handles


def _draw_incidents(ax: Axes, data: MapData, scale: float, lang: str) -> list[Any]:
    """Incidents by type, sized by severity (incident map only)."""
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    if data.layer == "incidents" and len(data.incidents):
        types = data.incidents["type"].astype(str)
        order = types.value_counts().index.tolist()
        names = INCIDENT_TYPES["en" if lang == "en" else "id"]
        for i, t in enumerate(order):
            sub = data.incidents[(types == t).to_numpy()]
            colour = INCIDENT_PALETTE[i % len(INCIDENT_PALETTE)]
            ax.scatter(
                sub.geometry.x,
                sub.geometry.y,
                s=(8 + 6 * sub["severity"].fillna(1).to_numpy(dtype=float)) * scale**2,
                c=colour,
                edgecolors="#222222",
                linewidths=0.3,
                alpha=0.85,
                zorder=6,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor=colour,
                    markeredgecolor="#222222",
                    markersize=6,
                    label=f"{names.get(t, t)} ({len(sub)})",
                )
            )
    return handles


def _draw_units(ax: Axes, b: Briefing, data: MapData, scale: float) -> list[Any]:
    """Police units sized by their personnel (assigned personnel, labelled, on the plan map)."""
    from matplotlib.lines import Line2D

    lang = b.lang
    handles: list[Any] = []
    units = data.units
    if len(units):
        if data.layer == "plan" and b.plan is not None and len(b.plan.units):
            assigned = b.plan.units.set_index("code")["assigned"]
            people = units["code"].map(assigned).fillna(0).to_numpy(dtype=float)
            label = "Personel bertugas" if lang == "id" else "Personnel assigned"
        else:
            people = units["polri"].fillna(0).to_numpy(dtype=float)
            label = tr("unit", lang)
        size = (12 + 1.6 * np.sqrt(np.maximum(people, 0)) ** 2 / 4) * scale**2
        ax.scatter(
            units.geometry.x,
            units.geometry.y,
            s=size,
            marker="^",
            c=UNIT_COLOUR,
            edgecolors="white",
            linewidths=0.6,
            zorder=7,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="^",
                linestyle="",
                markerfacecolor=UNIT_COLOUR,
                markeredgecolor="white",
                markersize=8,
                label=f"{label} ({format_int(int(people.sum()), lang)})",
            )
        )
        if data.layer == "plan":
            import matplotlib.patheffects as pe

            for x, y, n in zip(units.geometry.x, units.geometry.y, people, strict=True):
                ax.annotate(
                    format_int(n, lang),
                    (x, y),
                    xytext=(0, -9 * scale),
                    textcoords="offset points",
                    ha="center",
                    fontsize=6 * scale,
                    color=UNIT_COLOUR,
                    weight="bold",
                    zorder=8,
                    path_effects=[pe.withStroke(linewidth=2, foreground="white")],
                )
    return handles


def _draw_shortfall(ax: Axes, b: Briefing, data: MapData) -> list[Any]:
    """Hatch the kecamatan short of personnel (plan map only)."""
    lang = b.lang
    handles: list[Any] = []
    if data.layer == "plan" and b.plan is not None and b.plan.by_kecamatan and len(data.kecamatan):
        short = data.kecamatan[data.kecamatan["code"].isin(list(b.plan.by_kecamatan))]
        if len(short):
            short.plot(
                ax=ax, facecolor="none", edgecolor="#b2182b", hatch="///", linewidth=1.2, zorder=3
            )
            from matplotlib.patches import Patch

            total = sum(b.plan.by_kecamatan.values())
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor="#b2182b",
                    hatch="///",
                    label=f"{tr('shortfall', lang)} ({format_int(total, lang)})",
                )
            )
    return handles


def _line_handles(data: MapData, lang: str) -> list[Any]:
    """Legend entries of the line layers drawn elsewhere (roads, border, kecamatan outlines)."""
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    styles: tuple[tuple[str, str, Any], ...] = (
        ("roads", "#6e5a46", "-"),
        ("border", "#b2182b", "-."),
    )
    for key, colour, style in styles:
        if key in data.lines:
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    linestyle=style,
                    linewidth=1.2,
                    label=tr(key[:-1] if key == "roads" else key, lang),
                )
            )
    if len(data.kecamatan):
        handles.append(
            Line2D([], [], color="#333333", linewidth=1.0, label=tr("kec_boundary", lang))
        )
    return handles


def _travel_colour(v: float) -> str:
    if v is None or not np.isfinite(v):
        return "#bdbdbd"
    i = int(np.searchsorted(TRAVEL_BINS, v, side="right") - 1)
    return TRAVEL_COLOURS[min(max(i, 0), len(TRAVEL_COLOURS) - 1)]


def _label_kecamatan(ax: Axes, fig: Figure, data: MapData, size: float) -> list[Any]:
    """Label each kecamatan inside it, never over another label.

    Labels already on the map (unit personnel) keep their place; each kecamatan name tries a few
    positions inside its polygon and is left out when all of them would overlap. Returns the
    visible label texts (tests check that no two overlap).
    """
    import matplotlib.patheffects as pe
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    kec = data.kecamatan
    if kec.empty:
        return []
    ax.set_xlim(*ax.get_xlim())
    ax.set_ylim(*ax.get_ylim())
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    placed: list[Any] = [
        t.get_window_extent(renderer=renderer) for t in ax.texts if t.get_visible()
    ]
    order = kec.assign(_a=kec.geometry.area).sort_values("_a", ascending=False)
    shown = []
    for name, geom in zip(order["name"].astype(str), order.geometry, strict=True):
        p = geom.representative_point()
        x0, y0, x1, y1 = geom.bounds
        dy = (y1 - y0) * 0.18
        dx = (x1 - x0) * 0.18
        t = ax.text(
            p.x,
            p.y,
            name,
            fontsize=size,
            ha="center",
            va="center",
            color="#111111",
            zorder=9,
            path_effects=[pe.withStroke(linewidth=2.2, foreground="white")],
        )
        for ox, oy in ((0, 0), (0, dy), (0, -dy), (dx, 0), (-dx, 0)):
            if (ox or oy) and not geom.contains(type(p)(p.x + ox, p.y + oy)):
                continue
            t.set_position((p.x + ox, p.y + oy))
            bb = t.get_window_extent(renderer=renderer).expanded(1.05, 1.15)
            if not any(bb.overlaps(o) for o in placed):
                placed.append(bb)
                shown.append(t)
                break
        else:
            t.set_visible(False)
    return shown


def _nice(x: float) -> float:
    exp = 10 ** np.floor(np.log10(x))
    for m in (5, 2, 1):
        if m * exp <= x:
            return float(m * exp)
    return float(exp)


def _scale_bar(ax: Axes, scale: float, lang: str) -> None:
    from matplotlib.font_manager import FontProperties
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    x0, x1 = ax.get_xlim()
    length = _nice((x1 - x0) / 5)
    km = length / 1000
    text = f"{format_int(km, lang)} km" if km >= 1 else f"{format_int(length, lang)} m"
    bar = AnchoredSizeBar(
        ax.transData,
        length,
        text,
        "lower left",
        pad=0.6,
        color="#111111",
        frameon=True,
        size_vertical=(x1 - x0) / 250,
        fontproperties=FontProperties(size=7 * scale),
    )
    bar.patch.set_alpha(0.8)
    ax.add_artist(bar)


def _north_arrow(ax: Axes, lang: str, scale: float) -> None:
    ax.annotate(
        "U" if lang == "id" else "N",
        xy=(0.96, 0.97),
        xytext=(0.96, 0.87),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11 * scale,
        weight="bold",
        arrowprops={"facecolor": "black", "width": 3 * scale, "headwidth": 10 * scale},
        zorder=10,
    )


def _side_panel(
    fig: Figure, side: Axes, b: Briefing, data: MapData, handles: list[Any], scale: float
) -> None:
    from matplotlib.patches import Patch

    lang = b.lang
    y = 1.0
    level_word = ("desa" if lang == "id" else "villages") if data.level == "desa" else "kecamatan"
    if data.legend:
        patches = [
            Patch(
                facecolor=c.colour,
                edgecolor="#555555",
                label=f"{c.label} ({data.counts.get(c.id, 0)} {level_word})",
            )
            for c in data.legend
        ]
        leg = side.legend(
            handles=patches,
            title=tr("legend_class", lang),
            loc="upper left",
            bbox_to_anchor=(0, y),
            fontsize=7.5 * scale,
            title_fontsize=8.5 * scale,
            frameon=False,
            alignment="left",
        )
        side.add_artist(leg)
        y -= 0.05 + 0.03 * len(patches)
    if data.layer == "travel":
        patches = [
            Patch(
                facecolor=c,
                edgecolor="#555555",
                label=(
                    f"{TRAVEL_BINS[i]}–{TRAVEL_BINS[i + 1]}"
                    if i + 1 < len(TRAVEL_BINS)
                    else f"≥ {TRAVEL_BINS[i]}"
                ),
            )
            for i, c in enumerate(TRAVEL_COLOURS)
        ]
        leg = side.legend(
            handles=patches,
            title=tr("travel_legend", lang),
            loc="upper left",
            bbox_to_anchor=(0, y),
            fontsize=7.5 * scale,
            title_fontsize=8.5 * scale,
            frameon=False,
            ncols=2,
            alignment="left",
        )
        side.add_artist(leg)
        y -= 0.05 + 0.03 * 3
    if handles:
        leg = side.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, y),
            fontsize=7.5 * scale,
            frameon=False,
        )
        side.add_artist(leg)
        y -= 0.02 + 0.032 * len(handles)
    # locator map
    box = side.get_position()
    loc_h = 0.24
    loc_bottom = box.y0 + box.height * max(y - 0.02, 0.3) - box.height * loc_h - 0.01
    loc_bottom = max(loc_bottom, box.y0 + box.height * 0.27)
    loc = fig.add_axes((box.x0, loc_bottom, box.width * 0.8, box.height * loc_h))
    _locator(loc, b, scale)
    # notes and sources at the bottom
    lines: list[str] = []
    for n in [*data.notes, *b.missing]:
        lines.append(f"• {n}")
    for n in b.notes:
        lines.append(f"• {n}")
    y_text = (loc_bottom - box.y0) / box.height - 0.03
    if lines:
        side.text(
            0,
            y_text,
            tr("missing", lang) + ":\n" + "\n".join(_wrap(s, 58) for s in lines),
            fontsize=6.3 * scale,
            va="top",
            color="#8a1c1c",
            transform=side.transAxes,
        )
    src = tr("sources", lang) + ": " + "; ".join(b.sources)
    side.text(
        0,
        -0.02,
        _wrap(src, 64),
        fontsize=5.8 * scale,
        va="bottom",
        color="#444444",
        transform=side.transAxes,
    )


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n  ".join(textwrap.wrap(text, width)) if len(text) > width else text


@functools.cache
def _provinces() -> gpd.GeoDataFrame:
    ref = resources.files("petarawan.render") / "templates" / "geo" / "indonesia_provinsi.geojson"
    data = json.loads(ref.read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(data["features"], crs=4326)


def _locator(ax: Axes, b: Briefing, scale: float) -> None:
    """Draw the province of the area with the area's extent marked (from the shipped outline)."""
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_edgecolor("#888888")
    extent = None
    for lv in ("kabkota", "kecamatan", "desa"):
        g = b.regions[lv]
        g = g[g.geometry.notna()]
        if len(g):
            extent = g.total_bounds
            break
    if extent is None and len(b.tps):
        extent = b.tps[b.tps.geometry.notna()].total_bounds
    if extent is None:
        ax.set_axis_off()
        return
    provs = _provinces()
    if len(provs):
        # only what the locator window shows: keeps the drawing fast
        from shapely.geometry import box

        bx = box(extent[0] - 12, extent[1] - 8, extent[2] + 12, extent[3] + 8)
        provs = provs[provs.intersects(bx)]
    prov_codes = b.regions["provinsi"]["code"].astype(str).tolist()
    area_prov = provs[provs["code"].isin(prov_codes)]
    if area_prov.empty:
        cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
        from shapely.geometry import Point

        area_prov = provs[provs.intersects(Point(cx, cy).buffer(0.5))]
    focus = area_prov.total_bounds if len(area_prov) else extent
    pad = 0.15 * max(focus[2] - focus[0], focus[3] - focus[1])
    provs.plot(ax=ax, color="#e8e8e8", edgecolor="#aaaaaa", linewidth=0.3)
    if len(area_prov):
        area_prov.plot(ax=ax, color="#c6dbef", edgecolor="#4a6a8a", linewidth=0.5)
    kab = b.regions["kabkota"]
    kab = kab[kab.geometry.notna()]
    if len(kab):
        kab.plot(ax=ax, color="#d73027", edgecolor="none", alpha=0.6)
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            (extent[0], extent[1]),
            extent[2] - extent[0],
            extent[3] - extent[1],
            fill=False,
            edgecolor="#b2182b",
            linewidth=1.2,
        )
    )
    ax.set_xlim(min(focus[0], extent[0]) - pad, max(focus[2], extent[2]) + pad)
    ax.set_ylim(min(focus[1], extent[1]) - pad, max(focus[3], extent[3]) + pad)
    ax.set_aspect(1 / np.cos(np.radians((extent[1] + extent[3]) / 2)))
    ax.set_xlabel("")
    ax.set_ylabel("")
    names = area_prov["name"].astype(str).tolist()
    ax.set_title(
        f"{tr('locator', b.lang)}: {', '.join(names) if names else b.area_name}",
        fontsize=7 * scale,
        loc="left",
    )
