"""Reading, validating and writing index framework YAML files, with errors at their YAML line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from petarawan.domain.index.model import Framework
from petarawan.errors import ConfigError, Issue, NotFoundError
from petarawan.frameworks import preset_dir

__all__ = [
    "find_framework",
    "list_frameworks",
    "load_framework",
    "parse_framework",
    "write_framework",
]


def _line_of(node: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """Return the 1-based YAML line of the deepest node reachable along ``path``."""
    line = node.start_mark.line + 1 if node is not None else None
    cur = node
    for key in path:
        if isinstance(cur, yaml.MappingNode):
            nxt = None
            for k, v in cur.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            if nxt is None:
                break
            cur = nxt
        elif isinstance(cur, yaml.SequenceNode) and isinstance(key, int) and key < len(cur.value):
            cur = cur.value[key]
            line = cur.start_mark.line + 1
        else:
            break
    return line


def _line_of_id(node: yaml.Node | None, message: str) -> tuple[int | None, str | None]:
    """Find the YAML line of the first node/indicator whose id is quoted in ``message``."""
    if not isinstance(node, yaml.MappingNode):
        return None, None
    quoted = re.findall(r"'([^']+)'", message)
    for key, value in node.value:
        if key.value not in ("nodes", "indicators") or not isinstance(value, yaml.SequenceNode):
            continue
        for i, item in enumerate(value.value):
            if not isinstance(item, yaml.MappingNode):
                continue
            for k, v in item.value:
                if k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value in quoted:
                    return item.start_mark.line + 1, f"{key.value}[{i}] ({v.value})"
    return None, None


def _describe(path: tuple[Any, ...], data: Any) -> str:
    """Readable location: ``indicators[3] (travel_time_min).weight``."""
    parts: list[str] = []
    cur = data
    for key in path:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(cur, list) and key < len(cur) and isinstance(cur[key], dict):
                ident = cur[key].get("id")
                if ident:
                    label += f" ({ident})"
            parts.append(label)
            cur = cur[key] if isinstance(cur, list) and key < len(cur) else None
        else:
            parts.append(("." if parts else "") + str(key))
            cur = cur.get(key) if isinstance(cur, dict) else None
    return "".join(parts) or "(berkas)"


def parse_framework(text: str, *, source: str = "<teks>") -> Framework:
    """Validate framework YAML text; every problem is reported with its YAML line.

    Raises
    ------
    ConfigError
        With one :class:`~petarawan.errors.Issue` per problem (file, line, field, message).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = f"{source}: bukan YAML yang sah"
        raise ConfigError(msg, [Issue(source, line, None, str(exc).replace("\n", " "))]) from exc
    if not isinstance(data, dict):
        kind = type(data).__name__
        msg = f"{source}: berkas kerangka harus berupa mapping YAML (kunci: nilai), bukan {kind}"
        raise ConfigError(msg, [Issue(source, 1, None, "diharapkan mapping di tingkat atas")])
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            loc = tuple(
                p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))
            )
            where = _describe(loc, data)
            got = err.get("input")
            seen = "" if isinstance(got, dict | list) else f" (terlihat: {got!r})"
            line = _line_of(node, loc)
            if not loc:  # a whole-tree rule: point at the node or indicator it names
                found, label = _line_of_id(node, str(err["msg"]))
                if found is not None:
                    line, where = found, label or where
                seen = ""
            issues.append(Issue(source, line, where, f"{err['msg']}{seen}"))
        msg = f"{source}: kerangka indeks tidak sah ({len(issues)} masalah)"
        raise ConfigError(msg, issues) from exc


def load_framework(path: Path | str) -> Framework:
    """Read and validate a framework YAML file."""
    p = Path(path)
    if not p.is_file():
        msg = f"Berkas kerangka tidak ditemukan: {p}"
        raise NotFoundError(msg)
    return parse_framework(p.read_text(encoding="utf-8"), source=str(p))


def list_frameworks() -> dict[str, Path]:
    """Return the shipped presets: name -> YAML path."""
    return {p.stem: p for p in sorted(preset_dir("index").glob("*.yaml"))}


def find_framework(name_or_path: str | Path) -> Framework:
    """Load a preset by name (``kamtibmas``) or a framework file by path."""
    presets = list_frameworks()
    key = str(name_or_path)
    if key in presets:
        return load_framework(presets[key])
    p = Path(key)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return load_framework(p)
    msg = f"Kerangka '{key}' tidak dikenal. Pilihan: {', '.join(presets)} atau path berkas .yaml."
    raise NotFoundError(msg)


def write_framework(framework: Framework, path: Path | str) -> Path:
    """Write a framework as YAML (the canonical content; comments are not kept)."""
    p = Path(path)
    data = framework.model_dump(mode="json", exclude_defaults=True)
    for key in ("id", "name_id", "name_en"):
        data.setdefault(key, getattr(framework, key))
    p.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    return p
