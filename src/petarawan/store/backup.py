"""Backup and restore of a workspace database: online SQLite backup, pg_dump for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from petarawan.errors import ConfigError, InputDataError, Issue, NotFoundError
from petarawan.store import database

__all__ = ["backup", "integrity_check", "restore"]


def _sqlite_path(workspace: Path) -> Path:
    return (workspace / database.DB_FILENAME).resolve()


def _pg_args(db_url: str) -> tuple[list[str], dict[str, str]]:
    url = make_url(db_url)
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or ""]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return [*args, "-d", url.database or ""], env


def backup(workspace: Path, target: Path, db_url: str | None = None) -> Path:
    """Write a consistent copy of the database to ``target`` while the server keeps running.

    SQLite uses the online backup API (a snapshot even during writes); PostgreSQL uses
    ``pg_dump --format=custom``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if db_url is None:
        src_path = _sqlite_path(workspace)
        if not src_path.is_file():
            msg = f"Basis data {src_path} tidak ditemukan; periksa --workspace."
            raise NotFoundError(msg)
        src = sqlite3.connect(src_path, timeout=30)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        if integrity_check(target) != "ok":
            msg = f"Salinan {target} gagal diperiksa (PRAGMA integrity_check)."
            raise ConfigError(msg)
        return target
    exe = shutil.which("pg_dump")
    if exe is None:
        msg = "pg_dump tidak ditemukan; pasang paket postgresql-client."
        raise ConfigError(msg)
    args, env = _pg_args(db_url)
    import os

    proc = subprocess.run(
        [exe, "--format=custom", "--no-owner", "-f", str(target), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if proc.returncode != 0:
        msg = f"pg_dump gagal: {proc.stderr.strip()}"
        raise ConfigError(msg)
    return target


def restore(workspace: Path, source: Path, db_url: str | None = None) -> None:
    """Replace the workspace database with a backup (stop the server first)."""
    source = Path(source)
    if not source.is_file():
        msg = f"Berkas cadangan {source} tidak ditemukan."
        raise NotFoundError(msg)
    if db_url is None:
        if integrity_check(source) != "ok":
            msg = f"Berkas {source} bukan basis data SQLite yang utuh."
            raise InputDataError(msg, [Issue(source.name, None, None, msg)])
        dst_path = _sqlite_path(workspace)
        dst_path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(dst_path, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    exe = shutil.which("pg_restore")
    if exe is None:
        msg = "pg_restore tidak ditemukan; pasang paket postgresql-client."
        raise ConfigError(msg)
    args, env = _pg_args(db_url)
    import os

    proc = subprocess.run(
        [exe, "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(source)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if proc.returncode != 0:
        msg = f"pg_restore gagal: {proc.stderr.strip()}"
        raise ConfigError(msg)


def integrity_check(path: Path) -> str:
    """Return SQLite's ``PRAGMA integrity_check`` answer (``"ok"`` when the file is sound)."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
