"""The synthetic demo regency: an invented mountainous border regency written as input files.

Example
-------
>>> from pathlib import Path
>>> files = generate_regency(Path("demo-data"), seed=2024)  # doctest: +SKIP
>>> files.n_tps  # doctest: +SKIP
774
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, fields
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

from petarawan.demo._geometry import (
    Adjacency,
    Frame,
    group_kecamatan,
    make_outline,
    sample_seeds,
    tile_desa,
)
from petarawan.demo._names import NameMaker
from petarawan.demo._people import make_dynamics, make_meetings, make_stakeholders, polsek_groups
from petarawan.demo._roads import make_roads, road_distance_km
from petarawan.demo._tables import (
    DesaInfo,
    Hotspot,
    make_flags,
    make_incidents,
    make_tps,
)
from petarawan.demo._terrain import make_terrain, write_dem
from petarawan.demo._write import fmt, write_csv, write_geojson
from petarawan.domain.apportion import largest_remainder
from petarawan.domain.checklist import CHECKLIST, POLRI_CRITERIA
from petarawan.formatting import format_int

__all__ = ["PROVINCE", "REGENCY", "RegencyFiles", "generate_regency"]

FloatArray = NDArray[np.float64]

PROVINCE = ("53", "Nusa Tenggara Timur")
REGENCY = ("53.90", "Kabupaten Bukit Perbatasan")
N_KECAMATAN = 24
N_KELURAHAN = 10
N_POLSEK = 15
POLRI_TOTAL = 425
POLRES_POLRI = 170  # 40 % at the Polres headquarters
POS_POLRI = 5
TERRAIN_EXTENT = (-42.0, -42.0, 42.0, 42.0)  # km around the centre
BORDER_ANGLES = (55.0, 150.0)  # degrees (from east, counter-clockwise) of the border side


@dataclass(frozen=True)
class RegencyFiles:
    """Paths of every written demo file and a few counts.

    Attributes
    ----------
    directory
        The output folder.
    wilayah, kabupaten, kecamatan, desa, dem, jalan, batas_negara, tps, satuan, kejadian, tokoh, \
