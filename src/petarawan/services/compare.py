"""``compare``: two mappings (elections or assessments) side by side, unit by unit."""

from __future__ import annotations

from typing import Any

import numpy as np

from petarawan.domain.index import IndexResult
from petarawan.domain.index.compare import compare_classes
from petarawan.domain.records import AssessmentRecord
from petarawan.errors import InputDataError, Issue
from petarawan.store.records import read_assessment
from petarawan.store.workspace import Workspace

__all__ = ["compare_mappings", "resolve_mapping"]


def resolve_mapping(
    ws: Workspace, ref: str, option: str, framework: str | None = None
) -> AssessmentRecord:
    """Return the assessment a ``--from``/``--to`` value names: an assessment id or an election.

    An election stands for its latest assessment (of ``framework`` when it has one).
    """
    ref = ref.strip()
    if ref.isdigit():
        record = read_assessment(ws, int(ref))
    else:
        known = {e.id for e in ws.elections()}
        if ref not in known:
            there = ", ".join(sorted(known)) or "belum ada"
            msg = f"Pembandingan tidak dapat dibuat: {ref!r} bukan pemilihan atau hasil analisa."
            raise InputDataError(
                msg, [Issue(option, None, option, f"{ref!r} tidak dikenal (pemilihan: {there})")]
            )
        record = None
        if framework is not None:
            record = read_assessment(ws, framework=framework, election_id=ref)
        if record is None:
            record = read_assessment(ws, election_id=ref)
        if record is None:
            msg = f"Pemilihan {ref} belum punya hasil analisa."
            raise InputDataError(
                msg,
                [
                    Issue(
                        option,
                        None,
                        option,
                        f"jalankan dulu 'petarawan assess --election {ref}'",
                    )
                ],
            )
    if record is None or record.payload is None:
        msg = f"Hasil analisa {ref} tidak ditemukan."
        raise InputDataError(msg, [Issue(option, None, option, f"{ref!r} tidak ada")])
    return record


def compare_mappings(
    ws: Workspace, source: str, target: str, *, lang: str = "id"
) -> tuple[dict[str, Any], IndexResult, IndexResult]:
    """Compare two mappings; return the JSON-ready report and both results (before, after)."""
    rec_b = resolve_mapping(ws, target, "--to")
    rec_a = resolve_mapping(ws, source, "--from", framework=rec_b.framework)
    assert rec_a.payload is not None and rec_b.payload is not None  # checked by resolve_mapping
    ra = IndexResult.from_payload(rec_a.payload)
    rb = IndexResult.from_payload(rec_b.payload)
    table, common = compare_classes(ra, rb, lang=lang)
    regions = ws.regions()
    names = dict(zip(regions["code"], regions["name"], strict=True))
    table.insert(2, "name", [names.get(c) for c in table["code"]])
    elections = {e.id: e.name for e in ws.elections()}

    def side(rec: AssessmentRecord) -> dict[str, Any]:
        return {
            "assessment": rec.id,
            "election": rec.election_id,
            "election_name": elections.get(rec.election_id or ""),
            "framework": rec.framework,
            "as_of": rec.as_of.isoformat(),
        }

    counts = {
        level: {
            "turun": int((part["direction"] < 0).sum()),
            "naik": int((part["direction"] > 0).sum()),
            "tetap": int((part["direction"] == 0).sum()),
        }
        for level, part in table.groupby("level", sort=False)
    }
    units = table.replace({np.nan: None}).to_dict(orient="records")
    report = {
        "from": side(rec_a),
        "to": side(rec_b),
        "units": units,
        "moves": [u for u in units if u["direction"] != 0],
        "counts": counts,
        "common_changes": common,
    }
    return report, ra, rb
