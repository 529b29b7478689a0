"""Solving calibration's programmes (``programme.py`` builds them) with HiGHS through scipy: the
most decisions reproduced (binaries, or the relaxation's errors), the weights nearest the set's own
that keep them, how far each weight can move, and the solution applied to the parameters."""


from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .aggregate import Array, Mask, normalised, shares
from .fitmodel import (
    TIME_LIMIT,
    FitProblem,
    Params,
)
from .programme import Block, Builder, Programme


@dataclass
class _Rows:
    """Constraint rows ``lb ≤ A·[x, z, y] ≤ ub`` gathered while building."""

    coef: list[Array] = field(default_factory=list)
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)

    def add(self, coef: Array, lb: float, ub: float) -> None:
        """One row."""
        self.coef.append(coef)
        self.lb.append(lb)
        self.ub.append(ub)


def _range(a: Array, b: float, block: Block) -> tuple[float, float]:
    """The least and greatest ``a·x + b`` over the block's bounds, its first ``simplex`` unknowns
    summing to 1 (a tight big-M makes the programme's relaxation tight)."""
    lo, hi, s = block.lo, block.hi, block.simplex
    rest_low = float(np.minimum(a[s:] * lo[s:], a[s:] * hi[s:]).sum())
    rest_high = float(np.maximum(a[s:] * lo[s:], a[s:] * hi[s:]).sum())
    if not s:
        return b + rest_low, b + rest_high
    floor = float(a[:s] @ lo[:s])
    free = 1.0 - float(lo[:s].sum())
    return (b + rest_low + floor + free * float(a[:s].min()),
            b + rest_high + floor + free * float(a[:s].max()))


@dataclass(frozen=True)
class Solved:
    """One solution of a block's programme."""

    x: Array
    chosen: Mask          # (N,) decisions the programme reproduces
    optimal: bool


def _layout(prog: Programme, *, fixed: Mask | None, errors: bool) -> tuple[_Rows, int, int, list[int]]:
    """Rows of the programme over ``[x, z (or errors), y]``; ``fixed`` holds the decisions that
    must be reproduced (z = 1 and no z), for ranges."""
    block = prog.block
    nx = len(block.names)
    n = len(prog.possible)
    taken = [i for i in range(n) if prog.possible[i] and (fixed is None or fixed[i])]
    ny = 0 if errors else sum(len(group) for i in taken for group in prog.fails[i] if len(group) > 1)
    width = nx + n + ny
    rows = _Rows()
    for a, b in block.eq:
        rows.add(np.concatenate([a, np.zeros(width - nx)]), b, b)
    for a, b in block.ge:
        rows.add(np.concatenate([a, np.zeros(width - nx)]), b, np.inf)
    y_index: list[int] = []
    mode = "errors" if errors else "fixed" if fixed is not None else "switched"
    for i in taken:
        z = nx + i
        for a, b in prog.holds[i]:
            _condition(rows, block, width, z, a, b, mode, hold=True)
        for group in prog.fails[i]:
            if len(group) == 1 or errors:
                _condition(rows, block, width, z, *group[0], mode, hold=False)
                continue
            pick = np.zeros(width)
            pick[z] = -1.0 if fixed is None else 0.0
            for a, b in group:                             # a·x + b ≤ M (1 - y), one y per alternative
                y = nx + n + len(y_index)
                big = max(0.0, _range(a, b, block)[1])
                coef = np.zeros(width)
                coef[:nx], coef[y] = a, big
                rows.add(coef, -np.inf, big - b)
                pick[y] = 1.0
                y_index.append(y)
            rows.add(pick, 0.0 if fixed is None else 1.0, np.inf)      # Σ y ≥ z
    return rows, nx, n, y_index


