"""Operations: CLI user/backup/restore, durability under SIGKILL, health, monitor rules."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from petarawan.cli import main
from petarawan.domain import monitor
from petarawan.errors import InputDataError

from .conftest import DESA, PASSWORD, seed_registry  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[2]


# -- monitor rules (pure) ---------------------------------------------------------------------
def test_transitions() -> None:
    monitor.check_transition("dilaporkan", "diverifikasi")
    monitor.check_transition("diverifikasi", "ditolak")
    with pytest.raises(InputDataError, match="status akhir"):
        monitor.check_transition("selesai", "ditangani")
    with pytest.raises(InputDataError, match="diverifikasi, ditolak"):
        monitor.check_transition("dilaporkan", "selesai")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]), st.sampled_from(["sara", "logistik"]), st.integers(0, 72)
        ),
        min_size=0,
        max_size=12,
    )
)
def test_duplicates_symmetric_and_within_window(rows: list[tuple[str, str, int]]) -> None:
    base = datetime(2026, 11, 20)
    frame = pd.DataFrame(
        {
            "id": range(1, len(rows) + 1),
            "desa_code": [r[0] for r in rows],
            "type": [r[1] for r in rows],
            "occurred_at": [base + timedelta(hours=r[2]) for r in rows],
            "status": "dilaporkan",
        }
    )
    dups = monitor.find_duplicates(frame)
    by_id = frame.set_index("id")
    for a, others in dups.items():
        for b in others:
            assert a in dups[b]
            ra, rb = by_id.loc[a], by_id.loc[b]
            assert ra["desa_code"] == rb["desa_code"] and ra["type"] == rb["type"]
            assert abs(ra["occurred_at"] - rb["occurred_at"]) <= monitor.DUPLICATE_WINDOW
    # every close pair is flagged
    for a in by_id.index:
        for b in by_id.index:
            if (
                a < b
                and by_id.loc[a, "desa_code"] == by_id.loc[b, "desa_code"]
                and by_id.loc[a, "type"] == by_id.loc[b, "type"]
                and abs(by_id.loc[a, "occurred_at"] - by_id.loc[b, "occurred_at"])
                <= monitor.DUPLICATE_WINDOW
            ):
                assert b in dups.get(a, [])


def test_overdue_and_area() -> None:
    frame = pd.DataFrame(
        {"id": [1, 2, 3], "follow_up_due": pd.to_datetime(["2026-01-01", "2026-12-31", None])}
    )
    late = monitor.overdue_followups(frame, datetime(2026, 6, 1))
    assert late["id"].tolist() == [1]
    assert late["days_overdue"].tolist() == [151]
    assert monitor.in_area("53.90.01.2001", ["53.90.01"])
    assert not monitor.in_area("53.90.011.2001", ["53.90.01"])
    assert monitor.in_area(None, None)
    assert not monitor.in_area(None, [])


# -- CLI ----------------------------------------------------------------------------------------
def _workspace(tmp_path: Path, db_url: str | None) -> Path:
    from petarawan.store import Workspace

    path = tmp_path / "ws"
    with Workspace.open(path, db_url) as ws:
        seed_registry(ws)
    return path


def test_cli_user_add(tmp_path: Path, db_url: str | None, capsys: Any) -> None:
    ws = _workspace(tmp_path, db_url)
    db = ["--db", db_url] if db_url else []
    assert (
        main(
            [
                "user",
                "add",
                "budi",
                "-w",
                str(ws),
                "--role",
                "operator",
                "--region",
                "POLSEK-01",
                "--password",
                PASSWORD,
                *db,
            ]
        )
        == 0
    )
    assert (
        main(["user", "add", "budi", "-w", str(ws), "--role", "admin", "--password", PASSWORD, *db])
        == 2
    )
    assert "sudah ada" in capsys.readouterr().err
    assert (
        main(["user", "add", "x", "-w", str(ws), "--role", "raja", "--password", PASSWORD, *db])
        == 2
    )
    assert (
        main(["user", "add", "y", "-w", str(ws), "--role", "operator", "--password", PASSWORD, *db])
        == 2
    )
    assert (
        main(
            [
                "user",
                "add",
                "z",
                "-w",
                str(ws),
                "--role",
                "operator",
                "--region",
                "99.99",
                "--password",
                PASSWORD,
                *db,
            ]
        )
        == 2
    )


def test_backup_restore_sqlite(tmp_path: Path) -> None:
    from petarawan.store.backup import integrity_check
    from petarawan.store.models import Incident

    ws = _workspace(tmp_path, None)
    out = tmp_path / "cadangan.db"
    assert main(["backup", "-w", str(ws), "-o", str(out)]) == 0
    assert integrity_check(out) == "ok"
    from petarawan.store import Workspace

    with Workspace.open(ws) as w, Session(w.engine) as s, s.begin():
        s.add(
            Incident(
                ref="setelah-cadangan",
                occurred_at=datetime(2026, 1, 1),
                type="sara",
                severity=1,
                status="dilaporkan",
            )
        )
    assert main(["restore", "-w", str(ws), "-i", str(out)]) == 0
    with Workspace.open(ws) as w:
        assert w.status()["incidents"] == 0
        assert w.status()["tps"] == 8
    (tmp_path / "rusak.db").write_bytes(b"bukan basis data" * 100)
    assert main(["restore", "-w", str(ws), "-i", str(tmp_path / "rusak.db")]) == 2


@pytest.mark.postgres
def test_backup_restore_postgres(tmp_path: Path, pg_url: str) -> None:
    from petarawan.store import Workspace

    ws = _workspace(tmp_path, pg_url)
    out = tmp_path / "cadangan.dump"
    assert main(["backup", "-w", str(ws), "-o", str(out), "--db", pg_url]) == 0
    assert out.stat().st_size > 0
    with Workspace.open(ws, pg_url) as w:
        from sqlalchemy import text

        with w.engine.begin() as conn:
            conn.execute(text("DELETE FROM tps"))
        assert w.status()["tps"] == 0
    assert main(["restore", "-w", str(ws), "-i", str(out), "--db", pg_url]) == 0
    with Workspace.open(ws, pg_url) as w:
        assert w.status()["tps"] == 8


# -- durability ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(ws: Path, port: int, db_url: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PETARAWAN_SECRET_KEY": "durability-secret-123"}
    cmd = [sys.executable, "-m", "petarawan", "serve", "-w", str(ws), "--port", str(port)]
    if db_url:
        cmd += ["--db", db_url]
    log = (ws / f"serve-{port}-{time.monotonic_ns()}.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
    log.close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise AssertionError(Path(log.name).read_text(errors="replace")[-3000:])
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


@pytest.mark.slow
def test_sigkill_keeps_acknowledged_writes(tmp_path: Path, db_url: str | None) -> None:
    ws = _workspace(tmp_path, db_url)
    db = ["--db", db_url] if db_url else []
    assert (
        main(["user", "add", "op", "-w", str(ws), "--role", "analis", "--password", PASSWORD, *db])
        == 0
    )
    port = _free_port()
    proc = _serve(ws, port, db_url)
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(
        f"{base}/api/auth/token", json={"username": "op", "password": PASSWORD}
    ).json()["access_token"]
    acked: list[str] = []
    stop = threading.Event()

    def writer(k: int) -> None:
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=5
        ) as c:
            i = 0
            while not stop.is_set():
                ref = f"dur-{k}-{i}"
                try:
                    r = c.post(
                        "/api/incidents",
                        json={
                            "occurred_at": "2026-11-20T10:00:00",
                            "phase": "kampanye",
                            "type": "sara",
                            "severity": 2,
                            "desa_code": DESA[i % 4],
                            "ref": ref,
                        },
                    )
                except httpx.HTTPError:
                    return
                if r.status_code == 201:
                    acked.append(ref)
                i += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    while len(acked) < 60:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    if db_url is None:
        conn = sqlite3.connect(ws / "petarawan.db")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    proc = _serve(ws, port, db_url)
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
            got = c.get("/api/incidents", params={"limit": 1000}).json()
        refs = {i["ref"] for i in got["data"]}
        missing = set(acked) - refs
        assert not missing, f"{len(missing)} acknowledged writes lost"
        assert len(acked) >= 60
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_migration_0002_up_down(tmp_path: Path, db_url: str | None) -> None:
    """0002 applies on top of 0001, downgrades cleanly and applies again (SQLite and PostgreSQL)."""
    from alembic import command
    from sqlalchemy import inspect

    from petarawan.store import database

    url = db_url or database.sqlite_url(tmp_path)
    engine = database.make_engine(url)
    cfg = database._alembic_config()
    ops_tables = {"users", "auth_tokens", "audit_log", "incident_events", "alerts"}
    try:
        for target, present in (("head", True), ("0001", False), ("head", True)):
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                if target == "0001":
                    command.downgrade(cfg, "0001")
                else:
                    command.upgrade(cfg, target)
            names = set(inspect(engine).get_table_names())
            assert ops_tables <= names if present else not (ops_tables & names)
            assert "incidents" in names
    finally:
        engine.dispose()
