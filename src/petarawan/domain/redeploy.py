"""Live redeployment: when TPS change class, move reserve personnel by the stored plan."""

from __future__ import annotations

import math
from collections.abc import Sequence

from petarawan.domain.patterns import Pattern
from petarawan.domain.records.plan import PlanRecord

__all__ = ["per_tps", "redeploy_suggestion"]


def per_tps(pattern: Pattern, category: str | None) -> float:
    """Polri per TPS under the pattern (``polri / tps`` of the category's rule; 0 if unknown)."""
    if category is None or category not in pattern.rules:
        return 0.0
    rule = pattern.rules[category]
    return rule.polri / rule.tps


def redeploy_suggestion(
    plan: PlanRecord,
    pattern: Pattern,
    before: str | None,
    after: str | None,
    tps_ids: Sequence[str],
    tps_label: dict[str, str],
) -> str:
    """Return the sentence an alert carries: how many reserve personnel move where, how fast.

    ``people = ⌈|p(after) − p(before)| × n⌉`` with ``p`` the pattern's Polri per TPS; the
    reserve is the plan's fastest reserve position to the TPS (``tps_cover``), named by its
    rayon (else its unit), with the response time in minutes.

    Examples
    --------
    ``"Geser 2 personel cadangan Rayon II Insana ke TPS 3 Hanu, 24 menit."``
    """
    n = len(tps_ids)
    delta = per_tps(pattern, after) - per_tps(pattern, before)
    people = math.ceil(abs(delta) * n - 1e-9)
    cover = {c.tps_id: c for c in plan.tps_cover}
    reserves = {r.id: r for r in plan.reserves}
    unit_names = {u.code: u.name for u in plan.strength.units}
    reachable = [cover[t] for t in tps_ids if t in cover]
    if delta > 0 and people > 0:
        if not reachable:
            return (
                f"Tambah {people} personel Polri ke {n} TPS (rencana #{plan.id} tidak punya "
                "posisi cadangan yang menjangkau TPS ini)."
            )
        target = max(reachable, key=lambda c: c.minutes)
        res = reserves.get(target.reserve)
        rayon = None
        if res is not None:
            rayon = next((p.rayon for p in res.positions if p.unit == target.unit), None)
        where = rayon or unit_names.get(target.unit, target.unit)
        dest = tps_label.get(target.tps_id, target.tps_id) if n == 1 else f"{n} TPS"
        return f"Geser {people} personel cadangan {where} ke {dest}, {target.minutes:.0f} menit."
    if delta < 0 and people > 0:
        return f"{people} personel dapat ditarik kembali menjadi cadangan (rencana #{plan.id})."
    return "Tidak perlu memindahkan personel."
