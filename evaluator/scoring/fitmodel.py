"""Calibration's model of a set: every past decision's replayed numbers, the unknowns (pillar and
criterion shares, outcome thresholds), and the engine's decision on them (``evaluate``), which a
property test holds equal to ``engine.decide``. ``programme.py`` writes the conditions as linear
programmes; ``fit.py`` searches."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.choices import CALIBRATE_LIMIT
from .aggregate import Array, Mask, Weights, aggregate, shares

EXACT_LIMIT = 500
#: every pillar share and every criterion's share of its pillar stays at least this
MIN_SHARE = 0.01
#: a score condition must hold (or fail) by this many points on unrounded numbers
SCORE_MARGIN = 0.12
#: the same for a score computed from rounded pillar scores (one rounding left)
ROUNDED_MARGIN = 0.06
#: completeness is rounded to 3 decimals
COMPLETENESS_MARGIN = 0.001
#: how many sweeps of the block search at most
MAX_SWEEPS = 20
#: HiGHS time limit per programme, in seconds
TIME_LIMIT = 60.0
#: the time the uniqueness check may take, in seconds; beyond it the answer is "not settled"
UNIQUE_LIMIT = 10.0
#: the seconds ``--method auto`` gives the MILP before it falls back to the LP relaxation
AUTO_MILP_SECONDS = 3.0
#: progress is said only once a calibration has run this many seconds, and then at most this often
PROGRESS_AFTER = 2.0


class Budget:
    """The time a whole calibration may take: every programme gets at most what is left, the search
    stops when none is, keeping the best found so far (``ran_out`` then says so); ``progress``
    hears how far it got, once it has run ``PROGRESS_AFTER`` seconds."""

    def __init__(self, seconds: float = CALIBRATE_LIMIT, progress: Callable[[str], None] | None = None,
                 quiet_for: float = PROGRESS_AFTER) -> None:
        self.seconds, self.progress, self.quiet_for = seconds, progress, quiet_for
        self.start = time.monotonic()
        self.said = self.start
        self.ran_out = False
        self.parent: Budget | None = None

    def part(self, seconds: float) -> Budget:
        """A part of this budget that ends ``seconds`` from now, or when this one does; its progress is
        said through this one."""
        child = Budget(min(seconds, self.left()))
        child.parent = self
        return child

    def elapsed(self) -> float:
        """Seconds since the calibration started."""
        return time.monotonic() - self.start

    def left(self) -> float:
        """Seconds left (0 when none)."""
        return max(0.0, self.seconds - self.elapsed())

    def over(self) -> bool:
        """True, and remembered, once no time is left."""
        if self.left() <= 0:
            self.ran_out = True
        return self.ran_out

    def cap(self, limit: float) -> float:
        """A programme's own time limit, cut to what is left of the whole."""
        return min(limit, self.left())

    def say(self, text: str) -> None:
        """Tell ``progress`` how far the search is, when it has run long enough to want telling."""
        if self.parent is not None:
            self.parent.say(text)
            return
        now = time.monotonic()
        if self.progress is not None and now - self.start >= self.quiet_for and now - self.said >= self.quiet_for:
            self.said = now
            self.progress(f"{self.elapsed():.0f} s of {self.seconds:g} s: {text}")


@dataclass(frozen=True)
class OutcomeModel:
    """One outcome as calibration sees it."""

    id: str
    status: str
    fixed: Mask                     # (N,) its gates and criteria requirements hold
    score: float | None             # its overall-score threshold, if it has one
    pillars: dict[int, float]       # pillar index → the score it asks of it
    completeness: float | None


