"""What templates use to show values to people: labels, dates in the workspace zone, names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from petarawan import formatting, labels

__all__ = ["View"]


@dataclass(frozen=True)
class View:
    """Formatting bound to one request's language, the workspace's zone and region names.

    Parameters
    ----------
    lang
        ``"id"`` or ``"en"``.
    tz
        The workspace's IANA zone (``Asia/Makassar``).
    names
        Region code → name (desa, kecamatan …).
    """

    lang: str = "id"
    tz: str = formatting.DEFAULT_TZ
    names: Mapping[str, str] = field(default_factory=dict)

    def dt(self, value: datetime | str | None) -> str:
        """Format a stored (UTC) time, or its ISO text, as ``14 Feb 2024 13.30 WITA``."""
        if isinstance(value, str):
            try:
                parsed: datetime | None = datetime.fromisoformat(value)
            except ValueError:
                return value
        else:
            parsed = value
        return formatting.format_datetime(parsed, self.tz, self.lang)

    def day(self, value: date | datetime | str | None) -> str:
        """Format a day (or its ISO text) as ``14 Feb 2024``."""
        if isinstance(value, str):
            try:
                return formatting.format_date(date.fromisoformat(value[:10]), self.lang)
            except ValueError:
                return value
        return formatting.format_date(value, self.lang)

    def count(self, value: float | None) -> str:
        """Format a whole number as ``1.234``."""
        return formatting.format_int(value, self.lang)

    def num(self, value: float | None, digits: int = 1) -> str:
        """Format a decimal number as ``1.234,5``."""
        return formatting.format_number(value, digits, self.lang)

    def label(self, vocabulary: str, value: str | None) -> str:
        """Return the label of a vocabulary id."""
        return labels.label(vocabulary, value, self.lang)

    def choices(self, vocabulary: str) -> list[tuple[str, str]]:
        """Return ``(id, label)`` pairs for a select box."""
        return labels.choices(vocabulary, self.lang)

    def region_name(self, code: str | None) -> str:
        """Return the name of a region (its code when the name is unknown)."""
        if not code:
            return "–"
        return self.names.get(code, code)

    def region(self, code: str | None) -> Markup:
        """Return a region's name with its code small beside it (and on hover)."""
        if not code:
            return Markup("–")
        name = self.names.get(code)
        if name is None:
            return Markup('<span class="code">{}</span>').format(code)
        return Markup('<span title="{}">{} <small class="code">{}</small></span>').format(
            code, escape(name), code
        )


def audit_change(
    view: View, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str:
    """Summarise an audit entry for people: ``Status: Baru → Diakui; Ditugaskan kepada: Budi``.

    Only fields with a label are shown; values are labelled and times formatted.
    """
    before = before or {}
    after = after or {}
    parts: list[str] = []
    for key in after:
        if key not in labels.FIELDS["id"]:
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        shown = _value(view, key, new)
        if key in before:
            shown = f"{_value(view, key, old)} → {shown}"
        parts.append(f"{view.label('field', key)}: {shown}")
    return "; ".join(parts[:6])


def _value(view: View, key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    vocab = labels.FIELD_VOCABULARY.get(key)
    if key == "role" and str(value) in labels.ROLES["id"]:
        vocab = "role"  # a user's role, not a stakeholder's
    if vocab is not None:
        return view.label(vocab, str(value))
    if key in {"desa_code", "region_code"}:
        return view.region_name(str(value))
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and "T" in value:
        try:
            return view.dt(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return view.count(value) if float(value).is_integer() else view.num(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"