def _condition(rows: _Rows, block: Block, width: int, z: int, a: Array, b: float, mode: str, *, hold: bool) -> None:
    """One condition ``a·x + b ≥ 0`` (``hold``) or ``≤ 0``: switched by ``z`` through a big-M, always on
    (``fixed``), or softened by the error ``z`` (``errors``)."""
    coef = np.zeros(width)
    coef[:len(a)] = a
    if mode == "errors":                                   # a·x + b + e ≥ 0, a·x + b - e ≤ 0
        coef[z] = 1.0 if hold else -1.0
    elif mode == "switched":                               # a·x + b ≥ -M (1 - z), a·x + b ≤ M (1 - z)
        low, high = _range(a, b, block)
        big = max(0.0, -low) if hold else max(0.0, high)
        coef[z] = -big if hold else big
        b = b + big if hold else b - big
    if hold:
        rows.add(coef, -b, np.inf)
    else:
        rows.add(coef, -np.inf, -b)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS writes some diagnostics straight to file descriptor 1; keep them off our output."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _solve(c: Array, rows: _Rows, lo: Array, hi: Array, integer: Array,
           time_limit: float = TIME_LIMIT) -> tuple[Array | None, int]:
    """HiGHS on the programme: the solution (None when there is none) and scipy's status (0 optimal,
    1 time limit, 2 infeasible).
    Presolve is off: on these big-M programmes it costs more than it saves."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    if time_limit <= 0:
        return None, 1                     # no time left: as HiGHS answers at its limit with nothing found
    constraints = []
    if rows.coef:
        constraints.append(LinearConstraint(csr_array(np.array(rows.coef)), np.array(rows.lb), np.array(rows.ub)))
    with _quiet():
        res = milp(c, integrality=integer, bounds=Bounds(lo, hi), constraints=constraints,
                   options={"time_limit": time_limit, "presolve": False})
    return (None if res.x is None else np.asarray(res.x)), int(res.status)


def _bounds(prog: Programme, nx: int, nz: int, y_index: list[int], width: int,
            errors: bool) -> tuple[Array, Array, Array]:
    block = prog.block
    lo, hi = np.zeros(width), np.ones(width)
    lo[:nx], hi[:nx] = block.lo, block.hi
    integer = np.zeros(width)
    if errors:
        hi[nx:nx + nz] = np.inf
        hi[nx:nx + nz][~prog.possible] = 0.0
    else:
        integer[nx:nx + nz] = 1
        hi[nx:nx + nz][~prog.possible] = 0.0
    integer[y_index] = 1
    return lo, hi, integer


def maximise(prog: Programme, *, at_least: int = 0, exclude: Mask | None = None, errors: bool = False,
             time_limit: float = TIME_LIMIT) -> tuple[Solved | None, int]:
    """The most decisions reproduced (with ``errors``, the least total error instead); ``exclude``
    with ``at_least``: a solution reproducing as many that leaves out another set (a no-good cut)."""
    rows, nx, nz, y_index = _layout(prog, fixed=None, errors=errors)
    width = nx + nz + len(y_index)
    lo, hi, integer = _bounds(prog, nx, nz, y_index, width, errors)
    c = np.zeros(width)
    c[nx:nx + nz] = 1.0 if errors else -1.0
    if exclude is not None:
        count = np.zeros(width)
        count[nx:nx + nz] = 1.0
        cut = np.zeros(width)
        cut[nx:nx + nz][exclude] = 1.0                   # at least one of them reproduced now
        rows.coef += [count, cut]
        rows.lb += [float(at_least), 1.0]
        rows.ub += [np.inf, np.inf]
    x, status = _solve(c, rows, lo, hi, integer, time_limit)
    if x is None:
        return None, status
    z = x[nx:nx + nz]
    chosen = z < 1e-6 if errors else z > 0.5
    return Solved(x[:nx], chosen & prog.possible, status == 0), status


def nearest(prog: Programme, keep: Mask, time_limit: float = TIME_LIMIT) -> Solved | None:
    """Among the unknowns that keep every decision of ``keep`` reproduced, those closest (L1) to the
    block's starting values: a linear programme through ``d ≥ ±(x − start)``."""
    block = prog.block
    rows, nx, nz, y_index = _layout(prog, fixed=keep, errors=False)
    width = nx + nz + len(y_index)
    lo, hi, integer = _bounds(prog, nx, nz, y_index, width, False)
    hi[nx:nx + nz] = 0.0
    for v in range(nx):
        for sign in (1.0, -1.0):
            coef = np.zeros(width + nx)
            coef[v], coef[width + v] = sign, 1.0
            rows.coef.append(coef)
            rows.lb.append(sign * block.start[v])
            rows.ub.append(np.inf)
    rows.coef = [np.concatenate([r, np.zeros(width + nx - len(r))]) for r in rows.coef]
    c = np.concatenate([np.zeros(width), block.scale])
    x, status = _solve(c, rows, np.concatenate([lo, np.zeros(nx)]), np.concatenate([hi, np.full(nx, np.inf)]),
                       np.concatenate([integer, np.zeros(nx)]), time_limit)
    return None if x is None else Solved(x[:nx], keep & prog.possible, status == 0)


