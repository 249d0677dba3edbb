"""Rendering finished results: printed maps, the offline web map, the PDF briefing and Excel."""

from __future__ import annotations

from petarawan.render.briefing import Briefing, ClassEntry, assessment_columns, build_briefing

__all__ = ["Briefing", "ClassEntry", "assessment_columns", "build_briefing"]
