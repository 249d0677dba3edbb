"""Architecture guards: the domain core stays pure; the public API stays exact."""

from __future__ import annotations

import subprocess
import sys

import petarawan


def test_domain_imports_no_io_libraries() -> None:
    # mapclassify (the chosen classification library) imports matplotlib's colour maps itself;
    # what must never happen is the domain loading plotting (pyplot) or any I/O library.
    code = (
        "import sys, importlib, pkgutil\n"
        "import mapclassify\n"
        "preloaded = set(sys.modules)\n"
        "import petarawan.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'petarawan.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('sqlalchemy', 'fastapi', 'matplotlib', 'openpyxl', 'rasterio',"
        " 'weasyprint',"
        " 'typer', 'pyogrio', 'matplotlib.pyplot') if m in sys.modules and m not in preloaded]\n"
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
