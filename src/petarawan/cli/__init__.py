"""Command-line entry point: ``petarawan …``.

Each concern registers its commands in its own module on the shared application in ``_app``;
this module imports them and maps errors to exit codes (2 for input/config errors, 1 otherwise).
"""

from __future__ import annotations

import sys
import traceback

import typer
from rich.console import Console

from petarawan.cli._app import app, state
from petarawan.errors import (
    ConfigError,
    InputDataError,
    NotFoundError,
    PermissionDeniedError,
    PetarawanError,
)

__all__ = ["app", "main"]

try:  # Typer bundles its own Click; fall back to the click package for older Typer releases
    from typer._click import exceptions as _click_exceptions
except ImportError:  # pragma: no cover
    from click import exceptions as _click_exceptions  # type: ignore[no-redef]

_USER_ERRORS = (InputDataError, ConfigError, NotFoundError, PermissionDeniedError)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Tampilkan traceback lengkap saat galat."),
) -> None:
    """Pemetaan kerawanan dan perencanaan pengamanan Pilkada."""
    state["debug"] = debug


def _register() -> None:
    """Import every public module of this package; each registers its commands on ``app``."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    _register()
    err = Console(stderr=True)
    try:
        app(args=argv, standalone_mode=False)
    except PetarawanError as exc:
        if state.get("debug"):
            traceback.print_exc()
        _print_error(err, exc)
        return 2 if isinstance(exc, _USER_ERRORS) else 1
    except _click_exceptions.ClickException as exc:  # usage errors: missing option, bad value …
        from petarawan.cli._i18n import translate

        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            err.print(ctx.get_usage().replace("Usage:", "Cara pakai:"), highlight=False)
            err.print(f"Lihat '{ctx.command_path} --help' untuk bantuan.", highlight=False)
        err.print(f"[bold red]Galat:[/bold red] {translate(exc.format_message())}", highlight=False)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err.print("Dibatalkan.")
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:
        if state.get("debug"):
            traceback.print_exc()
        else:
            err.print(f"[red]Galat tak terduga:[/red] {type(exc).__name__}: {exc}")
            err.print("Jalankan ulang dengan --debug untuk melihat traceback.")
        return 1
    return 0


def _print_error(err: Console, exc: PetarawanError) -> None:
    from petarawan.cli._common import issues_table

    issues = getattr(exc, "issues", None)
    summary = getattr(exc, "summary", str(exc))
    err.print(f"[bold red]Galat:[/bold red] {summary}")
    if issues:
        err.print(issues_table(issues))
        if len(issues) > 200:
            err.print(f"… dan {len(issues) - 200} masalah lain.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
