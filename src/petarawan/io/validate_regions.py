"""Validation of region files (codes, names, kinds, parents, polygons)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import shapely

from petarawan.domain.codes import level_of, normalize_code, parent_of
from petarawan.domain.regions import geodesic_area_km2, kind_from_code
from petarawan.errors import Issue
from petarawan.io.parse import parse_choice, parse_float
from petarawan.io.records import (
    Batch,
    Snapshot,
)
from petarawan.io.records import (
    cells as _cells,
)
from petarawan.io.records import (
    duplicate_check as _duplicate_check,
)
from petarawan.io.records import (
    require as _require,
)
from petarawan.io.tables import RawTable, geometry_problems

# -- regions -----------------------------------------------------------------------------------
_KIND_ALIASES = {
    "kab": "kabupaten",
    "kabupaten_kota": "kabkota",
    "kec": "kecamatan",
    "distrik": "kecamatan",
    "kel": "kelurahan",
    "prov": "provinsi",
    "province": "provinsi",
    "regency": "kabupaten",
    "city": "kota",
    "district": "kecamatan",
    "village": "desa",
    "kabkota": "kabkota",
}

_KINDS = ("provinsi", "kabupaten", "kota", "kabkota", "kecamatan", "desa", "kelurahan")

_LEVEL_OF_KIND = {
    "provinsi": "provinsi",
    "kabupaten": "kabkota",
    "kota": "kabkota",
    "kabkota": "kabkota",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "kelurahan": "desa",
}


def _regions(table: RawTable, snapshot: Snapshot, batch: Batch) -> None:
    if not _require(table, "regions", "code"):
        return
    raw = _cells(table, "code")
    codes: list[str | None] = []
    for i, text in enumerate(raw):
        code = normalize_code(text)
        if code is None:
            hint = (
                " (sel angka di Excel? format sel sebagai teks)"
                if re.fullmatch(r"\d+\.\d", text)
                else ""
            )
            table.issue(
                i,
                "code",
                f"kode wilayah tidak sah {text!r}; diharapkan kode Kemendagri seperti "
                f"53.03.01.2005 atau 5303012005{hint}",
            )
        codes.append(code)
    _duplicate_check(table, codes, "code", "kode")
    names, kinds, parents, areas = (
        _cells(table, n) for n in ("name", "kind", "parent_code", "area_km2")
    )
    geoms = np.asarray(table.geometry.values) if table.geometry is not None else None
    bad_geom = dict(geometry_problems(table.geometry)) if table.geometry is not None else {}
    computed_area = (
        geodesic_area_km2(
            [
                g
                if i not in bad_geom
                and g is not None
                and g.geom_type in ("Polygon", "MultiPolygon")
                else None
                for i, g in enumerate(geoms)
            ]
        )
        if geoms is not None
        else None
    )
    for i, code in enumerate(codes):
        if code is None:
            continue
        level = level_of(code)
        rec: dict[str, Any] = {
            "code": code,
            "level": level,
            "parent_code": parent_of(code),
            "_row": (table.label, int(table.rows[i])),
        }
        if names[i]:
            rec["name"] = names[i]
        if table.has("kind") and kinds[i]:
            try:
                kind = parse_choice(kinds[i], _KINDS, _KIND_ALIASES)
            except ValueError as exc:
                table.issue(i, "kind", str(exc))
                continue
            if _LEVEL_OF_KIND[kind] != level:
                table.issue(
                    i,
                    "kind",
                    f"jenis {kinds[i]!r} tidak cocok dengan kode {code} (tingkat {level})",
                )
                continue
            rec["kind"] = kind_from_code(code) if kind in ("kabkota",) else kind
        if table.has("parent_code") and parents[i]:
            parent = normalize_code(parents[i])
            if parent != parent_of(code):
                table.issue(
                    i,
                    "parent_code",
                    f"induk {parents[i]!r} tidak cocok dengan kode {code}; "
                    f"diharapkan {parent_of(code)}",
                )
                continue
        if table.has("area_km2") and areas[i]:
            try:
                rec["area_km2"] = parse_float(areas[i], minimum=0)
            except ValueError as exc:
                table.issue(i, "area_km2", str(exc))
                continue
        if geoms is not None:
            g = geoms[i]
            if g is None or g.is_empty:
                table.issue(
                    i, None, f"wilayah {code} tanpa geometri; poligon tidak diperbarui", "warning"
                )
            elif i in bad_geom:
                table.issue(
                    i,
                    "geometry",
                    f"geometri {code} tidak sah: {bad_geom[i]}; perbaiki di QGIS "
                    "(Vektor › Alat Geometri › Perbaiki Geometri)",
                )
                continue
            elif g.geom_type not in ("Polygon", "MultiPolygon"):
                table.issue(
                    i, "geometry", f"geometri {code} bertipe {g.geom_type}; diharapkan poligon"
                )
                continue
            else:
                rec["geometry"] = shapely.to_wkb(g, output_dimension=2, include_srid=False)
                if "area_km2" not in rec and computed_area is not None:
                    rec["area_km2"] = round(float(computed_area[i]), 6)
        prev = batch.regions.get(code)
        batch.regions[code] = {**prev, **rec} if prev else rec


def _cross_regions(batch: Batch, snapshot: Snapshot) -> None:
    for code, rec in batch.regions.items():
        file, row = rec.pop("_row")
        if code not in snapshot.regions and "name" not in rec:
            batch.issues.append(
                Issue(file, row, "nama", f"wilayah baru {code} tanpa nama; isi kolom nama")
            )
        rec.setdefault("kind", kind_from_code(code)) if code not in snapshot.regions else None
        parent = rec["parent_code"]
        if parent is not None and parent not in snapshot.regions and parent not in batch.regions:
            batch.issues.append(
                Issue(
                    file,
                    row,
                    "kode",
                    f"induk {parent} ({level_of(parent)}) dari {code} tidak ada di basis data "
                    f"maupun di impor ini; impor {level_of(parent)} lebih dulu atau sertakan "
                    "berkasnya",
                )
            )
