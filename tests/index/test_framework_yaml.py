"""Framework files: presets validate, errors name their YAML line, export round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from petarawan.errors import ConfigError, NotFoundError
from petarawan.frameworks import preset_dir
from petarawan.io.frameworks import (
    find_framework,
    list_frameworks,
    load_framework,
    parse_framework,
    write_framework,
)

from .conftest import SMALL


def test_presets_are_shipped_and_valid() -> None:
    presets = list_frameworks()
    assert set(presets) >= {"ipkp", "ikp2024", "tps-rawan-pilkada2024", "kamtibmas"}
    for path in presets.values():
        fw = load_framework(path)
        assert fw.sha256() == load_framework(path).sha256()
    assert preset_dir("patterns").name == "patterns"
    with pytest.raises(ValueError, match="unknown preset kind"):
        preset_dir("nope")


def test_preset_structures_match_the_published_facts() -> None:
    ipkp = find_framework("ipkp")
    assert len([n for n in ipkp.nodes if n.parent == ipkp.root]) == 7
    ikp = find_framework("ikp2024")
    dims = [n.id for n in ikp.nodes if n.parent == ikp.root]
    assert len(dims) == 4
    assert len([n for n in ikp.nodes if n.parent in dims]) == 12
    tps = find_framework("tps-rawan-pilkada2024")
    assert tps.checklist is not None
    assert len(tps.checklist.variables) == 8
    assert len(tps.checklist.national_ids()) == 25
    kam = find_framework("kamtibmas")
    assert kam.levels == ["tps", "desa"]
    scheme = kam.scheme_for(kam.root)
    assert scheme is not None
    assert [b.id for b in scheme.bands] == ["kurang_rawan", "rawan", "sangat_rawan"]


def test_validate_reports_every_error_with_its_line() -> None:
    bad = SMALL.replace("weight: 3}", "weight: -3}").replace(
        "parent: b, direction: -1", "parent: zz, direction: 5"
    )
    with pytest.raises(ConfigError) as info:
        parse_framework(bad, source="bad.yaml")
    issues = info.value.issues
    lines = {i.row for i in issues}
    text = "\n".join(str(i) for i in issues)
    bad_lines = bad.splitlines()
    weight_line = next(n for n, line in enumerate(bad_lines, 1) if "weight: -3" in line)
    direction_line = next(n for n, line in enumerate(bad_lines, 1) if "direction: 5" in line)
    assert weight_line in lines
    assert direction_line in lines
    assert "indicators[1] (x2).weight" in text
    assert "bad.yaml" in text


def test_validate_tree_errors() -> None:
    bad = SMALL.replace("parent: b, direction: -1", "parent: zz, direction: -1")
    with pytest.raises(ConfigError, match="1 masalah") as info:
        parse_framework(bad, source="tree.yaml")
    assert "zz" in str(info.value)


def test_invalid_yaml_syntax_has_a_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_framework("id: x\nnodes: [\n", source="s.yaml")
    assert info.value.issues[0].row is not None


def test_export_round_trip(tmp_path: Path) -> None:
    fw = find_framework("kamtibmas")
    out = write_framework(fw, tmp_path / "copy.yaml")
    assert load_framework(out).sha256() == fw.sha256()


def test_unknown_framework() -> None:
    with pytest.raises(NotFoundError, match="kamtibmas"):
        find_framework("tidak-ada")


def test_tree_errors_point_at_the_item() -> None:
    bad = SMALL.replace("parent: b, direction: -1", "parent: zz, direction: -1")
    with pytest.raises(ConfigError) as info:
        parse_framework(bad, source="tree.yaml")
    issue = info.value.issues[0]
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "id: x3" in t)
    assert issue.row == line
    assert issue.column == "indicators[2] (x3)"


def test_unknown_key_is_reported_at_its_line() -> None:
    bad = SMALL.replace("levels: [tps]", "levels: [tps]\nwieghts: 3")
    with pytest.raises(ConfigError) as info:
        parse_framework(bad, source="k.yaml")
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "wieghts" in t)
    assert info.value.issues[0].row == line
