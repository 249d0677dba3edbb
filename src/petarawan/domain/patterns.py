"""Polri TPS security patterns: personnel per group of TPS for each TPS category."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "STRICT_CATEGORIES",
    "CategoryRule",
    "Pattern",
    "category_label",
]

CATEGORIES: tuple[str, ...] = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")
STRICT_CATEGORIES: tuple[str, ...] = ("sangat_rawan", "khusus")
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "kurang_rawan": "Kurang rawan",
        "rawan": "Rawan",
        "sangat_rawan": "Sangat rawan",
        "khusus": "Khusus",
    },
    "en": {
        "kurang_rawan": "Less vulnerable",
        "rawan": "Vulnerable",
        "sangat_rawan": "Highly vulnerable",
        "khusus": "Special",
    },
}


def category_label(category: str, lang: str = "id") -> str:
    """Return the user-facing label of a category id (Indonesian by default)."""
    return CATEGORY_LABELS.get(lang, CATEGORY_LABELS["id"]).get(category, category)


@dataclass(frozen=True)
class CategoryRule:
    """``polri`` personnel guard a group of at most ``tps`` TPS, helped by ``linmas`` Linmas.

    Attributes
    ----------
    polri
        Polri personnel per group.
    tps
        Maximum number of TPS per group.
    linmas
        Linmas per group (at most ``tps`` TPS); per TPS it is ``linmas / tps``.
    assumed
        The figures (``polri``, ``tps``, ``linmas``) that no source gives for this category:
        this project's assumption, shown as such.
    note
        Where the figures come from, or why they are assumed.
    """

    polri: int
    tps: int
    linmas: int
    assumed: tuple[str, ...] = ()
    note: str = ""

    @property
    def linmas_per_tps(self) -> float:
        """Linmas per TPS."""
        return self.linmas / self.tps

    def polri_for(self, n_tps: int) -> int:
        """Polri needed for ``n_tps`` TPS grouped ``tps`` at a time (ideal grouping)."""
        return self.polri * math.ceil(n_tps / self.tps) if n_tps > 0 else 0

    def linmas_for(self, n_tps: int) -> int:
        """Linmas needed for ``n_tps`` TPS."""
        return math.ceil(self.linmas_per_tps * n_tps - 1e-9)


@dataclass(frozen=True)
class Pattern:
    """A TPS security pattern (*pola pengamanan TPS*) of a Polda/Polres.

    Attributes
    ----------
    id
        Short name (``ttu-pemilu2024``).
    name
        Human-readable title.
    rules
        One :class:`CategoryRule` per category id.
    reserve_share
        Share of personnel kept off TPS duty (reserve, patrols, KPU/Bawaslu offices, logistics).
    max_group_minutes
        Largest travel time between TPS of one group, in minutes.
    source
        Where the pattern comes from.
    """

    id: str
    name: str
    rules: dict[str, CategoryRule]
    reserve_share: float = 1 / 3
    max_group_minutes: float = 15.0
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def rule(self, category: str) -> CategoryRule:
        """Return the rule of a category (``KeyError`` listing valid ids if unknown)."""
        try:
            return self.rules[category]
        except KeyError:
            msg = f"kategori '{category}' tidak ada di pola {self.id}; ada: {', '.join(self.rules)}"
            raise KeyError(msg) from None

    def assumptions(self) -> dict[str, CategoryRule]:
        """Return the categories with at least one assumed figure."""
        return {c: r for c, r in self.rules.items() if r.assumed}

    def ratio_text(self, category: str) -> str:
        """Return ``"Polri:TPS:Linmas"`` for a category, e.g. ``"1:3:6"``."""
        r = self.rules[category]
        return f"{r.polri}:{r.tps}:{r.linmas}"
