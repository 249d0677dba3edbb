"""Fixtures for the index engine tests: benchmark tables and small hand-made frameworks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petarawan.domain.index import Framework
from petarawan.io.frameworks import parse_framework

ROOT = Path(__file__).resolve().parents[2]

SMALL = """
id: small
name_id: Kecil
name_en: Small
levels: [tps]
class_schemes:
  default:
    type: fixed
    bands:
      - {id: kurang_rawan, label_id: Kurang rawan, label_en: Low, lower: 0, upper: 40,
         colour: "#1a9850"}
      - {id: rawan, label_id: Rawan, label_en: Vulnerable, lower: 40, upper: 60,
         colour: "#fdae61"}
      - {id: sangat_rawan, label_id: Sangat rawan, label_en: Highly vulnerable, lower: 60,
         upper: 100, colour: "#d73027"}
nodes:
  - {id: idx, name_id: Indeks, name_en: Index, classes: default}
  - {id: a, name_id: Dimensi A, name_en: Dimension A, parent: idx, weight: 2}
  - {id: b, name_id: Dimensi B, name_en: Dimension B, parent: idx, weight: 1}
indicators:
  - {id: x1, name_id: riwayat kekerasan, name_en: history of violence, parent: a,
     unit: kejadian, unit_en: incidents}
  - {id: x2, name_id: waktu tempuh dari Polsek, name_en: travel time from the Polsek,
     parent: a, unit: menit, unit_en: minutes, weight: 3}
  - {id: x3, name_id: jarak ke pos, name_en: distance to post, parent: b, direction: -1, unit: km}
rollup:
  method: voter_weighted_mean
  levels: [desa, kecamatan]
"""


@pytest.fixture
def small_framework() -> Framework:
    """A three-indicator framework with two dimensions and fixed classes."""
    return parse_framework(SMALL, source="small.yaml")


@pytest.fixture
def small_tables() -> dict[str, pd.DataFrame]:
    """Six TPS in two desa of one kecamatan."""
    tps = pd.DataFrame(
        {
            "x1": [0.0, 1.0, 5.0, 2.0, 0.0, 9.0],
            "x2": [10.0, 95.0, 30.0, 60.0, 15.0, 120.0],
            "x3": [1.0, 8.0, 3.0, 2.0, 9.0, 0.5],
            "voters": [200.0, 300.0, 250.0, 100.0, 400.0, 500.0],
        },
        index=pd.Index(
            [f"530301200{d}00{i}" for d, i in [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]]
        ),
    )
    return {"tps": tps}


@pytest.fixture
def small_hierarchy_frame(small_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Regions and TPS links for :func:`small_tables`."""
    rows = [
        ("53.03.01", "kecamatan", "53.03"),
        ("53.03.01.2001", "desa", "53.03.01"),
        ("53.03.01.2002", "desa", "53.03.01"),
        ("53.03", "kabkota", "53"),
        ("53", "provinsi", None),
    ]
    for code in small_tables["tps"].index:
        rows.append((code, "tps", f"53.03.01.200{code[9]}"))
    return pd.DataFrame(rows, columns=["code", "level", "parent_code"])


@pytest.fixture(scope="session")
def asem_table(shared_data: Path) -> pd.DataFrame:
    """COINr ASEM v0 indicator data joined with its denominators, indexed by UnitCode."""
    d = shared_data / "benchmarks" / "coinr_asem"
    data = pd.read_csv(d / "asem_coin_v0_inddata.csv").set_index("UnitCode")
    den = pd.read_csv(d / "asem_coin_v0_denominators.csv").set_index("UnitCode")
    return data.join(den[[c for c in den.columns if c.startswith("Den_")]])
