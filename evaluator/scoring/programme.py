"""The linear programmes of calibration (SPEC section 11): one block of unknowns at a time.

The model is the set's own: a decision ``i`` was scored at its cutoff, giving rounded points
``p_ij``, the criteria that count (``c_i``) and those with usable values; the gates and the
``criteria:`` requirements of each outcome hold or not whatever the weights. The unknowns are
the pillar shares ``P_k`` (summing to 1), each criterion's share ``w_j`` of its pillar (summing
to 1 within the pillar), and the outcomes' ``score`` thresholds ``t_o``. A decision is
*reproduced* when the first outcome whose requirements hold recommends the decided status.

Formulation (a preference-disaggregation programme in the manner of UTADIS and MR-Sort
inference: Doumpos & Zopounidis, *Multicriteria Decision Aid Classification Methods*, 2002;
Mousseau, Figueira & Naux, EJOR 130, 2001; Leroy, Mousseau & Pirlot, ADT 2011): one binary
``z_i`` per decision; when ``z_i = 1`` the decided outcome's requirements hold with a margin
and, for every earlier outcome whose fixed requirements hold, at least one requirement fails
with a margin (a binary per alternative when there are several); maximise ``Σ z_i``. Each
condition ``value ≥ limit`` is written as a linear form ``a·x + b`` that is positive exactly
when it holds, and switched on and off with the smallest big-M its variable bounds allow.

The overall score is linear in the effective weights ``e_j = P_k w_j`` and the thresholds
when every criterion counts for every decision (complete data, or ``missing: zero``):
``overall = Σ e_j p_ij``. One programme over ``(e, t)`` is then exact, and its optimum is
global: the decisions it leaves out form a minimum unexplained set (``exact``). With missing
values the set renormalises over what counts, pillar by pillar, and the score becomes a sum of
ratios in the weights; multiplying a condition through by the positive denominators keeps it
linear only when one block of unknowns moves at a time. The programme is then solved by
blocks, as in alternating methods for bilinear programmes (Konno, *Math. Programming* 11,
1976): the thresholds; the pillar shares; each pillar's criterion shares; each exact given the
others, repeated until no block reproduces more. That search is monotone but local, and says
so (``exact`` is false).

Margins cover the rounding of SPEC section 4: points are rounded already; a pillar score and
the overall score each round to 0.1, so a condition that holds by 0.12 points on unrounded
numbers holds on rounded ones. Every count reported is the engine's count on the rounded
numbers, never the programme's.

Large problems (``method="lp"``, or more than ``EXACT_LIMIT`` decisions with ``auto``) use the
continuous relaxation of UTADIS: one non-negative error per decision instead of a binary,
minimise the sum of errors. It is fast and usually good, but it is not a maximum.
"""

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
    COMPLETENESS_MARGIN,
    MIN_SHARE,
    ROUNDED_MARGIN,
    SCORE_MARGIN,
    TIME_LIMIT,
    Params,
    Problem,
    evaluate,
)

# --- one block of unknowns as a linear programme ------------------------------------------------


@dataclass(frozen=True)
class Form:
    """``a·x + b``, positive where a condition holds, and ``am·x + bm``, the positive scale it was
    multiplied by (so that a margin of ``d`` points is ``d × scale``)."""

    a: Array
    b: float
    am: Array
    bm: float

    def hold(self, margin: float) -> tuple[Array, float]:
        """Holds with the margin: ``≥ 0``."""
        return self.a - margin * self.am, self.b - margin * self.bm

    def fail(self, margin: float) -> tuple[Array, float]:
        """Fails with the margin: ``≤ 0``."""
        return self.a + margin * self.am, self.b + margin * self.bm


Condition = Form | bool    # a constant when the block's unknowns cannot change it


@dataclass
class Block:
    """One set of unknowns: their bounds, the equalities they keep, and what they stand for."""

    kind: str                         # joint | thresholds | pillars | within
    names: list[tuple[str, int]]      # (pillar|criterion|effective|threshold, index) per variable
    lo: Array
    hi: Array
    eq: list[tuple[Array, float]] = field(default_factory=list)     # a·x = b
    ge: list[tuple[Array, float]] = field(default_factory=list)     # a·x ≥ b (threshold order)
    simplex: int = 0                  # the first ``simplex`` unknowns sum to 1
    start: Array = field(default_factory=lambda: np.zeros(0))
    scale: Array = field(default_factory=lambda: np.zeros(0))      # L1 weight of each variable