pertemuan, dinamika_politik, readme
        Paths of the files (see ``README.txt`` in the folder for their contents).
    """

    directory: Path
    wilayah: Path
    kabupaten: Path
    kecamatan: Path
    desa: Path
    dem: Path
    jalan: Path
    batas_negara: Path
    tps: Path
    satuan: Path
    kejadian: Path
    tokoh: Path
    pertemuan: Path
    dinamika_politik: Path
    readme: Path
    n_kecamatan: int
    n_desa: int
    n_kelurahan: int
    n_tps: int
    n_voters: int
    n_roads: int
    n_units: int
    n_polri: int
    n_incidents: int
    n_stakeholders: int
    n_meetings: int
    n_remote_tps: int

    def paths(self) -> list[Path]:
        """Return the path of every written file."""
        return [
            getattr(self, f.name)
            for f in fields(self)
            if f.name != "directory" and isinstance(getattr(self, f.name), Path)
        ]


def _rng(seed: int, part: int) -> np.random.Generator:
    """Return an independent generator per part, so changing one part leaves the others alone."""
    return np.random.default_rng([seed, part])


def _rivers(
    rng: np.random.Generator, cap: FloatArray, massif: FloatArray, highlands: FloatArray
) -> list[FloatArray]:
    """Return river polylines (km): from the mountains through the capital valley to the edges."""

    def meander(points: list[FloatArray]) -> FloatArray:
        line = np.asarray(points, dtype=np.float64)
        for level in range(5):  # midpoint displacement: smaller bends at every level
            mids = []
            for a, b in itertools.pairwise(line):
                d = b - a
                length = max(float(np.hypot(*d)), 1e-9)
                normal = np.array([-d[1], d[0]]) / length
                mids.append((a + b) / 2.0 + normal * rng.normal(0.0, 0.18 * length / (1 + level)))
            out = np.empty((2 * len(line) - 1, 2))
            out[0::2], out[1::2] = line, mids
            line = out
        return line

    west = np.array([-45.0, cap[1] - 4.0 + rng.uniform(-3, 3)])
    south = np.array([6.0 + rng.uniform(-5, 5), -45.0])
    east = np.array([45.0, -12.0 + rng.uniform(-5, 5)])
    return [
        meander([highlands + np.array([-3.0, -2.0]), cap + np.array([2.0, 0.5]), cap, west]),
        meander([massif + np.array([2.0, -4.0]), cap + np.array([-3.0, 7.0]), cap]),
        meander([highlands + np.array([1.0, -4.0]), south]),
        meander([highlands + np.array([5.0, 2.0]), east]),
        meander([massif + np.array([-5.0, -3.0]), np.array([-45.0, 12.0])]),
    ]


def _border_line(regency: Polygon, frame: Frame, a: float, b: float) -> LineString:
    """Return the part of the regency outline on the border side (between BORDER_ANGLES)."""
    ring = np.asarray(regency.exterior.coords)[:-1]
    x, y = frame.to_local(ring[:, 0], ring[:, 1])
    ang = np.degrees(np.arctan2(y / b, x / a)) % 360.0
    on = (ang >= BORDER_ANGLES[0]) & (ang <= BORDER_ANGLES[1])
    start = int(np.argmin(on))  # a vertex off the border: roll the ring so the run is contiguous
    idx = np.roll(np.arange(len(ring)), -start)
    run = [i for i in idx if on[i]]
    coords = ring[run]
    if coords[0][0] > coords[-1][0]:
        coords = coords[::-1]  # west to east
    return LineString(coords)


def _order_key(xy: FloatArray, band_km: float) -> list[tuple[int, float]]:
    """Sort key: north to south in bands, then west to east (the usual reading order of codes)."""
    return [(math.floor(-p[1] / band_km), float(p[0])) for p in xy]


def generate_regency(out_dir: Path, *, seed: int = 2024) -> RegencyFiles:
    """Generate the synthetic demo regency and write it as ordinary input files.

    The regency ("Kabupaten Bukit Perbatasan", code 53.90 in NTT) is invented but shaped like a
    mountainous border regency of Timor: about 24 kecamatan, 190 desa/kelurahan, 770 TPS with
    about 200,000 voters, a Polres with 425 personnel and the incident history of Pemilu 2024.

    Parameters
    ----------
    out_dir
        Folder to write into (created if missing; existing demo files are overwritten).
    seed
        Random seed: the same seed gives byte-identical files.

    Returns
    -------
    RegencyFiles
        Paths of the written files and a few counts.

    Examples
    --------
    >>> files = generate_regency(Path("demo-data"), seed=7)  # doctest: +SKIP
    >>> 740 <= files.n_tps <= 800  # doctest: +SKIP
    True
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frame = Frame()
    a_km, b_km = 26.5, 29.0
    place = _rng(seed, 0)
    cap = np.array([-2.0 + place.uniform(-1.5, 1.5), -6.0 + place.uniform(-1.5, 1.5)])
    massif = np.array([-6.0 + place.uniform(-2, 2), 20.0 + place.uniform(-1.5, 1.5)])
    highlands = np.array([14.0 + place.uniform(-2, 2), 3.0 + place.uniform(-3, 3)])
    # The stages share one namespace; each reads what it needs from it at its top and leaves
    # what later stages use at its end, so the data flow between stages is written out.
    s = SimpleNamespace(
        a_km=a_km,
        b_km=b_km,
        cap=cap,
        frame=frame,
        highlands=highlands,
        massif=massif,
        out_dir=out_dir,
        seed=seed,
    )
    for stage in (
        _stage_outline_and_desa,
        _stage_codes_in_reading_order,
        _stage_names,
        _stage_settlements_roads_border,
        _stage_tps,
        _stage_incidents,
        _stage_write,
        _stage_write_units,
        _stage_write_incidents,
        _stage_write_people,
    ):
        stage(s)
    counts = s.counts
    paths = s.paths
    return RegencyFiles(
        directory=out_dir,
        wilayah=paths["wilayah.csv"],
        kabupaten=paths["kabupaten.geojson"],
        kecamatan=paths["kecamatan.geojson"],
        desa=paths["desa.geojson"],
        dem=paths["dem.tif"],
        jalan=paths["jalan.geojson"],
        batas_negara=paths["batas_negara.geojson"],
        tps=paths["tps.csv"],
        satuan=paths["satuan.csv"],
        kejadian=paths["kejadian.csv"],
        tokoh=paths["tokoh.csv"],
        pertemuan=paths["pertemuan.csv"],
        dinamika_politik=paths["dinamika_politik.csv"],
        readme=paths["README.txt"],
        **counts,
    )


