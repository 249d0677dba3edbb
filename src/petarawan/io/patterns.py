"""Reading and validating TPS security pattern files (YAML) with errors that name the YAML line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from petarawan.domain.patterns import CATEGORIES, CategoryRule, Pattern
from petarawan.errors import ConfigError, Issue, NotFoundError

__all__ = ["list_patterns", "pattern_path", "read_pattern", "validate_pattern_file"]


class _RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    polri: int = Field(ge=1, description="Polri personnel per group")
    tps: int = Field(ge=1, description="maximum TPS per group")
    linmas: int = Field(ge=0, description="Linmas per group")
    assumed: list[Literal["polri", "tps", "linmas"]] = Field(
        default_factory=list, description="figures no source gives (this project's assumption)"
    )
    note: str = ""


class _PatternModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    source: str = ""
    reserve_share: float = Field(default=1 / 3, ge=0.0, lt=1.0)
    max_group_minutes: float = Field(default=15.0, gt=0.0)
    categories: dict[str, _RuleModel]


def _preset_dir() -> Path:
    return Path(str(resources.files("petarawan") / "frameworks" / "patterns"))


def list_patterns() -> list[Pattern]:
    """Return the shipped pattern presets, sorted by id."""
    return sorted((read_pattern(p) for p in _preset_dir().glob("*.yaml")), key=lambda pat: pat.id)


def pattern_path(name_or_file: str | Path) -> Path:
    """Resolve a preset name (``ttu-pemilu2024``) or a file path to a file.

    Raises
    ------
    NotFoundError
        Neither a file nor a preset of that name exists (the message lists the presets).
    """
    path = Path(name_or_file)
    if path.is_file():
        return path
    preset = _preset_dir() / f"{name_or_file}.yaml"
    if preset.is_file():
        return preset
    names = ", ".join(sorted(p.stem for p in _preset_dir().glob("*.yaml")))
    msg = f"Pola '{name_or_file}' tidak ditemukan: bukan berkas dan bukan preset ({names})."
    raise NotFoundError(msg)


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    current = node
    line = current.start_mark.line + 1 if current is not None else None
    for key in loc:
        if isinstance(current, yaml.MappingNode):
            nxt = None
            for k, v in current.value:
                if str(k.value) == str(key):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            if nxt is None:
                return line
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(current.value):
                return line
            current = current.value[key]
            line = current.start_mark.line + 1
        else:
            return line
    return line


def validate_pattern_file(path: str | Path) -> Pattern:
    """Validate a pattern file fully and return the pattern.

    Parameters
    ----------
    path
        A YAML pattern file.

    Returns
    -------
    Pattern
        The validated pattern.

    Raises
    ------
    ConfigError
        With one issue per problem: file, YAML line (as the row) and field.
    """
    path = Path(path)
    label = path.name
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        msg = f"Pola {label} bukan YAML yang sah."
        raise ConfigError(msg, [Issue(label, row, None, str(exc).splitlines()[0])]) from None
    if not isinstance(data, dict):
        msg = f"Pola {label}: isi harus berupa pemetaan (kunci: nilai)."
        raise ConfigError(msg, [Issue(label, 1, None, f"didapat {type(data).__name__}")])
    issues: list[Issue] = []
    try:
        model = _PatternModel.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            issues.append(
                Issue(
                    label,
                    _line_of(node, loc),
                    ".".join(str(x) for x in loc),
                    f"{err['msg']} (didapat {err.get('input')!r})",
                )
            )
        msg = f"Pola {label} tidak sah: {len(issues)} masalah."
        raise ConfigError(msg, issues) from None
    for cat in model.categories:
        if cat not in CATEGORIES:
            issues.append(
                Issue(
                    label,
                    _line_of(node, ("categories", cat)),
                    f"categories.{cat}",
                    f"kategori tidak dikenal; diharapkan salah satu dari {', '.join(CATEGORIES)}",
                )
            )
    for cat in CATEGORIES:
        if cat not in model.categories:
            issues.append(
                Issue(
                    label,
                    _line_of(node, ("categories",)),
                    "categories",
                    f"kategori '{cat}' tidak ada; setiap pola harus mengatur keempat kategori",
                )
            )
    if issues:
        msg = f"Pola {label} tidak sah: {len(issues)} masalah."
        raise ConfigError(msg, issues)
    return Pattern(
        id=model.id,
        name=model.name,
        rules={
            cat: CategoryRule(
                polri=r.polri, tps=r.tps, linmas=r.linmas, assumed=tuple(r.assumed), note=r.note
            )
            for cat, r in model.categories.items()
        },
        reserve_share=model.reserve_share,
        max_group_minutes=model.max_group_minutes,
        source=model.source,
    )


def read_pattern(name_or_file: str | Path) -> Pattern:
    """Read a pattern by preset name or file path.

    Parameters
    ----------
    name_or_file
        Preset id (``ttu-pemilu2024``, ``pilkada2020-nasional``, ``jateng-pilkada2024``) or a path.

    Returns
    -------
    Pattern
        The validated pattern.

    Raises
    ------
    NotFoundError
        Unknown preset and no such file.
    ConfigError
        The file is invalid.
    """
    return validate_pattern_file(pattern_path(name_or_file))
