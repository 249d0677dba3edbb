"""The national roll-up: kab/kota and provinsi classes, counts and personnel totals."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from petarawan.domain.index import class_info, classify_scores
from petarawan.formatting import format_int
from petarawan.scale.pipeline import REGION_FRAMEWORKS, _framework, output_paths

__all__ = [
    "NATIONAL_DIR",
    "NationalRollup",
    "collect_regions",
    "national_rollup",
    "write_rollup",
]

NATIONAL_DIR = "nasional"
_SUM_COLUMNS = (
    "kecamatan", "desa", "tps", "voters", "incidents", "tps_kurang_rawan", "tps_rawan",
    "tps_sangat_rawan", "tps_khusus", "polri_strength", "polri_required", "polri_available",
    "polri_shortfall", "bko_polri", "linmas_required", "linmas_available",
)  # fmt: skip
_TOP_CLASS = {"ipkp": "sangat_rawan", "ikp2024": "tinggi"}


@dataclass
class NationalRollup:
    """Tables and summary of a national roll-up.

    Attributes
    ----------
    kabkota
        One row per kab/kota: the per-region outputs.
    provinsi
        One row per province: rolled-up scores and classes, sums of counts and personnel.
    summary
        Counts per class and level, national totals and the headline sentences.
    """

    kabkota: pd.DataFrame
    provinsi: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def collect_regions(out: Path, codes: list[str]) -> pd.DataFrame:
    """Read the one-row kab/kota outputs of ``codes`` (missing ones are left out)."""
    frames = []
    for code in codes:
        path = output_paths(Path(out), code)["kabkota"]
        if path.is_file():
            frames.append(pq.read_table(path).to_pandas())
    if not frames:
        return pd.DataFrame(columns=["code", "name", "province"])
    return pd.concat(frames, ignore_index=True).sort_values("code", ignore_index=True)


def _labels(fw_id: str, level: str, lang: str) -> dict[str, str]:
    fw = _framework(fw_id)
    scheme = fw.scheme_for(fw.root)
    assert scheme is not None
    return {c.id: (c.label_id if lang == "id" else c.label_en) for c in class_info(scheme, level)}


def national_rollup(
    kab: pd.DataFrame, *, provinces: pd.DataFrame | None = None, lang: str = "id"
) -> NationalRollup:
    """Roll kab/kota results up to provinces and the nation.

    Province scores follow each preset's roll-up rule (IPKP: its worst kab/kota, an assumption;
    IKP 2024: Bawaslu's kab/kota-aggregate method, the mean of its kab/kota) and are classed with
    the bands of that method (``rollup.bands_level``; IKP 2024: the kab/kota bands, tinggi ≥
    49.33 — the provinsi bands, tinggi ≥ 68.5, belong to the provincial-input method). Every
    province row and the summary name the method (``<preset>_method``).

    Parameters
    ----------
    kab
        One row per kab/kota as written by the pipeline.
    provinces
        Optional ``code, name`` of the provinces (for names).
    lang
        Language of the headline sentences.

    Returns
    -------
    NationalRollup
    """
    kab = kab.copy()
    present = [c for c in _SUM_COLUMNS if c in kab.columns]
    prov = kab.groupby("province")[present].sum(min_count=1) if len(kab) else pd.DataFrame()
    prov["kabkota"] = kab.groupby("province").size() if len(kab) else 0
    summary: dict[str, Any] = {"levels": {}, "totals": {}, "headline": []}
    for fw_id in REGION_FRAMEWORKS:
        col = f"{fw_id}_score"
        if col not in kab.columns:
            continue
        fw = _framework(fw_id)
        scheme = fw.scheme_for(fw.root)
        assert scheme is not None
        method = fw.rollup.method
        grouped = kab.groupby("province")[col]
        score = grouped.max() if method == "max" else grouped.mean()
        prov[col] = score.round(4)
        # each method classes with its own bands: a roll-up of kab/kota scores is not Bawaslu's
        # provincial-input index and must not be classed with its bands
        bands = fw.rollup.bands_level or "provinsi"
        prov[f"{fw_id}_class"] = classify_scores(score.to_numpy(), scheme, bands)
        prov[f"{fw_id}_rollup"] = method
        label = (fw.rollup.method_id if lang == "id" else fw.rollup.method_en) or method
        prov[f"{fw_id}_method"] = label
        counts = {}
        for level, frame in (("kabkota", kab), ("provinsi", prov)):
            ids = [c.id for c in class_info(scheme, level)]
            vc = frame[f"{fw_id}_class"].value_counts()
            counts[level] = {i: int(vc.get(i, 0)) for i in ids}
        summary["levels"][fw_id] = {
            "rollup": method,
            "method": label,
            "bands_level": bands,
            "assumption": fw.rollup.assumption,
            "counts": counts,
        }
        top = _TOP_CLASS.get(fw_id, "sangat_rawan")
        top_label = _labels(fw_id, "kabkota", lang).get(top, top).lower()
        n_p = counts["provinsi"].get(top, 0)
        n_k = counts["kabkota"].get(top, 0)
        if lang == "id":
            text = (
                f"{fw_id.upper()}: {n_p} provinsi, {n_k} kab/kota {top_label} (provinsi: {label})"
            )
        else:
            text = (
                f"{fw_id.upper()}: {n_p} provinces, {n_k} regencies/cities {top_label} "
                f"(provinces: {label})"
            )
        summary["headline"].append(text)
        summary["levels"][fw_id]["headline"] = text
    if provinces is not None and len(provinces):
        names = provinces.set_index("code")["name"]
        prov.insert(0, "name", names.reindex(prov.index).to_numpy())
    prov.index.name = "code"
    prov = prov.reset_index()
    totals = {c: int(kab[c].fillna(0).sum()) for c in present}
    totals["kabkota"] = len(kab)
    totals["provinsi"] = int(kab["province"].nunique()) if len(kab) else 0
    if "polri_required" in kab.columns:
        totals["polri_required_with_reserve"] = int(
            np.ceil(kab["polri_required"].fillna(0).sum() * 1.5)
        )
        totals["regions_with_shortfall"] = int((kab["polri_shortfall"].fillna(0) > 0).sum())
        totals["regions_plan_infeasible"] = int((kab["plan_status"] == "infeasible").sum())
    summary["totals"] = totals
    return NationalRollup(kab, prov, summary)


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    tmp.replace(path)


def _map(data: Path, roll: NationalRollup, path: Path, lang: str) -> bool:
    """Draw province and kab/kota choropleths of the IPKP classes; False without shapes."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shapely
    from matplotlib.patches import Patch

    fw = _framework("ipkp")
    scheme = fw.scheme_for(fw.root)
    if "ipkp_class" not in roll.kabkota.columns or scheme is None:
        return False
    shapes = []
    for name in ("kabkota.parquet", "provinces.parquet"):
        p = Path(data) / name
        if not p.is_file():
            return False
        f = pq.read_table(p).to_pandas()
        shapes.append(gpd.GeoDataFrame(f, geometry=shapely.from_wkb(f.pop("geometry")), crs=4326))
    kab_g, prov_g = shapes
    fig, axes = plt.subplots(2, 1, figsize=(12, 10))
    titles = (
        ("Kategori IPKP per provinsi", "Kategori IPKP per kab/kota")
        if lang == "id"
        else ("IPKP class by province", "IPKP class by regency/city")
    )
    handles = []
    for ax, (geo, table, level, title) in zip(
        axes,
        (
            (prov_g, roll.provinsi, "provinsi", titles[0]),
            (kab_g, roll.kabkota, "kabkota", titles[1]),
        ),
        strict=True,
    ):
        infos = class_info(scheme, level)
        colours = {c.id: c.colour for c in infos}
        cls = table.set_index("code")["ipkp_class"]
        geo = geo.assign(cls=geo["code"].map(cls))
        geo.plot(ax=ax, color=[colours.get(c, "#dddddd") for c in geo["cls"]],
                 edgecolor="#555555", linewidth=0.2)  # fmt: skip
        ax.set_title(title)
        ax.set_axis_off()
        handles = [
            Patch(color=c.colour, label=c.label_id if lang == "id" else c.label_en) for c in infos
        ]
    handles.append(Patch(color="#dddddd", label="tanpa data" if lang == "id" else "no data"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles))
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _report(roll: NationalRollup, run: dict[str, Any], lang: str) -> str:
    t = roll.summary["totals"]

    def n(x: Any) -> str:
        return format_int(int(x), lang)

    lines = []
    if lang == "id":
        lines += ["## Rekapitulasi nasional", ""]
        lines += [f"- {h}." for h in roll.summary["headline"]]
        lines += [
            f"- Wilayah: {n(t.get('provinsi', 0))} provinsi, {n(t.get('kabkota', 0))} kab/kota, "
            f"{n(t.get('tps', 0))} TPS, DPT {n(t.get('voters', 0))}.",
            f"- TPS: {n(t.get('tps_kurang_rawan', 0))} kurang rawan, {n(t.get('tps_rawan', 0))} "
            f"rawan, {n(t.get('tps_sangat_rawan', 0))} sangat rawan, "
            f"{n(t.get('tps_khusus', 0))} khusus.",
            f"- Personel Polri untuk TPS: kebutuhan {n(t.get('polri_required', 0))}, tersedia "
            f"{n(t.get('polri_available', 0))}, kekurangan {n(t.get('polri_shortfall', 0))}; "
            f"BKO diminta {n(t.get('bko_polri', 0))} "
            f"({n(t.get('regions_with_shortfall', 0))} kab/kota kekurangan personel).",
        ]
        if run.get("failed"):
            lines.append(f"- Gagal dihitung: {len(run['failed'])} kab/kota (lihat gagal.json).")
    else:
        lines += ["## National roll-up", ""]
        lines += [f"- {h}." for h in roll.summary["headline"]]
        lines += [
            f"- Regions: {n(t.get('provinsi', 0))} provinces, {n(t.get('kabkota', 0))} "
            f"regencies/cities, {n(t.get('tps', 0))} TPS, {n(t.get('voters', 0))} voters.",
            f"- Polri for TPS duty: required {n(t.get('polri_required', 0))}, available "
            f"{n(t.get('polri_available', 0))}, shortfall {n(t.get('polri_shortfall', 0))}; "
            f"BKO {n(t.get('bko_polri', 0))}.",
        ]
        if run.get("failed"):
            lines.append(f"- Failed: {len(run['failed'])} regencies/cities (see gagal.json).")
    return "\n".join(lines) + "\n"


