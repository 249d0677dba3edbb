"""TPS import speed into SQLite: bulk path (petarawan import) vs one row per statement.

Prints, for 10,000 and 200,000 TPS rows: the whole import (read CSV, validate, diff,
write) in rows/s, the write stage alone (bulk executemany inserts) in rows/s, and a baseline
that inserts the same rows with one INSERT statement per row, and the ratio.
Run: ``python benchmarks/import_tps.py``.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from petarawan.store import Workspace
from petarawan.store.importer import _bulk_insert, import_files
from petarawan.store.models import Tps

TPS_PER_DESA = 200


def _regions(folder: Path, n_desa: int) -> Path:
    path = folder / "wilayah.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kode", "nama"])
        w.writerow(["53", "Provinsi Uji"])
        w.writerow(["53.90", "Kabupaten Uji"])
        kecs = (n_desa + 99) // 100
        for k in range(1, kecs + 1):
            w.writerow([f"53.90.{k:02d}" if k < 100 else f"53.90.{k % 100:02d}", f"Kec {k}"])
        for d in range(n_desa):
            w.writerow([_desa(d), f"Desa {d}"])
    return path


def _desa(d: int) -> str:
    return f"53.90.{d // 100 + 1:02d}.{2001 + d % 100}"


def _tps(folder: Path, n: int) -> Path:
    rng = np.random.default_rng(1)
    path = folder / f"tps_{n}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kode_desa", "no_tps", "dpt", "longitude", "latitude", "rawan_dptb"])
        lon = 124 + rng.random(n)
        lat = -9.5 + rng.random(n)
        dpt = rng.integers(100, 600, n)
        for i in range(n):
            w.writerow(
                [
                    _desa(i // TPS_PER_DESA),
                    i % TPS_PER_DESA + 1,
                    dpt[i],
                    f"{lon[i]:.6f}",
                    f"{lat[i]:.6f}",
                    "ya" if i % 7 == 0 else "tidak",
                ]
            )
    return path


def run(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n_desa = (n + TPS_PER_DESA - 1) // TPS_PER_DESA
        regions, tps = _regions(folder, n_desa), _tps(folder, n)
        ws = Workspace.open(folder / "ws")
        import_files(ws, "regions", [regions])
        start = time.perf_counter()
        report = import_files(ws, "tps", [tps])
        whole = time.perf_counter() - start
        assert report.tables["tps"].new == n
        rows = [
            dict(r)
            for r in ws.tps()[
                [
                    "tps_id",
                    "desa_code",
                    "number",
                    "voters",
                    "lon",
                    "lat",
                    "location_source",
                    "khusus",
                ]
            ].to_dict("records")
        ]
        for r in rows:
            r["voters"] = int(r["voters"])
            r["flags"] = {}
        ws.close()

        bulk_ws = Workspace.open(folder / "bulk")
        import_files(bulk_ws, "regions", [regions])
        start = time.perf_counter()
        with Session(bulk_ws.engine) as s, s.begin():
            _bulk_insert(s, Tps.__table__, rows)
        bulk = time.perf_counter() - start
        bulk_ws.close()

        base_ws = Workspace.open(folder / "base")
        import_files(base_ws, "regions", [regions])
        sample = rows if n <= 10_000 else rows[:20_000]
        start = time.perf_counter()
        with Session(base_ws.engine) as s, s.begin():
            for r in sample:
                s.execute(insert(Tps.__table__).values(**r))
        base = (time.perf_counter() - start) * len(rows) / len(sample)
        base_ws.close()
    return {
        "rows": n,
        "import_rows_s": n / whole,
        "bulk_rows_s": n / bulk,
        "baseline_rows_s": n / base,
        "ratio": base / bulk,
    }


def main() -> int:
    print(
        f"{'rows':>8} | {'import (read+validate+write)':>29} | {'bulk write':>12} | "
        f"{'1 row/statement':>15} | {'bulk/baseline':>13}"
    )
    for n in (10_000, 200_000):
        r = run(n)
        print(
            f"{r['rows']:>8,} | {r['import_rows_s']:>22,.0f} rows/s | "
            f"{r['bulk_rows_s']:>7,.0f} r/s | "
            f"{r['baseline_rows_s']:>10,.0f} r/s | {r['ratio']:>12.1f}x"
        )
    print("(baseline for 200,000 rows extrapolated from its first 20,000 rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
