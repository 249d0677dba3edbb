"""Assessment columns for GeoPackage layers and a styled KML (QGIS, Google Earth match the map)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import shapely

from petarawan.render.briefing import Briefing, kml_colour

__all__ = ["add_assessment", "write_assessment_kml"]

#: layer name in ``workspace_layers`` → (briefing level, key column)
_LAYER_KEYS = {
    "desa": ("desa", "code"),
    "kecamatan": ("kecamatan", "code"),
    "tps": ("tps", "tps_id"),
}


def add_assessment(layers: Mapping[str, pd.DataFrame], b: Briefing) -> dict[str, pd.DataFrame]:
    """Return the export layers with the assessment joined onto desa, kecamatan and TPS.

    Added columns: ``skor`` (score), ``kelas`` (class id), ``kelas_label``, ``warna``
    (``#rrggbb``, the map's colour), ``warna_kml`` (``aabbggrr``), ``stabilitas`` and
    ``pendorong`` (top drivers). Other layers are returned unchanged.
    """
    out: dict[str, pd.DataFrame] = {}
    for name, frame in layers.items():
        spec = _LAYER_KEYS.get(name)
        if spec is None or spec[0] not in b.levels or spec[1] not in frame.columns:
            out[name] = frame
            continue
        lt = b.levels[spec[0]]
        add = pd.DataFrame(
            {
                "skor": lt["score"].round(2),
                "kelas": lt["class_id"],
                "kelas_label": lt["class_label"],
                "warna": lt["colour"],
                "warna_kml": [kml_colour(c) for c in lt["colour"]],
                "stabilitas": lt["stability"],
                "pendorong": lt["drivers"],
            },
            index=lt.index,
        )
        keys = frame[spec[1]].astype(str)
        joined = frame.copy()
        for col in add.columns:
            joined[col] = keys.map(add[col]).to_numpy()
        out[name] = joined
    return out


def _coords(geom: shapely.Geometry) -> str:
    return " ".join(f"{x:.6f},{y:.6f}" for x, y in shapely.get_coordinates(geom))


def _polygon_kml(geom: shapely.Geometry) -> str:
    polys = getattr(geom, "geoms", [geom])
    parts = []
    for p in polys:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_coords(r)}</coordinates>"
            "</LinearRing></innerBoundaryIs>"
            for r in p.interiors
        )
        parts.append(
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{_coords(p.exterior)}</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon>"
        )
    if len(parts) == 1:
        return parts[0]
    return "<MultiGeometry>" + "".join(parts) + "</MultiGeometry>"


def write_assessment_kml(b: Briefing, path: Path) -> Path:
    """Write a KML with the desa classes (filled polygons) and TPS (coloured points).

    Each class has one shared style in the map's colour (KML ``aabbggrr``), and each placemark a
    description with score, class, stability and drivers, so Google Earth shows the same map.
    """
    en = b.lang == "en"
    styles = []
    for c in b.legend():
        k = kml_colour(c.colour, 0xB3)
        p = kml_colour(c.colour, 0xFF)
        styles.append(
            f'<Style id="poly_{c.id}"><LineStyle><color>ffffffff</color><width>0.6</width>'
            f"</LineStyle><PolyStyle><color>{k}</color></PolyStyle></Style>"
            f'<Style id="pt_{c.id}"><IconStyle><color>{p}</color><scale>0.6</scale><Icon>'
            "<href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href>"
            "</Icon></IconStyle><LabelStyle><scale>0</scale></LabelStyle></Style>"
        )
    labels = (
        ("Score", "Class", "Stability", "Drivers")
        if en
        else ("Skor", "Kategori", "Keyakinan kategori", "Faktor dominan")
    )

    def desc(score: float, label: str, stab: str, drivers: str) -> str:
        s = "–" if pd.isna(score) else f"{score:.1f}".replace(".", "," if not en else ".")
        rows = zip(labels, (s, label, stab or "–", drivers or "–"), strict=True)
        return escape("<br>".join(f"<b>{k}</b>: {v}" for k, v in rows))

    folders = []
    desa = b.regions["desa"]
    desa = desa[desa.geometry.notna()]
    lt = b.levels.get("desa")
    marks = []
    for r in desa.itertuples(index=False):
        info = lt.loc[r.code] if lt is not None and r.code in lt.index else None
        d = desc(
            float(info["score"]) if info is not None else float("nan"),
            r.class_label,
            str(info["stability"]) if info is not None else "",
            str(info["drivers"]) if info is not None else "",
        )
        marks.append(
            f"<Placemark><name>{escape(str(r.name))}</name><description>{d}</description>"
            f"<styleUrl>#poly_{r.class_id}</styleUrl>{_polygon_kml(r.geometry)}</Placemark>"
        )
    folders.append(
        f"<Folder><name>{'Village categories' if en else 'Kategori kerawanan desa'}</name>"
        f"{''.join(marks)}</Folder>"
    )
    tps = b.tps
    if len(tps):
        tps = tps[tps.geometry.notna()]
        marks = []
        for t in tps.itertuples(index=False):
            d = desc(float(t.score), t.class_label, str(t.stability or ""), str(t.drivers or ""))
            marks.append(
                f"<Placemark><name>TPS {escape(str(t.tps_id))}</name><description>{d}"
                f"</description><styleUrl>#pt_{t.class_id}</styleUrl><Point><coordinates>"
                f"{t.geometry.x:.6f},{t.geometry.y:.6f}</coordinates></Point></Placemark>"
            )
        folders.append(f"<Folder><name>TPS</name>{''.join(marks)}</Folder>")
    title = escape(f"{b.area_name} — {'vulnerability' if en else 'kerawanan'}")
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{title}</name>{''.join(styles)}{''.join(folders)}</Document></kml>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
