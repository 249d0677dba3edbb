"""National scale: synthetic nation, local and Dask runs, roll-up, incremental re-runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.cli import main
from petarawan.domain import columns as C
from petarawan.io.frameworks import find_framework
from petarawan.scale.hashing import load_state
from petarawan.scale.pipeline import PipelineConfig, load_region, output_paths, process_region
from petarawan.scale.rollup import national_rollup, write_rollup
from petarawan.scale.runner import run_nation
from petarawan.scale.synth import (
    NATIONAL_TPS,
    _specs,
    _targets,
    generate_nation,
    partition_path,
    read_manifest,
)

from .conftest import TEST_PROVINCES, sources


def _codes(nation: Path) -> list[str]:
    return [r["code"] for r in read_manifest(nation)["regions"]]


def _table(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


def _region_frames(out: Path, codes: list[str]) -> dict[str, pd.DataFrame]:
    frames = {}
    for code in codes:
        for kind in ("tps", "desa", "kabkota"):
            frames[f"{code}.{kind}"] = _table(output_paths(out, code)[kind])
    return frames


def _assert_same_results(a: Path, b: Path, codes: list[str]) -> None:
    fa, fb = _region_frames(a, codes), _region_frames(b, codes)
    for key in fa:
        pd.testing.assert_frame_equal(fa[key], fb[key], check_exact=True, obj=key)
    for name in ("kabkota.parquet", "provinsi.parquet"):
        pd.testing.assert_frame_equal(
            _table(a / "nasional" / name), _table(b / "nasional" / name), check_exact=True
        )
    sa = json.loads((a / "nasional" / "ringkasan.json").read_text("utf-8"))
    sb = json.loads((b / "nasional" / "ringkasan.json").read_text("utf-8"))
    sa.pop("run")
    sb.pop("run")
    assert sa == sb


# --- synthetic nation --------------------------------------------------------------------------
def test_national_targets_follow_the_real_totals(shared_data: Path) -> None:
    _prov, specs = _specs(sources(shared_data), None)
    assert len(specs) == 514
    assert len({s.province for s in specs}) == 38
    for scale in (0.01, 1.0):
        t = _targets(specs, scale)
        tps = sum(v[2] for v in t.values())
        assert tps == pytest.approx(NATIONAL_TPS * scale, rel=0.07)
        assert all(k >= 1 and d >= k and n >= d for k, d, n in t.values())
    full = _targets(specs, 1.0)
    assert sum(v[0] for v in full.values()) == pytest.approx(7_277, rel=0.01)
    assert sum(v[1] for v in full.values()) == pytest.approx(83_763, rel=0.01)
    # TPS follow population: Kabupaten Bogor (32.01) has far more than Kota Sabang (11.72)
    assert full["32.01"][2] > 20 * full["11.72"][2]


def test_nation_layout_and_manifest(nation: Path) -> None:
    m = read_manifest(nation)
    assert m["kabkota"] == 17
    assert {r["province"] for r in m["regions"]} == set(TEST_PROVINCES)
    for r in m["regions"]:
        for table in m["tables"]:
            assert partition_path(nation, table, r["code"]).is_file()
    assert (nation / "tps" / "province=51").is_dir()
    tps = _table(partition_path(nation, "tps", "51.71"))
    assert tps[C.TPS_ID].str.len().eq(13).all()
    assert tps[C.TPS_ID].is_unique
    assert tps[C.VOTERS].between(1, 300).all()
    regions = _table(partition_path(nation, "regions", "51.71"))
    assert set(regions[C.LEVEL]) == {"kabkota", "kecamatan", "desa"}
    assert set(tps[C.DESA]) <= set(regions.loc[regions[C.LEVEL] == "desa", C.CODE])
    assert m["totals"]["tps"] == sum(r["tps"] for r in m["regions"])


def test_generation_is_deterministic_per_region(nation: Path, shared_data: Path, tmp_path: Path):
    # Bali alone, same seed: the same tables as inside the two-province nation
    generate_nation(tmp_path, sources(shared_data), scale=0.01, seed=7, provinces=["51"])
    for code in _codes(tmp_path):
        for table in ("regions", "tps", "units", "indicators"):
            a = _table(partition_path(tmp_path, table, code))
            b = _table(partition_path(nation, table, code))
            pd.testing.assert_frame_equal(a, b)


# --- pipeline and local run --------------------------------------------------------------------
def test_process_region_outputs(nation: Path, config: PipelineConfig) -> None:
    inp = load_region(nation, "94.01")
    res = process_region(inp, config)
    row = res.kabkota.iloc[0]
    assert row["tps"] == len(inp.tps) == len(res.tps)
    cats = res.tps[C.CATEGORY].value_counts()
    for c in C.TPS_CATEGORIES:
        assert row[f"tps_{c}"] == cats.get(c, 0)
    assert 0 <= row["ipkp_score"] <= 100
    assert row["ipkp_class"] in {"kurang_rawan", "rawan", "sangat_rawan"}
    assert row["ikp2024_class"] in {"rendah", "sedang", "tinggi"}
    assert row["polri_required"] > 0
    assert row["polri_shortfall"] == max(0, row["polri_shortfall"])
    assert set(res.summary["seconds"]) == {"indicators", "assessment", "plan"}
    assert len(res.desa) == int((inp.regions[C.LEVEL] == "desa").sum())


def test_summary_counts_agree_with_region_outputs(nation: Path, local_run) -> None:
    out, report, _roll, paths = local_run
    codes = _codes(nation)
    assert not report.failed
    assert sorted(report.summaries) == codes
    summary = json.loads(paths["summary"].read_text("utf-8"))
    tps = pd.concat([_table(output_paths(out, c)["tps"]) for c in codes])
    cats = tps[C.CATEGORY].value_counts()
    t = summary["totals"]
    assert t["tps"] == len(tps)
    for c in C.TPS_CATEGORIES:
        assert t[f"tps_{c}"] == cats.get(c, 0)
    kab = pd.concat([_table(output_paths(out, c)["kabkota"]) for c in codes])
    for col in ("polri_required", "polri_available", "polri_shortfall", "bko_polri"):
        assert t[col] == kab[col].sum()
    for fw in ("ipkp", "ikp2024"):
        counts = summary["levels"][fw]["counts"]
        vc = kab[f"{fw}_class"].value_counts()
        assert counts["kabkota"] == {k: int(vc.get(k, 0)) for k in counts["kabkota"]}
        assert sum(counts["provinsi"].values()) == len(TEST_PROVINCES)
    ipkp = summary["levels"]["ipkp"]["counts"]
    expected = (
        f"IPKP: {ipkp['provinsi']['sangat_rawan']} provinsi, "
        f"{ipkp['kabkota']['sangat_rawan']} kab/kota sangat rawan"
    )
    assert any(h.startswith(expected) for h in summary["headline"])
    prov = _table(paths["provinsi"]).set_index("code")
    for p in TEST_PROVINCES:
        # IPKP rolls up by maximum, IKP 2024 by mean
        k = kab[kab["province"] == p]
        assert prov.loc[p, "ipkp_score"] == pytest.approx(k["ipkp_score"].max())
        assert prov.loc[p, "ikp2024_score"] == pytest.approx(k["ikp2024_score"].mean(), abs=1e-4)
        assert prov.loc[p, "tps"] == k["tps"].sum()
    assert paths["map"].stat().st_size > 10_000
    assert "Rekapitulasi nasional" in paths["report"].read_text("utf-8")


def test_rollup_on_a_hand_made_table() -> None:
    kab = pd.DataFrame(
        {
            "code": ["91.01", "91.02", "53.03"],
            "name": ["A", "B", "C"],
            "province": ["91", "91", "53"],
            "tps": [10, 20, 30],
            "ipkp_score": [67.55, 30.0, 40.69],
            "ipkp_class": ["sangat_rawan", "kurang_rawan", "rawan"],
            "polri_required": [10, 5, 7],
            "polri_shortfall": [3, 0, 1],
            "plan_status": ["optimal", "optimal", "infeasible"],
        }
    )
    roll = national_rollup(kab)
    prov = roll.provinsi.set_index("code")
    assert prov.loc["91", "ipkp_class"] == "sangat_rawan"
    assert prov.loc["53", "ipkp_class"] == "rawan"
    assert roll.summary["headline"] == [
        "IPKP: 1 provinsi, 1 kab/kota sangat rawan (provinsi: kab/kota terburuk (asumsi))"
    ]
    assert prov.loc["91", "ipkp_method"] == "kab/kota terburuk (asumsi)"
    assert roll.summary["levels"]["ipkp"]["assumption"] is True
    assert roll.summary["totals"]["polri_shortfall"] == 4
    assert roll.summary["totals"]["regions_plan_infeasible"] == 1
    en = national_rollup(kab, lang="en")
    assert en.summary["headline"][0].startswith(
        "IPKP: 1 provinces, 1 regencies/cities highly vulnerable (provinces: worst kab/kota"
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_ikp_province_from_kabkota_is_tinggi_exactly_in_the_aggregate_band(
    groups: list[list[float]],
) -> None:
    rows = [
        {"code": f"{11 + p}.{k + 1:02d}", "province": str(11 + p), "ikp2024_score": v}
        for p, scores in enumerate(groups)
        for k, v in enumerate(scores)
    ]
    kab = pd.DataFrame(rows)
    kab["ikp2024_class"] = "sedang"
    roll = national_rollup(kab)
    prov = roll.provinsi.set_index("code")
    fw = find_framework("ikp2024")
    scheme = fw.scheme_for(fw.root)
    assert scheme is not None
    tinggi = next(b for b in scheme.bands_for("kabkota") if b.id == "tinggi").lower
    assert tinggi == 49.33  # Bawaslu's kab/kota bound, the aggregate method's band
    for p, scores in enumerate(groups):
        mean = float(np.mean(scores))
        assert (prov.loc[str(11 + p), "ikp2024_class"] == "tinggi") == (mean >= tinggi)
        assert prov.loc[str(11 + p), "ikp2024_method"].startswith("agregat kab/kota")
    assert roll.summary["levels"]["ikp2024"]["bands_level"] == "kabkota"
    assert "agregat kab/kota" in roll.summary["levels"]["ikp2024"]["headline"]


def test_ikp_aggregate_province_at_55_is_tinggi_but_banten_45_is_not() -> None:
    kab = pd.DataFrame(
        {
            "code": ["36.01", "36.02", "31.71", "31.72"],
            "province": ["36", "36", "31", "31"],
            "ikp2024_score": [45.18, 45.18, 60.0, 50.0],
            "ikp2024_class": ["sedang", "sedang", "tinggi", "tinggi"],
        }
    )
    prov = national_rollup(kab).provinsi.set_index("code")
    assert prov.loc["36", "ikp2024_class"] == "sedang"  # the published top, Banten 45.18
    assert prov.loc["31", "ikp2024_class"] == "tinggi"  # 55 >= 49.33 although < 68.5


# --- failures, incremental re-runs ---------------------------------------------------------
def test_bad_region_does_not_stop_the_country(nation: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(nation, data)
    partition_path(data, "tps", "51.03").write_bytes(b"not parquet")
    out = tmp_path / "out"
    report = run_nation(
        data, out, workers=1, retries=1, config=PipelineConfig(stages=("assessment",))
    )
    assert list(report.failed) == ["51.03"]
    assert report.attempts["51.03"] == 2
    assert "ArrowInvalid" in report.failed["51.03"] or "Parquet" in report.failed["51.03"]
    assert len(report.summaries) == 16
    roll, paths = write_rollup(data, out, _codes(data), run=report.to_dict())
    assert roll.summary["missing_regions"] == ["51.03"]
    assert json.loads(paths["failed"].read_text("utf-8")) == report.failed
    assert "51.03" not in load_state(out)["regions"]


def test_incremental_rerun_recomputes_only_the_changed_region(nation: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(nation, data)
    out = tmp_path / "out"
    cfg = PipelineConfig(stages=("assessment", "plan"))
    first = run_nation(data, out, workers=1, config=cfg)
    assert len(first.summaries) == 17
    again = run_nation(data, out, workers=1, config=cfg)
    assert again.summaries == {} and len(again.skipped) == 17
    # one region's IPKP dimension scores change: only that region is recomputed
    path = partition_path(data, "indicators", "94.04")
    ind = _table(path)
    ind.loc[:, [c for c in ind.columns if c.startswith("ipkp_")]] = 95.0
    ind.to_parquet(path, index=False)
    third = run_nation(data, out, workers=1, config=cfg)
    assert list(third.summaries) == ["94.04"]
    roll, _ = write_rollup(data, out, _codes(data), run=third.to_dict())
    row = roll.kabkota.set_index("code").loc["94.04"]
    assert row["ipkp_class"] == "sangat_rawan"
    assert row["ipkp_score"] == pytest.approx(95.0)
    assert roll.provinsi.set_index("code").loc["94", "ipkp_score"] >= 95.0
    # a changed pipeline parameter invalidates every region
    other = run_nation(data, out, workers=1, config=PipelineConfig(stages=("assessment",)))
    assert len(other.summaries) == 17


def test_process_pool_equals_in_process(nation: Path, local_run, tmp_path: Path) -> None:
    out = tmp_path / "pool"
    report = run_nation(nation, out, workers=2)
    assert report.backend == "processes" and not report.failed
    write_rollup(nation, out, _codes(nation), run=report.to_dict())
    _assert_same_results(local_run[0], out, _codes(nation))


# --- Dask ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


def test_dask_run_equals_local_run(nation: Path, local_run, dask_cluster, tmp_path: Path):
    _cluster, client = dask_cluster
    out = tmp_path / "dask"
    report = run_nation(nation, out, cluster=client)
    assert report.backend == "dask" and report.workers == 2
    assert not report.failed
    write_rollup(nation, out, _codes(nation), run=report.to_dict())
    _assert_same_results(local_run[0], out, _codes(nation))


def test_killing_a_worker_mid_run_still_completes(
    nation: Path, local_run, dask_cluster, tmp_path: Path
) -> None:
    _cluster, client = dask_cluster
    killed: list[str] = []

    def kill_one(cl, code: str) -> None:
        if not killed:
            addr = sorted(cl.scheduler_info()["workers"])[0]
            killed.append(addr)
            cl.restart_workers([addr])

    out = tmp_path / "dask_kill"
    report = run_nation(nation, out, cluster=client, on_result=kill_one)
    assert killed
    assert not report.failed
    assert sorted(report.summaries) == _codes(nation)
    write_rollup(nation, out, _codes(nation), run=report.to_dict())
    _assert_same_results(local_run[0], out, _codes(nation))


# --- CLI -------------------------------------------------------------------------------------
def test_cli_synth_and_run(shared_data: Path, tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    pop = shared_data / "population" / "idn_prov_kabkota_population_area_kepmendagri2025.csv"
    kab = shared_data / "boundaries" / "indonesia_kabkota_simplified.geojson"
    code = main(
        [
            "synth", "nation", "--out", str(data),
            "--codes", str(shared_data / "region_codes"),
            "--population", str(pop),
            "--boundaries", str(kab),
            "--scale", "0.01", "--seed", "3", "--province", "75",
        ]
    )  # fmt: skip
    assert code == 0
    assert read_manifest(data)["kabkota"] == 6
    code = main(["run", "--data", str(data), "--out", str(out), "--stage", "assessment"])
    assert code == 0
    summary = json.loads((out / "nasional" / "ringkasan.json").read_text("utf-8"))
    assert summary["totals"]["kabkota"] == 6
    assert (out / "nasional" / "peta_nasional.png").is_file()
    assert main(["run", "--data", str(data), "--out", str(out), "--workers", "0"]) == 2
    assert main(["run", "--data", str(data), "--out", str(out), "--workers", "2",
                 "--cluster", "tcp://127.0.0.1:1"]) == 2  # fmt: skip
    assert main(["run", "--data", str(data), "--out", str(out), "--stage", "nope"]) == 2
    assert main(["run", "--data", str(tmp_path / "none"), "--out", str(out)]) == 2


# --- real data: NTT as one province --------------------------------------------------------------
@pytest.mark.slow
def test_ntt_real_structure_runs_as_one_province(shared_data: Path, tmp_path: Path) -> None:
    d = shared_data
    src = sources(
        d,
        boundaries=d / "boundaries" / "ntt_kabupaten.geojson",
        districts=d / "region_codes" / "ntt_districts.csv",
        villages=d / "region_codes" / "ntt_villages.csv",
        tps_counts=d / "tps" / "ntt_tps_per_desa_pemilu2024_kawalpemilu.csv",
        kecamatan_boundaries=d / "boundaries" / "ntt_kecamatan.geojson",
    )
    data, out = tmp_path / "ntt", tmp_path / "out"
    manifest = generate_nation(data, src, scale=1.0, seed=1, provinces=["53"])
    assert manifest["kabkota"] == 22
    assert manifest["totals"]["kecamatan"] == 315
    assert manifest["totals"]["desa"] == 3442
    real = pd.read_csv(d / "tps" / "ntt_tps_per_desa_pemilu2024_kawalpemilu.csv")
    khusus = (real["tps_khusus_no_max"] - real["tps_khusus_no_min"] + 1).fillna(0)
    assert manifest["totals"]["tps"] == int(real["jumlah_tps"].sum() + khusus.sum()) == 16_746
    ttu = next(r for r in manifest["regions"] if r["code"] == "53.03")
    assert ttu["name"] == "Kabupaten Timor Tengah Utara"
    assert ttu["desa"] == 193 and ttu["tps"] == 774
    tps = _table(partition_path(data, "tps", "53.03"))
    per_desa = tps.groupby(C.DESA).size()
    expected = real.set_index("kode_desa")["jumlah_tps"]
    expected = expected[expected.index.str.startswith("53.03.")]
    assert (per_desa.reindex(expected.index) >= expected).all()
    assert int(tps[C.KHUSUS].sum()) == 1
    report = run_nation(data, out, workers=2, config=PipelineConfig(stages=("assessment", "plan")))
    assert not report.failed, report.failed
    roll, paths = write_rollup(data, out, _codes(data), run=report.to_dict())
    t = roll.summary["totals"]
    assert t["kabkota"] == 22 and t["provinsi"] == 1 and t["tps"] == 16_746
    assert t["tps_khusus"] == 19
    assert t["tps_kurang_rawan"] + t["tps_rawan"] + t["tps_sangat_rawan"] + 19 == 16_746
    assert len(roll.provinsi) == 1
    assert paths["map"].is_file()


@settings(max_examples=30, deadline=None)
@given(
    n_u=st.integers(1, 8),
    n_t=st.integers(1, 40),
    k=st.integers(0, 5),
    seed=st.integers(0, 1000),
)
def test_prune_keeps_nearest_units_and_every_unit_reachable(
    n_u: int, n_t: int, k: int, seed: int
) -> None:
    from petarawan.scale.pipeline import _prune

    rng = np.random.default_rng(seed)
    minutes = rng.uniform(1, 500, (n_u, n_t))
    always = np.zeros(n_u, dtype=bool)
    always[0] = True
    out = _prune(minutes, always, k)
    finite = np.isfinite(out)
    assert finite[0].all()  # the Polres reaches every TPS
    assert finite.any(axis=1).all()  # every unit keeps a TPS
    assert (finite.sum(axis=0) >= min(max(k, 1), n_u)).all() or k == 0
    nearest = np.argmin(minutes, axis=0)
    assert finite[nearest, np.arange(n_t)].all()
    assert np.array_equal(out[finite], minutes[finite])


def test_straight_minutes_on_the_sphere() -> None:
    from petarawan.domain.access.travel import great_circle_minutes

    # Kupang (123.60, -10.17) to Kefamenanu (124.48, -9.45): about 125 km great-circle
    m = great_circle_minutes(
        [123.60], [-10.17], [124.48, 123.60], [-9.45, -10.17], detour_factor=1.0, speed_kmh=60.0
    )
    assert m[0, 0] == pytest.approx(125.0, rel=0.05)
    assert m[0, 1] == 0.0
