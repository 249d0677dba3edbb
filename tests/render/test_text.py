"""The renderers' words use the one formatter for the as-of line."""

from __future__ import annotations

from datetime import datetime

from petarawan.render._text import as_of_text


def test_as_of_line() -> None:
    assert as_of_text(datetime(2024, 11, 27, 7, 5)) == "Keadaan per 27 Nov 2024 15.05 WITA"
    assert as_of_text(datetime(2024, 11, 27, 7, 5), "en") == "As of 27 Nov 2024 15:05 WITA"
    assert as_of_text(None).startswith("Belum ada hasil analisa")
