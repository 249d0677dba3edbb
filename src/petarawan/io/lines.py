"""Reading road and border line layers (GeoJSON, GPKG, SHP): validation, CRS, reprojection."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from petarawan.domain.access.network import DEFAULT_SPEEDS_KMH
from petarawan.errors import InputDataError, Issue
from petarawan.io.crs import assume_crs

__all__ = ["LineLayer", "read_lines", "write_lines"]

_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
#: Accepted spellings of the road class and speed columns (lower case).
CLASS_ALIASES = ("highway", "fclass", "kelas", "kelas_jalan", "jenis_jalan", "class")
SPEED_ALIASES = ("speed_kmh", "kecepatan", "kecepatan_kmh", "maxspeed", "speed")
MAX_SPEED_KMH = 150.0


@dataclass
class LineLayer:
    """A validated line layer in EPSG:4326.

    Attributes
    ----------
    frame
        Line features with ``highway`` and/or ``speed_kmh`` (roads) and the geometry.
    notes
        What was done to the input (reprojection, aliases, dropped rows), in Indonesian.
    warnings
        Row-level problems that did not block the import.
    source_crs
        CRS of the file as read.
    """

    frame: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    source_crs: str | None = None


def _open(path: Path, label: str) -> gpd.GeoDataFrame:
    if not path.exists():
        msg = f"Berkas {label} tidak ditemukan."
        raise InputDataError(msg, [Issue(label, None, None, "berkas tidak ada")])
    if path.suffix.lower() not in _SUFFIXES:
        msg = f"Format berkas {label} tidak didukung."
        expected = ", ".join(_SUFFIXES)
        raise InputDataError(
            msg, [Issue(label, None, None, f"akhiran {path.suffix!r}; yang didukung: {expected}")]
        )
    source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return gpd.read_file(source)
    except Exception as exc:  # any driver failure means a bad input file
        msg = f"Berkas {label} tidak dapat dibaca sebagai data garis."
        raise InputDataError(
            msg, [Issue(label, None, None, f"{type(exc).__name__}: {exc}")]
        ) from exc


def read_lines(path: Path, *, kind: str = "roads", crs: str | None = None) -> LineLayer:
    """Read a road or border line layer, validate it in full and return it in EPSG:4326.

    Parameters
    ----------
    path
        GeoJSON, GPKG, SHP (or a zipped SHP).
    kind
        ``roads`` (needs an OSM-style ``highway`` class or ``speed_kmh``) or ``border``
        (polygons are accepted: their outline is used).
    crs
        CRS to assume when the file does not declare one.

    Raises
    ------
    InputDataError
        Every problem found (file, row — header = row 1, features from row 2 — and column).
    """
    label = path.name
    gdf = _open(path, label)
    notes: list[str] = []
    issues: list[Issue] = []
    if len(gdf) == 0:
        msg = f"Berkas {label} tidak berisi fitur."
        raise InputDataError(msg, [Issue(label, None, None, "0 fitur")])
    gdf = gdf.reset_index(drop=True)
    source_crs = None if gdf.crs is None else gdf.crs.to_string()
    gdf, assumed = assume_crs(gdf, label, crs)
    if assumed is not None:
        notes.append(assumed)
    if not gdf.crs.equals("EPSG:4326"):
        notes.append(f"Diproyeksikan dari {gdf.crs.to_string()} ke EPSG:4326.")
        gdf = gdf.to_crs("EPSG:4326")
    geoms = gdf.geometry.to_numpy()
    keep = np.ones(len(gdf), dtype=bool)
    outlines = 0
    for i, g in enumerate(geoms):
        row: int = i + 2
        if g is None or g.is_empty:
            issues.append(
                Issue(label, row, "geometry", "geometri kosong; fitur dilewati", "warning")
            )
            keep[i] = False
            continue
        gtype = g.geom_type
        if gtype in ("LineString", "MultiLineString"):
            continue
        if kind == "border" and gtype in ("Polygon", "MultiPolygon"):
            geoms[i] = g.boundary
            outlines += 1
            continue
        if gtype == "GeometryCollection":
            lines = [
                p for p in shapely.get_parts(g) if p.geom_type in ("LineString", "MultiLineString")
            ]
            if lines:
                geoms[i] = shapely.union_all(lines)
                continue
        issues.append(Issue(label, row, "geometry", f"harus garis (LineString), bukan {gtype}"))
    if outlines:
        notes.append(f"{outlines} poligon batas negara: garis tepinya yang dipakai.")
    frame = gdf.drop(columns=gdf.geometry.name).copy()
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    out = pd.DataFrame(index=frame.index)
    if kind == "roads":
        cls_col = next((c for c in CLASS_ALIASES if c in frame.columns), None)
        spd_col = next((c for c in SPEED_ALIASES if c in frame.columns), None)
        if cls_col is None and spd_col is None:
            msg = f"Berkas jalan {label} tidak punya kolom kelas jalan atau kecepatan."
            raise InputDataError(
                msg,
                [
                    Issue(
                        label,
                        1,
                        None,
                        f"kolom yang dicari: {', '.join(CLASS_ALIASES)} "
                        f"atau {', '.join(SPEED_ALIASES)}; "
                        f"ada: {', '.join(map(str, frame.columns)) or '(tidak ada)'}",
                    )
                ],
            )
        if cls_col is not None:
            if cls_col != "highway":
                notes.append(f'Kolom "{cls_col}" dipakai sebagai kelas jalan (highway).')
            cls = frame[cls_col].astype("string").str.strip().str.lower()
            out["highway"] = cls
            unknown = cls.notna() & ~cls.isin(list(DEFAULT_SPEEDS_KMH))
            for i in np.flatnonzero(unknown.to_numpy() & keep)[:50].tolist():
                issues.append(
                    Issue(
                        label,
                        int(i) + 2,
                        cls_col,
                        f"kelas jalan {cls.iloc[i]!r} tidak dikenal; memakai 20 km/jam",
                        "warning",
                    )
                )
        if spd_col is not None:
            raw = frame[spd_col]
            speed = pd.to_numeric(
                raw.astype("string").str.replace(",", ".").str.extract(r"([0-9.]+)")[0],
                errors="coerce",
            )
            bad = (
                raw.notna()
                & (raw.astype("string").str.strip() != "")
                & (speed.isna() | (speed <= 0) | (speed > MAX_SPEED_KMH))
            )
            for i in np.flatnonzero(bad.to_numpy() & keep).tolist():
                issues.append(
                    Issue(
                        label,
                        int(i) + 2,
                        spd_col,
                        f"kecepatan harus angka 0–{MAX_SPEED_KMH:g} km/jam, bukan {raw.iloc[i]!r}",
                    )
                )
            out["speed_kmh"] = speed.where(~bad)
        if cls_col is None:
            none = out["speed_kmh"].isna().to_numpy() & keep
            for i in np.flatnonzero(none)[:50].tolist():
                issues.append(
                    Issue(
                        label, int(i) + 2, spd_col, "kecepatan kosong; memakai 20 km/jam", "warning"
                    )
                )
    for name in ("name", "nama", "ref"):
        if name in frame.columns:
            out["name"] = frame[name].astype("string")
            break
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        msg = f"Berkas {label}: {len(errors)} masalah; tidak ada yang diimpor."
        raise InputDataError(msg, issues)
    result = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326", index=out.index))
    result = result[keep].reset_index(drop=True)
    if len(result) == 0:
        msg = f"Berkas {label} tidak berisi garis yang dapat dipakai."
        raise InputDataError(msg, issues or [Issue(label, None, None, "0 garis")])
    return LineLayer(result, notes, [i for i in issues if i.severity != "error"], source_crs)


def write_lines(layer: gpd.GeoDataFrame, path: Path) -> Path:
    """Write a line layer as a GeoPackage (replacing the file)."""
    if path.exists():
        path.unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer.to_file(path, driver="GPKG", layer=path.stem)
    return path
