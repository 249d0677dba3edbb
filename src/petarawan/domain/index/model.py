"""The framework model: a hierarchical index described as data and validated by pydantic."""

from __future__ import annotations

import ast
import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "AGGREGATIONS",
    "IMPUTATIONS",
    "NORMALISATIONS",
    "TRANSFORMS",
    "ChecklistCondition",
    "ChecklistItem",
    "ChecklistRule",
    "ChecklistRuleSet",
    "ChecklistSpec",
    "ChecklistVariable",
    "ClassBand",
    "ClassScheme",
    "Framework",
    "Indicator",
    "Node",
    "RollupSpec",
    "TreatmentSpec",
    "UncertaintySpec",
]

Level = str
AGGREGATIONS = (
    "arithmetic",
    "geometric",
    "harmonic",
    "max",
    "complement_geometric",
    "weighted_max",
)
NORMALISATIONS = (
    "none",
    "min-max",
    "z-score",
    "rank-percentile",
    "goalposts",
    "binary",
    "distance-to-target",
)
IMPUTATIONS = ("none-and-flag", "median", "group-mean", "zero")
TRANSFORMS = ("none", "log", "winsorise")
ROLLUP_INDICATOR = ("sum", "mean", "max", "share")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClassBand(_Strict):
    """One class of a fixed scheme: scores in ``[lower, upper]`` get ``id``."""

    id: str
    label_id: str
    label_en: str
    lower: float
    upper: float
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class ClassScheme(_Strict):
    """A class scheme: fixed bounds per level, or data-driven through mapclassify."""

    type: Literal["fixed", "fisher_jenks", "quantiles", "equal_interval"] = "fixed"
    bands: list[ClassBand] = Field(default_factory=list)
    bands_by_level: dict[Level, list[ClassBand]] = Field(default_factory=dict)
    k: int = Field(default=3, ge=2, le=12)
    ids: list[str] = Field(default_factory=list)
    labels_id: list[str] = Field(default_factory=list)
    labels_en: list[str] = Field(default_factory=list)
    colours: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> ClassScheme:
        if self.type == "fixed":
            if not self.bands and not self.bands_by_level:
                msg = "a fixed class scheme needs 'bands' or 'bands_by_level'"
                raise ValueError(msg)
            for bands in [self.bands, *self.bands_by_level.values()]:
                lows = [b.lower for b in bands]
                if lows != sorted(lows):
                    msg = f"class bands must be ordered by 'lower', got {lows}"
                    raise ValueError(msg)
        else:
            for name in ("ids", "labels_id", "labels_en", "colours"):
                values = getattr(self, name)
                if values and len(values) != self.k:
                    msg = f"'{name}' has {len(values)} entries, expected k = {self.k}"
                    raise ValueError(msg)
        return self

    def bands_for(self, level: str) -> list[ClassBand]:
        """Return the fixed bands that apply at ``level``."""
        return self.bands_by_level.get(level, self.bands)


class TreatmentSpec(_Strict):
    """COINr-style outlier treatment for indicators with ``transform: winsorise``."""

    skew: float = 2.0
    kurtosis: float = 3.5
    winmax_share: float = Field(default=0.1, gt=0, le=0.5)
    fallback: Literal["ctlog", "log", "none"] = "ctlog"


_ARITHMETIC = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.UAdd,
    ast.USub,
)


def derived_names(expression: str) -> list[str]:
    """Return the column names a derived expression uses.

    Raises
    ------
    ValueError
        When the expression is not plain arithmetic over column names and numbers (a syntax
        error, a function call, an attribute, a string …).

    Examples
    --------
    >>> derived_names("voters / area_km2")
    ['area_km2', 'voters']
    """
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        msg = f"ungkapan turunan '{expression}' tidak sah: {exc.msg} (kolom {exc.offset})"
        raise ValueError(msg) from None
    for node in ast.walk(tree):
        number = isinstance(node, ast.Constant) and type(node.value) in (int, float)
        if not isinstance(node, _ARITHMETIC) or (isinstance(node, ast.Constant) and not number):
            what = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
            msg = (
                f"ungkapan turunan '{expression}' memakai '{what}'; yang boleh hanya nama kolom, "
                "angka dan + - * / // % **"
            )
            raise ValueError(msg)
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)})


