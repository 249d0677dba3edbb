"""The vulnerability index engine: frameworks as data, scores, classes, explanation, roll-up."""

from __future__ import annotations

from petarawan.domain.index.aggregate import aggregate_node, aggregate_tree
from petarawan.domain.index.checklist import compute_checklist, evaluate_checklist
from petarawan.domain.index.classify import ClassInfo, class_info, classify_scores
from petarawan.domain.index.compute import IndexResult, LevelResult, compute_index, inputs_hash
from petarawan.domain.index.hierarchy import LEVEL_ORDER, Hierarchy
from petarawan.domain.index.model import ClassScheme, Framework, Indicator, Node

__all__ = [
    "LEVEL_ORDER",
    "ClassInfo",
    "ClassScheme",
    "Framework",
    "Hierarchy",
    "IndexResult",
    "Indicator",
    "LevelResult",
    "Node",
    "aggregate_node",
    "aggregate_tree",
    "class_info",
    "classify_scores",
    "compute_checklist",
    "compute_index",
    "evaluate_checklist",
    "inputs_hash",
]