@dataclass(frozen=True)
class FitProblem:
    """Every decision's replayed numbers, the set's structure and its current weights."""

    points: Array                   # (N, m) rounded points; NaN where the criterion does not count
    counted: Mask                   # (N, m)
    usable: Mask                    # (N, m)
    pillar_of: npt.NDArray[np.intp]  # (m,)
    pillar_weight: Array            # (K,) relative
    weight: Array                   # (m,) relative, within each pillar
    outcomes: tuple[OutcomeModel, ...]
    min_completeness: float
    decided: tuple[str, ...]        # (N,) the decided status of each decision
    held: npt.NDArray[np.intp] | None = None        # (N,) the outcome of the status held; -1 none
    track_codes: npt.NDArray[np.intp] | None = None  # (Q,) each outcome's track (the fallback -1)
    pillar_ids: tuple[str, ...] = ()                  # (K,) for messages
    gates: Any = None                                 # gatefit.GateModel, when gate bounds may be fitted

    @property
    def size(self) -> tuple[int, int, int]:
        """(decisions, criteria, pillars)."""
        n, m = self.points.shape
        return n, m, len(self.pillar_weight)

    @property
    def complete(self) -> bool:
        """Every criterion counts for every decision: the overall score is linear in the weights."""
        return bool(self.counted.all())

    def current(self) -> Params:
        """The set's own weights and thresholds as shares."""
        pillar, within = shares(self.pillar_weight, self.weight, self.pillar_of)
        return Params(pillar, within, np.array([o.score for o in self.outcomes if o.score is not None], dtype=float))

    def subset(self, rows: Mask) -> FitProblem:
        """The same problem over some decisions only (out-of-sample checks)."""
        idx = np.flatnonzero(rows)
        outcomes = tuple(OutcomeModel(o.id, o.status, o.fixed[idx], o.score, o.pillars, o.completeness)
                         for o in self.outcomes)
        return FitProblem(self.points[idx], self.counted[idx], self.usable[idx], self.pillar_of, self.pillar_weight,
                       self.weight, outcomes, self.min_completeness, tuple(self.decided[i] for i in idx),
                       None if self.held is None else self.held[idx], self.track_codes, self.pillar_ids,
                       None if self.gates is None else self.gates.take(idx))

    def keeps_held(self, i: int) -> bool:
        """True when decision ``i`` kept the status the partner held: the engine never demotes, so it
        is reproduced unless a higher outcome of the track holds."""
        return self.held is not None and int(self.held[i]) >= 0 and \
            self.outcomes[int(self.held[i])].status == self.decided[i]

    def beyond(self, fit_weights: bool = True, fit_thresholds: bool = True, fit_floors: bool = False,
               fit_completeness: bool = False) -> list[str]:
        """For each decision, the requirement that no weights and thresholds of the fitted form can
        meet (empty when some can): a gate or ``criteria:`` requirement, a pillar without evidence,
        a floor above every score the pillar can reach, a completeness beyond what the evidence
        covers, or an outcome before it that always holds. Weights range over shares of at least
        ``MIN_SHARE``, so a pillar or overall score can reach the best points it has."""
        now = evaluate(self, self.current())
        fitted = (fit_weights, fit_thresholds, fit_floors, fit_completeness)
        return [self._beyond(i, fitted, now) for i in range(len(self.decided))]

    def _pillar(self, k: int) -> str:
        return self.pillar_ids[k] if k < len(self.pillar_ids) else str(k + 1)

    def _best(self, i: int, k: int | None) -> float:
        """The highest pillar ``k`` (None: overall) score any weights give decision ``i``."""
        inside = self.counted[i] if k is None else self.counted[i] & (self.pillar_of == k)
        return float(np.nanmax(np.where(inside, self.points[i], np.nan))) if inside.any() else math.nan

    def _beyond(self, i: int, fitted: tuple[bool, bool, bool, bool], now: Evaluated) -> str:
        fit_weights, fit_thresholds, fit_floors, fit_completeness = fitted
        if self.keeps_held(i):
            return ""
        target = next((q for q, o in enumerate(self.outcomes) if o.status == self.decided[i]), None)
        if target is None or not self.outcomes[target].fixed[i]:
            return "a gate or a criteria requirement of the decided outcome fails, or a policy or request excludes it"
        o = self.outcomes[target]
        for k, limit in o.pillars.items():
            if not self.counted[i, self.pillar_of == k].any():
                return f"pillar {self._pillar(k)} has no evidence, and the outcome asks {limit:g} of it"
            best = self._best(i, k) if fit_weights else float(now.pillar[i, k])
            if best < limit and not fit_floors:
                how = " under any weights" if fit_weights else ""
                return f"pillar {self._pillar(k)} reaches at most {best:.1f}{how}, below the {limit:g} asked"
        if o.score is not None and not fit_thresholds:
            best = self._best(i, None) if fit_weights else float(now.overall[i])
            if best < o.score:
                return f"the overall score reaches at most {best:.1f}, below the {o.score:g} asked"
        if not self.usable[i].any() and (self.min_completeness > 0 or o.completeness) and not fit_completeness:
            return "no usable evidence: completeness is 0 under any weights"
        for q in range(target):
            e = self.outcomes[q]
            if e.fixed[i] and e.status != self.decided[i] and e.score is None and not e.pillars \
                    and e.completeness is None:
                return f"the outcome '{e.id}' before it holds whatever the weights"
        return ""

    def beyond_weights(self) -> Mask:
        """(N,) decisions that no weights or thresholds can reproduce (``beyond``)."""
        return np.array([bool(r) for r in self.beyond()], dtype=bool)

    def threshold_outcomes(self) -> list[int]:
        """The indexes of the outcomes that have a score threshold, in order."""
        return [q for q, o in enumerate(self.outcomes) if o.score is not None]


