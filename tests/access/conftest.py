"""Fixtures for the terrain, accessibility and incident tests."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data_dir() -> Path:
    """The hand-made test files folder."""
    return DATA
