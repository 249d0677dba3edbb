"""``carry``: bring one election's TPS mapping over to another election's TPS list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from petarawan.domain.carry import (
    CATEGORY_RULES,
    FLAG_RULES,
    CarryRules,
    carry_values,
    link_tps,
)
from petarawan.errors import InputDataError, Issue
from petarawan.store.models import Incident, Region, Tps, TpsLink
from petarawan.store.workspace import Workspace

__all__ = ["carry_mapping", "read_rules"]

# the rule names a user writes (Indonesian first) → the domain's
_CATEGORY_WORDS = {"tertinggi": "highest", "terendah": "lowest", "terbanyak": "majority"}
_FLAG_WORDS = {"salah_satu": "any", "semua": "all", "mayoritas": "majority"}
RULE_LABEL = {
    "highest": "tertinggi",
    "lowest": "terendah",
    "majority": "terbanyak",
    "any": "salah satu",
    "all": "semua",
}


def read_rules(path: Path | None) -> CarryRules:
    """Read a carry rule file (YAML: ``kategori: tertinggi|terendah|terbanyak``, ``tanda: …``)."""
    if path is None:
        return CarryRules()
    import yaml

    label = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        msg = f"Berkas aturan {label} tidak terbaca."
        raise InputDataError(msg, [Issue(label, None, None, str(exc))]) from exc
    issues: list[Issue] = []
    if not isinstance(data, dict):
        data = {}
        issues.append(Issue(label, None, None, "isi berkas harus pasangan kunci: nilai"))
    values: dict[str, str] = {}
    for key, aliases, words, allowed in (
        ("category", ("kategori", "category"), _CATEGORY_WORDS, CATEGORY_RULES),
        ("flags", ("tanda", "flags"), _FLAG_WORDS, FLAG_RULES),
    ):
        raw = next((data[a] for a in aliases if a in data), None)
        if raw is None:
            continue
        word = str(raw).strip().lower().replace(" ", "_")
        value = words.get(word, word)
        if value not in allowed:
            choices = ", ".join(words)
            issues.append(
                Issue(label, None, aliases[0], f"{raw!r} tidak dikenal; pilihan: {choices}")
            )
        else:
            values[key] = value
    unknown = set(data) - {"kategori", "category", "tanda", "flags"}
    issues += [Issue(label, None, str(k), "kunci tidak dikenal") for k in sorted(unknown, key=str)]
    if issues:
        msg = f"Berkas aturan {label}: {len(issues)} masalah; tidak ada yang dibawa."
        raise InputDataError(msg, issues)
    return CarryRules(**values)


def _tps_table(s: Session, election: str) -> pd.DataFrame:
    rows = s.execute(
        select(
            Tps.tps_id,
            Tps.desa_code,
            Tps.number,
            Tps.voters,
            Tps.lon,
            Tps.lat,
            Tps.location_source,
            Tps.khusus,
            Tps.category,
            Tps.flags,
            Tps.provenance,
        ).where(Tps.election_id == election)
    ).all()
    cols = [
        "tps_id",
        "desa_code",
        "number",
        "voters",
        "lon",
        "lat",
        "location_source",
        "khusus",
        "category",
        "flags",
        "provenance",
    ]
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)


def _check(ws: Workspace, source: str, target: str) -> None:
    known = {e.id for e in ws.elections()}
    issues = [
        Issue(
            opt, None, opt, f"pemilihan {ident!r} tidak ada (yang ada: {', '.join(sorted(known))})"
        )
        for opt, ident in (("--from", source), ("--to", target))
        if ident not in known
    ]
    if source == target:
        issues.append(Issue("--to", None, "--to", "pemilihan asal dan tujuan sama"))
    if issues:
        msg = "Pemetaan tidak dibawa: pemilihan tidak valid; tidak ada yang ditulis."
        raise InputDataError(msg, issues)


def carry_mapping(
    ws: Workspace,
    source: str,
    target: str,
    *,
    rules: CarryRules | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Link ``target``'s TPS to ``source``'s and carry categories, flags and incident history.

    A category set by hand on a target TPS is kept (counted in ``kept_by_hand``). Returns the
    report (JSON-ready): ``matched``, ``unmatched_from``, ``unmatched_to``, ``carried``,
    ``method`` and the category counts before and after.
    """
    _check(ws, source, target)
    rules = rules or CarryRules()
    with Session(ws.engine) as s, s.begin():
        old = _tps_table(s, source)
        new = _tps_table(s, target)
        if old.empty or new.empty:
            which = [("--from", source)] if old.empty else []
            which += [("--to", target)] if new.empty else []
            msg = "Pemetaan tidak dibawa: daftar TPS kosong; tidak ada yang ditulis."
            raise InputDataError(
                msg, [Issue(o, None, o, f"pemilihan {e} belum punya daftar TPS") for o, e in which]
            )
        names = dict(s.execute(select(Region.code, Region.name)).all())
        plan = link_tps(old, new)
        inc_rows = s.execute(
            select(Incident.ref, Incident.tps_id).where(
                Incident.tps_id.in_(old["tps_id"].tolist()),
                or_(Incident.election == source, Incident.election.is_(None)),
            )
        ).all()
        incidents: dict[str, list[str]] = {}
        for ref, tid in inc_rows:
            incidents.setdefault(str(tid), []).append(str(ref))
        carried = carry_values(
            plan,
            dict(zip(old["tps_id"], old["category"], strict=True)),
            {t: dict(f or {}) for t, f in zip(old["tps_id"], old["flags"], strict=True)},
            incidents,
            rules,
        )
        rows: dict[str, Any] = {str(r.tps_id): r for r in new.itertuples(index=False)}
        kept = 0
        n_category = n_flags = n_incidents = 0
        final: dict[str, str | None] = dict(zip(new["tps_id"], new["category"], strict=True))
        updates: list[dict[str, Any]] = []
        for value in carried:
            row = rows[value.tps_id]
            hand_set = row.category is not None and "category" not in dict(row.provenance or {})
            src = {"election": source, "tps": list(value.sources)}
            prov: dict[str, Any] = {}
            category: str | None = row.category
            if hand_set:
                kept += 1
            else:
                category = value.category
                prov["category"] = {**src, "rule": rules.category}
                n_category += 1
            old_flags: dict[str, Any] = dict(row.flags or {})
            flags = {k: bool(old_flags.get(k)) or v for k, v in value.flags.items()}
            flags = {**old_flags, **flags}
            if any(value.flags.values()):
                prov["flags"] = {**src, "rule": rules.flags}
                n_flags += 1
            if value.incidents:
                prov["incidents"] = {**src, "refs": list(value.incidents)}
                n_incidents += len(value.incidents)
            final[value.tps_id] = category
            updates.append(
                {
                    "election_id": target,
                    "tps_id": value.tps_id,
                    "category": category,
                    "flags": flags,
                    "provenance": prov or None,
                }
            )
        if not dry_run:
            s.execute(
                delete(TpsLink).where(
                    TpsLink.from_election == source, TpsLink.to_election == target
                )
            )
            if plan.links:
                s.execute(
                    insert(TpsLink),
                    [
                        {
                            "from_election": source,
                            "from_tps": lk.from_tps,
                            "to_election": target,
                            "to_tps": lk.to_tps,
                            "method": lk.method,
                        }
                        for lk in plan.links
                    ],
                )
            for u in updates:
                row_obj = s.get(Tps, (target, u["tps_id"]))
                if row_obj is None:  # read in this same transaction; cannot vanish
                    continue
                row_obj.category = u["category"]
                row_obj.flags = u["flags"]
                row_obj.provenance = u["provenance"]
        else:
            s.rollback()

    def listed(frame: pd.DataFrame, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        by_id = frame.set_index("tps_id")
        return [
            {
                "tps_id": t,
                "desa_code": str(by_id.loc[t, "desa_code"]),
                "desa": names.get(str(by_id.loc[t, "desa_code"])),
            }
            for t in ids
        ]

    fed = plan.feeders()
    return {
        "from": source,
        "to": target,
        "dry_run": dry_run,
        "rules": {"category": rules.category, "flags": rules.flags},
        "sizes": {"from": len(old), "to": len(new)},
        "matched": len(fed),
        "matched_from": len({lk.from_tps for lk in plan.links}),
        "links": len(plan.links),
        "unmatched_from": listed(old, plan.unmatched_from),
        "unmatched_to": listed(new, plan.unmatched_to),
        "carried": {"category": n_category, "flags": n_flags, "incidents": n_incidents},
        "kept_by_hand": kept,
        "method": plan.method_counts(),
        "categories": {
            "from": _counts(old["category"]),
            "to": _counts(pd.Series(list(final.values()), dtype=object)),
        },
    }


def _counts(values: pd.Series) -> dict[str, int]:
    counts = Counter(v for v in values if isinstance(v, str))
    return {k: int(counts[k]) for k in sorted(counts)}