class Builder:
    """The linear conditions of every decision for one block, the other unknowns held fixed."""

    def __init__(self, problem: Problem, params: Params, kind: str, pillar: int = -1,
                 fit_weights: bool = True, fit_thresholds: bool = True) -> None:
        self.p = problem
        self.params = params
        self.kind = kind
        self.k = pillar
        self.fit_thresholds = fit_thresholds
        self.now = evaluate(problem, params)
        self.margin = {"joint": SCORE_MARGIN, "thresholds": 0.0, "pillars": ROUNDED_MARGIN,
                       "within": SCORE_MARGIN}[kind]
        _, m, k_count = problem.size
        tq = problem.threshold_outcomes()
        self.tpos = {q: r for r, q in enumerate(tq)}
        names: list[tuple[str, int]] = []
        if kind == "joint":
            names = [("effective", j) for j in range(m)]
        elif kind == "pillars":
            names = [("pillar", k) for k in range(k_count)]
        elif kind == "within":
            self.members = np.flatnonzero(problem.pillar_of == pillar)
            names = [("criterion", int(j)) for j in self.members]
        self.nw = len(names)
        self.t_free = kind == "thresholds" or (kind == "joint" and fit_thresholds)
        if self.t_free:
            names += [("threshold", q) for q in tq]
        self.block = self._block(names)

    # variables -------------------------------------------------------------------------------

    def _block(self, names: list[tuple[str, int]]) -> Block:
        n_var = len(names)
        lo, hi = np.zeros(n_var), np.ones(n_var)
        start = np.zeros(n_var)
        scale = np.ones(n_var)
        block = Block(self.kind, names, lo, hi)
        pr = self.params
        if self.nw:
            share = np.zeros(n_var)
            share[:self.nw] = 1.0
            block.eq.append((share, 1.0))
            if self.kind == "joint":
                eff = pr.effective(self.p.pillar_of)
                start[:self.nw] = eff
                lo[:self.nw] = MIN_SHARE * MIN_SHARE
            elif self.kind == "pillars":
                start[:self.nw] = pr.pillar
                lo[:self.nw] = MIN_SHARE
            else:
                start[:self.nw] = pr.within[self.members]
                lo[:self.nw] = MIN_SHARE
        if self.t_free:
            lo[self.nw:], hi[self.nw:] = 0.0, 100.0
            start[self.nw:] = pr.thresholds
            scale[self.nw:] = 0.01
            tq = self.p.threshold_outcomes()
            codes = self.p.track_codes
            for r in range(len(pr.thresholds) - 1):          # earlier outcomes of a track ask at least as much
                if codes is not None and codes[tq[r]] != codes[tq[r + 1]]:
                    continue                                  # tracks are alternatives: thresholds of their own
                order = np.zeros(n_var)
                order[self.nw + r], order[self.nw + r + 1] = 1.0, -1.0
                block.ge.append((order, 0.0))
        block.start, block.scale, block.simplex = start, scale, self.nw
        return block

    def _zeros(self) -> Array:
        return np.zeros(len(self.block.names))

    def _threshold(self, q: int) -> tuple[Array, float]:
        """``t_q`` as a form: a variable, or a constant."""
        a = self._zeros()
        if self.t_free:
            a[self.nw + self.tpos[q]] = 1.0
            return a, 0.0
        return a, float(self.params.thresholds[self.tpos[q]])

    # conditions ------------------------------------------------------------------------------

    def score(self, i: int, q: int) -> Condition:
        """Overall score of decision ``i`` ≥ the threshold of outcome ``q``."""
        p, pr = self.p, self.params
        ta, tb = self._threshold(q)
        if self.kind == "thresholds":
            overall = self.now.overall[i]
            return False if math.isnan(overall) else Form(-ta, overall - tb, self._zeros(), 1.0)
        if self.kind == "joint":
            a = -ta
            a[:self.nw] = p.points[i]
            return Form(a, -tb, self._zeros(), 1.0)
        counted = p.counted[i]
        if self.kind == "pillars":
            s = self.now.pillar[i]
            present = ~np.isnan(s)
            if not present.any():
                return False
            a = self._zeros()
            a[present] = s[present] - tb
            am = self._zeros()
            am[present] = 1.0
            return Form(a, 0.0, am, 0.0)
        k, members = self.k, self.members
        mine = counted[members]
        if not mine.any():
            overall = self.now.overall[i]
            return False if math.isnan(overall) else bool(overall >= tb)
        s = self.now.pillar[i]
        others = [lk for lk in range(len(pr.pillar)) if lk != k and not math.isnan(s[lk])]
        c_i = sum(pr.pillar[lk] * (s[lk] - tb) for lk in others)
        q_i = pr.pillar[k] + sum(pr.pillar[lk] for lk in others)
        a, am = self._zeros(), self._zeros()
        pts = np.nan_to_num(p.points[i, members])
        a[:self.nw] = np.where(mine, c_i + pr.pillar[k] * (pts - tb), 0.0)
        am[:self.nw] = np.where(mine, q_i, 0.0)
        return Form(a, 0.0, am, 0.0)

    def pillar_req(self, i: int, k: int, limit: float) -> Condition:
        """Pillar ``k`` of decision ``i`` ≥ ``limit``."""
        p = self.p
        if self.kind == "joint":
            a, am = self._zeros(), self._zeros()
            inside = p.pillar_of == k
            a[:self.nw] = np.where(inside, p.points[i] - limit, 0.0)
            am[:self.nw] = inside.astype(float)
            return Form(a, 0.0, am, 0.0)
        if self.kind != "within" or k != self.k:
            s = self.now.pillar[i, k]
            return bool(not math.isnan(s) and s >= limit)
        mine = p.counted[i, self.members]
        if not mine.any():
            return False
        a, am = self._zeros(), self._zeros()
        a[:self.nw] = np.where(mine, np.nan_to_num(p.points[i, self.members]) - limit, 0.0)
        am[:self.nw] = mine.astype(float)
        return Form(a, 0.0, am, 0.0)

    def completeness(self, i: int, limit: float) -> Condition:
        """Completeness of decision ``i`` ≥ ``limit``."""
        p, pr = self.p, self.params
        a = self._zeros()
        if self.kind == "joint":
            a[:self.nw] = p.usable[i].astype(float)
            return Form(a, -limit, self._zeros(), 1.0)
        if self.kind == "thresholds":
            return bool(self.now.completeness[i] >= limit)
        k_count = len(pr.pillar)
        usable_share = np.array([pr.within[(p.pillar_of == k) & p.usable[i]].sum() for k in range(k_count)])
        if self.kind == "pillars":
            a[:self.nw] = usable_share
            return Form(a, -limit, self._zeros(), 1.0)
        rest = sum(pr.pillar[k] * usable_share[k] for k in range(k_count) if k != self.k)
        a[:self.nw] = pr.pillar[self.k] * p.usable[i, self.members]
        return Form(a, rest - limit, self._zeros(), 1.0)

    def margin_of(self, what: str) -> float:
        """The margin of a condition of this kind, in its own units."""
        return COMPLETENESS_MARGIN if what == "completeness" else self.margin

    def requirements(self, i: int, q: int) -> list[tuple[str, Condition]]:
        """The weight-dependent requirements of outcome ``q`` for decision ``i``."""
        o = self.p.outcomes[q]
        out: list[tuple[str, Condition]] = []
        if o.score is not None:
            out.append(("score", self.score(i, q)))
        out += [("pillar", self.pillar_req(i, k, limit)) for k, limit in o.pillars.items()]
        if o.completeness is not None:
            out.append(("completeness", self.completeness(i, o.completeness)))
        return out


