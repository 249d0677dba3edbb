"""The MILP solver adapter: HiGHS through highspy, time limits, status mapping and the MIP gap."""

from __future__ import annotations

from petarawan.solve._highs import MilpProblem, MilpResult, Solver, highs_solver, solve_milp

__all__ = ["MilpProblem", "MilpResult", "Solver", "highs_solver", "solve_milp"]
