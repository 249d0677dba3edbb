"""Rendering finished results: printed maps, the offline web map, the PDF briefing and Excel.

Renderers draw a :class:`Briefing` (gathered by :mod:`petarawan.services.briefing`); nothing in
this package reads the store.
"""

from __future__ import annotations

from petarawan.render.briefing import Briefing, ClassEntry

__all__ = ["Briefing", "ClassEntry"]
