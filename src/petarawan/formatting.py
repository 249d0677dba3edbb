"""One place that formats numbers, dates and times for people (Babel, Indonesian by default).

Every page, report and message uses these functions, so a number reads ``1.234,5`` and a time
``14 Feb 2024 13.30 WITA`` everywhere (``lang="en"``: ``1,234.5``, ``14 Feb 2024 13:30 WITA``).
Stored times are naive UTC; :func:`format_datetime` converts them to the workspace's zone.

Examples
--------
>>> from datetime import datetime
>>> format_int(199083)
'199.083'
>>> format_number(760.69)
'760,7'
>>> format_date(datetime(2024, 2, 14))
'14 Feb 2024'
>>> format_datetime(datetime(2024, 2, 14, 5, 30))
'14 Feb 2024 13.30 WITA'
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

__all__ = [
    "DEFAULT_TZ",
    "format_date",
    "format_datetime",
    "format_int",
    "format_number",
    "tz_abbreviation",
]

DEFAULT_TZ = "Asia/Makassar"
"""The zone of Nusa Tenggara Timur (WITA), the default of a workspace."""

_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
    "UTC": "UTC",
}
_MISSING = "–"


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "id"


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def format_int(n: float | None, lang: str = "id") -> str:
    """Format a whole number: ``199083`` → ``"199.083"`` (id) or ``"199,083"`` (en).

    Parameters
    ----------
    n
        The number (rounded to a whole number); ``None`` or NaN gives ``"–"``.
    lang
        ``"id"`` or ``"en"``.
    """
    if _missing(n):
        return _MISSING
    assert n is not None
    return str(format_decimal(round(n), format="#,##0", locale=_locale(lang)))


def format_number(x: float | None, digits: int = 1, lang: str = "id") -> str:
    """Format a decimal number with ``digits`` decimals: ``760.69`` → ``"760,7"`` (id).

    Parameters
    ----------
    x
        The number; ``None`` or NaN gives ``"–"``.
    digits
        Decimals shown (always that many).
    lang
        ``"id"`` or ``"en"``.
    """
    if _missing(x):
        return _MISSING
    assert x is not None
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if round(x, digits) == 0:
        x = 0.0  # "0,0", never "-0,0"
    return str(format_decimal(x, format=pattern, locale=_locale(lang), decimal_quantization=True))


def format_date(d: date | datetime | None, lang: str = "id") -> str:
    """Format a day as ``14 Feb 2024`` (the month abbreviated in the language: ``Mei``, ``Agu``).

    A datetime is formatted as its own calendar day, without conversion.
    """
    if d is None:
        return _MISSING
    return str(_babel_date(d, "d MMM y", locale=_locale(lang)))


def tz_abbreviation(tz: str) -> str:
    """Return the abbreviation of a zone as Indonesians write it (``WITA`` for Asia/Makassar)."""
    return _ABBREVIATIONS.get(tz, tz)


def format_datetime(dt: datetime | None, tz: str = DEFAULT_TZ, lang: str = "id") -> str:
    """Format a time as ``14 Feb 2024 13.30 WITA`` in the zone ``tz``.

    Parameters
    ----------
    dt
        The time; a naive value is UTC (how the store keeps times).
    tz
        IANA zone of the workspace (``Asia/Makassar`` for NTT).
    lang
        ``"id"`` (``13.30``) or ``"en"`` (``13:30``).
    """
    if dt is None:
        return _MISSING
    aware = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt
    local = aware.astimezone(ZoneInfo(tz))
    sep = ":" if lang == "en" else "."
    return (
        f"{format_date(local, lang)} {local.hour:02d}{sep}{local.minute:02d} {tz_abbreviation(tz)}"
    )
