"""How fast the CLI answers: ``petarawan --help`` and ``petarawan status`` against their aims.

Usage: python benchmarks/startup.py [--runs 7] [--workspace PATH]

Each command runs ``--runs`` times as a fresh process (``python -m petarawan.cli``, what the
``petarawan`` script runs); the median wall time is printed next to the aim (``--help`` 0.5 s,
``status`` 2 s) with the fastest and slowest run. Without ``--workspace`` the real TTU regions and
TPS (``../shared/data``) are imported into a temporary workspace first, so ``status`` counts a
real regency (24 kecamatan, 193 desa, 774 TPS).

Heavy libraries (geopandas, scipy, matplotlib, the analysis modules) are imported inside the
commands that use them; this benchmark is what keeps it so.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
AIMS = {"--help": 0.5, "status": 2.0}


def _ttu_workspace(path: Path) -> Path:
    from petarawan.store import Workspace
    from petarawan.store.importer import import_files

    codes = DATA / "region_codes"
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
        import_files(ws, "regions", [DATA / "boundaries" / "ttu_desa.geojson"])
        import_files(ws, "tps", [DATA / "tps" / "ttu_tps_per_desa_pemilu2024_kawalpemilu.csv"])
    return path


def _time(args: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "petarawan.cli", *args], capture_output=True, check=False
        )
        out.append(time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workspace", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = args.workspace or _ttu_workspace(Path(tmp) / "ttu")
        cases = {"--help": ["--help"], "status": ["status", "-w", str(ws)]}
        print(f"{'command':<10} {'median s':>9} {'aim s':>6} {'min s':>6} {'max s':>6}  verdict")
        for name, argv in cases.items():
            times = _time(argv, args.runs)
            med = statistics.median(times)
            verdict = "within aim" if med <= AIMS[name] else "OVER AIM"
            print(
                f"{name:<10} {med:9.3f} {AIMS[name]:6.1f} {min(times):6.3f} {max(times):6.3f}  "
                f"{verdict}"
            )
        print(f"({args.runs} runs each, fresh processes; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
