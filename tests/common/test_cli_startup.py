"""The CLI builds every command without importing the heavy libraries it uses later."""

from __future__ import annotations

import subprocess
import sys


def test_every_command_signature_evaluates() -> None:
    """Typer reads each command's annotations: names they use must exist at import time."""
    import typer.main

    from petarawan import cli

    cli._register()
    group = typer.main.get_command(cli.app)

    def count(cmd: object) -> int:
        subs = getattr(cmd, "commands", {})
        return len(subs) + sum(count(c) for c in subs.values())

    assert count(group) > 40


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, petarawan.cli as c; c._register(); "
        "heavy = ('geopandas', 'scipy', 'matplotlib', 'sqlalchemy', 'pandas', 'numpy', 'alembic'); "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