def ranges(prog: Programme, keep: Mask, targets: list[Array], budget: float = math.inf,
           progress: Callable[[str], None] | None = None) -> list[tuple[float, float] | None]:
    """For each linear function of the unknowns, its least and greatest value while every decision
    of ``keep`` stays reproduced (one programme per bound); a range not proven within ``budget``
    seconds in all is None (not known), never a narrower one."""
    import time

    deadline = time.monotonic() + budget
    rows, nx, nz, y_index = _layout(prog, fixed=keep, errors=False)
    width = nx + nz + len(y_index)
    lo, hi, integer = _bounds(prog, nx, nz, y_index, width, False)
    hi[nx:nx + nz] = 0.0
    out: list[tuple[float, float] | None] = []
    for number, target in enumerate(targets, start=1):
        if progress is not None:
            progress(f"finding how far each value can move: {number} of {len(targets)}")
        ends: list[float | None] = []
        for sign in (1.0, -1.0):
            left = deadline - time.monotonic()
            if left <= 0:
                ends.append(None)
                continue
            c = np.zeros(width)
            c[:nx] = sign * target
            x, status = _solve(c, rows, lo, hi, integer, min(TIME_LIMIT, left))
            ends.append(None if x is None or status != 0 else float(target @ x[:nx]))
        out.append(None if ends[0] is None or ends[1] is None else (ends[0], ends[1]))
    return out


# --- applying a block's solution --------------------------------------------------------------


def snap_thresholds(t: Array) -> Array:
    """Thresholds raised to the next tenth: scores are compared rounded to 0.1, so every decision
    stays on the same side."""
    return np.ceil(np.asarray(t) * 10 - 1e-6) / 10


def apply_solution(problem: FitProblem, params: Params, builder: Builder, x: Array) -> Params:
    """The parameters with the block's unknowns set to ``x``."""
    nw = builder.nw
    pillar, within, t = params.pillar.copy(), params.within.copy(), params.thresholds.copy()
    if builder.kind == "joint":
        e = np.maximum(x[:nw], 0.0)
        pillar = np.bincount(problem.pillar_of, weights=e, minlength=len(pillar)).astype(float)
        within = e / pillar[problem.pillar_of]
    elif builder.kind == "pillars":
        pillar = np.maximum(x[:nw], 0.0)
        pillar = normalised(pillar)
    elif builder.kind == "within":
        share = np.maximum(x[:nw], 0.0)
        within[builder.members] = normalised(share)
    if builder.t_free:
        t = snap_thresholds(x[nw:])
    return Params(pillar, within, t)


def tidy(problem: FitProblem, params: Params) -> Params:
    """Weights as they will be written: percentages with two decimals."""
    _, within = shares(params.pillar, params.within, problem.pillar_of)
    return Params(np.round(params.pillar * 100, 2), np.round(within * 100, 2), np.round(params.thresholds, 1))