class Indicator(_Strict):
    """A leaf of the tree: one measured quantity."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name_id: str
    name_en: str
    parent: str
    level: Level = "tps"
    source: str | None = None
    derived: str | None = Field(
        default=None,
        description="arithmetic expression over the level's columns, e.g. 'voters / area_km2'",
        max_length=200,
    )
    direction: Literal[1, -1] = 1
    unit: str = ""
    unit_en: str | None = None
    transform: Literal["none", "log", "winsorise"] = "none"
    normalisation: Literal[
        "none",
        "min-max",
        "z-score",
        "rank-percentile",
        "goalposts",
        "binary",
        "distance-to-target",
    ] = "min-max"
    goalposts: tuple[float, float] | None = None
    target: float | None = None
    threshold: float | None = None
    imputation: Literal["none-and-flag", "median", "group-mean", "zero"] = "none-and-flag"
    weight: float = Field(default=1.0, ge=0)
    denominator: str | None = None
    rollup: Literal["sum", "mean", "max", "share"] = "mean"

    @property
    def column(self) -> str:
        """The input column this indicator reads."""
        return self.source or self.id

    @field_validator("derived")
    @classmethod
    def _arithmetic(cls, value: str | None) -> str | None:
        if value is not None:
            derived_names(value)
        return value

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        if self.normalisation == "goalposts" and self.goalposts is None:
            msg = "normalisation 'goalposts' needs 'goalposts: [low, high]'"
            raise ValueError(msg)
        if self.normalisation == "distance-to-target" and self.target is None:
            msg = "normalisation 'distance-to-target' needs 'target'"
            raise ValueError(msg)
        if self.goalposts is not None and self.goalposts[0] == self.goalposts[1]:
            msg = "goalposts must differ"
            raise ValueError(msg)
        return self


class Node(_Strict):
    """An aggregate of indicators or other nodes (dimension, sub-dimension, index)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name_id: str
    name_en: str
    parent: str | None = None
    weight: float = Field(default=1.0, ge=0)
    aggregation: Literal[
        "arithmetic", "geometric", "harmonic", "max", "complement_geometric", "weighted_max"
    ] = "arithmetic"
    complement: float | None = Field(
        default=None,
        gt=0,
        description=(
            "c of 'complement_geometric', c - GM(c - x) (default: the framework scale); INFORM "
            "uses 11 on its 0-10 scale"
        ),
    )
    classes: str | None = None


class RollupSpec(_Strict):
    """How scores reach the levels above the computed ones."""

    method: Literal["recompute", "max", "voter_weighted_mean", "mean", "share"] = "max"
    levels: list[Level] = Field(default_factory=list)
    share_class: str | None = None
    weight_column: str = "voters"
    bands_level: str | None = Field(
        default=None,
        description="the level whose class bands class a rolled-up score (default: its own level)",
    )
    method_id: str = Field(default="", description="name of the roll-up method shown to users")
    method_en: str = ""
    assumption: bool = Field(
        default=False, description="the roll-up rule is this project's assumption, not published"
    )


class UncertaintySpec(_Strict):
    """Monte Carlo settings (the JRC/COINr practice)."""

    draws: int = Field(default=1000, ge=10, le=100_000)
    seed: int = 20241127
    weight_spread: float = Field(default=0.25, ge=0, lt=1)
    normalisations: list[str] = Field(default_factory=lambda: ["min-max", "rank-percentile"])
    imputations: list[str] = Field(default_factory=lambda: ["median", "zero"])
    stable_threshold: float = Field(default=0.8, gt=0, le=1)


class ChecklistItem(_Strict):
    """One yes/no indicator of a checklist variable (a plain id in YAML is a national one)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name_id: str = ""
    name_en: str = ""
    optional: bool = Field(
        default=False,
        description="a regional addition, not in the national list; never counted in rawan_count",
    )
    region: str = ""
    source: str = ""


class ChecklistVariable(_Strict):
    """A checklist variable: flagged when any of its yes/no indicators is true."""

    id: str
    name_id: str
    name_en: str
    indicators: list[str | ChecklistItem]

    def items(self) -> list[ChecklistItem]:
        """Return the indicators as :class:`ChecklistItem` (plain ids become national items)."""
        return [i if isinstance(i, ChecklistItem) else ChecklistItem(id=i) for i in self.indicators]

    def ids(self) -> list[str]:
        """Return the indicator ids, national and optional."""
        return [i.id for i in self.items()]


class ChecklistCondition(_Strict):
    """A derived yes/no criterion: a numeric column at or above a threshold (e.g. travel time)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name_id: str
    name_en: str
    column: str
    min: float


