"""Pattern presets and validation of pattern files with YAML line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from petarawan.cli import main
from petarawan.errors import ConfigError, NotFoundError
from petarawan.io.patterns import list_patterns, pattern_path, read_pattern, validate_pattern_file


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


def test_pattern_figures_follow_their_sources_or_are_marked_assumed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    jateng = read_pattern("jateng-pilkada2024")
    # Polda Jateng, Pemilu 2024: "kurang rawan itu dua personel untuk menjaga 16 TPS"
    kr = jateng.rule("kurang_rawan")
    assert (kr.polri, kr.tps) == (2, 16)
    assert set(kr.assumed) == {"polri", "tps", "linmas"}  # carried over from the Pemilu
    assert "Pemilu 2024" in kr.note
    assert not jateng.rule("rawan").assumed and not jateng.rule("sangat_rawan").assumed
    ttu = read_pattern("ttu-pemilu2024")
    assert set(ttu.assumptions()) == {"khusus"}
    assert "diasumsikan" in ttu.rule("khusus").note
    assert main(["pattern", "show", "ttu-pemilu2024"]) == 0
    out = capsys.readouterr().out
    assert "asumsi" in out and "dinas rutin" in out and "adangan" not in out
    assert main(["pattern", "show", "jateng-pilkada2024", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["categories"]["kurang_rawan"]["assumed"] == ["polri", "tps", "linmas"]


def test_assumed_must_name_a_figure(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    text = Path(pattern_path("ttu-pemilu2024")).read_text(encoding="utf-8")
    bad.write_text(text.replace("assumed: [polri, tps, linmas]", "assumed: [gaji]"), "utf-8")
    with pytest.raises(ConfigError) as info:
        validate_pattern_file(bad)
    assert any("assumed" in (i.column or "") for i in info.value.issues)


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
