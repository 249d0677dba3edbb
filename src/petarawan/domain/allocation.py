"""The personnel allocation MILP: unit pools to demand sites within a travel-time limit.

Used by the TPS planner (:mod:`petarawan.domain.plan`) and by the operation planner
(:mod:`petarawan.domain.operation_plan`): a site is a group of TPS, an object, a rayon or a
task without a place; ``strict`` sites must be staffed in full, the others may fall short at
a penalty weighted by their risk per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

if TYPE_CHECKING:
    from petarawan.solve import MilpProblem, Solver

__all__ = ["Allocation", "allocation_model", "solve_allocation"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Allocation:
    """The answer of the allocation model.

    Attributes
    ----------
    unit, site
        Positions of every (unit, site) pair with personnel.
    polri
        Personnel of each pair.
    minutes
        Travel minutes of each pair.
    assigned
        Personnel per site.
    status, gap, seconds, nodes, bound, objective, variables
        Solver figures.
    """

    unit: IntArray
    site: IntArray
    polri: IntArray
    minutes: FloatArray
    assigned: IntArray
    status: str
    gap: float
    seconds: float
    nodes: int
    bound: float | None
    objective: float | None
    variables: int


def allocation_model(
    times: FloatArray,
    reach: npt.NDArray[np.bool_],
    demand: FloatArray,
    strict: npt.NDArray[np.bool_],
    pools: IntArray,
    risk: FloatArray,
) -> tuple[MilpProblem, IntArray, IntArray]:
    r"""Build the allocation MILP.

    .. math::

        \min \sum_{(u,s) \in R} t_{us} x_{us} + \sum_{s \notin S} B (1 + r_s / d_s) y_s

        \text{s.t.} \sum_u x_{us} + y_s = d_s \;\forall s, \quad y_s = 0 \;\forall s \in S,
        \quad \sum_s x_{us} \le p_u \;\forall u, \quad x_{us} \in \mathbb{Z}_{\ge 0}

    with ``R`` the reachable pairs, ``S`` the strict sites and ``B`` twice the largest time
    plus one (a person short always costs more than any travel).

    Parameters
    ----------
    times
        Minutes unit × site.
    reach
        Whether the unit may staff the site (within the limit).
    demand
        Personnel per site.
    strict
        Sites that must be staffed in full.
    pools
        Personnel available per unit.
    risk
        Risk of each site (weights its shortfall).

    Returns
    -------
    tuple
        The problem and the (unit, site) positions of the ``x`` columns.
    """
    from petarawan.solve import MilpProblem

    n_u, n_s = times.shape
    uu, ss = np.nonzero(reach)
    n_x = len(uu)
    soft = np.nonzero(~strict)[0]
    n_y = len(soft)
    t = times[uu, ss]
    big = float(t.max() if n_x else 1.0) * 2.0 + 1.0
    per_person = risk / np.maximum(demand, 1.0)
    c = np.concatenate([t, big * (1.0 + per_person[soft])])
    a_dem = sp.csr_matrix((np.ones(n_x), (ss, np.arange(n_x))), shape=(n_s, n_x))
    a_y = sp.csr_matrix((np.ones(n_y), (soft, np.arange(n_y))), shape=(n_s, n_y))
    a_cap = sp.csr_matrix((np.ones(n_x), (uu, np.arange(n_x))), shape=(n_u, n_x))
    a = sp.vstack([sp.hstack([a_dem, a_y]), sp.hstack([a_cap, sp.csr_matrix((n_u, n_y))])])
    problem = MilpProblem(
        c=c,
        a=a,
        row_lower=np.concatenate([demand, np.full(n_u, -np.inf)]),
        row_upper=np.concatenate([demand, pools.astype(float)]),
        col_lower=np.zeros(n_x + n_y),
        col_upper=np.concatenate([demand[ss], demand[soft]]),
        integer=np.concatenate([np.ones(n_x, dtype=bool), np.zeros(n_y, dtype=bool)]),
        name="alokasi personel",
    )
    return problem, uu.astype(np.int64), ss.astype(np.int64)


def solve_allocation(
    times: FloatArray,
    reach: npt.NDArray[np.bool_],
    demand: FloatArray,
    strict: npt.NDArray[np.bool_],
    pools: IntArray,
    risk: FloatArray,
    *,
    solver: Solver,
) -> Allocation:
    """Build and solve the allocation model (see :func:`allocation_model`).

    Raises
    ------
    InfeasibleProblemError
        The strict sites cannot be staffed (the caller words the message).
    """
    problem, uu, ss = allocation_model(times, reach, demand, strict, pools, risk)
    res = solver(problem)
    n_x = len(uu)
    x = np.rint(res.x[:n_x]).astype(np.int64)
    used = x > 0
    assigned = np.bincount(ss, weights=x, minlength=times.shape[1]).astype(np.int64)
    return Allocation(
        unit=uu[used],
        site=ss[used],
        polri=x[used],
        minutes=times[uu[used], ss[used]],
        assigned=assigned,
        status=res.status,
        gap=float(res.gap),
        seconds=float(res.seconds),
        nodes=int(res.nodes),
        bound=res.bound,
        objective=res.objective,
        variables=problem.c.shape[0],
    )
