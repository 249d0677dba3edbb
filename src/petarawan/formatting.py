"""Numbers, dates and times as a reader in Indonesia writes them (Babel ``id_ID``; or English).

The one place that formats figures for people: CLI messages, web pages, maps, reports and
briefings all call these four functions, so ``199.083`` pemilih, ``760,7`` km and
``14 Feb 2024 13.30 WITA`` read the same everywhere.

Examples
--------
>>> format_int(199083)
'199.083'
>>> format_number(760.69)
'760,7'
>>> format_number(760.69, lang="en")
'760.7'
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal

__all__ = ["MISSING", "format_date", "format_datetime", "format_int", "format_number"]

#: What a missing figure (``None`` or NaN) is shown as.
MISSING = "–"

_LOCALES = {"id": "id_ID", "en": "en_GB"}

#: Indonesia's three time zones by their official abbreviations (Babel spells them only in ``id``).
_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, _LOCALES["id"])


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def format_int(n: float | None, lang: str = "id") -> str:
    """Format a whole number with the language's thousands separator.

    Parameters
    ----------
    n
        The number; rounded to a whole number. ``None`` or NaN shows as ``"–"``.
    lang
        ``"id"`` (default) or ``"en"``.

    Returns
    -------
    str
        ``199083`` → ``"199.083"`` (id) or ``"199,083"`` (en).
    """
    if n is None or _missing(float(n)):
        return MISSING
    return str(_babel_decimal(round(n), format="#,##0", locale=_locale(lang)))


def format_number(x: float | None, digits: int = 1, lang: str = "id") -> str:
    """Format a decimal number with a fixed number of decimals.

    Parameters
    ----------
    x
        The number. ``None`` or NaN shows as ``"–"``.
    digits
        Decimals shown (0 gives a whole number).
    lang
        ``"id"`` (default) or ``"en"``.

    Returns
    -------
    str
        ``1234.56`` → ``"1.234,6"`` (id) or ``"1,234.6"`` (en).
    """
    if x is None or _missing(float(x)):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    value = round(float(x), digits)
    if value == 0:
        value = 0.0  # no "-0,0"
    return str(_babel_decimal(value, format=pattern, locale=_locale(lang)))


def format_date(d: date | datetime | None, lang: str = "id") -> str:
    """Format a calendar date with a short month name.

    Parameters
    ----------
    d
        The date (a datetime shows its own date, without conversion). ``None`` shows as ``"–"``.
    lang
        ``"id"`` (default) or ``"en"``.

    Returns
    -------
    str
        ``"14 Feb 2024"``; Indonesian months are Jan, Feb, Mar, Apr, Mei, Jun, Jul, Agu, Sep,
        Okt, Nov, Des.
    """
    if d is None:
        return MISSING
    day = d.date() if isinstance(d, datetime) else d
    return str(_babel_date(day, "d MMM y", locale=_locale(lang)))


def format_datetime(dt: datetime | None, tz: str = "Asia/Makassar", lang: str = "id") -> str:
    """Format a moment as local date and time with the zone's abbreviation.

    Parameters
    ----------
    dt
        The moment. A naive datetime is taken as UTC (the store keeps UTC without a zone).
        ``None`` shows as ``"–"``.
    tz
        IANA zone the reader lives in; default ``Asia/Makassar`` (WITA).
    lang
        ``"id"`` (default) or ``"en"``.

    Returns
    -------
    str
        ``"14 Feb 2024 13.30 WITA"`` (id) or ``"14 Feb 2024 13:30 WITA"`` (en).
    """
    if dt is None:
        return MISSING
    aware = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt
    local = aware.astimezone(ZoneInfo(tz))
    sep = "." if lang not in _LOCALES or lang == "id" else ":"
    text = _babel_datetime(local, f"d MMM y HH{sep}mm", tzinfo=local.tzinfo, locale=_locale(lang))
    zone = _ZONE_NAMES.get(tz) or str(_babel_datetime(local, "z", locale=_locale(lang)))
    return f"{text} {zone}"
