"""``import results``: per-TPS vote tallies into the margin at each TPS and desa, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert

from petarawan.domain.codes import split_tps_id, tps_id
from petarawan.domain.results import margins
from petarawan.errors import InputDataError, Issue
from petarawan.io.parse import parse_int
from petarawan.io.tables import normalize_header, read_table
from petarawan.store.models import Dynamic, IndicatorMeta, IndicatorValue
from petarawan.store.workspace import Workspace

__all__ = ["INDICATOR", "import_results"]

INDICATOR = "result_margin_pct"
_ID = ("tps_id", "kode_tps", "id_tps", "kode_tps_kpu")
_DESA = ("kode_desa", "desa_code", "kode_kelurahan")
_NUMBER = ("no_tps", "nomor_tps", "tps", "number")
_DPT = ("dpt", "jumlah_dpt", "pemilih")
# columns that are not candidates (KawalPemilu and KPU spellings)
_NOT_VOTES = {
    *_ID,
    *_DESA,
    *_NUMBER,
    *_DPT,
    "provinsi",
    "kabupaten",
    "kab_kota",
    "kecamatan",
    "desa",
    "kelurahan",
    "nama_desa",
    "suara_sah",
    "sah",
    "suara_tidak_sah",
    "tidak_sah",
    "total",
    "jumlah",
    "pengguna_hak_pilih",
    "keterangan",
}


def _read(path: Path, known: set[str]) -> tuple[pd.DataFrame, list[int], dict[str, str]]:
    raw = read_table(path, known_headers=tuple(known))
    if raw.issues and any(i.severity == "error" for i in raw.issues):
        msg = f"{path.name}: berkas tidak terbaca."
        raise InputDataError(msg, raw.issues)
    cols = {normalize_header(str(c)): str(c) for c in raw.frame.columns}
    return raw.frame, [int(r) for r in raw.rows], cols


def import_results(
    ws: Workspace,
    path: Path,
    *,
    as_of: date | None = None,
    author: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Validate a tally file against the current election's TPS list and store the margins.

    Every problem (unknown TPS, a count that is not a whole number ≥ 0, more votes than the
    TPS's DPT, a TPS listed twice, no candidate column) is collected with its file, row and
    column; with any problem nothing is written. The margins are stored as the indicator
    ``result_margin_pct`` at TPS and desa level of the current election, and as dated dynamics
    (``as_of``, default the election's voting date; ``author``).
    """
    label = path.name
    frame, rows, cols = _read(path, _NOT_VOTES)
    issues: list[Issue] = []
    id_col = next((cols[c] for c in _ID if c in cols), None)
    desa_col = next((cols[c] for c in _DESA if c in cols), None)
    num_col = next((cols[c] for c in _NUMBER if c in cols), None)
    dpt_col = next((cols[c] for c in _DPT if c in cols), None)
    vote_cols = [orig for norm, orig in cols.items() if norm not in _NOT_VOTES]
    if id_col is None and (desa_col is None or num_col is None):
        issues.append(Issue(label, 1, "tps_id", "kolom tps_id (atau kode_desa + no_tps) tidak ada"))
    if not vote_cols:
        issues.append(Issue(label, 1, None, "tidak ada kolom suara calon/partai"))
    if issues:
        msg = f"Impor hasil dibatalkan: {len(issues)} masalah; tidak ada yang ditulis."
        raise InputDataError(msg, issues)
    election = ws.election_id
    if election is None:
        msg = "Belum ada pemilihan dengan daftar TPS; impor TPS dulu."
        raise InputDataError(msg, [Issue(label, None, "--election", "belum ada pemilihan")])
    tps = ws.tps()
    dpt_of = dict(zip(tps["tps_id"], tps["voters"], strict=True))
    desa_of = pd.Series(tps["desa_code"].to_numpy(), index=tps["tps_id"].to_numpy())
    seen: dict[str, int] = {}
    votes: dict[str, list[int]] = {}
    for i, row in enumerate(frame.to_dict("records")):
        r = rows[i]
        if id_col is not None:
            parts = split_tps_id(row[id_col])
            if parts is None:
                issues.append(
                    Issue(label, r, id_col, f"'{row[id_col]}' bukan kode TPS KPU (13 digit)")
                )
                continue
            key = tps_id(*parts)
            where = id_col
        else:
            try:
                key = tps_id(str(row[desa_col]).strip(), parse_int(str(row[num_col]), minimum=1))
            except ValueError as exc:
                issues.append(Issue(label, r, num_col, str(exc)))
                continue
            where = num_col or ""
        if key not in dpt_of:
            issues.append(
                Issue(label, r, where, f"TPS {key} tidak ada di daftar TPS pemilihan {election}")
            )
            continue
        if key in seen:
            issues.append(Issue(label, r, where, f"TPS {key} sudah ada di baris {seen[key]}"))
            continue
        seen[key] = r
        counts: list[int] = []
        ok = True
        for col in vote_cols:
            try:
                counts.append(parse_int(str(row[col] or "0"), minimum=0))
            except ValueError as exc:
                issues.append(Issue(label, r, col, str(exc)))
                ok = False
        if not ok:
            continue
        dpt = dpt_of.get(key)
        if dpt_col is not None and str(row[dpt_col] or "").strip():
            try:
                dpt = parse_int(str(row[dpt_col]), minimum=0)
            except ValueError as exc:
                issues.append(Issue(label, r, dpt_col, str(exc)))
                continue
        if dpt is not None and not pd.isna(dpt) and sum(counts) > int(dpt):
            issues.append(
                Issue(
                    label,
                    r,
                    ", ".join(vote_cols),
                    f"jumlah suara {sum(counts)} melebihi DPT {int(dpt)} TPS {key}",
                )
            )
            continue
        votes[key] = counts
    if issues:
        msg = f"Impor hasil dibatalkan: {len(issues)} masalah; tidak ada yang ditulis."
        raise InputDataError(msg, issues)
    table = pd.DataFrame.from_dict(votes, orient="index", columns=vote_cols)
    tps_margin, desa_margin = margins(table, desa_of)
    info = ws.election()
    valid_from = datetime.combine(as_of or info.voting_date or date.today(), datetime.min.time())
    now = datetime.now(UTC).replace(tzinfo=None)
    values = [
        {
            "election_id": election,
            "level": level,
            "code": str(code),
            "indicator": INDICATOR,
            "value": None if pd.isna(v) else float(v),
            "text": None,
        }
        for level, series in (("tps", tps_margin), ("desa", desa_margin))
        for code, v in series.items()
    ]
    if not dry_run:
        with ws.session() as s:
            for level, series in (("tps", tps_margin), ("desa", desa_margin)):
                s.execute(
                    delete(IndicatorValue).where(
                        IndicatorValue.election_id == election,
                        IndicatorValue.level == level,
                        IndicatorValue.indicator == INDICATOR,
                        IndicatorValue.code.in_([str(c) for c in series.index]),
                    )
                )
            s.execute(insert(IndicatorValue), values)
            s.execute(
                insert(Dynamic),
                [
                    {
                        **{k: v[k] for k in ("election_id", "level", "code", "indicator", "value")},
                        "valid_from": valid_from,
                        "author": author,
                        "source": label,
                        "recorded_at": now,
                    }
                    for v in values
                ],
            )
            for level in ("tps", "desa"):
                s.merge(
                    IndicatorMeta(
                        level=level,
                        indicator=INDICATOR,
                        unit="%",
                        method="selisih dua calon teratas / suara sah (hasil per TPS)",
                        source=label,
                        computed_at=now,
                    )
                )
    return {
        "election": election,
        "dry_run": dry_run,
        "tps": len(tps_margin),
        "desa": len(desa_margin),
        "candidates": vote_cols,
        "valid_from": valid_from.date().isoformat(),
        "author": author,
        "closest_desa": [
            {"code": str(c), "margin_pct": round(float(v), 2)}
            for c, v in desa_margin.dropna().sort_values().head(5).items()
        ],
    }
