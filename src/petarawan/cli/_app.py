"""The Typer application objects every command module registers on."""

from __future__ import annotations

import typer

from petarawan.cli import _i18n

_i18n.install()

app = typer.Typer(
    name="petarawan",
    help="petarawan — pemetaan kerawanan dan perencanaan pengamanan Pilkada.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(
    help="Impor data dari berkas (CSV, XLSX, GeoJSON, GPKG, SHP, KML, GeoTIFF).",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

state: dict[str, object] = {"debug": False, "lang": "id"}
