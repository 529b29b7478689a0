"""The search for the weights and thresholds that reproduce the most past decisions (SPEC section
11): the blocks of unknowns in turn until none reproduces more (or one joint programme when the
score is linear in the weights), then, among the best, the values nearest the set's own, whether
the unexplained decisions are the only such set, and how far each value can move."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .aggregate import Array, Mask, shares
from .fitmodel import (
    AUTO_MILP_SECONDS,
    EXACT_LIMIT,
    MAX_SWEEPS,
    TIME_LIMIT,
    UNIQUE_LIMIT,
    Budget,
    Evaluated,
    FitProblem,
    OutcomeModel,
    Params,
    evaluate,
)
from .programme import Builder, programme
from .solver import apply_solution, maximise, nearest, ranges, tidy

# --- the search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """What calibration found."""

    before: Params
    after: Params                      # as written (percentages, tenths)
    reproduced_before: Mask
    reproduced_after: Mask
    exact: bool                        # the count is a proven maximum
    method: str                        # milp | lp
    search: str                        # joint | blocks
    unique: bool | None                # the unexplained set is the only one of its size (None: not checked)
    alternative: Mask | None           # another unexplained set of the same size, when there is one
    ranges: dict[tuple[str, int], tuple[float, float]]   # in percent of total weight, thresholds in points
    beyond: Mask                       # decisions no weights or thresholds can reproduce
    sweeps: int = 0
    stopped: float | None = None       # the overall time limit the search stopped at (None: it finished)
    extras_cut: bool = False           # the time limit ran out in the uniqueness check or the ranges
    fell_back: float | None = None     # --method auto: the MILP was not done in these seconds; the LP was tried


def _kinds(problem: FitProblem, fit_weights: bool, fit_thresholds: bool, joint: bool) -> list[tuple[str, int]]:
    """The blocks of unknowns: (kind, pillar index for ``within``)."""
    _, _, k_count = problem.size
    if joint:
        return [("joint", -1)]
    kinds: list[tuple[str, int]] = []
    if fit_thresholds and problem.threshold_outcomes():
        kinds.append(("thresholds", -1))
    if fit_weights:
        if k_count > 1:
            kinds.append(("pillars", -1))
        kinds += [("within", k) for k in range(k_count) if int((problem.pillar_of == k).sum()) > 1]
    return kinds


def _targets(problem: FitProblem, params: Params, b: Builder) -> list[tuple[tuple[str, int], Array]]:
    """The weights and thresholds a block moves, as linear functions of its unknowns, in percent of
    the total weight (thresholds in points)."""
    nx = len(b.block.names)
    out = []
    if b.kind == "joint":
        _, _, k_count = problem.size
        for k in range(k_count):
            f = np.zeros(nx)
            f[:b.nw] = (problem.pillar_of == k) * 100.0
            out.append((("pillar", k), f))
        for j in range(b.nw):
            f = np.zeros(nx)
            f[j] = 100.0
            out.append((("criterion", j), f))
    elif b.kind == "pillars":
        for k in range(b.nw):
            f = np.zeros(nx)
            f[k] = 100.0
            out.append((("pillar", k), f))
    elif b.kind == "within":
        for r, member in enumerate(b.members):
            f = np.zeros(nx)
            f[r] = 100.0 * params.pillar[b.k]
            out.append((("criterion", int(member)), f))
    if b.t_free:
        for r, q in enumerate(problem.threshold_outcomes()):
            f = np.zeros(nx)
            f[b.nw + r] = 1.0
            out.append((("threshold", q), f))
    return out


@dataclass(frozen=True)
class _Search:
    """What one search asks for: which unknowns, how, and within what time."""

    problem: FitProblem
    fit_weights: bool
    fit_thresholds: bool
    joint: bool
    errors: bool                 # the LP relaxation (errors) rather than the MILP
    time_limit: float            # per programme
    budget: Budget

    def kinds(self) -> list[tuple[str, int]]:
        return _kinds(self.problem, self.fit_weights, self.fit_thresholds, self.joint)

    def builder(self, params: Params, kind: str, k: int) -> Builder:
        return Builder(self.problem, params, kind, pillar=k, fit_thresholds=self.fit_thresholds)


def _sweep(search: _Search, start: Params, before: Mask) -> tuple[Params, Mask, bool, int]:
    """The blocks in turn (or the joint programme) until none reproduces more: the parameters, what
    they reproduce, whether every programme was proven optimal, and the sweeps run."""
    problem, budget = search.problem, search.budget
    n = len(problem.decided)
    params, best, optimal, sweeps, improved = start, before, True, 0, True
    while improved and sweeps < MAX_SWEEPS and not budget.over():
        improved = False
        sweeps += 1
        for kind, k in search.kinds():
            if budget.over():
                break
            b = search.builder(params, kind, k)
            solved, _ = maximise(programme(b), errors=search.errors, time_limit=budget.cap(search.time_limit))
            if solved is None:
                continue
            optimal &= solved.optimal
            trial = apply_solution(problem, params, b, solved.x)
            got = evaluate(problem, trial).reproduced
            if got.sum() > best.sum():
                params, best, improved = trial, got, True
            budget.say(f"{int(best.sum())} of {n} decisions reproduced so far (sweep {sweeps}, {kind} {k})")
        if search.joint:
            break
    return params, best, optimal, sweeps


def _nearest(search: _Search, start: Params, params: Params, best: Mask) -> tuple[Params, Mask]:
    """Among the weights that keep the same decisions, those nearest the set's own."""
    problem = search.problem
    for kind, k in search.kinds():
        if search.budget.over():
            break
        b = search.builder(params, kind, k)
        b.block.start = search.builder(start, kind, k).block.start
        prog = programme(b)
        solved = nearest(prog, best & prog.possible, search.budget.cap(TIME_LIMIT))
        if solved is None:
            continue
        trial = apply_solution(problem, params, b, solved.x)
        got = evaluate(problem, trial).reproduced
        if got.sum() >= best.sum():
            params, best = trial, got
    return params, best


