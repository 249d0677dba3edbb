"""The demo regency's second election: the Pilkada 2024 TPS list and its political dynamics.

The Pilkada merged the Pemilu's TPS (≤ 300 voters) into TPS of at most 600 voters within each
desa; the incumbent pair split and each pair has home villages. Written as ordinary files, read
back by the same importers a user runs.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["MAX_VOTERS", "merge_tps", "write_pilkada"]

MAX_VOTERS = 600


def merge_tps(tps: pd.DataFrame, max_voters: int = MAX_VOTERS) -> pd.DataFrame:
    """Merge consecutive TPS of each desa while the merged TPS stays within ``max_voters``.

    A merged TPS sits at the voter-weighted centre of the TPS it replaces; TPS khusus stay as
    they are. Returns ``kode_desa, no_tps, dpt, longitude, latitude, tps_khusus``.
    """
    rows: list[dict[str, object]] = []
    for desa, group in tps.groupby("kode_desa", sort=True):
        khusus = group["tps_khusus"] == "ya"
        regular = group[~khusus].sort_values("no_tps")
        batches: list[list[int]] = []
        total = 0
        for idx, voters in zip(regular.index, regular["dpt"], strict=True):
            if batches and total + int(voters) <= max_voters:
                batches[-1].append(idx)
                total += int(voters)
            else:
                batches.append([idx])
                total = int(voters)
        for number, batch in enumerate(batches, start=1):
            part = regular.loc[batch]
            w = part["dpt"].to_numpy(dtype=float)
            rows.append(
                {
                    "kode_desa": desa,
                    "no_tps": number,
                    "dpt": int(w.sum()),
                    "longitude": f"{np.average(part['longitude'], weights=w):.6f}",
                    "latitude": f"{np.average(part['latitude'], weights=w):.6f}",
                    "tps_khusus": "tidak",
                }
            )
        special = group[khusus]
        for number, voters, lon, lat in zip(
            special["no_tps"].astype(int),
            special["dpt"].astype(int),
            special["longitude"].astype(float),
            special["latitude"].astype(float),
            strict=True,
        ):
            rows.append(
                {
                    "kode_desa": desa,
                    "no_tps": int(number),
                    "dpt": int(voters),
                    "longitude": f"{lon:.6f}",
                    "latitude": f"{lat:.6f}",
                    "tps_khusus": "ya",
                }
            )
    return pd.DataFrame(rows)


def _home_villages(rng: np.random.Generator, desa: list[str], hot: list[str], n: int) -> list[str]:
    """Pick ``n`` home villages: half among the desa with most incidents, half elsewhere."""
    cold = [d for d in desa if d not in hot]
    k = n // 2
    picked = list(rng.choice(hot, size=min(k, len(hot)), replace=False))
    picked += list(rng.choice(cold, size=n - len(picked), replace=False))
    return sorted(str(p) for p in picked)


def write_pilkada(out_dir: Path, *, seed: int = 2024) -> dict[str, Path]:
    """Write ``tps_pilkada2024.csv``, ``dinamika_pemilu2024.csv`` and ``dinamika_pilkada2024.csv``.

    Reads the Pemilu files the generator wrote in ``out_dir`` (``tps.csv``, ``kejadian.csv``).
    The Pemilu's legislative candidates came from six villages with a past of incidents; the
    Pilkada's four pairs come from other villages, and the incumbent pair split.
    """
    rng = np.random.default_rng([seed, 13])
    tps = pd.read_csv(out_dir / "tps.csv", dtype={"kode_desa": str})
    merged = merge_tps(tps)
    paths = {
        "tps_pilkada2024.csv": out_dir / "tps_pilkada2024.csv",
        "dinamika_pemilu2024.csv": out_dir / "dinamika_pemilu2024.csv",
        "dinamika_pilkada2024.csv": out_dir / "dinamika_pilkada2024.csv",
    }
    merged.to_csv(paths["tps_pilkada2024.csv"], index=False)
    desa = sorted(tps["kode_desa"].unique())
    incidents = pd.read_csv(out_dir / "kejadian.csv", dtype={"kode_desa": str})
    hot = incidents["kode_desa"].value_counts().index[:20].tolist()
    # the legislative candidates came from the six villages with most incidents …
    caleg = sorted(hot[:6])
    # … the Pilkada pairs from the next two such villages and two quiet ones
    quiet = [d for d in desa if d not in hot]
    paslon = sorted([*hot[6:8], *(str(d) for d in rng.choice(quiet, size=2, replace=False))])
    regency = desa[0][:5]
    with paths["dinamika_pemilu2024.csv"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["kode", "indikator", "nilai"])
        w.writerow([regency, "incumbent_split", "0"])
        w.writerows([d, "candidate_home", "1"] for d in caleg)
    with paths["dinamika_pilkada2024.csv"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["kode", "indikator", "nilai"])
        w.writerow([regency, "incumbent_split", "1"])
        w.writerow([regency, "candidate_pairs", "4"])
        w.writerow([regency, "past_margin_pct", "0.8"])
        w.writerows([d, "candidate_home", "1"] for d in paslon)
    return paths
