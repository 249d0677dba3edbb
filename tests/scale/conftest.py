"""Fixtures of the scale tests: a small synthetic nation and its local run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from petarawan.scale.pipeline import PipelineConfig
from petarawan.scale.rollup import write_rollup
from petarawan.scale.runner import run_nation
from petarawan.scale.synth import NationSources, generate_nation, read_manifest

#: Bali (9 kab/kota) and Papua Tengah (8): one calm and one hot province, at scale 0.01.
TEST_PROVINCES = ["51", "94"]


def sources(shared: Path, **extra: Any) -> NationSources:
    return NationSources(
        codes=shared / "region_codes",
        population=shared / "population" / "idn_prov_kabkota_population_area_kepmendagri2025.csv",
        **extra,
    )


@pytest.fixture(scope="session")
def nation(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nation")
    generate_nation(out, sources(shared_data), scale=0.01, seed=7, provinces=TEST_PROVINCES)
    return out


@pytest.fixture(scope="session")
def config() -> PipelineConfig:
    return PipelineConfig()


@pytest.fixture(scope="session")
def local_run(nation: Path, config: PipelineConfig, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("run_local")
    report = run_nation(nation, out, config=config, workers=1)
    codes = [r["code"] for r in read_manifest(nation)["regions"]]
    roll, paths = write_rollup(nation, out, codes, run=report.to_dict())
    return out, report, roll, paths
