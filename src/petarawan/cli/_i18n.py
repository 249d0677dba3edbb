"""Indonesian wording for the help and error texts that Click and Typer print themselves."""

from __future__ import annotations

from typing import Final

_ID: Final[dict[str, str]] = {
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Usage:": "Cara pakai:",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "No such option: {name}": "Opsi tidak dikenal: {name}",
    "No such command {name!r}.": "Perintah {name!r} tidak dikenal.",
    "Invalid value": "Nilai tidak sah",
    "Got unexpected extra argument ({args})": "Argumen tambahan tak terduga ({args})",
    "Got unexpected extra arguments ({args})": "Argumen tambahan tak terduga ({args})",
    "Option {name!r} requires an argument.": "Opsi {name!r} butuh nilai.",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
}
_TYPER: Final[dict[str, str]] = {
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[var. lingkungan: {}]",
    "REQUIRED_LONG_STRING": "[wajib]",
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
}


_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("Missing option", "Opsi wajib belum diisi:"),
    ("Missing argument", "Argumen wajib belum diisi:"),
    ("Missing parameter", "Parameter wajib belum diisi:"),
    ("No such option", "Opsi tidak dikenal"),
    ("No such command", "Perintah tidak dikenal"),
    ("Invalid value for", "Nilai tidak sah untuk"),
    ("env var:", "var. lingkungan:"),
    ("Got unexpected extra arguments", "Argumen tambahan tak terduga"),
    ("Got unexpected extra argument", "Argumen tambahan tak terduga"),
    ("is not one of", "bukan salah satu dari"),
    ("is not a valid", "bukan"),
    ("Did you mean", "Maksud Anda"),
    ("requires an argument", "butuh nilai"),
)


def translate(message: str) -> str:
    """Translate the usual Click error phrases into Indonesian (unknown text is left as is)."""
    for english, indonesian in _PHRASES:
        message = message.replace(english, indonesian)
    return message


def install() -> None:
    """Make Typer (and its bundled Click) print their own help and error texts in Indonesian."""
    import importlib

    import typer.rich_utils as ru

    for name, text in _TYPER.items():
        setattr(ru, name, text)
    try:
        core = importlib.import_module("typer._click.core")
        formatting = importlib.import_module("typer._click.formatting")
    except ImportError:  # an older Typer that uses the click package directly
        return
    original_help = core.Command.get_help_option

    def get_help_option(self: object, ctx: object) -> object:
        option = original_help(self, ctx)
        if option is not None:
            option.help = _ID["Show this message and exit."]
        return option

    core.Command.get_help_option = get_help_option
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: object, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, "Cara pakai: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage
