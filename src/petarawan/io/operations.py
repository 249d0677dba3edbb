"""Reading and validating operation files (YAML) with errors that name the YAML line."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from petarawan.domain.operation import (
    OBJECT_KINDS,
    RULE_KINDS,
    SATGAS,
    Operation,
    Rayon,
    ReserveForce,
    Stage,
    Task,
)
from petarawan.errors import ConfigError, Issue, NotFoundError
from petarawan.io.patterns import _line_of, pattern_path

__all__ = [
    "list_operations",
    "operation_path",
    "read_operation",
    "validate_operation_file",
]

_RESERVE_KINDS = ("dalmas", "phh", "brimob")


class _Sourced(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str | None = None
    assumption: str = ""

    @model_validator(mode="after")
    def _has_source(self) -> _Sourced:
        if not (self.source or self.assumption):
            msg = "setiap angka perlu 'source' (sumber) atau 'assumption' (alasan asumsi)"
            raise ValueError(msg)
        return self


class _TaskModel(_Sourced):
    name: str = Field(min_length=1)
    satgas: str
    rule: str
    polri: int = Field(default=0, ge=0)
    brimob: int = Field(default=0, ge=0)
    tni: int = Field(default=0, ge=0)
    linmas: int = Field(default=0, ge=0)
    object_kind: str | None = None
    count: int | None = Field(default=None, ge=0)
    shifts: int = Field(default=1, ge=1, le=4)
    window_hours: float | None = Field(default=None, gt=0)
    by_rayon: dict[str, int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _rule(self) -> _TaskModel:
        if self.satgas not in SATGAS:
            msg = f"satgas '{self.satgas}' tidak dikenal; pilihan: {', '.join(SATGAS)}"
            raise ValueError(msg)
        if self.rule not in RULE_KINDS:
            msg = f"aturan '{self.rule}' tidak dikenal; pilihan: {', '.join(RULE_KINDS)}"
            raise ValueError(msg)
        if self.rule == "object" and self.object_kind not in OBJECT_KINDS:
            msg = f"aturan object perlu object_kind, salah satu dari: {', '.join(OBJECT_KINDS)}"
            raise ValueError(msg)
        if self.rule != "tps" and self.polri + self.brimob + self.tni + self.linmas == 0:
            msg = "tugas tanpa personel: isi polri, brimob, tni atau linmas"
            raise ValueError(msg)
        return self


class _StageModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    start: date
    end: date
    tasks: list[str] = Field(min_length=1)
    source: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> _StageModel:
        if self.end < self.start:
            msg = f"tahap berakhir ({self.end}) sebelum mulai ({self.start})"
            raise ValueError(msg)
        return self


class _RayonModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    kecamatan: list[str] = Field(min_length=1)
    padal: str = ""
    source: str | None = None
    assumption: str = ""


class _ReserveModel(_Sourced):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    kind: str
    polri: int = Field(default=0, ge=0)
    brimob: int = Field(default=0, ge=0)
    positions: int = Field(default=1, ge=1)
    response_minutes: float = Field(default=30.0, gt=0)
    from_polda: bool = False

    @model_validator(mode="after")
    def _kind(self) -> _ReserveModel:
        if self.kind not in _RESERVE_KINDS:
            msg = (
                f"jenis cadangan '{self.kind}' tidak dikenal; pilihan: {', '.join(_RESERVE_KINDS)}"
            )
            raise ValueError(msg)
        return self


class _Number(_Sourced):
    value: float = Field(ge=0)


class _OperationModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    election_id: str | None = None
    source: str = ""
    pattern: str = Field(min_length=1)
    strength: _Number | None = None
    routine_share: _Number
    candidates: _Number | None = None
    daily_rate: _Number | None = None
    shift_hours: float = Field(default=12.0, gt=0, le=24)
    max_unit_minutes: float = Field(default=120.0, gt=0)
    tni: _Number | None = None
    linmas: _Number | None = None
    rayons: list[_RayonModel] = Field(default_factory=list)
    reserves: list[_ReserveModel] = Field(default_factory=list)
    tasks: dict[str, _TaskModel] = Field(min_length=1)
    stages: list[_StageModel] = Field(min_length=1)

    @field_validator("routine_share")
    @classmethod
    def _share(cls, v: _Number) -> _Number:
        if v.value >= 1.0:
            msg = f"routine_share harus < 1 (bagian dinas rutin), bukan {v.value}"
            raise ValueError(msg)
        return v


def _preset_dir() -> Path:
    return Path(str(resources.files("petarawan") / "frameworks" / "operations"))


def list_operations() -> list[Operation]:
    """Return the shipped operation presets, sorted by id."""
    return sorted((read_operation(p) for p in _preset_dir().glob("*.yaml")), key=lambda op: op.id)


def operation_path(name_or_file: str | Path) -> Path:
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
    msg = f"Operasi '{name_or_file}' tidak ditemukan: bukan berkas dan bukan preset ({names})."
    raise NotFoundError(msg)


def _load(path: Path) -> tuple[yaml.Node | None, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.compose(text), yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        msg = f"Operasi {path.name} bukan YAML yang sah."
        raise ConfigError(msg, [Issue(path.name, row, None, str(exc).splitlines()[0])]) from None


def _cross(model: _OperationModel, node: yaml.Node | None, label: str) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, st in enumerate(model.stages):
        if st.id in seen:
            issues.append(
                Issue(
                    label,
                    _line_of(node, ("stages", i, "id")),
                    f"stages.{i}.id",
                    f"tahap '{st.id}' ganda (juga tahap ke-{seen[st.id] + 1})",
                )
            )
        seen[st.id] = i
        for j, t in enumerate(st.tasks):
            if t not in model.tasks:
                issues.append(
                    Issue(
                        label,
                        _line_of(node, ("stages", i, "tasks", j)),
                        f"stages.{i}.tasks.{j}",
                        f"tugas '{t}' tidak didefinisikan di 'tasks'; ada: "
                        f"{', '.join(model.tasks)}",
                    )
                )
    for tid, task in model.tasks.items():
        if task.rule == "rayon" and not model.rayons:
            issues.append(
                Issue(
                    label,
                    _line_of(node, ("tasks", tid, "rule")),
                    f"tasks.{tid}.rule",
                    "aturan rayon memerlukan daftar 'rayons'",
                )
            )
        rayon_ids = {r.id for r in model.rayons}
        for rid in task.by_rayon:
            if rid not in rayon_ids:
                issues.append(
                    Issue(
                        label,
                        _line_of(node, ("tasks", tid, "by_rayon", rid)),
                        f"tasks.{tid}.by_rayon.{rid}",
                        f"rayon '{rid}' tidak ada di 'rayons'",
                    )
                )
    try:
        pattern_path(model.pattern)
    except NotFoundError as exc:
        issues.append(Issue(label, _line_of(node, ("pattern",)), "pattern", str(exc)))
    return issues


def validate_operation_file(path: str | Path) -> Operation:
    """Validate an operation file fully and return the operation.

    Raises
    ------
    ConfigError
        With one issue per problem: file, YAML line (as the row) and field.
    """
    path = Path(path)
    label = path.name
    node, data = _load(path)
    if not isinstance(data, dict):
        msg = f"Operasi {label}: isi harus berupa pemetaan (kunci: nilai)."
        raise ConfigError(msg, [Issue(label, 1, None, f"didapat {type(data).__name__}")])
    try:
        model = _OperationModel.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(
                label,
                _line_of(node, tuple(err["loc"])),
                ".".join(str(x) for x in err["loc"]),
                f"{err['msg']} (didapat {err.get('input')!r})"
                if not isinstance(err.get("input"), dict)
                else str(err["msg"]),
            )
            for err in exc.errors()
        ]
        msg = f"Operasi {label} tidak sah: {len(issues)} masalah."
        raise ConfigError(msg, issues) from None
    issues = _cross(model, node, label)
    if issues:
        msg = f"Operasi {label} tidak sah: {len(issues)} masalah."
        raise ConfigError(msg, issues)
    return _to_domain(model)


def _num(n: _Number | None, default: float | None = None) -> float | None:
    return default if n is None else n.value


def _to_domain(m: _OperationModel) -> Operation:
    sources: dict[str, str] = {}
    for key in ("strength", "routine_share", "candidates", "daily_rate", "tni", "linmas"):
        n = getattr(m, key)
        if n is not None:
            sources[key] = n.source or f"asumsi: {n.assumption}"
    tasks = {
        tid: Task(
            id=tid,
            name=t.name,
            satgas=t.satgas,
            rule=t.rule,
            polri=t.polri,
            brimob=t.brimob,
            tni=t.tni,
            linmas=t.linmas,
            object_kind=t.object_kind,
            count=t.count,
            shifts=t.shifts,
            window_hours=t.window_hours,
            by_rayon=dict(t.by_rayon),
            source=t.source,
            assumption=t.assumption,
        )
        for tid, t in m.tasks.items()
    }
    strength = _num(m.strength)
    return Operation(
        id=m.id,
        name=m.name,
        election_id=m.election_id,
        source=m.source,
        pattern=m.pattern,
        strength=None if strength is None else int(strength),
        routine_share=float(m.routine_share.value),
        candidates=int(_num(m.candidates, 2) or 0),
        daily_rate=_num(m.daily_rate),
        shift_hours=m.shift_hours,
        max_unit_minutes=m.max_unit_minutes,
        tni=int(_num(m.tni, 0) or 0),
        linmas=int(_num(m.linmas, 0) or 0),
        rayons=tuple(Rayon(r.id, r.name, tuple(r.kecamatan), r.padal) for r in m.rayons),
        reserves=tuple(
            ReserveForce(
                id=r.id,
                name=r.name,
                kind=r.kind,
                polri=r.polri,
                brimob=r.brimob,
                positions=r.positions,
                response_minutes=r.response_minutes,
                from_polda=r.from_polda,
                source=r.source,
                assumption=r.assumption,
            )
            for r in m.reserves
        ),
        tasks=tasks,
        stages=tuple(
            Stage(s.id, s.name, s.start, s.end, tuple(s.tasks), s.source) for s in m.stages
        ),
        sources=sources,
    )


def read_operation(name_or_file: str | Path) -> Operation:
    """Read an operation by preset name or file path.

    Raises
    ------
    NotFoundError
        Unknown preset and no such file.
    ConfigError
        The file is invalid (every problem with its YAML line).
    """
    return validate_operation_file(operation_path(name_or_file))
