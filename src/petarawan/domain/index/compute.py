"""Computing a framework over tables of units: scores, ranks, classes, contributions, roll-up."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from petarawan.domain.index.aggregate import aggregate_tree
from petarawan.domain.index.classify import class_info, classify_scores
from petarawan.domain.index.hierarchy import Hierarchy, level_rank
from petarawan.domain.index.model import Framework, Indicator, derived_names
from petarawan.domain.index.transform import impute, normalise, treat
from petarawan.domain.records.assessment import AssessmentPayload

__all__ = [
    "IndexInputs",
    "IndexResult",
    "LevelResult",
    "compute_index",
    "inputs_hash",
    "prepare_level",
]


@dataclass
class LevelResult:
    """Everything computed at one level; every frame is indexed by unit code."""

    level: str
    method: str
    scores: pd.DataFrame
    rank: pd.Series
    classes: pd.DataFrame
    raw: pd.DataFrame = field(default_factory=pd.DataFrame)
    normalised: pd.DataFrame = field(default_factory=pd.DataFrame)
    imputed: pd.DataFrame = field(default_factory=pd.DataFrame)
    contributions: pd.DataFrame = field(default_factory=pd.DataFrame)
    class_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    extra: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class IndexResult:
    """The result of :func:`compute_index`.

    ``missing`` lists, per level, the indicators absent from the inputs (handled by the
    framework's imputation/flags); ``treatments`` records the outlier treatment applied.
    """

    framework: Framework
    levels: dict[str, LevelResult]
    missing: dict[str, list[str]]
    treatments: dict[str, dict[str, str]]
    warnings: list[str]

    @property
    def root(self) -> str:
        """The root node id (``score`` for checklist frameworks)."""
        return self.framework.root if self.framework.kind == "index" else "score"

    def table(self, level: str) -> pd.DataFrame:
        """One row per unit: every node score, the root's rank and class."""
        lr = self.levels[level]
        out = lr.scores.copy()
        out["rank"] = lr.rank
        if self.root in lr.classes:
            out["class"] = lr.classes[self.root]
        for col in lr.extra.columns:
            out[col] = lr.extra[col]
        return out

    def summary(self, *, lang: str = "id") -> list[str]:
        """Summary sentences per level, e.g. "2 dari 24 kecamatan sangat rawan"."""
        out = []
        scheme = self.framework.scheme_for(self.root) if self.framework.kind == "index" else None
        for level, lr in self.levels.items():
            if self.root not in lr.classes:
                continue
            counts = lr.classes[self.root].value_counts()
            n = int(lr.classes[self.root].notna().sum())
            if scheme is not None:
                infos = class_info(scheme, level)
            else:
                spec = self.framework.checklist
                cats = spec.categories() if spec else []
                infos = [_checklist_info(c) for c in dict.fromkeys(cats)]
            if not infos:
                continue
            top = infos[-1]
            k = int(counts.get(top.id, 0))
            label = top.label_id.lower() if lang == "id" else top.label_en.lower()
            name = _LEVEL_NAMES[lang].get(level, level)
            text = f"{k} dari {n} {name} {label}" if lang == "id" else f"{k} of {n} {name} {label}"
            if len(infos) >= 3:
                mid = infos[-2]
                k2 = int(counts.get(mid.id, 0))
                mid_label = mid.label_id.lower() if lang == "id" else mid.label_en.lower()
                text += f", {k2} {mid_label}"
            out.append(text)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (NaN -> None) for storing the result as a snapshot."""
        levels: dict[str, Any] = {}
        for level, lr in self.levels.items():
            levels[level] = {
                "method": lr.method,
                "table": _split(self.table(level)),
                "contributions": _split(lr.contributions),
                "raw": _split(lr.raw),
                "normalised": _split(lr.normalised),
                "imputed": _split(lr.imputed),
                "classes": _split(lr.classes),
                "extra": _split(lr.extra),
                "class_counts": _split(lr.class_counts),
            }
        return {
            "framework": self.framework.id,
            "framework_version": self.framework.version,
            "framework_hash": self.framework.sha256(),
            "framework_json": self.framework.canonical_json(),
            "root": self.root,
            "scale": self.framework.scale,
            "levels": levels,
            "missing": self.missing,
            "treatments": self.treatments,
            "warnings": self.warnings,
        }

    @classmethod
    def from_payload(cls, payload: AssessmentPayload) -> IndexResult:
        """Rebuild a result from a stored assessment's payload (:meth:`to_dict`, typed)."""
        framework = Framework.model_validate_json(payload.framework_json)
        levels = {}
        for level, d in payload.levels.items():
            table = d.table.frame()
            node_cols = [c for c in table.columns if c not in ("rank", "class")]
            extra = d.extra.frame()
            scores = table[[c for c in node_cols if c not in extra.columns]].astype(float)
            levels[level] = LevelResult(
                level=level,
                method=d.method,
                scores=scores,
                rank=table["rank"].astype(float) if "rank" in table else pd.Series(dtype=float),
                classes=d.classes.frame(),
                raw=d.raw.frame().astype(float),
                normalised=d.normalised.frame().astype(float),
                imputed=d.imputed.frame().astype(bool),
                contributions=d.contributions.frame().astype(float),
                class_counts=d.class_counts.frame(),
                extra=extra,
            )
        return cls(
            framework,
            levels,
            {k: list(v) for k, v in payload.missing.items()},
            {k: dict(v) for k, v in payload.treatments.items()},
            list(payload.warnings),
        )


_LEVEL_NAMES = {
    "id": {
        "tps": "TPS",
        "desa": "desa/kelurahan",
        "kecamatan": "kecamatan",
        "kabkota": "kabupaten/kota",
        "provinsi": "provinsi",
        "nasional": "nasional",
    },
    "en": {
        "tps": "polling stations",
        "desa": "villages",
        "kecamatan": "sub-districts",
        "kabkota": "districts",
        "provinsi": "provinces",
        "nasional": "national",
    },
}


def _checklist_info(category: str) -> Any:
    from petarawan.domain.index.classify import ClassInfo

    label = category.replace("_", " ")
    return ClassInfo(category, label, label, "#d73027")


def _split(frame: pd.DataFrame) -> dict[str, Any]:
    if frame.empty:
        return {"index": [], "columns": [], "data": []}
    f = frame.astype(object).where(frame.notna(), None)
    return {
        "index": [str(i) for i in f.index],
        "columns": [str(c) for c in f.columns],
        "data": [[_plain(v) for v in row] for row in f.itertuples(index=False, name=None)],
    }


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def inputs_hash(tables: Mapping[str, pd.DataFrame]) -> str:
    """sha256 of the input tables (sorted by level, rows and columns) for reproducibility."""
    h = hashlib.sha256()
    for level in sorted(tables):
        t = tables[level]
        t = t.reindex(sorted(t.columns, key=str), axis=1).sort_index()
        h.update(level.encode())
        h.update(pd.util.hash_pandas_object(t.astype(str), index=True).to_numpy().tobytes())
        h.update(",".join(map(str, t.columns)).encode())
    return h.hexdigest()


class IndexInputs:
    """Looks up a column for the units of a level, broadcasting or aggregating across levels."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], hierarchy: Hierarchy | None) -> None:
        self.tables = {}
        for key, table in tables.items():
            if table is None:
                continue
            t = table.copy(deep=False)
            t.index = str_index(t.index)
            self.tables[key] = t
        self.hierarchy = hierarchy

    def units(self, level: str) -> pd.Index:
        """Return the units of a level: its table's index, else the hierarchy's codes."""
        if level in self.tables:
            return self.tables[level].index
        if self.hierarchy is not None:
            return self.hierarchy.codes(level)
        return pd.Index([])

    def column(self, name: str, level: str, units: pd.Index, how: str) -> np.ndarray | None:
        """Return a column for ``units`` of ``level``, from its own table or another level."""
        own = self.tables.get(level)
        if own is not None and name in own.columns:
            if own.index is units:
                return _numeric_values(own[name])
            s = _numeric(own[name])
            return s.reindex(units).to_numpy(dtype=float)
        if self.hierarchy is None:
            return None
        for lvl, tab in self.tables.items():
            if lvl == level or name not in tab.columns or level_rank(lvl) < 0:
                continue
            s = _numeric(tab[name])
            if level_rank(lvl) > level_rank(level):  # coarser: broadcast down
                anc = self.hierarchy.ancestors(units, lvl)
                return s.reindex(pd.Index(anc)).to_numpy(dtype=float)
            anc = self.hierarchy.ancestors(s.index, level)
            grouped = s.groupby(pd.Series(anc, index=s.index), dropna=True)
            if how == "share":
                agg = (s > 0).astype(float).groupby(pd.Series(anc, index=s.index)).mean()
            else:
                agg = grouped.agg(how)
            return agg.reindex(units).to_numpy(dtype=float)
        return None

    def derived(self, expression: str, level: str, units: pd.Index) -> np.ndarray | None:
        """Evaluate an arithmetic expression over the columns of ``level``.

        Returns None when the level has no table or lacks a column the expression names (the
        indicator is then missing from the inputs, like any absent column). The expression was
        checked when the framework loaded (:func:`~petarawan.domain.index.model.derived_names`),
        so any other failure is a bug and is raised.
        """
        own = self.tables.get(level)
        if own is None or any(n not in own.columns for n in derived_names(expression)):
            return None
        numeric = pd.DataFrame(
            {c: _numeric_values(own[c]) for c in own.columns if isinstance(c, str)},
            index=own.index,
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            out = numeric.eval(expression, engine="python")
        values = np.array(pd.Series(out, index=own.index).reindex(units), dtype=float)
        values[~np.isfinite(values)] = np.nan
        return values

    def groups(self, group_column: str | None, level: str, units: pd.Index) -> np.ndarray | None:
        """Return the group of each unit (a column, else its parent in the hierarchy)."""
        own = self.tables.get(level)
        if group_column and own is not None and group_column in own.columns:
            return own[group_column].reindex(units).astype(str).to_numpy()
        if self.hierarchy is not None and len(units):
            parents = self.hierarchy.parent.reindex(units).to_numpy()
            if not pd.isna(parents).all():
                return parents.astype(str)
        return None


def str_index(index: pd.Index) -> pd.Index:
    """Return ``index`` as an object-dtype index of ``str`` (fast lookups, no Arrow copies)."""
    if index.dtype == object and all(isinstance(v, str) for v in index[:1000]):
        return index if len(index) <= 1000 or _all_str(index) else _to_str(index)
    return _to_str(index)


def _all_str(index: pd.Index) -> bool:
    return bool(pd.api.types.infer_dtype(index, skipna=False) == "string")


def _to_str(index: pd.Index) -> pd.Index:
    return pd.Index(np.asarray(index.astype(str).to_numpy(), dtype=object), dtype=object)


def _numeric_values(s: pd.Series) -> np.ndarray:
    if s.dtype.kind in "fiu":
        return s.to_numpy(dtype=float)
    if s.dtype.kind == "b":
        return s.to_numpy(dtype=float)
    return _numeric(s).to_numpy(dtype=float)


def _numeric(s: pd.Series) -> pd.Series:
    if s.dtype in (bool, object):
        s = s.map(lambda v: float(v) if isinstance(v, bool | np.bool_) else v)
    out = pd.to_numeric(s, errors="coerce").astype(float)
    out.index = str_index(out.index)
    return out


def prepare_level(
    framework: Framework,
    inputs: IndexInputs,
    level: str,
    *,
    normalisation: str | None = None,
    imputation: str | None = None,
) -> tuple[pd.Index, dict[str, np.ndarray], dict[str, Any]]:
    """Raw -> denominated -> imputed -> treated -> normalised indicator columns at ``level``.

    Returns the units, the normalised columns by indicator id and a dict with the raw values,
    imputed masks, missing indicator ids and treatments.
    """
    units = inputs.units(level)
    raw: dict[str, np.ndarray] = {}
    norm: dict[str, np.ndarray] = {}
    imputed: dict[str, np.ndarray] = {}
    missing: list[str] = []
    treatments: dict[str, str] = {}
    needs_groups = imputation == "group-mean" or any(
        i.imputation == "group-mean" for i in framework.indicators
    )
    groups = inputs.groups(framework.group_column, level, units) if needs_groups else None
    scale = float(framework.scale)
    for ind in framework.indicators:
        if ind.derived:
            x = inputs.derived(ind.derived, level, units)
        else:
            x = inputs.column(ind.column, level, units, ind.rollup)
        if x is None:
            missing.append(ind.id)
            continue
        if ind.denominator:
            den = inputs.column(ind.denominator, level, units, "sum")
            if den is None:
                missing.append(ind.id)
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.where(den != 0, x / den, np.nan)
        raw[ind.id] = x
        method = imputation or ind.imputation
        xi, mask = impute(x, method, groups)
        imputed[ind.id] = mask
        xt, how = treat(xi, ind, framework.treatment)
        treatments[ind.id] = how
        norm[ind.id] = normalise(xt, ind, scale, _override(ind, normalisation))
    info = {
        "raw": raw,
        "imputed": imputed,
        "missing": missing,
        "treatments": treatments,
    }
    return units, norm, info


def _override(ind: Indicator, normalisation: str | None) -> str | None:
    # fixed-meaning normalisations (goalposts, binary, target, none) are not swapped
    if normalisation is None or ind.normalisation not in ("min-max", "z-score", "rank-percentile"):
        return None
    return normalisation


def _rank(scores: np.ndarray) -> np.ndarray:
    return pd.Series(scores).rank(ascending=False, method="min").to_numpy()


def _level_from_prepared(
    framework: Framework,
    level: str,
    units: pd.Index,
    norm: dict[str, np.ndarray],
    info: dict[str, Any],
    *,
    explain: bool = True,
) -> LevelResult:
    n = len(units)
    full = dict(norm)
    if n == 0:
        full = {i.id: np.zeros(0) for i in framework.indicators}
    nodes, shares = aggregate_tree(framework, full or {"_": np.zeros(n)}, with_shares=explain)
    root = framework.root
    root_v = nodes[root]
    parents = {i.id: i.parent for i in framework.indicators} | {
        x.id: x.parent for x in framework.nodes
    }
    path_share: dict[str, np.ndarray] = {root: np.ones(n)}

    def share_to_root(item: str) -> np.ndarray:
        if item not in path_share:
            parent = parents[item]
            assert parent is not None
            path_share[item] = shares.get(item, np.zeros(n)) * share_to_root(parent)
        return path_share[item]

    contrib: dict[str, np.ndarray] = {}
    if explain:
        safe_root = np.nan_to_num(root_v, nan=0.0)
        for item in [i.id for i in framework.indicators] + [x.id for x in framework.nodes]:
            if item == root:
                continue
            contrib[item] = safe_root * share_to_root(item)
    scores = _frame(nodes, units, [x.id for x in framework.nodes])
    classes = {}
    for node in framework.nodes:
        scheme = framework.scheme_for(node.id)
        if scheme is not None:
            classes[node.id] = classify_scores(nodes[node.id], scheme, level)
    return LevelResult(
        level=level,
        method="computed",
        scores=scores,
        rank=pd.Series(_rank(root_v), index=units, name="rank"),
        classes=pd.DataFrame(classes, index=units),
        raw=_frame(info["raw"], units) if explain else pd.DataFrame(index=units),
        normalised=_frame(norm, units) if explain else pd.DataFrame(index=units),
        imputed=_frame(info["imputed"], units, dtype=bool)
        if explain
        else pd.DataFrame(index=units),
        contributions=_frame(contrib, units),
    )


def _frame(
    columns: Mapping[str, np.ndarray],
    index: pd.Index,
    order: list[str] | None = None,
    dtype: type = float,
) -> pd.DataFrame:
    """Build a frame from equal-length columns with one copy (faster than a dict of arrays)."""
    names = order or list(columns)
    if not names:
        return pd.DataFrame(index=index)
    mat: np.ndarray = np.empty((len(index), len(names)), dtype=dtype, order="F")
    for j, name in enumerate(names):
        mat[:, j] = columns[name]
    return pd.DataFrame(mat, index=index, columns=names, copy=False)


def _apply_official(framework: Framework, lr: LevelResult, table: pd.DataFrame | None) -> int:
    """Let published scores win over computed ones; return how many units got one.

    The computed score stays in ``extra["computed_score"]``; ``extra["official_score"]`` and
    ``extra["score_source"]`` (from the ``<indicator>_sumber`` column) say where a score came
    from.
    """
    name = framework.official_indicator
    if name is None or table is None or name not in table.columns:
        return 0
    root = framework.root
    units = lr.scores.index
    official = _numeric(table[name]).reindex(units)
    mask = official.notna().to_numpy()
    if not mask.any():
        return 0
    src_col = f"{name}_sumber"
    if src_col in table.columns:
        source = table[src_col].reindex(units).astype(object)
        source = source.where(source.notna(), "")
    else:
        source = pd.Series("", index=units, dtype=object)
    extra = lr.extra.copy() if len(lr.extra) else pd.DataFrame(index=units)
    extra["computed_score"] = lr.scores[root].astype(float)
    extra["official_score"] = official.astype(float)
    extra["score_source"] = [
        (str(v) or "impor indikator") if m else "" for v, m in zip(source, mask, strict=True)
    ]
    lr.extra = extra
    scores = lr.scores.copy()
    scores.loc[mask, root] = official[mask].astype(float)
    lr.scores = scores
    lr.rank = pd.Series(_rank(scores[root].to_numpy()), index=units, name="rank")
    scheme = framework.scheme_for(root)
    if scheme is not None:
        classes = lr.classes.copy()
        classes[root] = classify_scores(scores[root].to_numpy(), scheme, lr.level)
        lr.classes = classes
    return int(mask.sum())


def _rollup(
    framework: Framework,
    base: LevelResult,
    level: str,
    hierarchy: Hierarchy,
    weights: pd.Series | None,
) -> LevelResult:
    spec = framework.rollup
    anc = hierarchy.ancestors(base.scores.index, level)
    has = pd.notna(anc)
    keys, uniq = pd.factorize(anc[has], sort=True)
    units = pd.Index(np.asarray(uniq, dtype=object))
    m = len(units)
    root = framework.root
    scale = float(framework.scale)
    vals = base.scores.to_numpy(dtype=float)[has]
    cols = list(base.scores.columns)
    ok = ~np.isnan(vals)

    def group_sum(x: np.ndarray) -> np.ndarray:
        return np.stack(
            [np.bincount(keys, weights=x[:, j], minlength=m) for j in range(x.shape[1])], axis=1
        )

    if spec.method == "max":
        out = pd.DataFrame(vals, columns=cols).groupby(keys).max().to_numpy()
    elif spec.method == "voter_weighted_mean" and weights is not None:
        w = weights.reindex(base.scores.index).fillna(0.0).to_numpy(dtype=float)[has]
        num = group_sum(np.where(ok, vals * w[:, None], 0.0))
        den = group_sum(np.where(ok, w[:, None], 0.0))
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / den, np.nan)
    else:  # mean, share, or voter-weighted without voters
        num = group_sum(np.where(ok, vals, 0.0))
        den = group_sum(ok.astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / den, np.nan)
    scores = pd.DataFrame(out, index=units, columns=cols)
    counts = pd.DataFrame(index=units)
    if root in base.classes:
        cls = base.classes[root].to_numpy(dtype=object)[has]
        cls = np.where(pd.isna(cls), "tanpa_kelas", cls)
        ccodes, cuniq = pd.factorize(cls)
        table = np.bincount(keys * len(cuniq) + ccodes, minlength=m * len(cuniq))
        counts = pd.DataFrame(
            table.reshape(m, len(cuniq)), index=units, columns=[str(c) for c in cuniq]
        )
        if spec.method == "share":
            target = spec.share_class
            share = counts.get(target, pd.Series(0, index=units)) / counts.sum(axis=1)
            scores[root] = share.to_numpy(dtype=float) * scale
    classes = {}
    for node in framework.nodes:
        scheme = framework.scheme_for(node.id)
        if scheme is not None:
            classes[node.id] = classify_scores(
                scores[node.id].to_numpy(), scheme, spec.bands_level or level
            )
    return LevelResult(
        level=level,
        method=f"rollup:{spec.method}",
        scores=scores,
        rank=pd.Series(_rank(scores[root].to_numpy()), index=units, name="rank"),
        classes=pd.DataFrame(classes, index=units),
        class_counts=counts,
    )


def compute_index(
    framework: Framework,
    tables: Mapping[str, pd.DataFrame],
    *,
    hierarchy: Hierarchy | None = None,
    levels: list[str] | None = None,
    normalisation: str | None = None,
    imputation: str | None = None,
    explain: bool = True,
) -> IndexResult:
    """Compute a framework over tables of units.

    Parameters
    ----------
    framework
        The validated framework.
    tables
        Level (``tps``, ``desa``, ``kecamatan``, ``kabkota``, ``provinsi`` or any id level) ->
        DataFrame indexed by unit code with one column per input.
    hierarchy
        Parent links, needed to broadcast coarser indicators, aggregate finer ones and roll up.
    levels
        Levels to compute at (default: the framework's ``levels`` that have units).
    normalisation, imputation
        Overrides for every indicator (used by the uncertainty analysis).
    explain
        Keep raw and normalised values and the contributions (needed by :func:`explain`);
        ``False`` computes scores, ranks, classes and roll-up only.

    Returns
    -------
    IndexResult
        Scores per node, rank, classes, contributions and roll-up tables per level.

    Examples
    --------
    >>> res = compute_index(fw, {"tps": frame})  # doctest: +SKIP
    >>> res.table("tps")  # doctest: +SKIP
    """
    if framework.kind == "checklist":
        from petarawan.domain.index.checklist import compute_checklist

        return compute_checklist(framework, tables, hierarchy=hierarchy)
    inputs = IndexInputs(tables, hierarchy)
    wanted = levels or [lv for lv in framework.levels if len(inputs.units(lv))]
    if not wanted and len(tables) == 1:
        wanted = list(tables)
    recompute = framework.rollup.method == "recompute"
    if recompute and hierarchy is not None:
        wanted += [lv for lv in framework.rollup.levels if lv not in wanted]
    out: dict[str, LevelResult] = {}
    missing: dict[str, list[str]] = {}
    treatments: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    for level in wanted:
        units, norm, info = prepare_level(
            framework, inputs, level, normalisation=normalisation, imputation=imputation
        )
        out[level] = _level_from_prepared(framework, level, units, norm, info, explain=explain)
        if recompute and level in framework.rollup.levels:
            out[level].method = "rollup:recompute"
        missing[level] = info["missing"]
        treatments[level] = info["treatments"]
        if info["missing"]:
            msg = (
                f"Indikator tidak tersedia pada tingkat {level}: {', '.join(info['missing'])} "
                "— dihitung tanpa indikator ini (bobot dibagi ulang)."
            )
            notes.append(msg)
    if framework.official_indicator:
        for level, lr in out.items():
            n_official = _apply_official(framework, lr, inputs.tables.get(level))
            if n_official:
                notes.append(
                    f"Skor resmi ({framework.official_indicator}) menggantikan skor hitungan "
                    f"untuk {n_official} unit tingkat {level}."
                )
    if not recompute and hierarchy is not None and out:
        base_level = min(out, key=level_rank)
        base = out[base_level]
        w = None
        tab = tables.get(base_level)
        if tab is not None and framework.rollup.weight_column in tab.columns:
            w = _numeric(tab[framework.rollup.weight_column])
        for level in framework.rollup.levels:
            if level in out or level_rank(level) <= level_rank(base_level):
                continue
            out[level] = _rollup(framework, base, level, hierarchy, w)
    return IndexResult(framework, out, missing, treatments, notes)
