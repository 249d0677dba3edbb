"""Invented Timor-like place and person names for the demo regency."""

from __future__ import annotations

import numpy as np

__all__ = ["NameMaker"]

_START = (
    "Oe",
    "Nai",
    "Noe",
    "Bi",
    "Ma",
    "Ta",
    "Fa",
    "Kua",
    "Hau",
    "Su",
    "Le",
    "Ne",
    "Bo",
    "Lu",
    "Ke",
    "Ba",
    "Tu",
    "Na",
    "Sa",
    "We",
    "Ha",
    "O",
    "Ai",
    "Fatu",
    "Tai",
    "Kio",
    "Nu",
    "Oel",
)
_MIDDLE = (
    "l",
    "lo",
    "bi",
    "te",
    "ma",
    "nu",
    "ne",
    "ka",
    "fe",
    "so",
    "ti",
    "ba",
    "me",
    "ta",
    "ko",
    "ni",
    "ha",
    "ue",
    "mi",
    "no",
    "",
)
_END = (
    "no",
    "la",
    "ti",
    "ne",
    "mo",
    "ni",
    "nu",
    "to",
    "ba",
    "ko",
    "sa",
    "fu",
    "beno",
    "mnasi",
    "lua",
    "kefa",
    "naus",
    "ana",
    "leu",
    "bes",
    "nek",
    "tun",
    "bat",
    "fen",
    "mat",
    "lat",
    "sun",
    "nasi",
    "ola",
    "teno",
    "bae",
    "sene",
    "faut",
    "oki",
    "tasi",
)
_FIRST = (
    "Yohanes",
    "Maria",
    "Fransiskus",
    "Agustinus",
    "Yosefina",
    "Paulus",
    "Kornelis",
    "Theresia",
    "Dominikus",
    "Antonius",
    "Elisabeth",
    "Petrus",
    "Marselina",
    "Benediktus",
    "Yakobus",
    "Veronika",
    "Gregorius",
    "Anselmus",
    "Kristina",
    "Simon",
    "Margaretha",
    "Aloysius",
    "Lusia",
    "Stefanus",
    "Bernadete",
    "Mikael",
    "Ermelinda",
    "Yoakim",
    "Helena",
    "Laurensius",
)
_FAMILY = (
    "Taemnanu",
    "Sanaboi",
    "Kolofeto",
    "Nenotek",
    "Atoklaut",
    "Abineno",
    "Oematnesi",
    "Tafulikas",
    "Nitbanu",
    "Funaboe",
    "Sasimaut",
    "Kefiano",
    "Ulunesi",
    "Bokilau",
    "Neonbeti",
    "Lakafeto",
    "Haumeni",
    "Tnesilu",
    "Amfotis",
    "Naisanu",
    "Kusibeno",
    "Manehat",
)


class NameMaker:
    """Produce unique invented names from a seeded random generator.

    Parameters
    ----------
    rng
        The random generator; the same generator state gives the same names.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def place(self) -> str:
        """Return a new unique place name such as ``Oelbiteno``."""
        for _ in range(1000):
            name = (
                _START[self._rng.integers(len(_START))]
                + _MIDDLE[self._rng.integers(len(_MIDDLE))]
                + _END[self._rng.integers(len(_END))]
            )
            name = name.capitalize()
            if 4 <= len(name) <= 12 and name not in self._used:
                self._used.add(name)
                return name
        msg = "name space exhausted: more than 1000 collisions while inventing a place name"
        raise RuntimeError(msg)

    def person(self) -> str:
        """Return a new unique person name such as ``Yohanes Taemnanu``."""
        for _ in range(1000):
            name = (
                f"{_FIRST[self._rng.integers(len(_FIRST))]} "
                f"{_FAMILY[self._rng.integers(len(_FAMILY))]}"
            )
            if name not in self._used:
                self._used.add(name)
                return name
        msg = "name space exhausted: more than 1000 collisions while inventing a person name"
        raise RuntimeError(msg)