def fit_decisions(problem: FitProblem, *, fit: str = "both", method: str = "auto", extras: bool = True,
              time_limit: float = TIME_LIMIT, budget: Budget | None = None) -> Fit:
    """Fit the weights (``fit="weights"``), the thresholds (``"thresholds"``) or both.

    ``method``: ``milp`` (one binary per decision), ``lp`` (the continuous relaxation), or
    ``auto`` (``milp`` up to ``EXACT_LIMIT`` decisions, given ``AUTO_MILP_SECONDS`` in all; when it is
    not done by then, ``lp`` too, the one that reproduces more kept, and ``fell_back`` says so).
    ``extras``: also check whether the unexplained set is unique and how far each value can move
    (out-of-sample fits skip them).
    ``time_limit``: the seconds HiGHS may spend on one programme (then its best so far, unproven);
    ``budget``: the time the whole calibration may take (then the best found so far, said so).
    """
    budget = budget if budget is not None else Budget()
    fit_weights, fit_thresholds = fit in ("weights", "both"), fit in ("thresholds", "both")
    n = len(problem.decided)
    chosen = ("milp" if n <= EXACT_LIMIT else "lp") if method == "auto" else method
    start = problem.current()
    before = evaluate(problem, start).reproduced
    joint = problem.complete and fit_weights
    search = _Search(problem, fit_weights, fit_thresholds, joint, chosen == "lp", time_limit, budget)
    fell_back = None
    if method == "auto" and chosen == "milp":
        trial = dataclasses.replace(search, budget=budget.part(AUTO_MILP_SECONDS))
        params, best, optimal, sweeps = _sweep(trial, start, before)
        if trial.budget.over() and not budget.over():     # not done in its time: the LP, and keep the better
            fell_back, relaxed = AUTO_MILP_SECONDS, dataclasses.replace(search, errors=True)
            lp = _sweep(relaxed, start, before)
            optimal = False
            if lp[1].sum() >= best.sum():
                (params, best, _, sweeps), chosen, search = lp, "lp", relaxed
    else:
        params, best, optimal, sweeps = _sweep(search, start, before)
    params, best = _nearest(search, start, params, best)
    written = tidy(problem, params)
    after = evaluate(problem, written).reproduced
    if after.sum() < best.sum():                  # rounding for the file lost one: keep the exact shares
        written, after = params, best
    unique, alternative, found = None, None, {}
    stopped = budget.over()                      # the search itself was cut short (not only the extras)
    if not search.errors and extras and not stopped:
        budget.say(f"{int(after.sum())} of {n} decisions reproduced; checking whether the unexplained are the "
                   "only such set")
        unique, alternative = _uniqueness(problem, written, after, fit_weights, fit_thresholds, joint,
                                          budget.cap(time_limit))
        found = _all_ranges(problem, written, after, fit_weights, fit_thresholds, joint,
                            budget.cap(math.inf if time_limit >= TIME_LIMIT else 2 * time_limit), budget.say)
    errors = search.errors
    exact = (joint and optimal and not errors or (not fit_weights and not errors and optimal)) and not stopped
    return Fit(start, written, before, after, exact, chosen, "joint" if joint else "blocks", unique, alternative,
               found, problem.beyond_weights() if extras else np.zeros(n, dtype=bool), sweeps,
               budget.seconds if stopped else None, budget.over() and not stopped, fell_back)


