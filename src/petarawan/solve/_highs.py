"""HiGHS (highspy) wrapper: solve a MILP given as arrays, map its status to named errors."""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from petarawan.errors import InfeasibleProblemError, SolverError

__all__ = ["MilpProblem", "MilpResult", "Solver", "highs_solver", "solve_milp"]

FloatArray = npt.NDArray[np.float64]


@dataclass
class MilpProblem:
    """A minimisation MILP ``min c·x + offset`` s.t. ``row_lower ≤ A x ≤ row_upper`` and bounds.

    Parameters
    ----------
    c
        Objective coefficients, one per column.
    a
        Constraint matrix (any scipy sparse format), rows × columns.
    row_lower, row_upper
        Row bounds (``-inf``/``inf`` allowed).
    col_lower, col_upper
        Column bounds.
    integer
        Boolean mask of integer columns.
    offset
        Constant added to the objective.
    start
        Optional feasible starting point (MIP start).
    name
        Label used in error messages.
    """

    c: FloatArray
    a: sp.spmatrix | sp.sparray
    row_lower: FloatArray
    row_upper: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: npt.NDArray[np.bool_]
    offset: float = 0.0
    start: FloatArray | None = None
    name: str = "model"


@dataclass
class MilpResult:
    """The answer of a MILP solve.

    Attributes
    ----------
    x
        Column values.
    objective
        Objective value of ``x`` (with the offset).
    bound
        Proven lower bound (equals ``objective`` at optimality).
    gap
        Relative MIP gap ``(objective - bound) / max(|objective|, 1e-9)``, 0 when proven optimal.
    status
        ``"optimal"`` or ``"time_limit"`` (a feasible but not proven solution).
    seconds
        Wall time spent in the solver.
    nodes
        Branch-and-bound nodes explored.
    """

    x: FloatArray
    objective: float
    bound: float
    gap: float
    status: str
    seconds: float
    nodes: int = 0
    extra: dict[str, float] = field(default_factory=dict)


Solver = Callable[[MilpProblem], MilpResult]


def highs_solver(
    *,
    time_limit: float | None = None,
    mip_rel_gap: float = 1e-6,
    threads: int | None = None,
    options: dict[str, object] | None = None,
) -> Solver:
    """Return a solver function using HiGHS with the given limits.

    Parameters
    ----------
    time_limit
        Seconds after which HiGHS stops and returns its best solution (``None``: no limit).
    mip_rel_gap
        Relative gap at which the MIP counts as solved.
    threads
        Number of threads (``None``: HiGHS default).
    options
        Further HiGHS options by name (e.g. ``{"mip_heuristic_effort": 0.0}``).

    Returns
    -------
    Solver
        A callable ``solver(problem) -> MilpResult``.
    """

    def _solve(problem: MilpProblem) -> MilpResult:
        return solve_milp(
            problem,
            time_limit=time_limit,
            mip_rel_gap=mip_rel_gap,
            threads=threads,
            options=options,
        )

    return _solve


_QUIET = {"done": False}


def _new_highs() -> Any:
    """Create a silent ``Highs``; the first creation prints a banner on fd 1, which is muted."""
    import highspy

    if _QUIET["done"]:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _QUIET["done"] = True
    h.setOptionValue("output_flag", False)
    return h


def solve_milp(
    problem: MilpProblem,
    *,
    time_limit: float | None = None,
    mip_rel_gap: float = 1e-6,
    threads: int | None = None,
    options: dict[str, object] | None = None,
) -> MilpResult:
    """Solve a MILP with HiGHS.

    Parameters
    ----------
    problem
        The model as arrays.
    time_limit
        Seconds before HiGHS stops (``None``: unlimited).
    mip_rel_gap
        Relative gap tolerance.
    threads
        Thread count (``None``: default).
    options
        Further HiGHS options by name.

    Returns
    -------
    MilpResult
        Solution, objective, bound, gap, status and time.

    Raises
    ------
    InfeasibleProblemError
        HiGHS proved the model infeasible.
    SolverError
        HiGHS failed, the model is unbounded, or it stopped without a feasible solution.
    """
    import highspy

    n = len(problem.c)
    a = sp.csc_matrix(problem.a)
    if a.shape[1] != n:
        msg = f"{problem.name}: matriks kendala punya {a.shape[1]} kolom, diharapkan {n}."
        raise SolverError(msg)
    if not np.all(np.isfinite(problem.c)):
        msg = f"{problem.name}: koefisien tujuan memuat NaN/inf."
        raise SolverError(msg)
    h = _new_highs()
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    for key, value in (options or {}).items():
        h.setOptionValue(key, value)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = a.shape[0]
    lp.col_cost_ = np.asarray(problem.c, dtype=np.float64)
    lp.col_lower_ = np.asarray(problem.col_lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(problem.col_upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(problem.row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(problem.row_upper, dtype=np.float64)
    lp.offset_ = float(problem.offset)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(np.float64)
    is_mip = bool(np.any(problem.integer))
    if is_mip:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in problem.integer
        ]
    h.passModel(lp)
    if problem.start is not None and is_mip:
        sol = highspy.HighsSolution()
        sol.col_value = list(np.asarray(problem.start, dtype=np.float64))
        sol.value_valid = True
        h.setSolution(sol)
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    status = h.getModelStatus()
    ms = highspy.HighsModelStatus
    info = h.getInfo()
    if status in (ms.kInfeasible,):
        msg = f"{problem.name}: model tidak layak (infeasible) menurut HiGHS."
        raise InfeasibleProblemError(msg)
    if status in (ms.kUnbounded, ms.kUnboundedOrInfeasible):
        name = h.modelStatusToString(status)
        msg = f"{problem.name}: model tak terbatas atau tidak layak ({name})."
        raise SolverError(msg)
    x = np.asarray(h.getSolution().col_value, dtype=np.float64)
    has_solution = len(x) == n and (
        info.primal_solution_status == 2 or status == ms.kOptimal  # 2 = kSolutionStatusFeasible
    )
    if not has_solution:
        msg = (
            f"{problem.name}: HiGHS berhenti tanpa solusi layak (status "
            f"{h.modelStatusToString(status)}, {seconds:.1f} detik); naikkan batas waktu."
        )
        raise SolverError(msg)
    objective = float(info.objective_function_value)
    if is_mip:
        bound = float(info.mip_dual_bound)
        gap = float(info.mip_gap) if status != ms.kOptimal else 0.0
        nodes = int(info.mip_node_count)
    else:
        bound, gap, nodes = objective, 0.0, 0
    if status == ms.kOptimal:
        name = "optimal"
    elif status in (ms.kTimeLimit, ms.kIterationLimit, ms.kSolutionLimit, ms.kInterrupt):
        name = "time_limit"
    else:
        msg = f"{problem.name}: status HiGHS tak terduga {h.modelStatusToString(status)}."
        raise SolverError(msg)
    if not math.isfinite(gap):
        gap = float("inf")
    return MilpResult(
        x=x,
        objective=objective,
        bound=bound,
        gap=max(gap, 0.0),
        status=name,
        seconds=seconds,
        nodes=nodes,
    )
