"""Incident list at scale: 100,000 incidents, server time of the first page (aim: ≤ 300 ms).

Builds a workspace with the web tests' tiny registry and N incidents, then asks the web app
(in process, so the time measured is the server's own: routing, queries, template) for:
- the first page of /incidents (HTML, 50 rows) as admin and as an operator of one Polsek;
- the same page filtered by status and sorted by severity;
- GET /api/incidents?limit=50.
Prints the median and the worst of R repetitions per request.

Run: python benchmarks/incident_list.py [--rows 100000] [--repeat 15] [--db postgresql://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

AIM_MS = 300.0
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", default=None, help="PostgreSQL URL (default: SQLite file)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sqlalchemy.orm import Session
    from tests.web.conftest import PASSWORD, make_settings, seed_registry
    from tests.web.test_list_scale import bulk_incidents

    from petarawan.store import Workspace
    from petarawan.web.app import create_app
    from petarawan.web.services import add_user

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ws"
        ws = Workspace.open(path, args.db)
        seed_registry(ws)
        t0 = time.perf_counter()
        bulk_incidents(ws, args.rows)
        print(f"{args.rows:,} incidents written in {time.perf_counter() - t0:.1f} s")
        with Session(ws.engine) as s:
            add_user(s, "admin", PASSWORD, "admin", None, by="bench")
            add_user(s, "op1", PASSWORD, "operator", "POLSEK-01", by="bench")
        ws.close()
        app = create_app(make_settings(path, args.db))
        requests = [
            ("admin", "/incidents"),
            ("admin", "/incidents?status=diverifikasi&sort=severity"),
            ("admin", "/incidents?q=Desa%201&since=2024-09-01&until=2024-09-30"),
            ("op1", "/incidents"),
            ("admin", "/api/incidents?limit=50"),
        ]
        worst_median = 0.0
        with TestClient(app) as client:
            for who, url in requests:
                token = client.post(
                    "/api/auth/token", json={"username": who, "password": PASSWORD}
                ).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                times = []
                for _ in range(args.repeat + 1):
                    t = time.perf_counter()
                    r = client.get(url, headers=headers)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.text[:300]
                times = times[1:]  # the first call warms caches and templates
                med = statistics.median(times)
                worst_median = max(worst_median, med)
                print(f"{who:6s} {url:60s} median {med:7.1f} ms  worst {max(times):7.1f} ms")
        app.state.ws.close()
    verdict = "met" if worst_median <= AIM_MS else "NOT met"
    print(
        f"aim: first page ≤ {AIM_MS:.0f} ms server time — {verdict} "
        f"(slowest median {worst_median:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