def _stage_outline_and_desa(s: SimpleNamespace) -> None:
    """Outline, terrain, desa tiling (a stage of :func:`generate_regency`)."""
    a_km = s.a_km
    b_km = s.b_km
    cap = s.cap
    frame = s.frame
    highlands = s.highlands
    massif = s.massif
    seed = s.seed
    outline, _ = make_outline(_rng(seed, 1), frame, a=a_km, b=b_km)
    outline_km = frame.geom_to_local(outline)
    terrain = make_terrain(
        _rng(seed, 2),
        extent=TERRAIN_EXTENT,
        capital=(cap[0], cap[1]),
        massif=(massif[0], massif[1]),
        highlands=(highlands[0], highlands[1]),
        rivers=_rivers(_rng(seed, 3), cap, massif, highlands),
    )

    def density(x: FloatArray, y: FloatArray) -> FloatArray:
        elev = terrain.at(x, y)
        urban = 1.0 + 3.0 * np.exp(-((x - cap[0]) ** 2 + (y - cap[1]) ** 2) / (2 * 4.0**2))
        return urban * np.where(elev > 1300, 0.35, np.where(elev > 900, 0.65, 1.0))

    seeds_rng = _rng(seed, 4)
    n_desa = 190 + int(seeds_rng.integers(-4, 5))
    seeds_km = sample_seeds(seeds_rng, outline_km, n_desa, density, first=(cap[0], cap[1]))
    lon, lat = frame.to_lonlat(seeds_km[:, 0], seeds_km[:, 1])
    seeds_ll: FloatArray = np.round(np.column_stack([lon, lat]), 6).astype(np.float64)
    tiling = tile_desa(outline, seeds_ll)
    centres = np.column_stack(frame.to_local(seeds_ll[:, 0], seeds_ll[:, 1]))
    group, seats = group_kecamatan(
        _rng(seed, 5),
        tiling.graph,
        centres,
        0,
        n_kecamatan=N_KECAMATAN,
        capital_size=N_KELURAHAN + 3,
    )
    s.centres = centres
    s.group = group
    s.n_desa = n_desa
    s.outline_km = outline_km
    s.seats = seats
    s.seeds_ll = seeds_ll
    s.terrain = terrain
    s.tiling = tiling


def _stage_codes_in_reading_order(s: SimpleNamespace) -> None:
    """Codes in reading order (a stage of :func:`generate_regency`)."""
    cap = s.cap
    centres = s.centres
    frame = s.frame
    group = s.group
    n_desa = s.n_desa
    seats = s.seats
    seeds_ll = s.seeds_ll
    tiling = s.tiling
    kec_order = sorted(
        range(N_KECAMATAN), key=lambda g: (_order_key(centres[[seats[g]]], 9.0)[0], g)
    )
    kec_rank = {g: r for r, g in enumerate(kec_order)}
    desa_keys = _order_key(centres, 3.0)
    desa_order = sorted(range(n_desa), key=lambda i: (kec_rank[group[i]], desa_keys[i], i))
    cap_members = [i for i in range(n_desa) if group[i] == 0]
    near_cap = sorted(cap_members, key=lambda i: (float(np.hypot(*(centres[i] - cap))), i))
    kelurahan = set(near_cap[:N_KELURAHAN])
    kec_codes = [f"{REGENCY[0]}.{r + 1:02d}" for r in range(N_KECAMATAN)]
    desa_codes_by_old: dict[int, str] = {}
    counters: dict[tuple[int, str], int] = {}
    for i in desa_order:
        kind = "kelurahan" if i in kelurahan else "desa"
        key = (kec_rank[group[i]], kind)
        counters[key] = counters.get(key, 0) + 1
        base = 1000 if kind == "kelurahan" else 2000
        desa_codes_by_old[i] = f"{kec_codes[key[0]]}.{base + counters[key]}"
    perm = sorted(range(n_desa), key=lambda i: desa_codes_by_old[i])  # new index → old index
    old_to_new = {old: new for new, old in enumerate(perm)}
    codes = [desa_codes_by_old[i] for i in perm]
    kinds = ["kelurahan" if i in kelurahan else "desa" for i in perm]
    kec_of = [kec_rank[group[i]] for i in perm]
    polys_ll = [tiling.polygons[i] for i in perm]
    polys_km = [frame.geom_to_local(p) for p in polys_ll]
    cen = centres[perm]
    cen_ll = seeds_ll[perm]
    for i, p in enumerate(polys_ll):  # a settlement centre must lie inside its desa
        if not p.contains(Point(cen_ll[i])):
            rp = p.representative_point()
            cen_ll[i] = np.round([rp.x, rp.y], 6)
            cen[i] = np.column_stack(frame.to_local(cen_ll[i : i + 1, 0], cen_ll[i : i + 1, 1]))[0]
    seat_of_kec = [old_to_new[seats[g]] for g in kec_order]
    capital_desa = old_to_new[0]
    cap_kec = kec_of[capital_desa]
    s.cap_kec = cap_kec
    s.capital_desa = capital_desa
    s.cen = cen
    s.codes = codes
    s.kec_codes = kec_codes
    s.kec_of = kec_of
    s.kelurahan = kelurahan
    s.kinds = kinds
    s.old_to_new = old_to_new
    s.polys_km = polys_km
    s.polys_ll = polys_ll
    s.seat_of_kec = seat_of_kec


