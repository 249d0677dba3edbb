"""Operations-room load benchmark: N concurrent users on loopback against `petarawan serve`.

Measures, side by side with the aims of issue 7:
- p95 latency of the dashboard data (GET /api/dashboard) and of incident POSTs, error count;
- re-assessment time after a verified incident (incremental, as served) versus a full
  `assess_workspace` run (the reference) on the same workspace.

Run: python benchmarks/web.py [--users 50] [--seconds 60] [--workspace DIR]
     python benchmarks/web.py --compare [--workers 4] [--seconds 30]
        (issue 17: 1 worker on SQLite beside N workers on PostgreSQL, same machine, same load)

Load goes only to 127.0.0.1, for a bounded time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PASSWORD = "bench-password-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(ws_path: Path, db: str | None = None) -> list[str]:
    from sqlalchemy.orm import Session

    from petarawan.cli.demo import run_demo
    from petarawan.store import Workspace
    from petarawan.web import live
    from petarawan.web.services import add_user

    if db is not None or not (ws_path / "petarawan.db").exists():
        run_demo(ws_path, db=db)
    with Workspace.open(ws_path, db) as ws:
        with Session(ws.engine) as s:
            from sqlalchemy import select

            from petarawan.store.models_ops import User

            if s.scalars(select(User).where(User.name == "bench-a")).first() is None:
                add_user(s, "bench-a", PASSWORD, "analis", None, by="bench")
                add_user(s, "bench-b", PASSWORD, "analis", None, by="bench")
        live.reassess(ws)
        desa = [str(c) for c in ws.regions("desa")["code"]]
    return desa


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


async def user_loop(
    k: int,
    base: str,
    token: str,
    desa: list[str],
    until: float,
    out: dict[str, list[float]],
    errors: list[str],
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as c:
        i = 0
        while time.monotonic() < until:
            t = time.perf_counter()
            try:
                r = await c.get("/api/dashboard")
                out["dashboard"].append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors.append(f"dashboard {r.status_code}")
                t = time.perf_counter()
                r = await c.post(
                    "/api/incidents",
                    json={
                        "occurred_at": "2026-11-27T10:00:00",
                        "phase": "kampanye",
                        "type": "gangguan_kamtibmas",
                        "severity": 1,
                        "desa_code": desa[(k * 7 + i) % len(desa)],
                        "ref": f"bench-{k}-{i}-{time.time_ns()}",
                    },
                )
                out["post"].append(time.perf_counter() - t)
                if r.status_code != 201:
                    errors.append(f"post {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            i += 1


async def load(
    base: str, token: str, desa: list[str], users: int, seconds: float
) -> tuple[dict[str, list[float]], list[str]]:
    out: dict[str, list[float]] = {"dashboard": [], "post": []}
    errors: list[str] = []
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(user_loop(k, base, token, desa, until, out, errors) for k in range(users))
    )
    return out, errors


def serve(ws_path: Path, workers: int, db: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "PETARAWAN_SECRET_KEY": "bench-secret-0123456789"}
    cmd = [sys.executable, "-m", "petarawan", "serve", "-w", str(ws_path), "--port", str(port)]
    cmd += ["--workers", str(workers)] + (["--db", db] if db else [])
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
        if proc.poll() is not None or time.monotonic() > deadline:
            msg = "server did not start"
            raise RuntimeError(msg)


def tokens(base: str) -> tuple[str, str]:
    out = []
    for name in ("bench-a", "bench-b"):
        r = httpx.post(f"{base}/api/auth/token", json={"username": name, "password": PASSWORD})
        r.raise_for_status()
        out.append(str(r.json()["access_token"]))
    return out[0], out[1]


def run_load(
    ws_path: Path, desa: list[str], users: int, seconds: float, workers: int, db: str | None
) -> dict[str, float]:
    """Serve the workspace, run the load, stop the server; return p95/median (ms) and errors."""
    proc, base = serve(ws_path, workers, db)
    try:
        tok_a, _tok_b = tokens(base)
        out, errors = asyncio.run(load(base, tok_a, desa, users, seconds))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    n = len(out["dashboard"]) + len(out["post"])
    if errors:
        print(f"  errors e.g. {sorted(set(errors))[:3]}")
    return {
        "requests/s": n / seconds,
        "dashboard p95": pct(out["dashboard"], 0.95) * 1000,
        "dashboard median": statistics.median(out["dashboard"]) * 1000,
        "post p95": pct(out["post"], 0.95) * 1000,
        "post median": statistics.median(out["post"]) * 1000,
        "errors": float(len(errors)),
    }


def compare(args: argparse.Namespace) -> None:
    """1 worker on SQLite beside ``--workers`` on PostgreSQL, same demo, same load."""
    import psycopg

    root = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    desa = prepare(root / "sqlite")
    name = f"petarawan_bench_{os.getpid()}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    db = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        prepare(root / "pg", db)
        print(f"demo workspaces ready in {time.perf_counter() - t0:.0f} s ({len(desa)} desa)")
        sqlite = run_load(root / "sqlite", desa, args.users, args.seconds, 1, None)
        pg = run_load(root / "pg", desa, args.users, args.seconds, args.workers, db)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    aims = {"dashboard p95": 200.0, "post p95": 300.0, "errors": 0.0}
    print(
        f"\nload: {args.users} users × {args.seconds:.0f} s on loopback, each run on a fresh "
        f"demo regency ({os.cpu_count()} CPU cores on this machine)"
    )
    head = f"PostgreSQL {args.workers} workers"
    print(f"{'measure':<22}{'SQLite 1 worker':>18}{head:>24}{'aim':>10}")
    for key in sqlite:
        unit = "" if key in ("requests/s", "errors") else " ms"
        aim = f"{aims[key]:.0f}{unit}" if key in aims else ""
        print(f"{key:<22}{sqlite[key]:>15.0f}{unit:<3}{pg[key]:>21.0f}{unit:<3}{aim:>10}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workspace", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument(
        "--compare",
        action="store_true",
        help="1 worker on SQLite beside --workers on PostgreSQL (load only, no re-assessment)",
    )
    args = ap.parse_args()
    if args.compare:
        compare(args)
        return
    ws_path = args.workspace or Path(tempfile.mkdtemp()) / "demo"
    t0 = time.perf_counter()
    desa = prepare(ws_path)
    print(f"workspace {ws_path} ready in {time.perf_counter() - t0:.1f} s ({len(desa)} desa)")
    port = _free_port()
    env = {**os.environ, "PETARAWAN_SECRET_KEY": "bench-secret-0123456789"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "petarawan",
            "serve",
            "-w",
            str(ws_path),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        tok_a = httpx.post(
            f"{base}/api/auth/token", json={"username": "bench-a", "password": PASSWORD}
        ).json()["access_token"]
        tok_b = httpx.post(
            f"{base}/api/auth/token", json={"username": "bench-b", "password": PASSWORD}
        ).json()["access_token"]
        out, errors = asyncio.run(load(base, tok_a, desa, args.users, args.seconds))
        n = len(out["dashboard"]) + len(out["post"])
        print(
            f"\nload: {args.users} users × {args.seconds:.0f} s on loopback, {n} requests "
            f"({n / args.seconds:.0f}/s), errors {len(errors)}"
            + (f" e.g. {sorted(set(errors))[:3]}" if errors else "")
        )
        print(f"{'measure':<28}{'ours':>10}{'aim':>10}{'ours/aim':>10}")
        for key, label in (
            ("dashboard", "GET /api/dashboard p95"),
            ("post", "POST /api/incidents p95"),
        ):
            p95 = pct(out[key], 0.95) * 1000
            print(f"{label:<28}{p95:>8.0f}ms{200:>8d}ms{p95 / 200:>10.2f}")
            print(f"{'  median':<28}{statistics.median(out[key]) * 1000:>8.0f}ms")
        # re-assessment after a verified incident (quiet server)
        times = []
        for j in range(3):
            r = httpx.post(
                f"{base}/api/incidents",
                headers={"Authorization": f"Bearer {tok_a}"},
                json={
                    "occurred_at": "2026-11-28T08:00:00",
                    "phase": "kampanye",
                    "type": "kekerasan",
                    "severity": 5,
                    "casualties": 2,
                    "desa_code": desa[j * 11 % len(desa)],
                },
            )
            iid = r.json()["id"]
            t = time.perf_counter()
            r = httpx.post(
                f"{base}/api/incidents/{iid}/status",
                headers={"Authorization": f"Bearer {tok_b}"},
                json={"status": "diverifikasi"},
                timeout=120,
            )
            wall = time.perf_counter() - t
            times.append((wall, r.json()["reassessment"]))
        for wall, info in times:
            print(
                f"verify + re-assess: request {wall:.2f} s, "
                f"re-assessment {info.get('seconds')} s, alerts {info.get('alerts')}"
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    # references on the same workspace: the index alone with every input read again, and the
    # non-incremental path (all indicators recomputed, then the index)
    from petarawan.io.frameworks import find_framework
    from petarawan.services.assessment import assess_workspace
    from petarawan.services.indicators import run_indicators
    from petarawan.store import Workspace

    with Workspace.open(ws_path) as ws:
        fw = find_framework("kamtibmas")
        assess_workspace(ws, fw, uncertainty=False)
        t = time.perf_counter()
        assess_workspace(ws, fw, uncertainty=False)
        index_only = time.perf_counter() - t
        t = time.perf_counter()
        run_indicators(ws)
        assess_workspace(ws, fw, uncertainty=False)
        full = time.perf_counter() - t
    best = min(float(info.get("seconds") or "nan") for _, info in times)
    print(f"\n{'re-assessment (s)':<34}{'ours':>8}{'reference':>11}{'ours/ref':>10}{'aim':>6}")
    print(
        f"{'vs all indicators + index':<34}{best:>8.2f}{full:>11.2f}{best / full:>10.2f}{1.0:>6.1f}"
    )
    print(
        f"{'vs index alone (inputs re-read)':<34}{best:>8.2f}{index_only:>11.2f}"
        f"{best / index_only:>10.2f}{1.0:>6.1f}"
    )


if __name__ == "__main__":
    main()
