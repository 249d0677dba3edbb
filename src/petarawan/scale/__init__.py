"""National scale: synthetic nation, per-region pipeline, runners, roll-up and input hashes."""

from __future__ import annotations

from petarawan.scale.pipeline import PipelineConfig, process_region, run_region
from petarawan.scale.rollup import national_rollup, write_rollup
from petarawan.scale.runner import RunReport, run_nation
from petarawan.scale.synth import NationSources, generate_nation

__all__ = [
    "NationSources",
    "PipelineConfig",
    "RunReport",
    "generate_nation",
    "national_rollup",
    "process_region",
    "run_nation",
    "run_region",
    "write_rollup",
]