def _stage_names(s: SimpleNamespace) -> None:
    """Names (a stage of :func:`generate_regency`)."""
    cap_kec = s.cap_kec
    capital_desa = s.capital_desa
    cen = s.cen
    n_desa = s.n_desa
    seat_of_kec = s.seat_of_kec
    seed = s.seed
    names = NameMaker(_rng(seed, 6))
    capital_name = names.place()
    desa_names = [names.place() for _ in range(n_desa)]
    desa_names[capital_desa] = capital_name
    kec_names = []
    name_rng = _rng(seed, 7)
    for k in range(N_KECAMATAN):
        if k == cap_kec:
            kec_names.append(f"Kota {capital_name}")
            continue
        kname = names.place()
        sx, sy = cen[seat_of_kec[k]]
        if name_rng.random() < 0.35:
            side = (
                "Utara"
                if sy > 10
                else "Selatan"
                if sy < -12
                else "Barat"
                if sx < -8
                else "Timur"
                if sx > 8
                else "Tengah"
            )
            kname = f"{kname} {side}"
        kec_names.append(kname)
    s.capital_name = capital_name
    s.desa_names = desa_names
    s.kec_names = kec_names
    s.names = names


def _stage_settlements_roads_border(s: SimpleNamespace) -> None:
    """Terrain at settlements, roads, border (a stage of :func:`generate_regency`)."""
    a_km = s.a_km
    b_km = s.b_km
    cap_kec = s.cap_kec
    cen = s.cen
    desa_names = s.desa_names
    frame = s.frame
    kec_of = s.kec_of
    outline_km = s.outline_km
    polys_ll = s.polys_ll
    seat_of_kec = s.seat_of_kec
    seed = s.seed
    terrain = s.terrain
    elev = terrain.at(cen[:, 0], cen[:, 1])
    mountain_m = max(1000.0, float(np.quantile(elev, 0.8)))
    mountain = elev > mountain_m
    roads, _ = make_roads(
        _rng(seed, 8),
        centres=cen,
        names=desa_names,
        group=kec_of,
        seats=[seat_of_kec[cap_kec]] + [s for k, s in enumerate(seat_of_kec) if k != cap_kec],
        elevation=elev,
        outline_km=outline_km,
        mountain_m=mountain_m,
    )
    regency = shapely.union_all(polys_ll)
    kec_polys = [
        shapely.union_all([p for p, k in zip(polys_ll, kec_of, strict=True) if k == g])
        for g in range(N_KECAMATAN)
    ]
    border = _border_line(regency, frame, a_km, b_km)
    border_km = frame.geom_to_local(border)
    s.border = border
    s.border_km = border_km
    s.elev = elev
    s.kec_polys = kec_polys
    s.mountain = mountain
    s.regency = regency
    s.roads = roads


def _stage_tps(s: SimpleNamespace) -> None:
    """TPS (a stage of :func:`generate_regency`)."""
    capital_desa = s.capital_desa
    cen = s.cen
    codes = s.codes
    desa_names = s.desa_names
    elev = s.elev
    kec_of = s.kec_of
    kinds = s.kinds
    mountain = s.mountain
    polys_km = s.polys_km
    roads = s.roads
    seed = s.seed
    terrain = s.terrain
    area = np.array([p.area for p in polys_km])
    desa = DesaInfo(
        codes=codes,
        names=desa_names,
        kinds=kinds,
        kec=kec_of,
        centres=cen,
        polygons=polys_km,
        elevation=elev,
        mountain=mountain,
        area_km2=area,
    )
    tps_rng = _rng(seed, 9)
    n_regular = 773 + int(tps_rng.integers(-8, 9))
    voters_target = 200_000 + int(tps_rng.integers(-4000, 4001))

    def road_dist(x: FloatArray, y: FloatArray) -> FloatArray:
        return road_distance_km(roads, x, y)

    tps = make_tps(
        tps_rng,
        desa,
        n_regular=n_regular,
        voters_total=voters_target,
        road_distance=road_dist,
        capital_desa=capital_desa,
    )
    main = shapely.union_all([r.line for r in roads if r.highway in ("primary", "secondary")])
    d_main = shapely.distance(shapely.points(tps.xy), main)
    d_road = road_dist(tps.xy[:, 0], tps.xy[:, 1])
    t_elev = terrain.at(tps.xy[:, 0], tps.xy[:, 1])
    remoteness = np.clip(
        0.45 * np.clip((t_elev - 400.0) / 1200.0, 0, 1)
        + 0.35 * np.clip(d_main / 10.0, 0, 1)
        + 0.2 * np.clip(d_road / 3.0, 0, 1),
        0.0,
        1.0,
    )
    remoteness[np.asarray(tps.remote)] = 1.0
    s.desa = desa
    s.remoteness = remoteness
    s.tps = tps