def write_rollup(
    data: Path, out: Path, codes: list[str], *, run: dict[str, Any] | None = None, lang: str = "id"
) -> tuple[NationalRollup, dict[str, Path]]:
    """Recompute the roll-up from the region outputs and write it under ``out/nasional``.

    Writes ``kabkota.parquet``, ``provinsi.parquet``, ``ringkasan.json`` (summary),
    ``gagal.json`` (failed regions), ``peta_nasional.png`` and ``laporan_nasional.md``.
    """
    run = run or {}
    kab = collect_regions(out, codes)
    prov_names = None
    prov_file = Path(data) / "provinces.parquet"
    if prov_file.is_file():
        prov_names = pq.read_table(prov_file, columns=["code", "name"]).to_pandas()
    roll = national_rollup(kab, provinces=prov_names, lang=lang)
    roll.summary["run"] = run
    roll.summary["missing_regions"] = sorted(set(codes) - set(kab["code"]))
    folder = Path(out) / NATIONAL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "kabkota": folder / "kabkota.parquet",
        "provinsi": folder / "provinsi.parquet",
        "summary": folder / "ringkasan.json",
        "failed": folder / "gagal.json",
        "map": folder / "peta_nasional.png",
        "report": folder / "laporan_nasional.md",
    }
    _write_table(roll.kabkota, paths["kabkota"])
    _write_table(roll.provinsi, paths["provinsi"])
    paths["summary"].write_text(
        json.dumps(roll.summary, ensure_ascii=False, indent=1, default=str), "utf-8"
    )
    paths["failed"].write_text(
        json.dumps(run.get("failed", {}), ensure_ascii=False, indent=1), "utf-8"
    )
    if not _map(data, roll, paths["map"], lang):
        paths.pop("map")
    paths["report"].write_text(_report(roll, run, lang), "utf-8")
    return roll, paths