# --- the programme --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Programme:
    """A block's conditions for every decision, ready to solve with binaries or errors."""

    builder: Builder
    holds: list[list[tuple[Array, float]]]            # per decision: forms that must be ≥ 0
    fails: list[list[list[tuple[Array, float]]]]      # per decision: groups, one of each must be ≤ 0
    possible: Mask                                    # (N,) not ruled out by a constant

    @property
    def block(self) -> Block:
        """The unknowns."""
        return self.builder.block


STRICT = 1e-4     # a failing condition fails by this much: above the solver tolerance and the snap to tenths


def programme(builder: Builder) -> Programme:
    """Every decision's conditions, as forms over the block's unknowns."""
    p = builder.p
    n = len(p.decided)
    holds: list[list[tuple[Array, float]]] = [[] for _ in range(n)]
    fails: list[list[list[tuple[Array, float]]]] = [[] for _ in range(n)]
    possible = np.ones(n, dtype=bool)
    statuses = [o.status for o in p.outcomes]
    for i in range(n):
        keeps = p.keeps_held(i)       # the status held stands unless a higher outcome holds
        target = (int(p.held[i]) if keeps and p.held is not None else
                  next((q for q, o in enumerate(p.outcomes) if o.status == p.decided[i] and o.fixed[i]), None))
        if target is None:
            possible[i] = False
            continue
        needed: list[tuple[str, Condition]] = []
        if p.min_completeness > 0 and not keeps:
            needed.append(("completeness", builder.completeness(i, p.min_completeness)))
        if not keeps:
            needed += builder.requirements(i, target)
        for what, cond in needed:
            if not isinstance(cond, Form):
                possible[i] &= cond
            else:
                holds[i].append(cond.hold(builder.margin_of(what)))
        for q in range(target):
            if not p.outcomes[q].fixed[i] or statuses[q] == p.decided[i]:
                continue
            group = []
            blocked = False
            for what, cond in builder.requirements(i, q):
                if not isinstance(cond, Form):
                    if not cond:
                        blocked = True      # this earlier outcome fails anyway
                        break
                    continue
                a, b = cond.fail(builder.margin_of(what))
                group.append((a, b + STRICT))
            if blocked:
                continue
            if not group:
                possible[i] = False
                break
            fails[i].append(group)
    return Programme(builder, holds, fails, possible)


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


def apply(problem: Problem, params: Params, builder: Builder, x: Array) -> Params:
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


def tidy(problem: Problem, params: Params) -> Params:
    """Weights as they will be written: percentages with two decimals."""
    _, within = shares(params.pillar, params.within, problem.pillar_of)
    return Params(np.round(params.pillar * 100, 2), np.round(within * 100, 2), np.round(params.thresholds, 1))
