"""Commands map, webmap and report through the CLI entry point."""

from __future__ import annotations

from pathlib import Path

from petarawan.cli import main


def test_commands(demo_path: Path, tmp_path: Path) -> None:
    w = str(demo_path)
    assert main(["map", "-w", w, "--out", str(tmp_path / "p.png"), "--dpi", "50"]) == 0
    assert (tmp_path / "p.png").exists()
    assert main(["map", "-w", w, "--out", str(tmp_path / "k.pdf"), "--level", "kecamatan"]) == 0
    assert main(["webmap", "-w", w, "--out", str(tmp_path / "web")]) == 0
    assert (tmp_path / "web" / "index.html").exists()
    assert main(["report", "-w", w, "--out", str(tmp_path / "r.html"), "--lang", "en"]) == 0
    assert "Summary" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_bad_input_exits_2(demo_path: Path, tmp_path: Path, capsys) -> None:
    w = str(demo_path)
    assert main(["map", "-w", w, "--out", str(tmp_path / "p.jpg")]) == 2
    assert ".jpg" in capsys.readouterr().err
    assert main(["map", "-w", w, "--out", str(tmp_path / "p.png"), "--layer", "x"]) == 2
    assert main(["report", "-w", w, "--out", str(tmp_path / "r.pdf"), "--lang", "fr"]) == 2
