"""The CLI as a user meets it: exit codes, messages on stderr, JSON status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from petarawan.cli import main

DATA = Path(__file__).resolve().parent / "data"


def test_import_status_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    assert main(["import", "regions", str(DATA / "mini_wilayah.csv"), "--workspace", ws]) == 0
    assert main(["import", "regions", str(DATA / "mini_desa.geojson"), "--workspace", ws]) == 0
    capsys.readouterr()
    assert main(["status", "--workspace", ws, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["regions"] == {"provinsi": 1, "kabkota": 1, "kecamatan": 2, "desa": 4}
    assert {"tps", "units", "incidents", "stakeholders"} <= set(status)


def test_bad_input_exits_2_with_a_table_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "wilayah.csv"
    bad.write_text("kode,nama\n53.03.09.2001,Desa Yatim\n", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "petarawan.cli",
        "import",
        "regions",
        str(bad),
        "-w",
        str(tmp_path / "ws"),
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env={"COLUMNS": "200", "PATH": ""}
    )
    assert proc.returncode == 2
    assert "wilayah.csv" in proc.stderr and "induk 53.03.09" in proc.stderr
    assert "Traceback" not in proc.stderr
    debug = subprocess.run(
        [*cmd[:3], "--debug", *cmd[3:]], capture_output=True, text=True, check=False
    )
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_unexpected_failure_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import petarawan.store.workspace as wsmod

    def boom(self: object) -> dict[str, object]:
        raise RuntimeError("disk rusak")

    main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", str(tmp_path / "ws")])
    monkeypatch.setattr(wsmod.Workspace, "status", boom)
    assert main(["status", "-w", str(tmp_path / "ws")]) == 1
    assert "disk rusak" in capsys.readouterr().err


def test_status_of_missing_workspace_is_a_user_error(tmp_path: Path) -> None:
    assert main(["status", "-w", str(tmp_path / "tidak-ada")]) == 2


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    assert (
        main(["import", "regions", str(DATA / "mini_wilayah.csv"), "-w", ws, "--dry-run", "--json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["tables"]["regions"]["new"] == 8
    main(["status", "-w", ws, "--json"])
    assert json.loads(capsys.readouterr().out)["regions"]["desa"] == 0


@pytest.mark.postgres
def test_same_commands_on_postgresql(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    files = [DATA / "mini_wilayah.csv", DATA / "mini_desa.geojson"]
    for args in (["regions", str(f)] for f in files):
        assert main(["import", *args, "-w", ws, "--db", pg_url]) == 0
    capsys.readouterr()
    assert main(["status", "-w", ws, "--db", pg_url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["regions"]["desa"] == 4
    assert not (tmp_path / "ws" / "petarawan.db").exists()
