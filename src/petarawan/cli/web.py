"""Commands of the operations room: ``serve``, ``user``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from petarawan.cli._app import app
from petarawan.cli._common import DbOpt, WorkspaceOpt, console, open_workspace
from petarawan.errors import ConfigError, InputDataError, Issue

user_app = typer.Typer(help="Kelola pengguna ruang operasi.", no_args_is_help=True)
app.add_typer(user_app, name="user")

SECRET_FILE = ".secret_key"


def _secret(workspace: Path) -> str:
    """Return PETARAWAN_SECRET_KEY, or a random key kept in the workspace (created once)."""
    env = os.environ.get("PETARAWAN_SECRET_KEY")
    if env:
        return env
    path = workspace / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    workspace.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


@app.command("serve")
def serve(
    workspace: WorkspaceOpt,
    host: Annotated[str, typer.Option("--host", help="Alamat yang didengar.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Porta.")] = 8000,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", help="Jumlah proses pekerja.")] = 1,
) -> None:
    """Jalankan ruang operasi web (migrasi basis data diterapkan saat mulai)."""
    import logging

    import uvicorn

    from petarawan.web.app import create_app
    from petarawan.web.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    db = db or os.environ.get("PETARAWAN_DB_URL") or None
    if workers > 1 and not (db or "").startswith("postgresql"):
        msg = (
            f"--workers {workers} butuh PostgreSQL (--db postgresql://…): berkas SQLite hanya "
            "menerima satu penulis, dan antrean tulis ruang operasi ada di satu proses. "
            "Jalankan dengan --workers 1, atau pindahkan workspace ke PostgreSQL."
        )
        raise ConfigError(msg)
    settings = Settings(workspace=workspace, db_url=db, secret_key=_secret(workspace))
    console.print(f"Ruang operasi: http://{host}:{port}/  (workspace {workspace})")
    if workers > 1:
        os.environ.update(
            {
                "PETARAWAN_WORKSPACE": str(workspace),
                "PETARAWAN_SECRET_KEY": settings.secret_key,
                **({"PETARAWAN_DB_URL": db} if db else {}),
            }
        )
        uvicorn.run(
            "petarawan.web.app:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Nama pengguna.")],
    workspace: WorkspaceOpt,
    role: Annotated[
        str, typer.Option("--role", help="Peran: admin, analis, operator atau pimpinan.")
    ],
    region: Annotated[
        str | None,
        typer.Option("--region", help="Wilayah operator: kode kecamatan/desa atau kode Polsek."),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="PETARAWAN_NEW_PASSWORD",
            help="Kata sandi (bawaan: ditanyakan).",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Tambah pengguna dengan peran dan (untuk operator) wilayah."""
    from sqlalchemy.orm import Session

    from petarawan.web.services import add_user

    if password is None:
        password = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        msg = "Kata sandi terlalu pendek; diharapkan minimal 8 karakter."
        raise InputDataError(msg, [Issue("--password", None, None, msg)])
    with open_workspace(workspace, db) as ws, Session(ws.engine) as session:
        user = add_user(session, name, password, role, region, by="cli")
        console.print(f"Pengguna [bold]{user.name}[/bold] ({user.role}) ditambahkan.")


@user_app.command("list")
def user_list(workspace: WorkspaceOpt, db: DbOpt = None) -> None:
    """Daftar pengguna."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from petarawan.store.models_ops import User

    with open_workspace(workspace, db) as ws, Session(ws.engine) as session:
        for u in session.scalars(select(User).order_by(User.name)):
            state = "aktif" if u.active else "nonaktif"
            console.print(f"{u.name}\t{u.role}\t{u.region or '-'}\t{state}")


@app.command("backup")
def backup_command(
    workspace: WorkspaceOpt,
    output: Annotated[Path, typer.Option("--output", "-o", help="Berkas cadangan.")],
    db: DbOpt = None,
) -> None:
    """Cadangkan basis data (aman saat server berjalan)."""
    from petarawan.store.backup import backup

    path = backup(workspace, output, db)
    console.print(f"Cadangan ditulis ke {path}.")


@app.command("restore")
def restore_command(
    workspace: WorkspaceOpt,
    source: Annotated[Path, typer.Option("--input", "-i", help="Berkas cadangan.")],
    db: DbOpt = None,
) -> None:
    """Pulihkan basis data dari cadangan (hentikan server dulu)."""
    from petarawan.store.backup import restore

    restore(workspace, source, db)
    console.print(f"Basis data dipulihkan dari {source}.")
