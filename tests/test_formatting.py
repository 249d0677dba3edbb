"""The one formatting module: Indonesian numbers, dates and times in the workspace's zone."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from petarawan.formatting import (
    format_date,
    format_datetime,
    format_int,
    format_number,
    tz_abbreviation,
)


def test_numbers_in_indonesian_and_english() -> None:
    assert format_int(199083) == "199.083"
    assert format_int(199083, lang="en") == "199,083"
    assert format_int(-1234.6) == "-1.235"
    assert format_number(760.69) == "760,7"
    assert format_number(1234567.891, digits=2) == "1.234.567,89"
    assert format_number(1234567.891, digits=2, lang="en") == "1,234,567.89"
    assert format_number(3, digits=0) == "3"
    assert format_int(None) == "–"
    assert format_number(math.nan) == "–"


def test_dates_use_indonesian_month_abbreviations() -> None:
    assert format_date(date(2024, 2, 14)) == "14 Feb 2024"
    assert format_date(date(2024, 5, 3)) == "3 Mei 2024"
    assert format_date(date(2024, 8, 17)) == "17 Agu 2024"
    assert format_date(date(2024, 12, 1), lang="en") == "1 Dec 2024"
    assert format_date(None) == "–"


def test_datetime_converts_naive_utc_to_the_workspace_zone() -> None:
    # 05.30 UTC is 13.30 in WITA (UTC+8)
    assert format_datetime(datetime(2024, 2, 14, 5, 30)) == "14 Feb 2024 13.30 WITA"
    assert format_datetime(datetime(2024, 2, 14, 5, 30), lang="en") == "14 Feb 2024 13:30 WITA"
    # crossing midnight moves the day as well
    assert format_datetime(datetime(2024, 2, 14, 17, 0)) == "15 Feb 2024 01.00 WITA"
    assert format_datetime(datetime(2024, 2, 14, 17, 0), tz="Asia/Jakarta") == (
        "15 Feb 2024 00.00 WIB"
    )
    aware = datetime(2024, 2, 14, 5, 30, tzinfo=UTC)
    assert format_datetime(aware, tz="Asia/Jayapura") == "14 Feb 2024 14.30 WIT"
    assert tz_abbreviation("Europe/Paris") == "Europe/Paris"
    assert format_datetime(None) == "–"