def _stage_incidents(s: SimpleNamespace) -> None:
    """Incidents (a stage of :func:`generate_regency`)."""
    border_km = s.border_km
    cap = s.cap
    cen = s.cen
    desa = s.desa
    highlands = s.highlands
    kec_of = s.kec_of
    n_desa = s.n_desa
    remoteness = s.remoteness
    seed = s.seed
    tps = s.tps
    crossing = np.asarray(border_km.interpolate(0.3, normalized=True).coords[0])
    border_kec = kec_of[int(np.argmin(np.hypot(*(cen - crossing).T)))]
    inc_rng = _rng(seed, 10)
    background = inc_rng.choice(n_desa, size=4, replace=False)
    hotspots = [
        Hotspot(cap[0], cap[1], 2.0, 0.32, "kota"),
        Hotspot(float(crossing[0]), float(crossing[1] - 2.5), 3.0, 0.25, "perbatasan"),
        Hotspot(highlands[0], highlands[1], 3.5, 0.25, "pegunungan"),
    ]
    hotspots += [
        Hotspot(float(cen[d][0]), float(cen[d][1]), 4.0, 0.045, "lain")
        for d in sorted(int(b) for b in background)
    ]
    incidents = make_incidents(inc_rng, desa, tps, hotspots, int(inc_rng.integers(85, 126)))
    flags = make_flags(_rng(seed, 11), tps, incidents, remoteness)
    s.border_kec = border_kec
    s.flags = flags
    s.incidents = incidents


