"""The packaged methodology presets (index frameworks and TPS patterns) as YAML files."""

from __future__ import annotations

from pathlib import Path

__all__ = ["preset_dir"]

_KINDS = ("index", "patterns")


def preset_dir(kind: str) -> Path:
    """Return the folder of the packaged presets of ``kind`` ("index" or "patterns")."""
    if kind not in _KINDS:
        msg = f"unknown preset kind {kind!r}; expected one of {_KINDS}"
        raise ValueError(msg)
    return Path(__file__).resolve().parent / kind
