"""Fixtures for registry tests: a small seeded workspace and a byte-for-byte database check."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from petarawan.store import Workspace
from petarawan.store.importer import import_files

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Workspace]:
    """A SQLite workspace holding the mini regions, their polygons, one TPS and one unit."""
    ws = Workspace.open(tmp_path / "seeded")
    import_files(ws, "regions", [DATA / "mini_wilayah.csv"])
    import_files(ws, "regions", [DATA / "mini_desa.geojson"])
    tps = tmp_path / "tps0.csv"
    tps.write_text("kode_desa,no_tps,dpt\n53.03.01.2005,1,250\n", encoding="utf-8")
    import_files(ws, "tps", [tps])
    units = tmp_path / "units0.csv"
    units.write_text(
        "kode,nama,jenis,induk,polri\nPOLRES,Polres TTU,polres,,100\n", encoding="utf-8"
    )
    import_files(ws, "units", [units])
    try:
        yield ws
    finally:
        ws.close()


def db_fingerprint(ws: Workspace) -> str:
    """Hash the SQLite database file and its WAL, byte for byte."""
    h = hashlib.sha256()
    db = ws.path / "petarawan.db"
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def unchanged() -> Callable[[Workspace], object]:
    """Return a context manager asserting the database is byte-for-byte the same afterwards."""
    from contextlib import contextmanager

    @contextmanager
    def check(ws: Workspace) -> Iterator[None]:
        before, content = db_fingerprint(ws), ws.content_hash()
        yield
        assert db_fingerprint(ws) == before
        assert ws.content_hash() == content

    return check
