"""Must show: carry the real TTU Pemilu 2024 mapping over to a Pilkada list made by merging TPS."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petarawan.cli import main

RAWAN, SANGAT_RAWAN = 19, 5


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(args) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def ttu(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> dict[str, object]:
    """The real TTU regions and Pemilu TPS, 19 rawan + 5 sangat rawan, and a merged Pilkada list."""
    root = tmp_path_factory.mktemp("ttu-carry")
    ws = str(root / "ws")
    codes = shared_data / "region_codes"
    files = ["idn_provinces.csv", "idn_regencies.csv", "ttu_districts.csv", "ttu_villages.csv"]
    assert main(["import", "regions", *[str(codes / f) for f in files], "-w", ws]) == 0
    desa_geo = shared_data / "boundaries" / "ttu_desa.geojson"
    assert main(["import", "regions", str(desa_geo), "-w", ws]) == 0
    assert main(["election", "add", "pemilu2024", "-w", ws]) == 0
    assert main(["election", "add", "pilkada2024", "-w", ws]) == 0
    per_desa = shared_data / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"
    assert main(["import", "tps", str(per_desa), "--election", "pemilu2024", "-w", ws]) == 0
    out = root / "pemilu.csv"
    args = ["export", "-w", ws, "--election", "pemilu2024", "--format", "csv", "--out", str(out)]
    assert main(args) == 0
    pemilu = pd.read_csv(out, dtype={"tps_id": str, "desa_code": str})
    assert len(pemilu) == 774
    # 19 rawan and 5 sangat rawan, as a Polres meeting would set them (deterministic choice)
    regular = pemilu.index[~pemilu["khusus"].astype(bool)]
    picked = np.random.default_rng(2024).choice(regular, RAWAN + SANGAT_RAWAN, replace=False)
    cats = pd.DataFrame(
        {
            "tps_id": pemilu.loc[picked, "tps_id"],
            "kategori": ["rawan"] * RAWAN + ["sangat rawan"] * SANGAT_RAWAN,
        }
    )
    cats.to_csv(root / "kategori.csv", index=False)
    args = ["import", "tps-categories", str(root / "kategori.csv"), "--election", "pemilu2024"]
    assert main([*args, "-w", ws]) == 0
    # the Pilkada list: TPS merged pairwise within each desa (1+2 → 1, 3+4 → 2, …); TPS khusus stay
    rows = []
    for desa, group in pemilu.groupby("desa_code"):
        numbers = sorted(group.loc[~group["khusus"].astype(bool), "number"])
        rows += [
            {"kode_desa": desa, "no_tps": k + 1, "tps_khusus": "tidak"}
            for k in range((len(numbers) + 1) // 2)
        ]
        rows += [
            {"kode_desa": desa, "no_tps": int(n), "tps_khusus": "ya"}
            for n in group.loc[group["khusus"].astype(bool), "number"]
        ]
    pilkada = pd.DataFrame(rows)
    pilkada.to_csv(root / "pilkada.csv", index=False)
    args = ["import", "tps", str(root / "pilkada.csv"), "--election", "pilkada2024", "-w", ws]
    assert main(args) == 0
    return {"ws": ws, "root": root, "pemilu": pemilu, "cats": cats, "pilkada": pilkada}


def test_carry_gives_every_pilkada_tps_a_traceable_category(
    ttu: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, root = str(ttu["ws"]), Path(str(ttu["root"]))
    pemilu = ttu["pemilu"]
    cats = ttu["cats"]
    assert isinstance(pemilu, pd.DataFrame)
    assert isinstance(cats, pd.DataFrame)
    n_pilkada = len(ttu["pilkada"])  # type: ignore[arg-type]
    report = json.loads(
        _run(["carry", "--from", "pemilu2024", "--to", "pilkada2024", "--json", "-w", ws], capsys)
    )
    # the JSON counts add up to the list sizes
    assert report["sizes"] == {"from": 774, "to": n_pilkada}
    assert report["matched"] + len(report["unmatched_to"]) == n_pilkada
    assert report["matched_from"] + len(report["unmatched_from"]) == 774
    assert sum(report["method"].values()) == report["links"]
    assert report["carried"]["category"] + report["kept_by_hand"] == report["matched"]
    # every desa had Pemilu TPS, so every Pilkada TPS is linked and nothing is left over
    assert report["unmatched_to"] == []
    assert report["unmatched_from"] == []
    # estimated locations only: every link is by TPS order within the desa
    assert report["method"]["koordinat"] == 0

    out = root / "pilkada_out.csv"
    args = ["export", "-w", ws, "--election", "pilkada2024", "--format", "csv", "--out", str(out)]
    _run(args, capsys)
    table = pd.read_csv(out, dtype={"tps_id": str, "carried_from": str})
    assert len(table) == n_pilkada
    assert table["category"].notna().all()
    assert table["provenance"].str.contains("kategori dari TPS 53").all()
    assert table["provenance"].str.contains("Pemilu 2024").all()

    counts = table["category"].value_counts()
    assert counts.get("rawan", 0) <= RAWAN
    assert counts.get("sangat_rawan", 0) <= SANGAT_RAWAN
    # every rawan / sangat rawan Pilkada TPS traces back to a Pemilu TPS of that category
    old_cat = dict(zip(cats["tps_id"], cats["kategori"].str.replace(" ", "_"), strict=True))
    for row in table[table["category"].isin(["rawan", "sangat_rawan"])].itertuples():
        sources = str(row.carried_from).split(", ")
        assert row.category in {old_cat.get(s) for s in sources}, row
        assert all(s[:10] == row.tps_id[:10] for s in sources)  # same desa


def test_links_reproduce_the_pairwise_merge(
    ttu: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    """In a desa with an even number of TPS, TPS 2k-1 and 2k feed Pilkada TPS k exactly."""
    ws, root = str(ttu["ws"]), Path(str(ttu["root"]))
    _run(["carry", "--from", "pemilu2024", "--to", "pilkada2024", "--json", "-w", ws], capsys)
    out = root / "pilkada_links.csv"
    args = ["export", "-w", ws, "--election", "pilkada2024", "--format", "csv", "--out", str(out)]
    _run(args, capsys)
    table = pd.read_csv(out, dtype={"tps_id": str, "carried_from": str, "desa_code": str})
    pemilu = ttu["pemilu"]
    assert isinstance(pemilu, pd.DataFrame)
    regular = pemilu[~pemilu["khusus"].astype(bool)]
    even = {d for d, g in regular.groupby("desa_code") if len(g) % 2 == 0}
    checked = 0
    for row in table[table["desa_code"].isin(even) & ~table["khusus"].astype(bool)].itertuples():
        k = int(row.number)
        want = {f"{row.tps_id[:10]}{n:03d}" for n in (2 * k - 1, 2 * k)}
        assert set(str(row.carried_from).split(", ")) == want
        checked += 1
    assert checked > 100


def test_carry_dry_run_and_bad_elections_write_nothing(
    ttu: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(ttu["ws"])
    db = Path(ws) / "petarawan.db"
    before = db.read_bytes()
    assert main(["carry", "--from", "pemilu2024", "--to", "pilkada2099", "-w", ws]) == 2
    err = capsys.readouterr().err
    assert "--to" in err
    assert "pilkada2099" in err
    assert main(["carry", "--from", "pemilu2024", "--to", "pemilu2024", "-w", ws]) == 2
    assert db.read_bytes() == before