def _stage_write(s: SimpleNamespace) -> None:
    """Write (a stage of :func:`generate_regency`)."""
    border = s.border
    codes = s.codes
    desa_names = s.desa_names
    flags = s.flags
    frame = s.frame
    kec_codes = s.kec_codes
    kec_names = s.kec_names
    kec_polys = s.kec_polys
    kinds = s.kinds
    out_dir = s.out_dir
    polys_ll = s.polys_ll
    regency = s.regency
    roads = s.roads
    terrain = s.terrain
    tps = s.tps
    paths = {
        name: out_dir / name
        for name in (
            "wilayah.csv",
            "kabupaten.geojson",
            "kecamatan.geojson",
            "desa.geojson",
            "dem.tif",
            "jalan.geojson",
            "batas_negara.geojson",
            "tps.csv",
            "satuan.csv",
            "kejadian.csv",
            "tokoh.csv",
            "pertemuan.csv",
            "dinamika_politik.csv",
            "README.txt",
        )
    }
    wil_rows = [[PROVINCE[0], PROVINCE[1], "provinsi"], [REGENCY[0], REGENCY[1], "kabupaten"]]
    wil_rows += [[c, n, "kecamatan"] for c, n in zip(kec_codes, kec_names, strict=True)]
    wil_rows += [[c, n, k] for c, n, k in zip(codes, desa_names, kinds, strict=True)]
    write_csv(paths["wilayah.csv"], ["kode", "nama", "tipe"], sorted(wil_rows))
    write_geojson(paths["kabupaten.geojson"], [({"kode": REGENCY[0], "nama": REGENCY[1]}, regency)])
    write_geojson(
        paths["kecamatan.geojson"],
        [
            ({"kode": c, "nama": n}, g)
            for c, n, g in zip(kec_codes, kec_names, kec_polys, strict=True)
        ],
    )
    write_geojson(
        paths["desa.geojson"],
        [({"kode": c, "nama": n}, g) for c, n, g in zip(codes, desa_names, polys_ll, strict=True)],
    )
    write_geojson(
        paths["batas_negara.geojson"],
        [({"nama": "Batas negara RI–Republik Demokratik Timor Leste"}, border)],
    )
    road_features = []
    for r in roads:
        props: dict[str, object] = {"highway": r.highway}
        if r.name:
            props["nama"] = r.name
        road_features.append((props, frame.geom_to_lonlat(r.line)))
    n_roads = write_geojson(paths["jalan.geojson"], road_features)

    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32751", always_xy=True)
    from_utm = Transformer.from_crs("EPSG:32751", "EPSG:4326", always_xy=True)
    lon0, lat0, lon1, lat1 = regency.bounds
    ex, ny_ = to_utm.transform([lon0, lon0, lon1, lon1], [lat0, lat1, lat0, lat1])
    margin = 5000.0
    bounds_utm = (
        math.floor((min(ex) - margin) / 100) * 100.0,
        math.floor((min(ny_) - margin) / 100) * 100.0,
        math.ceil((max(ex) + margin) / 100) * 100.0,
        math.ceil((max(ny_) + margin) / 100) * 100.0,
    )

    def utm_to_local(e: FloatArray, n: FloatArray) -> tuple[FloatArray, FloatArray]:
        lon, lat = from_utm.transform(e, n)
        return frame.to_local(np.asarray(lon), np.asarray(lat))

    write_dem(paths["dem.tif"], terrain, to_local=utm_to_local, bounds_utm=bounds_utm)

    tps_ll = np.column_stack(frame.to_lonlat(tps.xy[:, 0], tps.xy[:, 1]))
    flag_items = (*CHECKLIST, *POLRI_CRITERIA)
    flag_cols = [f"rawan_{c.id}" for c in flag_items]
    tps_rows = []
    for t in range(len(tps.desa)):
        row = [
            codes[tps.desa[t]],
            tps.number[t],
            tps.voters[t],
            fmt(tps_ll[t, 0]),
            fmt(tps_ll[t, 1]),
            "ya" if tps.khusus[t] else "tidak",
        ]
        row += ["ya" if flags[c.id][t] else "tidak" for c in flag_items]
        tps_rows.append(row)
    tps_rows.sort(key=lambda r: (str(r[0]), int(r[1])))  # type: ignore[call-overload]
    write_csv(
        paths["tps.csv"],
        ["kode_desa", "no_tps", "dpt", "longitude", "latitude", "tps_khusus", *flag_cols],
        tps_rows,
    )
    s.n_roads = n_roads
    s.paths = paths


