"""Indonesian and English number and date formatting used on every rendered output."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from petarawan.render._text import as_of_text, fmt_date, fmt_int, fmt_num


def test_examples() -> None:
    assert fmt_int(199083) == "199.083"
    assert fmt_int(199083, "en") == "199,083"
    assert fmt_num(760.69) == "760,7"
    assert fmt_num(1234.5, 1, "en") == "1,234.5"
    assert fmt_num(float("nan")) == "–"
    assert fmt_date(datetime(2024, 11, 27, 7, 5)) == "27 November 2024, 07.05"
    assert fmt_date(datetime(2024, 2, 1), "en", time=False) == "1 February 2024"
    assert as_of_text(None).startswith("Belum ada hasil analisa")


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_indonesian_number_round_trips(x: float) -> None:
    text = fmt_num(x, 2)
    back = float(text.replace(".", "").replace(",", "."))
    assert abs(back - round(x, 2)) < 1e-6
    assert fmt_int(x).replace(".", "").lstrip("-").isdigit()
