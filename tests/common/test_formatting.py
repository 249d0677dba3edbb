"""The one formatter of numbers and dates (Babel id_ID)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petarawan.formatting import format_date, format_datetime, format_int, format_number


def test_int_uses_the_languages_thousands_separator() -> None:
    assert format_int(199083) == "199.083"
    assert format_int(199083, lang="en") == "199,083"
    assert format_int(1_234_567.6) == "1.234.568"
    assert format_int(-4200) == "-4.200"


def test_number_uses_decimal_comma_in_indonesian() -> None:
    assert format_number(760.69) == "760,7"
    assert format_number(1234.56, lang="en") == "1,234.6"
    assert format_number(1234.567, digits=2) == "1.234,57"
    assert format_number(12.4, digits=0) == "12"
    assert format_number(-0.01) == "0,0"


@pytest.mark.parametrize("value", [None, float("nan")])
def test_missing_figures_show_a_dash(value: float | None) -> None:
    assert format_int(value) == "–"
    assert format_number(value) == "–"
    assert format_date(None) == "–"
    assert format_datetime(None) == "–"


def test_date_short_month_names() -> None:
    assert format_date(date(2024, 2, 14)) == "14 Feb 2024"
    assert format_date(date(2024, 5, 1)) == "1 Mei 2024"
    assert format_date(date(2024, 8, 17)) == "17 Agu 2024"
    assert format_date(date(2024, 12, 9)) == "9 Des 2024"
    assert format_date(date(2024, 5, 1), lang="en") == "1 May 2024"
    assert format_date(datetime(2024, 2, 14, 23, 59)) == "14 Feb 2024"


def test_datetime_in_wita_from_naive_utc() -> None:
    assert format_datetime(datetime(2024, 2, 14, 5, 30)) == "14 Feb 2024 13.30 WITA"
    assert format_datetime(datetime(2024, 2, 14, 5, 30), lang="en") == "14 Feb 2024 13:30 WITA"
    # 17:00 UTC is past midnight in Makassar: the local date moves
    assert format_datetime(datetime(2024, 2, 13, 17, 0, tzinfo=UTC)) == "14 Feb 2024 01.00 WITA"


def test_datetime_other_indonesian_zones_and_aware_input() -> None:
    wib = timezone(timedelta(hours=7))
    moment = datetime(2024, 11, 27, 13, 0, tzinfo=wib)
    assert format_datetime(moment, tz="Asia/Jakarta") == "27 Nov 2024 13.00 WIB"
    assert format_datetime(moment) == "27 Nov 2024 14.00 WITA"
    assert format_datetime(moment, tz="Asia/Jayapura") == "27 Nov 2024 15.00 WIT"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_int_round_trips(n: int) -> None:
    text = format_int(n)
    assert int(text.replace(".", "")) == n
    assert int(format_int(n, lang="en").replace(",", "")) == n


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_number_round_trips_within_its_digits(x: float, digits: int) -> None:
    text = format_number(x, digits=digits)
    back = float(text.replace(".", "").replace(",", "."))
    assert back == pytest.approx(x, abs=0.5 * 10**-digits + 1e-6)
    if digits:
        assert len(text.split(",")[-1]) == digits