def _stage_write_units(s: SimpleNamespace) -> None:
    """Units (a stage of :func:`generate_regency`)."""
    border = s.border
    border_km = s.border_km
    cap_kec = s.cap_kec
    capital_desa = s.capital_desa
    cen = s.cen
    desa_names = s.desa_names
    frame = s.frame
    kec_codes = s.kec_codes
    kec_names = s.kec_names
    kec_of = s.kec_of
    old_to_new = s.old_to_new
    paths = s.paths
    polys_ll = s.polys_ll
    seat_of_kec = s.seat_of_kec
    tiling = s.tiling
    tps = s.tps
    tps_per_kec = [0] * N_KECAMATAN
    for d in tps.desa:
        tps_per_kec[kec_of[d]] += 1
    kec_graph = Adjacency(N_KECAMATAN)
    for i, j in tiling.graph.edges:
        ki, kj = kec_of[old_to_new[i]], kec_of[old_to_new[j]]
        if ki != kj:
            kec_graph.add_edge(ki, kj)
    groups = polsek_groups(kec_graph, tps_per_kec, cap_kec, N_POLSEK)
    border_desa = [i for i, p in enumerate(polys_ll) if p.boundary.intersection(border).length > 0]
    border_desa.sort(key=lambda i: border_km.project(Point(cen[i])))
    pos_desa = [border_desa[int(q * (len(border_desa) - 1))] for q in (0.15, 0.5, 0.85)]
    polsek_loads = np.array([sum(tps_per_kec[k] for k in g) for g in groups], dtype=float)
    polsek_total = POLRI_TOTAL - POLRES_POLRI - POS_POLRI * len(pos_desa)
    polri = largest_remainder(polsek_total, polsek_loads, minimum=8)
    ll = np.round(np.column_stack(frame.to_lonlat(cen[:, 0], cen[:, 1])), 6)

    def unit_pos(d: int, dx: float, dy: float) -> tuple[str, str]:
        lon, lat = frame.to_lonlat(cen[d][0] + dx, cen[d][1] + dy)
        return fmt(float(lon)), fmt(float(lat))

    polres_code = "POLRES-BP"
    unit_rows = [
        [
            polres_code,
            "Polres Bukit Perbatasan",
            "polres",
            "",
            *unit_pos(capital_desa, 0.35, 0.25),
            kec_codes[cap_kec],
            POLRES_POLRI,
            21,
            10,
            2 * tps_per_kec[cap_kec],
        ]
    ]
    polsek_of_kec = {cap_kec: polres_code}
    for n, g in enumerate(groups, start=1):
        lead = max(g, key=lambda k: (tps_per_kec[k], -k))
        code = f"POLSEK-{n:02d}"
        polsek_of_kec.update(dict.fromkeys(g, code))
        unit_rows.append(
            [
                code,
                f"Polsek {kec_names[lead]}",
                "polsek",
                polres_code,
                *unit_pos(seat_of_kec[lead], 0.2, -0.15),
                ";".join(kec_codes[k] for k in g),
                int(polri[n - 1]),
                0,
                2 * len(g),
                2 * sum(tps_per_kec[k] for k in g),
            ]
        )
    for n, d in enumerate(pos_desa, start=1):
        q = np.asarray(border_km.interpolate(border_km.project(Point(cen[d]))).coords[0])
        p = q + 0.3 * (cen[d] - q)
        lon, lat = frame.to_lonlat(p[0], p[1])
        unit_rows.append(
            [
                f"POS-{n:02d}",
                # a Polri post near the border (Pospol); a Pos Pamtas is TNI and no Polri unit
                f"Pospol {desa_names[d]}",
                "pos",
                polsek_of_kec[kec_of[d]],
                fmt(float(lon)),
                fmt(float(lat)),
                "",
                POS_POLRI,
                0,
                8,
                0,
            ]
        )
    write_csv(
        paths["satuan.csv"],
        [
            "kode",
            "nama",
            "jenis",
            "induk",
            "longitude",
            "latitude",
            "wilayah",
            "polri",
            "brimob",
            "tni",
            "linmas",
        ],
        unit_rows,
    )
    s.ll = ll
    s.polri = polri
    s.pos_desa = pos_desa
    s.unit_rows = unit_rows


def _stage_write_incidents(s: SimpleNamespace) -> None:
    """Incidents (a stage of :func:`generate_regency`)."""
    codes = s.codes
    frame = s.frame
    incidents = s.incidents
    paths = s.paths
    tps = s.tps
    inc_rows = []
    for e in incidents:
        lon, lat = frame.to_lonlat(e.x, e.y)
        inc_rows.append(
            [
                e.when.isoformat(),
                "pemilu2024",
                e.phase,
                e.kind,
                e.severity,
                e.casualties,
                codes[e.desa],
                "" if e.tps is None else tps.number[e.tps],
                fmt(float(lon)),
                fmt(float(lat)),
                e.source,
                "diverifikasi",
                e.text,
            ]
        )
    write_csv(
        paths["kejadian.csv"],
        [
            "tanggal",
            "pemilu",
            "tahapan",
            "jenis",
            "tingkat",
            "korban",
            "kode_desa",
            "no_tps",
            "longitude",
            "latitude",
            "sumber",
            "status",
            "uraian",
        ],
        inc_rows,
    )


