"""The offline interactive map: one self-contained HTML file with Leaflet inlined (no network)."""

from __future__ import annotations

import base64
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from petarawan.errors import InputDataError, Issue
from petarawan.formatting import format_datetime, format_int, format_number
from petarawan.render._text import INCIDENT_TYPES, as_of_text, tr
from petarawan.render.briefing import Briefing
from petarawan.render.maps import INCIDENT_PALETTE, UNIT_COLOUR

__all__ = ["webmap_html", "write_webmap"]

_TEXT = {
    "id": {
        "classes": "Kategori kerawanan desa",
        "kecamatan": "Batas kecamatan",
        "tps": "TPS",
        "units": "Satuan (Polres/Polsek/Pos)",
        "incidents": "Kejadian",
        "plan": "Rencana penempatan",
        "roads": "Jalan",
        "border": "Batas negara",
        "relief": "Relief (hillshade)",
        "score": "Skor",
        "class": "Kategori",
        "stability": "Keyakinan kategori",
        "drivers": "Faktor dominan",
        "voters": "Pemilih (DPT)",
        "location": "Lokasi",
        "surveyed": "survei",
        "estimated": "perkiraan",
        "travel": "Waktu tempuh",
        "minutes": "menit",
        "personnel": "Personel",
        "assigned": "bertugas",
        "bko": "usulan BKO",
        "severity": "Tingkat",
        "no_plan": "Belum ada rencana penempatan",
        "missing": "Belum tersedia",
    },
    "en": {
        "classes": "Village vulnerability class",
        "kecamatan": "Kecamatan boundaries",
        "tps": "TPS",
        "units": "Police units",
        "incidents": "Incidents",
        "plan": "Deployment plan",
        "roads": "Roads",
        "border": "International border",
        "relief": "Relief (hillshade)",
        "score": "Score",
        "class": "Class",
        "stability": "Stability",
        "drivers": "Main drivers",
        "voters": "Voters (DPT)",
        "location": "Location",
        "surveyed": "surveyed",
        "estimated": "estimated",
        "travel": "Travel time",
        "minutes": "minutes",
        "personnel": "Personnel",
        "assigned": "assigned",
        "bko": "BKO request",
        "severity": "Severity",
        "no_plan": "No deployment plan yet",
        "missing": "Not available",
    },
}


def _leaflet() -> tuple[str, str, Path]:
    import xstatic.pkg.leaflet as xl

    base = Path(xl.BASE_DIR)
    return (
        (base / "leaflet.js").read_text(encoding="utf-8"),
        (base / "leaflet.css").read_text(encoding="utf-8"),
        base,
    )


def _inline_css_images(css: str, base: Path) -> str:
    """Replace ``url(images/x.png)`` in Leaflet's CSS by data URIs so the file stands alone."""

    def repl(m: re.Match[str]) -> str:
        path = base / m.group(1)
        if not path.exists():
            return "url()"
        mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:{mime};base64,{data})"

    return re.sub(r"url\(\s*['\"]?(images/[^'\")]+)['\"]?\s*\)", repl, css)


def _num(v: Any, digits: int, lang: str) -> str:
    return format_number(float(v), digits, lang) if v is not None and pd.notna(v) else "–"


def _features(g: gpd.GeoDataFrame, props: list[dict[str, Any]], tol: float) -> dict[str, Any]:
    geoms = g.geometry.to_numpy()
    if tol > 0:
        geoms = shapely.simplify(geoms, tol, preserve_topology=True)
    geoms = shapely.set_precision(geoms, 1e-5)
    feats = [
        {"type": "Feature", "properties": p, "geometry": json.loads(shapely.to_geojson(geom))}
        for geom, p in zip(geoms, props, strict=True)
        if geom is not None and not geom.is_empty
    ]
    return {"type": "FeatureCollection", "features": feats}


def _round_points(g: gpd.GeoDataFrame) -> list[list[float]]:
    return [[round(float(p.y), 5), round(float(p.x), 5)] for p in g.geometry]


