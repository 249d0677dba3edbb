"""INFORM Risk rebuilt from its components against the published tables, per edition.

Run: ``python benchmarks/inform_risk.py [--published DIR]``. Computes ``examples/inform`` over the
component files in ``../shared/data/benchmarks/inform_risk`` and prints, for each edition, the
share of countries whose INFORM RISK and each of the three dimensions lie within 0.1 of the
published value, with the largest difference. The published tables (JRC, as mirrored by
OCHA-DAP/viz-inform-risk @ 9fee4d89: ``INFORM-2016.csv``, ``INFORM_Mid2018_v034.csv``,
``inform_gri_2020_v040.csv``) are read from ``--published`` (default: the shared folder); an
edition whose table is absent is reported as such, never guessed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from petarawan.domain.index import compute_index
from petarawan.io.frameworks import load_framework

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "benchmarks" / "inform_risk"
EDITIONS = {
    "2016": ("inform_2016_components.csv", "inform.yaml", "INFORM-2016.csv"),
    "mid-2018": ("inform_mid2018_components.csv", "inform.yaml", "INFORM_Mid2018_v034.csv"),
    "2020": ("inform_2020_components.csv", "inform-2020.yaml", "inform_gri_2020_v040.csv"),
}
COLUMNS = {
    "INFORM_RISK": "INFORM RISK",
    "HAZARD_EXPOSURE": "HAZARD & EXPOSURE",
    "VULNERABILITY": "VULNERABILITY",
    "LACK_OF_COPING_CAPACITY": "LACK OF COPING CAPACITY",
}


def _read(path: Path) -> pd.DataFrame:
    for enc in ("utf-8", "latin-1"):
        try:
            frame = pd.read_csv(path, na_values=["x", "#VALUE!"], encoding=enc)
            break
        except UnicodeDecodeError:
            continue
    return frame.dropna(subset=["ISO3"]).set_index("ISO3")


def compare(edition: str, published_dir: Path) -> dict[str, tuple[float, float, int]] | None:
    """Return node → (share within 0.1, largest difference, countries), or None without a table."""
    comp_name, yaml_name, pub_name = EDITIONS[edition]
    pub_path = published_dir / pub_name
    if not pub_path.is_file():
        return None
    fw = load_framework(ROOT / "examples" / "inform" / yaml_name)
    comp = _read(SHARED / comp_name)
    table = compute_index(fw, {"country": comp}, levels=["country"]).table("country")
    pub = _read(pub_path)
    out = {}
    for node, col in COLUMNS.items():
        ref = pd.to_numeric(pub[col], errors="coerce")
        both = table[node].reindex(ref.index)
        ok = ref.notna() & both.notna()
        diff = (both[ok] - ref[ok]).abs()
        out[node] = (float((diff <= 0.1 + 1e-9).mean()), float(diff.max()), int(ok.sum()))
    return out


def main() -> None:
    """Print the agreement per edition and dimension."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--published", type=Path, default=SHARED)
    args = parser.parse_args()
    for edition in EDITIONS:
        res = compare(edition, args.published)
        if res is None:
            print(
                f"INFORM {edition}: published table {EDITIONS[edition][2]} not in {args.published}"
            )
            continue
        for node, (share, worst, n) in res.items():
            print(
                f"INFORM {edition:8s} {node:24s} {100 * share:5.1f} % of {n} countries within 0.1"
                f" (largest difference {worst:.2f})"
            )
        low = min(s for s, _, _ in res.values())
        print(
            f"INFORM {edition}: lowest share {100 * low:.1f} % ({'≥' if low >= 0.95 else '<'} 95 %)"
        )
    np.seterr(all="ignore")


if __name__ == "__main__":
    main()
