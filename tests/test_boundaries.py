"""Architecture guards: the domain core stays pure; the public API stays exact."""

from __future__ import annotations

import subprocess
import sys

import petarawan


def test_domain_imports_no_io_libraries() -> None:
    code = (
        "import sys, importlib, pkgutil, petarawan.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'petarawan.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('sqlalchemy', 'fastapi', 'matplotlib', 'openpyxl', 'rasterio',"
        " 'weasyprint',"
        " 'typer', 'pyogrio') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_is_exact() -> None:
    assert set(petarawan.__all__) == {
        "ConfigError",
        "InfeasibleProblemError",
        "InputDataError",
        "Issue",
        "NotFoundError",
        "PermissionDeniedError",
        "PetarawanError",
        "SolverError",
        "__version__",
    }