def _stage_write_people(s: SimpleNamespace) -> None:
    """Stakeholders, engagements, political dynamics (a stage of :func:`generate_regency`)."""
    border_kec = s.border_kec
    cap_kec = s.cap_kec
    capital_name = s.capital_name
    cen = s.cen
    codes = s.codes
    desa_names = s.desa_names
    highlands = s.highlands
    incidents = s.incidents
    kec_codes = s.kec_codes
    kec_names = s.kec_names
    kec_of = s.kec_of
    kelurahan = s.kelurahan
    ll = s.ll
    n_desa = s.n_desa
    n_roads = s.n_roads
    names = s.names
    paths = s.paths
    polri = s.polri
    pos_desa = s.pos_desa
    seed = s.seed
    tps = s.tps
    unit_rows = s.unit_rows
    hot_kec = sorted({cap_kec, border_kec, kec_of[int(np.argmin(np.hypot(*(cen - highlands).T)))]})
    heat = np.zeros(n_desa)
    for e in incidents:
        heat[e.desa] += 1
    hot_desa = [int(i) for i in np.argsort(-heat, kind="stable")[:15]]
    people_rng = _rng(seed, 12)
    stake = make_stakeholders(
        people_rng,
        names,
        regency_code=REGENCY[0],
        regency_name=REGENCY[1].removeprefix("Kabupaten "),
        hot_desa=hot_desa,
        desa_codes=codes,
        desa_names=desa_names,
        kec_codes=kec_codes,
        kec_names=kec_names,
        hot_kec=hot_kec,
    )
    write_csv(
        paths["tokoh.csv"],
        ["kode", "nama", "peran", "organisasi", "kode_wilayah", "telepon"],
        stake,
    )
    meetings = make_meetings(people_rng, stake, 30, kec_names)
    write_csv(
        paths["pertemuan.csv"],
        [
            "kode_tokoh",
            "tanggal",
            "topik",
            "komitmen",
            "tindak_lanjut",
            "batas_tindak_lanjut",
            "peserta",
        ],
        meetings,
    )
    write_csv(
        paths["dinamika_politik.csv"],
        ["kode", "indikator", "nilai"],
        make_dynamics(people_rng, REGENCY[0], kec_codes, hot_kec),
    )

    n_voters = sum(tps.voters)
    counts = {
        "n_kecamatan": N_KECAMATAN,
        "n_desa": n_desa,
        "n_kelurahan": len(kelurahan),
        "n_tps": len(tps.desa),
        "n_voters": n_voters,
        "n_roads": n_roads,
        "n_units": len(unit_rows),
        "n_polri": POLRES_POLRI + int(polri.sum()) + POS_POLRI * len(pos_desa),
        "n_incidents": len(incidents),
        "n_stakeholders": len(stake),
        "n_meetings": len(meetings),
        "n_remote_tps": int(sum(tps.remote)),
    }
    paths["README.txt"].write_text(_readme(seed, counts, capital_name), encoding="utf-8")
    del ll
    s.counts = counts


def _readme(seed: int, c: dict[str, int], capital: str) -> str:
    """Return the Indonesian README listing the demo files."""
    return f"""DATA DEMO PETARAWAN — {REGENCY[1].upper()} (SINTETIS)

Seluruh data di folder ini KARANGAN (sintetis), dibuat otomatis dengan benih acak {seed}.
Nama wilayah, orang, nomor telepon, TPS dan kejadian tidak nyata. Bentuk dan ukurannya meniru
kabupaten pegunungan di perbatasan darat Pulau Timor (NTT). Ibu kota: {capital}.

Ringkasan: {c["n_kecamatan"]} kecamatan, {c["n_desa"]} desa/kelurahan
({c["n_kelurahan"]} kelurahan),
{c["n_tps"]} TPS dengan {format_int(c["n_voters"])} pemilih (DPT), {c["n_units"]} satuan dengan
{c["n_polri"]} personel Polri, {c["n_incidents"]} kejadian Pemilu 2024, {c["n_stakeholders"]} tokoh.

Berkas (semua koordinat bujur/lintang WGS 84, EPSG:4326, kecuali dem.tif):
  wilayah.csv           kode, nama, tipe: provinsi, kabupaten, kecamatan, desa/kelurahan
  kabupaten.geojson     batas kabupaten (kode, nama)
  kecamatan.geojson     batas kecamatan (kode, nama); tepat gabungan desa di dalamnya
  desa.geojson          batas desa/kelurahan (kode, nama); menutup kabupaten tanpa celah
  dem.tif               model elevasi digital, meter, UTM 51S (EPSG:32751), sel 100 m
  jalan.geojson         jaringan jalan: highway = primary/secondary/tertiary/unclassified/track
  batas_negara.geojson  garis batas negara dengan Timor Leste
  tps.csv               TPS: kode_desa, no_tps, dpt, koordinat, tps_khusus dan 27 indikator
                        TPS rawan Bawaslu (kolom rawan_..., ya/tidak)
  satuan.csv            Polres, Polsek dan pos: personel Polri, Brimob, TNI, Linmas;
                        kolom wilayah = kode kecamatan yang dicakup (dipisah titik koma)
  kejadian.csv          riwayat kejadian Pemilu 2024 (tahapan, jenis, tingkat 1-5, korban)
  tokoh.csv             daftar tokoh/pemangku kepentingan
  pertemuan.csv         catatan pertemuan dengan tokoh dan tindak lanjutnya
  dinamika_politik.csv  dinamika politik yang diisi analis (kode, indikator, nilai)

Impor dengan perintah biasa, misalnya: petarawan impor wilayah wilayah.csv
(perintah `petarawan demo` melakukan semua langkah ini secara otomatis).
"""
