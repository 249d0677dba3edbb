"""The map and table of the moves between two mappings (e.g. Pemilu 2024 → Pilkada 2024)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from petarawan.render.briefing import Briefing, MovesInfo

__all__ = ["MOVE_COLOURS", "moves_context", "moves_png"]

# down (better), up (worse), unchanged, not compared
MOVE_COLOURS = {-1: "#1a9850", 1: "#d73027", 0: "#f0f0f0", None: "#bdbdbd"}
_LABELS = {
    "id": {
        -1: "turun kategori (tidak lagi …)",
        1: "naik kategori (naik menjadi …)",
        0: "kategori tetap",
        "title": "Perpindahan kategori desa: {a} → {b}",
    },
    "en": {
        -1: "class went down (no longer …)",
        1: "class went up (up to …)",
        0: "same class",
        "title": "Desa class moves: {a} → {b}",
    },
}


def moves_png(b: Briefing, dpi: int = 150) -> bytes | None:
    """Draw the desa coloured by their move (PNG bytes); None without moves data or polygons."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from petarawan.render.maps import _metric_crs, _scale_bar

    m = b.moves
    desa = b.regions.get("desa")
    if m is None or desa is None or desa.geometry.isna().all():
        return None
    lang = "en" if b.lang == "en" else "id"
    labels = _LABELS[lang]
    crs = _metric_crs(b)
    gdf = desa[desa.geometry.notna()].to_crs(crs)
    direction = m.table.set_index("code")["direction"]
    codes = gdf["code"].astype(str)
    dirs = [direction.get(c) for c in codes]
    colours = [MOVE_COLOURS.get(None if d is None else int(d), "#bdbdbd") for d in dirs]
    fig = Figure(figsize=(7.2, 6.0))
    ax = fig.add_subplot()
    gdf.plot(ax=ax, color=colours, edgecolor="#9e9e9e", linewidth=0.3)
    kec = b.regions.get("kecamatan")
    if kec is not None and kec.geometry.notna().any():
        kec[kec.geometry.notna()].to_crs(crs).boundary.plot(ax=ax, color="#555555", linewidth=0.6)
    moved = gdf[[d not in (None, 0) and not (isinstance(d, float) and np.isnan(d)) for d in dirs]]
    for _, row in moved.iterrows():
        p = row.geometry.representative_point()
        ax.annotate(
            str(row["name"]),
            (p.x, p.y),
            fontsize=6,
            ha="center",
            va="center",
            color="#111111",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(labels["title"].format(a=m.from_name, b=m.to_name), fontsize=9)
    counts = m.table["direction"].value_counts()
    handles = [
        Patch(
            facecolor=MOVE_COLOURS[k],
            edgecolor="#9e9e9e",
            label=f"{labels[k]}: {int(counts.get(k, 0))}",
        )
        for k in (-1, 1, 0)
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=7, frameon=True)
    _scale_bar(ax, 1.0, lang)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.94)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def moves_context(m: MovesInfo | None) -> dict[str, Any] | None:
    """Return the report's rows for the moves section (desa that changed class first)."""
    if m is None:
        return None
    moved = m.table[m.table["direction"] != 0].sort_values(["direction", "code"])
    return {
        "from": m.from_name,
        "to": m.to_name,
        "common": m.common,
        "counts": m.counts,
        "rows": [
            {
                "name": r["name"] or r["code"],
                "kecamatan": r.get("kecamatan") or "",
                "before": r["label_before"],
                "after": r["label_after"],
                "move": r["move"],
                "drivers": r["drivers"] or "–",
                "colour": MOVE_COLOURS.get(int(r["direction"]), "#bdbdbd"),
            }
            for r in moved.to_dict("records")
        ],
    }
