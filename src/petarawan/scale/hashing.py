"""Content hashes of each region's inputs, so a re-run recomputes only what changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from petarawan.scale.pipeline import PipelineConfig, output_paths
from petarawan.scale.synth import TABLES, partition_path

__all__ = [
    "PIPELINE_VERSION",
    "STATE_FILE",
    "load_state",
    "region_hash",
    "save_state",
    "stale_regions",
]

#: Bumped whenever the per-region computation changes meaning (invalidates every hash).
PIPELINE_VERSION = "1"
STATE_FILE = "state.json"


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    if not path.is_file():
        return "absent"
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def region_hash(data: Path, code: str, config: PipelineConfig) -> str:
    """Return the SHA-256 of a region's input files, the pipeline parameters and version."""
    h = hashlib.sha256()
    h.update(f"petarawan-scale/{PIPELINE_VERSION}\n".encode())
    h.update(json.dumps(config.to_dict(), sort_keys=True).encode())
    for table in TABLES:
        h.update(f"\n{table}:".encode())
        h.update(_file_digest(partition_path(Path(data), table, code)).encode())
    return h.hexdigest()


def load_state(out: Path) -> dict[str, Any]:
    """Read ``out/state.json`` (empty state if there is none or it is unreadable)."""
    path = Path(out) / STATE_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {"regions": {}}
    data.setdefault("regions", {})
    return data


def save_state(out: Path, state: dict[str, Any]) -> None:
    """Write ``out/state.json`` atomically."""
    path = Path(out) / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), "utf-8")
    tmp.replace(path)


def stale_regions(
    data: Path, out: Path, codes: list[str], config: PipelineConfig
) -> tuple[list[str], dict[str, str]]:
    """Return the regions whose inputs changed (or whose outputs are missing) and every hash."""
    state = load_state(out)
    known: dict[str, str] = state["regions"]
    hashes = {code: region_hash(data, code, config) for code in codes}
    stale = [
        code
        for code in codes
        if known.get(code) != hashes[code]
        or not all(p.is_file() for p in output_paths(Path(out), code).values())
    ]
    return stale, hashes
