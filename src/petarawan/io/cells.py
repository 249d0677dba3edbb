"""Spreadsheet cells that stay text: the one guard against formula injection in exports.

A name, topic or commitment typed into a form or file can begin with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return, which some programs skip before such a sign). Written as
is, Excel and LibreOffice read it as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``).
Every export (CSV, XLSX, the Excel report, rosters, the register export) passes its text
cells through :func:`safe_cell`, which puts an apostrophe in front: the spreadsheet shows the
text and computes nothing. Numbers, dates and booleans are left as they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_START", "safe_cell", "safe_frame", "safe_row"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    r"""Return ``value``; a string that a spreadsheet would read as a formula gets a ``'``.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> safe_cell("Desa Oelnasi"), safe_cell(-3)
    ('Desa Oelnasi', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: list[Any]) -> list[Any]:
    """Return a row of cells through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells went through :func:`safe_cell` (other columns untouched)."""
    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and (
            out[col].dtype == object or pd.api.types.is_string_dtype(out[col])
        ):
            out[col] = [safe_cell(v) for v in out[col]]
    return out
