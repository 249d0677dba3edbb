"""Layer rules the import-linter contracts do not express: no private name crosses packages.

A private name (``_x``: a module or anything defined in one) belongs to the package that holds
it; modules of that package and its subpackages may import it, nobody else.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _module_name(path: Path) -> tuple[str, str]:
    """Return (module, package) of a source file."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _is_package(dotted: str) -> bool:
    return (SRC / Path(*dotted.split(".")) / "__init__.py").is_file()


def _owner(dotted: str) -> str | None:
    """The package that owns the first private part of ``a.b._c.d`` (None when all public)."""
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            holder = ".".join(parts[:i])
            return holder if _is_package(holder) else holder.rsplit(".", 1)[0]
    return None


def private_imports_across_packages(root: Path = SRC / "petarawan") -> list[str]:
    """Return ``file:line importer <- name`` for every private name imported from outside."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module, package = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] == "petarawan":
                    names = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.split(".")[0] == "petarawan"]
            for name in names:
                owner = _owner(name)
                if owner is None or package == owner or package.startswith(owner + "."):
                    continue
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {module} <- {name}")
    return found


def test_no_private_name_is_imported_across_packages() -> None:
    assert private_imports_across_packages() == []


def test_the_rule_sees_private_modules_and_names(tmp_path: Path) -> None:
    assert _owner("petarawan.render._text.tr") == "petarawan.render"
    assert _owner("petarawan.domain.plan._pools") == "petarawan.domain"
    assert _owner("petarawan.domain.index.compute._x") == "petarawan.domain.index"
    assert _owner("petarawan.domain.plan.plan_deployment") is None