def _relief(b: Briefing, max_px: int = 900) -> dict[str, Any] | None:
    """Return the hillshade warped to EPSG:4326 as a PNG data URI with its bounds (or None)."""
    path = b.layers.get("hillshade")
    if path is None:
        return None
    import io
    import warnings

    import numpy as np
    import rasterio
    from PIL import Image
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    with warnings.catch_warnings():
        # rasterio's warp still multiplies Affine objects with "*", which affine ≥ 2.4 flags
        warnings.filterwarnings("ignore", "Use `@` matmul", PendingDeprecationWarning)
        with rasterio.open(path) as src:
            if src.crs is None:
                return None
            transform, width, height = calculate_default_transform(
                src.crs, "EPSG:4326", src.width, src.height, *src.bounds
            )
            scale = max(1.0, max(width, height) / max_px)
            width, height = int(width / scale), int(height / scale)
            transform = transform @ transform.scale(scale, scale)
            out = np.zeros((height, width), dtype=np.float32)
            reproject(
                src.read(1).astype(np.float32),
                out,
                src_transform=src.transform,
                src_crs=src.crs,
                src_nodata=src.nodata,
                dst_transform=transform,
                dst_crs="EPSG:4326",
                dst_nodata=0,
                resampling=Resampling.bilinear,
            )
    alpha = np.where(out > 0, 255, 0).astype(np.uint8)
    img = Image.fromarray(np.dstack([out.clip(0, 255).astype(np.uint8)] * 3 + [alpha]), "RGBA")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    west, north = transform @ (0, 0)
    east, south = transform @ (width, height)
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return {"src": uri, "bounds": [[south, west], [north, east]]}


