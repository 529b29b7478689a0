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

import math
from dataclasses import dataclass, field

import numpy as np

from .aggregate import Array, Mask
from .fitmodel import (
    COMPLETENESS_MARGIN,
    MIN_SHARE,
    ROUNDED_MARGIN,
    SCORE_MARGIN,
    FitProblem,
    Params,
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

    def __init__(self, problem: FitProblem, params: Params, kind: str, pillar: int = -1,
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