class ChecklistRule(_Strict):
    """A rule proposing a TPS category; the first matching rule of a rule set wins.

    A rule matches when at least ``min_variables`` variables and ``min_flags`` indicators are
    flagged, every variable in ``requires`` is flagged, every criterion in ``all_of`` holds, at
    least ``min_any`` criteria of ``any_of`` hold and one criterion of every ``each_of`` group
    holds. A criterion is an indicator id (column ``<prefix><id>``), a condition id of the rule
    set, or a yes/no column of the TPS table.
    """

    category: str
    min_variables: int = 0
    min_flags: int = 0
    requires: list[str] = Field(default_factory=list)
    all_of: list[str] = Field(default_factory=list)
    any_of: list[str] = Field(default_factory=list)
    min_any: int = Field(default=1, ge=1)
    each_of: list[list[str]] = Field(
        default_factory=list, description="groups of criteria: at least one of every group holds"
    )
    reason_id: str = ""
    reason_en: str = ""


class ChecklistRuleSet(_Strict):
    """A named set of category rules with its standing (proposal, assumption, published rule)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name_id: str
    name_en: str
    status: Literal["proposal", "assumption", "published"] = "proposal"
    basis: str = ""
    conditions: list[ChecklistCondition] = Field(default_factory=list)
    rules: list[ChecklistRule]


class ChecklistSpec(_Strict):
    """Yes/no conditions per TPS, counted per variable, with rule sets proposing a category.

    ``rules`` (one unnamed rule set) is kept for framework files written before rule sets;
    ``rule_set`` names the set whose category is *the* category (default: the first).
    """

    column_prefix: str = "rawan_"
    variables: list[ChecklistVariable]
    rules: list[ChecklistRule] = Field(default_factory=list)
    rule_sets: list[ChecklistRuleSet] = Field(default_factory=list)
    rule_set: str | None = None
    default: str = "kurang_rawan"
    khusus_column: str = "khusus"
    khusus_category: str = "khusus"

    @model_validator(mode="after")
    def _check(self) -> ChecklistSpec:
        if not self.rules and not self.rule_sets:
            msg = "a checklist needs 'rule_sets' (or 'rules')"
            raise ValueError(msg)
        ids = [s.id for s in self.all_rule_sets()]
        if len(set(ids)) != len(ids):
            msg = f"rule set ids must be unique, got {ids}"
            raise ValueError(msg)
        if self.rule_set is not None and self.rule_set not in ids:
            msg = f"rule_set '{self.rule_set}' is not one of {ids}"
            raise ValueError(msg)
        var_ids = {v.id for v in self.variables}
        for rs in self.all_rule_sets():
            for rule in rs.rules:
                bad = [r for r in rule.requires if r not in var_ids]
                if bad:
                    msg = f"rule set '{rs.id}' requires unknown variables {bad}"
                    raise ValueError(msg)
        return self

    def all_rule_sets(self) -> list[ChecklistRuleSet]:
        """Return the rule sets (an unnamed ``rules`` list becomes the set ``rules``)."""
        if self.rule_sets:
            return list(self.rule_sets)
        return [ChecklistRuleSet(id="rules", name_id="aturan", name_en="rules", rules=self.rules)]

    def active_rule_set(self) -> ChecklistRuleSet:
        """Return the rule set whose category is the TPS category."""
        sets = self.all_rule_sets()
        if self.rule_set is None:
            return sets[0]
        return next(s for s in sets if s.id == self.rule_set)

    def national_ids(self) -> list[str]:
        """Return the ids of the national (not optional) indicators, in order."""
        return [i.id for v in self.variables for i in v.items() if not i.optional]

    def categories(self) -> list[str]:
        """Return the categories from the default up to the most severe of the active set."""
        cats = [self.default] + [r.category for r in reversed(self.active_rule_set().rules)]
        return list(dict.fromkeys(cats))


class Framework(_Strict):
    """A hierarchical index framework (or a checklist framework for ``kind: checklist``)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name_id: str
    name_en: str
    version: str = "1"
    kind: Literal["index", "checklist"] = "index"
    description: str = ""
    notes: list[str] = Field(default_factory=list)
    scale: Literal[10, 100] = 100
    levels: list[Level] = Field(default_factory=lambda: ["tps"])
    group_column: str | None = None
    treatment: TreatmentSpec = Field(default_factory=TreatmentSpec)
    class_schemes: dict[str, ClassScheme] = Field(default_factory=dict)
    nodes: list[Node] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    rollup: RollupSpec = Field(default_factory=RollupSpec)
    uncertainty: UncertaintySpec = Field(default_factory=UncertaintySpec)
    checklist: ChecklistSpec | None = None
    official_indicator: str | None = Field(
        default=None,
        description=(
            "indicator holding a published score of the root (e.g. an IPKP score per kab/kota); "
            "where present it wins over the computed score, its source read from "
            "'<indicator>_sumber'"
        ),
    )

    @model_validator(mode="after")
    def _check_tree(self) -> Framework:
        if self.kind == "checklist":
            if self.checklist is None:
                msg = "kind 'checklist' needs a 'checklist' section"
                raise ValueError(msg)
            return self
        node_ids = [n.id for n in self.nodes]
        ind_ids = [i.id for i in self.indicators]
        dup = sorted({x for x in node_ids + ind_ids if (node_ids + ind_ids).count(x) > 1})
        if dup:
            msg = f"ids must be unique across nodes and indicators; repeated: {dup}"
            raise ValueError(msg)
        roots = [n.id for n in self.nodes if n.parent is None]
        if len(roots) != 1:
            msg = f"exactly one node must have no parent (the root); found {roots or 'none'}"
            raise ValueError(msg)
        known = set(node_ids)
        items: list[Node | Indicator] = [*self.nodes, *self.indicators]
        for item in items:
            if item.parent is not None and item.parent not in known:
                msg = f"'{item.id}' has parent '{item.parent}', which is not a node id"
                raise ValueError(msg)
        for node in self.nodes:
            if node.classes is not None and node.classes not in self.class_schemes:
                msg = (
                    f"node '{node.id}' uses class scheme '{node.classes}', "
                    f"not one of {sorted(self.class_schemes)}"
                )
                raise ValueError(msg)
        parents = {n.id: n.parent for n in self.nodes}
        for start in node_ids:
            seen: set[str] = set()
            cur: str | None = start
            while cur is not None:
                if cur in seen:
                    msg = f"the node tree has a cycle through '{cur}'"
                    raise ValueError(msg)
                seen.add(cur)
                cur = parents[cur]
        has_child = {i.parent for i in self.indicators} | {n.parent for n in self.nodes}
        empty = [n for n in node_ids if n not in has_child]
        if empty:
            msg = f"nodes without indicators or child nodes: {empty}"
            raise ValueError(msg)
        return self

    @property
    def root(self) -> str:
        """The id of the root node."""
        return next(n.id for n in self.nodes if n.parent is None)

    def node(self, node_id: str) -> Node:
        """Return the node with ``node_id``."""
        return next(n for n in self.nodes if n.id == node_id)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with ``indicator_id``."""
        return next(i for i in self.indicators if i.id == indicator_id)

    def children(self, node_id: str) -> list[str]:
        """Ids of the direct children (nodes first, then indicators) of ``node_id``."""
        return [n.id for n in self.nodes if n.parent == node_id] + [
            i.id for i in self.indicators if i.parent == node_id
        ]

    def node_order(self) -> list[str]:
        """Node ids ordered bottom-up (children before parents)."""
        depth: dict[str, int] = {}
        parents = {n.id: n.parent for n in self.nodes}
        for nid, first in parents.items():
            d, cur = 0, first
            while cur is not None:
                d, cur = d + 1, parents[cur]
            depth[nid] = d
        return sorted(parents, key=lambda n: -depth[n])

    def scheme_for(self, node_id: str) -> ClassScheme | None:
        """Return the class scheme of a node (the root falls back to a scheme named 'default')."""
        node = self.node(node_id)
        if node.classes is not None:
            return self.class_schemes[node.classes]
        if node_id == self.root and "default" in self.class_schemes:
            return self.class_schemes["default"]
        return None

    def canonical_json(self) -> str:
        """Return the canonical JSON text of the framework (sorted keys, no spaces)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def sha256(self) -> str:
        """Return the framework hash: sha256 of :meth:`canonical_json`."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def with_weights(self, weights: dict[str, float]) -> Framework:
        """Return a copy with some node/indicator weights replaced."""
        nodes = [n.model_copy(update={"weight": weights.get(n.id, n.weight)}) for n in self.nodes]
        inds = [
            i.model_copy(update={"weight": weights.get(i.id, i.weight)}) for i in self.indicators
        ]
        return self.model_copy(update={"nodes": nodes, "indicators": inds})


Weights = Annotated[dict[str, float], "weights by node/indicator id"]
