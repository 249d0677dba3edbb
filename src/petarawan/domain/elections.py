"""Elections: ids, kinds, contests and the choice of the default election (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from petarawan.errors import InputDataError, Issue

__all__ = [
    "CONTESTS",
    "DEFAULT_ELECTION",
    "KINDS",
    "KNOWN",
    "ElectionInfo",
    "check_election",
    "latest",
]

KINDS: tuple[str, ...] = ("pemilu", "pilkada")
# contests of a Pilkada: governor (provinsi) and regent/mayor (kab/kota)
CONTESTS: tuple[str, ...] = ("gubernur", "bupati_walikota")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class ElectionInfo:
    """One election: id, name, kind, voting date and (Pilkada) contests."""

    id: str
    name: str
    kind: str
    voting_date: date | None
    contests: tuple[str, ...] = field(default=())

    def label(self) -> str:
        """Return the name a user reads, with the voting date: ``Pemilu 2024 (14-02-2024)``."""
        when = f" ({self.voting_date:%d-%m-%Y})" if self.voting_date else ""
        return f"{self.name}{when}"


KNOWN: dict[str, ElectionInfo] = {
    e.id: e
    for e in (
        ElectionInfo("pemilu2019", "Pemilu 2019", "pemilu", date(2019, 4, 17)),
        ElectionInfo("pemilu2024", "Pemilu 2024", "pemilu", date(2024, 2, 14)),
        ElectionInfo(
            "pilkada2020", "Pilkada Serentak 2020", "pilkada", date(2020, 12, 9), CONTESTS
        ),
        ElectionInfo(
            "pilkada2024", "Pilkada Serentak 2024", "pilkada", date(2024, 11, 27), CONTESTS
        ),
    )
}
# the election a workspace without any gets when its first TPS list is imported
DEFAULT_ELECTION = "pilkada2024"


def check_election(
    ident: str,
    name: str | None,
    voting_date: date | None,
    kind: str | None,
    contests: tuple[str, ...] | None,
) -> ElectionInfo:
    """Validate a new election, filling what a known id implies; raise with every problem.

    Examples
    --------
    >>> check_election("pemilu2024", None, None, None, None).voting_date
    datetime.date(2024, 2, 14)
    """
    known = KNOWN.get(ident)
    problems: list[Issue] = []
    if not _ID.match(ident):
        problems.append(
            Issue("pemilihan", None, "ID", f"id {ident!r}: huruf kecil, angka, - atau _ (≤ 40)")
        )
    name = name or (known.name if known else None)
    kind = kind or (known.kind if known else None)
    voting_date = voting_date or (known.voting_date if known else None)
    if contests is None:
        contests = known.contests if known else (CONTESTS if kind == "pilkada" else ())
    if not name:
        problems.append(Issue("pemilihan", None, "--name", "nama pemilihan wajib diisi"))
    if kind not in KINDS:
        problems.append(
            Issue("pemilihan", None, "--kind", f"jenis {kind!r}; pilihan: {', '.join(KINDS)}")
        )
    if voting_date is None:
        problems.append(Issue("pemilihan", None, "--date", "tanggal pemungutan suara wajib"))
    bad = [c for c in contests if c not in CONTESTS]
    if bad:
        problems.append(
            Issue(
                "pemilihan",
                None,
                "--contests",
                f"{', '.join(bad)} tidak dikenal; pilihan: {', '.join(CONTESTS)}",
            )
        )
    if kind == "pemilu" and contests:
        problems.append(Issue("pemilihan", None, "--contests", "kontestasi hanya untuk Pilkada"))
    if problems:
        msg = f"Pemilihan {ident!r} tidak ditambahkan: {len(problems)} masalah."
        raise InputDataError(msg, problems)
    return ElectionInfo(ident, str(name), str(kind), voting_date, tuple(contests))


def latest(elections: list[ElectionInfo]) -> ElectionInfo | None:
    """Return the election with the latest voting date (undated ones count as oldest)."""
    if not elections:
        return None
    return max(elections, key=lambda e: (e.voting_date or date.min, e.id))
