"""Migration 0003: a workspace of the release before elections opens and keeps its counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from petarawan.cli import main
from petarawan.store import Workspace, database
from petarawan.store.records import read_assessment

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "workspace_0002"
# tables of revision 0002, parents first (foreign keys)
_ORDER = (
    "regions",
    "tps",
    "units",
    "incidents",
    "stakeholders",
    "engagements",
    "indicator_values",
    "indicator_meta",
    "assessments",
)


def _old_status() -> dict[str, object]:
    return dict(json.loads((FIXTURE / "status.json").read_text()))


def _copy_into(url: str) -> None:
    """Bring an empty database to revision 0002 and copy the fixture's rows into it."""
    from alembic import command

    target = database.make_engine(url)
    cfg = database._alembic_config()
    with target.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    source = sa.create_engine(f"sqlite:///{FIXTURE / 'petarawan.db'}")
    src_meta, dst_meta = sa.MetaData(), sa.MetaData()
    src_meta.reflect(source)
    dst_meta.reflect(target)
    try:
        with source.connect() as read, target.begin() as write:
            for name in _ORDER:
                rows = [dict(r) for r in read.execute(src_meta.tables[name].select()).mappings()]
                if rows:
                    write.execute(dst_meta.tables[name].insert(), rows)
            if target.dialect.name == "postgresql":
                for name in ("incidents", "engagements", "assessments"):
                    write.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT MAX(id) FROM {name}))"
                        )
                    )
    finally:
        source.dispose()
        target.dispose()


def test_old_sqlite_workspace_opens_migrates_and_keeps_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURE / "petarawan.db", tmp_path / "petarawan.db")
    assert main(["status", "-w", str(tmp_path), "--json"]) == 0
    out, err = capsys.readouterr()
    # the migration names the election the data became (on stderr, JSON stays clean on stdout)
    assert "Pemilu 2024 (pemilu2024)" in " ".join(err.split())
    new = json.loads(out)
    old = _old_status()
    assert {k: new[k] for k in old} == old
    assert new["election"] == "pemilu2024"
    with Workspace.open(tmp_path) as ws:
        assert [e.id for e in ws.elections()] == ["pemilu2024"]
        record = read_assessment(ws)
        assert record is not None
        assert record.election_id == "pemilu2024"
        assert len(ws.indicators("kabkota").columns) > 0
        assert (ws.tps()["category"].notna()).sum() == 3


@pytest.mark.postgres
def test_old_workspace_migrates_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    _copy_into(pg_url)
    with Workspace.open(tmp_path, pg_url) as ws:
        notes = list(ws.notes)
        new = ws.status()
        assert ws.tps()["tps_id"].nunique() == new["tps"]
    old = _old_status()
    assert {k: new[k] for k in old if k != "layers"} == {
        k: v for k, v in old.items() if k != "layers"
    }
    assert any("pemilu2024" in n for n in notes)


def test_empty_workspace_gets_no_election_until_a_tps_list(tmp_path: Path) -> None:
    with Workspace.open(tmp_path) as ws:
        assert ws.elections() == []
        assert ws.election_id is None
        assert ws.status()["tps"] == 0


def test_migration_0003_up_down_up(tmp_path: Path, db_url: str | None) -> None:
    """0003 applies on 0002, downgrades cleanly (keeping the largest TPS list) and applies again."""
    from alembic import command

    url = db_url or database.sqlite_url(tmp_path)
    _copy_into(url)
    engine = database.make_engine(url)
    cfg = database._alembic_config()
    try:
        for target in ("head", "0002", "head"):
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                if target == "0002":
                    command.downgrade(cfg, "0002")
                else:
                    command.upgrade(cfg, target)
            names = set(sa.inspect(engine).get_table_names())
            assert ("elections" in names) == (target == "head")
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT COUNT(*) FROM tps")).scalar() == 90
    finally:
        engine.dispose()