def _shares(problem: FitProblem, params: Params) -> Params:
    """Percentages back to shares."""
    return Params(*shares(params.pillar, params.within, problem.pillar_of), params.thresholds)


def _uniqueness(problem: FitProblem, params: Params, kept: Mask, fit_weights: bool, fit_thresholds: bool,
                joint: bool, time_limit: float = UNIQUE_LIMIT) -> tuple[bool | None, Mask | None]:
    """Whether another set of decisions, as small, could be the one left out (one no-good cut per block)."""
    left_out = ~kept
    if not left_out.any():
        return True, None
    shares = _shares(problem, params)
    for kind, k in _kinds(problem, fit_weights, fit_thresholds, joint):
        b = Builder(problem, shares, kind, pillar=k, fit_thresholds=fit_thresholds)
        solved, status = maximise(programme(b), at_least=int(kept.sum()), exclude=left_out,
                                  time_limit=min(UNIQUE_LIMIT, time_limit))
        if solved is None:
            if joint and status != 2:
                return None, None                         # not settled within the time limit
            continue
        trial = apply_solution(problem, shares, b, solved.x)
        got = evaluate(problem, trial).reproduced
        if got.sum() >= kept.sum() and (~got != left_out).any():
            return False, ~got
    return (True if joint else None), None


def _all_ranges(problem: FitProblem, params: Params, kept: Mask, fit_weights: bool, fit_thresholds: bool,
                joint: bool, budget: float = math.inf,
                progress: Callable[[str], None] | None = None) -> dict[tuple[str, int], tuple[float, float]]:
    """How far each weight and threshold can move, within ``budget`` seconds in all."""
    import time

    deadline = time.monotonic() + budget
    shares = _shares(problem, params)
    out: dict[tuple[str, int], tuple[float, float]] = {}
    for kind, k in _kinds(problem, fit_weights, fit_thresholds, joint):
        b = Builder(problem, shares, kind, pillar=k, fit_thresholds=fit_thresholds)
        prog = programme(b)
        keep = kept & prog.possible
        targets = _targets(problem, shares, b)
        found = ranges(prog, keep, [t[1] for t in targets], max(0.0, deadline - time.monotonic()), progress)
        for (name, bound) in zip([t[0] for t in targets], found, strict=True):
            if bound is not None:
                out[name] = bound
    return out


__all__ = ["EXACT_LIMIT", "Budget", "Evaluated", "Fit", "OutcomeModel", "Params", "FitProblem", "evaluate",
           "fit_decisions"]