@dataclass(frozen=True)
class Params:
    """Pillar shares (K,), criterion shares within their pillars (m,), thresholds (q,)."""

    pillar: Array
    within: Array
    thresholds: Array

    def effective(self, pillar_of: npt.NDArray[np.intp]) -> Array:
        """Each criterion's share of the whole set."""
        return np.asarray(self.pillar[pillar_of] * self.within)


@dataclass(frozen=True)
class Evaluated:
    """The engine's numbers for every decision under some parameters."""

    pillar: Array          # (N, K) rounded
    overall: Array         # (N,) rounded
    completeness: Array    # (N,)
    chosen: npt.NDArray[np.intp]   # (N,) outcome index; -1 insufficient evidence
    reproduced: Mask       # (N,)


def evaluate(problem: FitProblem, params: Params) -> Evaluated:
    """Score every decision as the engine does (rounded levels) and decide its outcome."""
    pillar, overall, completeness = aggregate(problem.points, problem.counted, problem.usable, problem.pillar_of,
                                              Weights.single(params.pillar, params.within))
    return decided(problem, params, pillar[:, 0], overall[:, 0], completeness[:, 0])


def decided(problem: FitProblem, params: Params, pillar: Array, overall: Array, completeness: Array) -> Evaluated:
    """Each decision's outcome from its scores, which the weights alone set: the limits (thresholds,
    floors, completeness) can be tried without scoring again."""
    n = len(overall)
    chosen = np.full(n, len(problem.outcomes) - 1, dtype=np.intp)
    undecided = np.ones(n, dtype=bool)
    t = iter(params.thresholds)
    with np.errstate(invalid="ignore"):
        for q, o in enumerate(problem.outcomes):
            holds = o.fixed.copy()
            if o.score is not None:
                holds &= overall >= next(t)
            for k, limit in o.pillars.items():
                holds &= pillar[:, k] >= limit
            if o.completeness is not None:
                holds &= completeness >= o.completeness
            chosen = np.where(undecided & holds, q, chosen)
            undecided &= ~holds
    held = problem.held if problem.held is not None else np.full(n, -1, dtype=np.intp)
    if problem.track_codes is not None:     # a holder is reviewed, never demoted (standing.floor)
        codes, last, safe = problem.track_codes, len(problem.outcomes) - 1, np.maximum(held, 0)
        lower = (held >= 0) & ((chosen == last) | ((codes[chosen] == codes[safe]) & (chosen > safe)))
        chosen = np.where(lower, safe, chosen)
    chosen = np.where(completeness < problem.min_completeness, held, chosen)
    statuses = np.array([o.status for o in problem.outcomes] + [""], dtype=object)
    reproduced = statuses[chosen] == np.asarray(problem.decided, dtype=object)
    return Evaluated(pillar, overall, completeness, chosen, np.asarray(reproduced, dtype=bool))