def webmap_data(b: Briefing) -> dict[str, Any]:
    """Return the JSON the web map draws: layers and popups in the briefing's language."""
    lang = b.lang
    w = _TEXT["en" if lang == "en" else "id"]
    data: dict[str, Any] = {"text": w, "lang": lang}
    desa = b.regions["desa"]
    desa = desa[desa.geometry.notna()]
    lt = b.levels.get("desa", pd.DataFrame())
    props = []
    for r in desa.itertuples(index=False):
        info = lt.loc[r.code] if r.code in lt.index else None
        props.append(
            {
                "code": r.code,
                "name": r.name,
                "colour": r.colour,
                "class": r.class_label,
                "score": _num(info["score"], 1, lang) if info is not None else "–",
                "stability": (info["stability"] or "–") if info is not None else "–",
                "drivers": (info["drivers"] or "–") if info is not None else "–",
                "kecamatan": (info["kecamatan"] or "") if info is not None else "",
            }
        )
    data["desa"] = _features(desa, props, 0.0002)
    kec = b.regions["kecamatan"]
    kec = kec[kec.geometry.notna()]
    data["kecamatan"] = _features(
        kec, [{"code": c, "name": n} for c, n in zip(kec["code"], kec["name"], strict=True)], 0.0003
    )
    tps = b.tps[b.tps.geometry.notna()] if len(b.tps) else b.tps
    data["tps"] = [
        {
            "ll": ll,
            "id": str(r.tps_id),
            "c": r.colour,
            "est": r.location_source == "estimated",
            "cls": r.class_label,
            "score": _num(r.score, 1, lang),
            "stab": r.stability or "–",
            "drv": r.drivers or "–",
            "voters": format_int(r.voters, lang) if pd.notna(r.voters) else "–",
            "travel": _num(r.travel_time_min, 0, lang),
        }
        for ll, r in zip(_round_points(tps), tps.itertuples(index=False), strict=True)
    ]
    units = b.units[b.units.geometry.notna()] if len(b.units) else b.units
    assigned: dict[str, int] = {}
    bko: dict[str, int] = {}
    if b.plan is not None and len(b.plan.units):
        assigned = dict(zip(b.plan.units["code"], b.plan.units["assigned"], strict=True))
        bko = dict(zip(b.plan.units["code"], b.plan.units["bko"], strict=True))
    data["units"] = [
        {
            "ll": ll,
            "name": r.name,
            "kind": r.kind,
            "polri": int(r.polri or 0),
            "text": (
                f"Polri {format_int(r.polri or 0, lang)}, "
                f"Brimob {format_int(r.brimob or 0, lang)}, "
                f"TNI {format_int(r.tni or 0, lang)}, Linmas {format_int(r.linmas or 0, lang)}"
            ),
            "assigned": int(assigned.get(r.code, 0)),
            "bko": int(bko.get(r.code, 0)),
        }
        for ll, r in zip(_round_points(units), units.itertuples(index=False), strict=True)
    ]
    inc = b.incidents[b.incidents.geometry.notna()] if len(b.incidents) else b.incidents
    types = inc["type"].astype(str).value_counts().index.tolist() if len(inc) else []
    colours = {t: INCIDENT_PALETTE[i % len(INCIDENT_PALETTE)] for i, t in enumerate(types)}
    names = INCIDENT_TYPES["en" if lang == "en" else "id"]
    data["incident_types"] = [{"label": names.get(t, t), "colour": colours[t]} for t in types]
    data["incidents"] = [
        {
            "ll": ll,
            "c": colours[str(r.type)],
            "type": names.get(str(r.type), str(r.type)),
            "date": format_datetime(r.occurred_at, lang=lang) if pd.notna(r.occurred_at) else "–",
            "sev": int(r.severity) if pd.notna(r.severity) else 1,
            "desc": r.description or "",
        }
        for ll, r in zip(_round_points(inc), inc.itertuples(index=False), strict=True)
    ]
    for key in ("roads", "border"):
        path = b.layers.get(key)
        if path is not None:
            g = gpd.read_file(path)
            g = (g.set_crs(4326) if g.crs is None else g).to_crs(4326)
            data[key] = _features(g, [{} for _ in range(len(g))], 0.0002)
    data["legend"] = [{"label": c.label, "colour": c.colour} for c in b.legend()]
    data["plan"] = b.plan is not None
    data["missing"] = [*b.missing, *b.notes]
    data["relief"] = _relief(b)
    bounds = None
    for g in (desa, kec, tps):
        if len(g):
            x0, y0, x1, y1 = g.total_bounds
            bounds = [[float(y0), float(x0)], [float(y1), float(x1)]]
            break
    data["bounds"] = bounds or [[-11.0, 95.0], [6.0, 141.0]]
    return data


def webmap_html(b: Briefing) -> str:
    """Return the interactive map as one HTML document with Leaflet and the data inlined."""
    js, css, base = _leaflet()
    css = _inline_css_images(css, base)
    data = json.dumps(webmap_data(b), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    title = f"{tr('title', b.lang)} — {b.area_name}"
    sub = as_of_text(b.as_of, b.lang)
    if b.framework_name:
        sub += f" · {b.framework_name}"
    page = (resources.files("petarawan.render") / "templates" / "webmap.html").read_text(
        encoding="utf-8"
    )
    for key, value in (
        ("__LANG__", b.lang),
        ("__TITLE__", _esc(title)),
        ("__SUBTITLE__", _esc(sub)),
        ("__UNIT__", UNIT_COLOUR),
        ("__LEAFLET_CSS__", css),
        ("__DATA__", data),
        ("__LEAFLET_JS__", js.replace("</script", "<\\/script")),
    ):
        page = page.replace(key, value)
    return page


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_webmap(b: Briefing, out: Path) -> Path:
    """Write the offline map: a ``.html`` file, or a folder with ``index.html``.

    Returns
    -------
    Path
        The HTML file written.
    """
    if out.suffix.lower() in (".htm", ".html"):
        target = out
    elif out.suffix:
        msg = f"--out: akhiran '{out.suffix}' tidak didukung; gunakan .html atau sebuah folder."
        raise InputDataError(msg, [Issue(str(out), None, None, msg)])
    else:
        target = out / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(webmap_html(b), encoding="utf-8")
    return target
