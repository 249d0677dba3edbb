"""Pattern presets and validation of pattern files with YAML line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from petarawan.errors import ConfigError, NotFoundError
from petarawan.io.patterns import list_patterns, read_pattern, validate_pattern_file


def test_presets_from_product_md() -> None:
    ids = {p.id for p in list_patterns()}
    assert {"pilkada2020-nasional", "ttu-pemilu2024", "jateng-pilkada2024"} <= ids
    nas = read_pattern("pilkada2020-nasional")
    assert [nas.ratio_text(c) for c in ("kurang_rawan", "rawan", "sangat_rawan", "khusus")] == [
        "2:10:20",
        "2:2:4",
        "2:1:2",
        "2:1:2",
    ]
    ttu = read_pattern("ttu-pemilu2024")
    assert ttu.ratio_text("kurang_rawan") == "1:3:6"
    assert ttu.rule("kurang_rawan").linmas_per_tps == 2
    assert ttu.reserve_share == pytest.approx(1 / 3, abs=1e-3)
    assert read_pattern("jateng-pilkada2024").ratio_text("rawan") == "2:6:12"


def test_unknown_pattern_lists_presets() -> None:
    with pytest.raises(NotFoundError, match="ttu-pemilu2024"):
        read_pattern("nope")


def test_invalid_file_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "pola.yaml"
    f.write_text(
        "id: x\n"
        "name: Uji\n"
        "reserve_share: 1.5\n"
        "categories:\n"
        "  kurang_rawan: {polri: 0, tps: 3, linmas: 6}\n"
        "  rawan: {polri: 1, tps: 1, linmas: 2}\n"
        "  sangat_rawan: {polri: 2, tps: 1, linmas: 2}\n"
        "  khusus: {polri: 2, tps: 1, linmas: 2, extra: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        validate_pattern_file(f)
    where = {(i.row, i.column) for i in info.value.issues}
    assert (3, "reserve_share") in where
    assert (5, "categories.kurang_rawan.polri") in where
    assert (8, "categories.khusus.extra") in where


def test_missing_and_unknown_categories(tmp_path: Path) -> None:
    f = tmp_path / "pola.yaml"
    f.write_text(
        "id: x\nname: Uji\ncategories:\n  aman: {polri: 2, tps: 10, linmas: 20}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        validate_pattern_file(f)
    text = str(info.value)
    assert "aman" in text and "sangat_rawan" in text
    assert any(i.row == 4 for i in info.value.issues)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "pola.yaml"
    f.write_text("id: x\nname: [oops\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bukan YAML") as info:
        validate_pattern_file(f)
    assert info.value.issues[0].row is not None
