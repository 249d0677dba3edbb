"""Workspaces the render tests draw: the full demo (assessed, planned) and the real TTU import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from petarawan.store import Workspace


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace after every stage (indicators, assessment, plan, outputs)."""
    from petarawan.cli.demo import run_demo

    path = tmp_path_factory.mktemp("render-demo")
    run_demo(path)
    return path


@pytest.fixture
def demo_ws(demo_path: Path) -> Iterator[Workspace]:
    """The demo workspace, opened."""
    with Workspace.open(demo_path, create=False) as ws:
        yield ws


@pytest.fixture(scope="session")
def ttu_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """The real TTU regions and TPS, imported as a user would, with a few hand-set categories.

    Nothing else: no DEM, no roads, no units, no incidents, no assessment, no plan.
    """
    from petarawan.store.importer import import_files

    path = tmp_path_factory.mktemp("render-ttu")
    codes = shared_data / "region_codes"
    with Workspace.open(path) as ws:
        import_files(
            ws,
            "regions",
            [
                codes / "idn_provinces.csv",
                codes / "idn_regencies.csv",
                codes / "ttu_districts.csv",
                codes / "ttu_villages.csv",
            ],
        )
        import_files(ws, "regions", [shared_data / "boundaries" / "ttu_desa.geojson"])
        import_files(
            ws, "tps", [shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"]
        )
        ids = ws.tps()["tps_id"].tolist()
        hand = dict.fromkeys(ids[1::5], "kurang_rawan")
        hand.update(dict.fromkeys(ids[::25], "rawan"))
        hand.update(dict.fromkeys(ids[3::97], "sangat_rawan"))
        ws.set_tps_categories(hand)
    return path


@pytest.fixture
def ttu_ws(ttu_path: Path) -> Iterator[Workspace]:
    """The real TTU workspace, opened."""
    with Workspace.open(ttu_path, create=False) as ws:
        yield ws
