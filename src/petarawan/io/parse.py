"""Cell parsers: each returns a value or raises ValueError with an Indonesian message."""

from __future__ import annotations

import math
import re
from datetime import datetime

__all__ = [
    "DATE_MIN",
    "check_plausible_date",
    "parse_bool",
    "parse_choice",
    "parse_datetime",
    "parse_float",
    "parse_int",
]

_TRUE = {"1", "ya", "y", "yes", "true", "benar", "t", "x", "v", "ada", "iya"}
_FALSE = {
    "0",
    "tidak",
    "t_idak",
    "n",
    "no",
    "false",
    "salah",
    "f",
    "",
    "-",
    "tdk",
    "tidak_ada",
    "bukan",
}


def parse_int(text: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Parse a whole number: ``"12"``, ``"12.0"`` or ``"1.200"`` (Indonesian thousands)."""
    if text.isdigit():  # fast path for the common case
        n = int(text)
        if (minimum is None or n >= minimum) and (maximum is None or n <= maximum):
            return n
    s = text.strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")
    try:
        value = float(s.replace(",", ".")) if s else math.nan
    except ValueError:
        value = math.nan
    if math.isnan(value) or not value.is_integer():
        bounds = _bounds(minimum, maximum)
        msg = f"diharapkan bilangan bulat{bounds}, tertulis {text!r}"
        raise ValueError(msg)
    n = int(value)
    if (minimum is not None and n < minimum) or (maximum is not None and n > maximum):
        msg = f"diharapkan bilangan bulat{_bounds(minimum, maximum)}, tertulis {text!r}"
        raise ValueError(msg)
    return n


def _bounds(minimum: int | float | None, maximum: int | float | None) -> str:
    if minimum is not None and maximum is not None:
        return f" {minimum}–{maximum}"
    if minimum is not None:
        return " ≥ 0" if minimum == 0 else f" ≥ {minimum}"
    if maximum is not None:
        return f" ≤ {maximum}"
    return ""


def parse_float(text: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
    """Parse a decimal number; a decimal comma is accepted (``"124,45"``)."""
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if (
            math.isfinite(value)
            and (minimum is None or value >= minimum)
            and (maximum is None or value <= maximum)
        ):
            return value
    s = text.strip().replace(" ", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        value = math.nan
    if (
        math.isnan(value)
        or math.isinf(value)
        or (minimum is not None and value < minimum)
        or (maximum is not None and value > maximum)
    ):
        msg = f"diharapkan angka{_bounds(minimum, maximum)}, tertulis {text!r}"
        raise ValueError(msg)
    return value


def parse_bool(text: str) -> bool:
    """Parse yes/no: ``ya/tidak``, ``y/n``, ``1/0``, ``true/false``; empty means no."""
    key = re.sub(r"\s+", "_", text.strip().lower())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    msg = f"diharapkan ya/tidak (atau 1/0), tertulis {text!r}"
    raise ValueError(msg)


_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
)


DATE_MIN = datetime(1990, 1, 1)
"""Earliest plausible date of an incident or meeting (decades before direct Pilkada, 2005)."""
DATE_AHEAD_DAYS = 366
"""How far ahead of today a date may lie (follow-up due dates, clock and time-zone slack)."""


def check_plausible_date(value: datetime, now: datetime | None = None) -> datetime:
    """Return ``value`` if it lies between :data:`DATE_MIN` and a year from now, else raise.

    Absurd dates (0001, 9999, 2100) are typing errors; accepting them made every chart and
    time series span centuries.

    Raises
    ------
    ValueError
        With what was seen and the window expected.
    """
    from datetime import UTC, timedelta

    naive = value.replace(tzinfo=None) if value.tzinfo else value
    today = (now or datetime.now(UTC).replace(tzinfo=None)).replace(tzinfo=None)
    latest = today + timedelta(days=DATE_AHEAD_DAYS)
    if not (DATE_MIN <= naive <= latest):
        msg = (
            f"tanggal {naive:%Y-%m-%d} di luar rentang yang masuk akal "
            f"({DATE_MIN:%Y-%m-%d} … {latest:%Y-%m-%d})"
        )
        raise ValueError(msg)
    return value


def parse_datetime(text: str) -> datetime:
    """Parse a date or date-time: ISO ``2024-02-14 09:30`` or Indonesian ``14/02/2024 09.30``."""
    s = text.strip()
    s = re.sub(r"(\d{1,2})\.(\d{2})$", r"\1:\2", s) if re.search(r"\s\d{1,2}\.\d{2}$", s) else s
    s = s.removesuffix("Z")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    try:
        value = datetime.fromisoformat(s)
    except ValueError:
        msg = f"diharapkan tanggal (mis. 2024-02-14 atau 14/02/2024 09:30), tertulis {text!r}"
        raise ValueError(msg) from None
    return value.replace(tzinfo=None) if value.tzinfo else value


def parse_choice(text: str, choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    """Normalise a choice (case, spaces, ``&``) and check it is one of ``choices``."""
    key = re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")
    key = (aliases or {}).get(key, key)
    if key in choices:
        return key
    msg = f"diharapkan salah satu dari {', '.join(choices)}; tertulis {text!r}"
    raise ValueError(msg)
