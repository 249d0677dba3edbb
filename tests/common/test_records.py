"""Stored results are read through one typed reader; nothing else decodes a payload by key."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from petarawan.domain.records import AssessmentPayload, AssessmentRecord, FramePayload

SRC = Path(__file__).resolve().parents[2] / "src" / "petarawan"

# The readers and the model definitions are the only places that know the stored JSON's keys.
READERS = {"store/records.py", "domain/records"}
# Keys that exist only in stored results' JSON documents (assessment payloads and summaries).
PAYLOAD_KEYS = {"payload", "framework_json", "class_counts"}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if any(rel == r or rel.startswith(r + "/") for r in READERS):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)


def _string_key(node: ast.AST) -> str | None:
    """The string constant a node indexes with (``x["k"]``, ``x.get("k")``, ``x.pop("k")``)."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value if isinstance(node.slice.value, str) else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"get", "pop", "setdefault"}
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def payload_key_uses() -> list[str]:
    """Return ``module:line key`` for every payload key indexed outside the readers."""
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            key = _string_key(node)
            if key in PAYLOAD_KEYS:
                found.append(f"{rel}:{node.lineno} {key}")
    return found


STORED_ROWS = {"Assessment", "PlanRow"}


def orm_assessment_users() -> list[str]:
    """Return the modules outside ``store/`` that import a stored result's ORM row."""
    found = []
    for rel, tree in _modules():
        if rel.startswith("store/"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("petarawan.store")
                and any(a.name in STORED_ROWS for a in node.names)
            ):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_no_module_outside_the_readers_indexes_a_payload_by_key() -> None:
    assert payload_key_uses() == []


def test_only_the_store_touches_the_stored_result_rows() -> None:
    assert orm_assessment_users() == []


def test_the_check_finds_payload_indexing(tmp_path: Path) -> None:
    """The scanner is not blind: it flags the old way of reading an assessment."""
    tree = ast.parse('x = rec["payload"]["levels"]\ny = rec.get("framework_json")\n')
    keys = [_string_key(n) for n in ast.walk(tree)]
    assert "payload" in keys and "framework_json" in keys


def _payload(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "framework": "kamtibmas",
        "framework_json": "{}",
        "root": "score",
        "levels": {
            "desa": {
                "method": "tree",
                "table": {
                    "index": ["5304010001", "5304010002"],
                    "columns": ["score", "rank", "class"],
                    "data": [[71.5, 1, "sangat_rawan"], [12.0, 2, None]],
                },
            }
        },
    }
    base.update(over)
    return base


def test_record_reads_classes_by_attribute() -> None:
    payload = AssessmentPayload.model_validate(_payload())
    assert payload.classes("desa") == {"5304010001": "sangat_rawan", "5304010002": None}
    assert payload.classes("tps") == {}
    frame = payload.levels["desa"].table.frame()
    assert list(frame.index) == ["5304010001", "5304010002"]
    assert frame.loc["5304010001", "score"] == pytest.approx(71.5)


def test_record_is_frozen_and_versioned() -> None:
    rec = AssessmentRecord.model_validate(
        {
            "id": 3,
            "framework": "kamtibmas",
            "framework_hash": "a",
            "inputs_hash": "b",
            "as_of": "2024-11-27T05:00:00",
            "created_at": "2024-11-27T05:01:00",
            "payload": _payload(),
        }
    )
    assert rec.schema_version == 1
    assert rec.election_id is None
    assert rec.classes("desa")["5304010001"] == "sangat_rawan"
    with pytest.raises(ValidationError):
        rec.id = 4  # type: ignore[misc]


def test_a_payload_without_its_framework_is_refused() -> None:
    bad = _payload()
    del bad["framework_json"]
    with pytest.raises(ValidationError, match="framework_json"):
        AssessmentPayload.model_validate(bad)


def test_frame_payload_round_trip_keeps_missing_values() -> None:
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"a": [1.5, np.nan], "b": ["x", None]}, index=["u1", "u2"])
    back = FramePayload.from_frame(frame)
    assert back.data == [[1.5, "x"], [None, None]]
    assert back.row("u2") == {"a": None, "b": None}
    assert back.row("zz") is None
    assert back.column("a") == {"u1": 1.5, "u2": None}


def test_reader_round_trip_on_a_workspace(tmp_path: Path) -> None:
    from datetime import datetime

    from petarawan.errors import NotFoundError
    from petarawan.store import Workspace
    from petarawan.store.records import latest_assessment_id, list_assessments, read_assessment

    with Workspace.open(tmp_path / "ws") as ws:
        assert read_assessment(ws) is None
        assert list_assessments(ws) == []
        assert latest_assessment_id(ws) is None
        ids = [
            ws.save_assessment(
                _payload(framework=fw),
                framework=fw,
                framework_hash="h",
                inputs_hash="i",
                as_of=datetime(2024, 11, 27, 5),
                summary={"sentences": [f"{fw} ok"], "counts": {"desa": {"rawan": 2}}},
            )
            for fw in ("kamtibmas", "ipkp")
        ]
        latest = read_assessment(ws)
        assert latest is not None and latest.id == ids[1] and latest.framework == "ipkp"
        first = read_assessment(ws, framework="kamtibmas")
        assert first is not None and first.id == ids[0]
        assert first.summary.sentences == ["kamtibmas ok"]
        assert first.summary.counts == {"desa": {"rawan": 2}}
        assert first.classes("desa")["5304010001"] == "sangat_rawan"
        listed = list_assessments(ws)
        assert [r.id for r in listed] == ids
        assert all(r.payload is None for r in listed)
        assert latest_assessment_id(ws, framework="kamtibmas") == ids[0]
        with pytest.raises(NotFoundError):
            read_assessment(ws, 999)


def test_cheap_head_check_agrees_with_alembic() -> None:
    from petarawan.store.database import head_revision, shipped_heads

    assert shipped_heads() == {head_revision()}
