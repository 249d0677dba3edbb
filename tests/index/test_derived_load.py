"""A derived indicator's expression is checked when the framework loads, at its YAML line."""

from __future__ import annotations

import pytest

from petarawan.domain.index.model import derived_names
from petarawan.errors import ConfigError
from petarawan.frameworks import preset_dir
from petarawan.io.frameworks import parse_framework

TEXT = (preset_dir("index") / "kamtibmas.yaml").read_text(encoding="utf-8")
ANCHOR = "normalisation: goalposts, goalposts: [0, 100]}"


def _with_derived(expression: str) -> tuple[str, int]:
    """The kamtibmas preset with ``derived`` on its hotspot indicator, and the key's line."""
    assert TEXT.count(ANCHOR) == 1
    text = TEXT.replace(ANCHOR, ANCHOR[:-1] + f", derived: '{expression}'}}")
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "derived:" in t)
    return text, line


@pytest.mark.parametrize(
    "expression",
    ["voters / (area_km2", "log(voters)", "voters.sum()", '"a" + voters', "voters if x else 1"],
)
def test_a_bad_expression_fails_at_load_at_its_line(expression: str) -> None:
    text, line = _with_derived(expression)
    with pytest.raises(ConfigError) as exc:
        parse_framework(text, source="kamtibmas.yaml")
    issue = exc.value.issues[0]
    assert issue.row == line
    assert "hotspot_score" in str(issue.column) and "derived" in str(issue.column)
    assert "ungkapan turunan" in issue.message


def test_a_good_expression_loads_and_names_its_columns() -> None:
    text, _ = _with_derived("incident_count / (area_km2 + 1) ** 2")
    fw = parse_framework(text, source="kamtibmas.yaml")
    ind = next(i for i in fw.indicators if i.id == "hotspot_score")
    assert ind.derived is not None
    assert derived_names(ind.derived) == ["area_km2", "incident_count"]
