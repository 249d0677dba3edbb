"""Kemendagri region codes and KPU TPS ids: normalisation, level and parent."""

from __future__ import annotations

import re

__all__ = [
    "level_of",
    "normalize_code",
    "parent_of",
    "split_tps_id",
    "tps_id",
]

_SEGMENTS = (2, 2, 2, 4)
_LEVEL_BY_PARTS = {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa"}
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def normalize_code(raw: object) -> str | None:
    """Return a region code in dotted Kemendagri form, or ``None`` if it is not one.

    Accepts ``"53.03.01.2005"``, ``"5303012005"``, ``"53 03 01 2005"``, ``53`` (a number) and the
    same with surrounding spaces; digits-only codes are split by length (2, 4, 6 or 10 digits).

    Examples
    --------
    >>> normalize_code("5303012005")
    '53.03.01.2005'
    >>> normalize_code(" 53.03 ")
    '53.03'
    >>> normalize_code("53.3") is None
    True
    """
    if raw is None:
        return None
    if isinstance(raw, float):
        if not raw.is_integer():  # NaN, inf or fractional
            return None
        raw = int(raw)
    text = str(raw).strip().replace(" ", ".").replace("-", ".")
    if not text:
        return None
    if _DOTTED.match(text):
        return text
    if text.isdigit():
        lengths = {2: 1, 4: 2, 6: 3, 10: 4}
        parts_n = lengths.get(len(text))
        if parts_n is None:
            return None
        parts, pos = [], 0
        for size in _SEGMENTS[:parts_n]:
            parts.append(text[pos : pos + size])
            pos += size
        return ".".join(parts)
    return None


def level_of(code: str) -> str:
    """Return the administrative level of a dotted code (provinsi, kabkota, kecamatan, desa)."""
    return _LEVEL_BY_PARTS[code.count(".") + 1]


def parent_of(code: str) -> str | None:
    """Return the parent's dotted code, or ``None`` for a province."""
    if "." not in code:
        return None
    return code.rsplit(".", 1)[0]


def tps_id(desa_code: str, number: int) -> str:
    """Return the KPU TPS id: the 10-digit desa code followed by the 3-digit TPS number.

    Examples
    --------
    >>> tps_id("53.03.01.2005", 1)
    '5303012005001'
    """
    return f"{desa_code.replace('.', '')}{int(number):03d}"


def split_tps_id(raw: object) -> tuple[str, int] | None:
    """Split a KPU TPS id into (dotted desa code, TPS number), or ``None`` if malformed."""
    text = str(raw).strip().replace(".", "")
    if len(text) != 13 or not text.isdigit():
        return None
    desa = normalize_code(text[:10])
    if desa is None:
        return None
    return desa, int(text[10:])
