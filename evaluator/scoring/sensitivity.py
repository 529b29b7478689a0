"""How much an outcome depends on the weights (SPEC section 8).

Points do not depend on weights, so every weight draw re-uses the points table: pillar and
overall scores for all draws are a few matrix products, and outcomes come from the engine's
own ``decide``. Flip points move one weight alone by a factor f in (0, 10]: every score and
completeness is monotone in f, so each requirement flips at most once and its flip is found
exactly by bisection, not by sampling.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.choices import CONCENTRATION, CONCENTRATION_MIN, DRAWS, FRAGILE_BELOW, ROBUST_AT, SEED
from ..base.errors import UsageError
from ..base.text import fmt_percent, fmt_points
from .aggregate import Array, Scores, Weights, aggregate, normalised
from .compile import Spec
from .engine import Table, decide
from .rounding import round1
from .standing import Standing

MAX_FACTOR = 10.0
MIN_FACTOR = 1e-6


@dataclass(frozen=True)
class Flip:
    """The smallest change of one weight alone that changes the outcome, each way."""

    kind: str                       # criterion | pillar
    id: str
    down: float | None              # the outcome changes at this factor or below (None: not in (0, 1))
    down_outcome: str | None
    up: float | None                # the outcome changes at this factor or above (None: not in (1, 10])
    up_outcome: str | None


@dataclass(frozen=True)
class Sensitivity:
    """The robustness of one partner's outcome to the weights."""

    partner_id: str
    outcome: str
    draws: int
    concentration: float
    seed: int
    keep_share: float
    others: dict[str, float]
    overall_now: float | None
    overall_p5: float | None
    overall_p50: float | None
    overall_p95: float | None
    verdict: str
    flips: list[Flip] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)    # outcome id → title, for the summary

    @property
    def summary(self) -> str:
        """One sentence for reports."""
        if self.verdict == NO_VERDICT:
            return ("No verdict: the partner has no usable evidence, so no choice of weights supports or moves "
                    "its outcome.")
        others = ", ".join(f"{self.titles.get(k, k)} {fmt_percent(v)}" for k, v in self.others.items()) or "none"
        return (f"{self.verdict.capitalize()}: {fmt_percent(self.keep_share)} of {self.draws:,} weight draws "
                f"(Dirichlet, concentration {self.concentration:g}, seed {self.seed}) keep the outcome "
                f"{self.titles.get(self.outcome, self.outcome)}; other outcomes reached: {others}. Overall score "
                "5th to 95th percentile: "
                f"{fmt_points(self.overall_p5)} to {fmt_points(self.overall_p95)} "
                f"(median {fmt_points(self.overall_p50)}).")


#: the verdict of a partner without usable evidence: weights cannot move what nothing supports
NO_VERDICT = "—"


def verdict(keep_share: float, evidence: bool = True) -> str:
    """``robust`` at ``ROBUST_AT`` or more of draws keeping the outcome, ``fragile`` below ``FRAGILE_BELOW``;
    ``—`` for a partner with no usable evidence (SPEC section 8)."""
    if not evidence:
        return NO_VERDICT
    if keep_share >= ROBUST_AT:
        return "robust"
    if keep_share < FRAGILE_BELOW:
        return "fragile"
    return "moderate"


def check_draws(draws: int, concentration: float) -> None:
    """Refuse a number of draws below 1 and a concentration that is not a finite number of at least
    ``CONCENTRATION_MIN`` (far below it numpy's draws are not numbers)."""
    if draws < 1:
        raise UsageError(f"--draws must be at least 1, got {draws}")
    if not (math.isfinite(concentration) and concentration >= CONCENTRATION_MIN):
        raise UsageError(f"--concentration must be a finite number of at least {CONCENTRATION_MIN}, "
                         f"got {concentration:g}")


def draw_weights(spec: Spec, draws: int, concentration: float, seed: int) -> Weights:
    """Pillar weights (draws, K) and criterion weights (draws, m), Dirichlet around the set's."""
    rng = np.random.default_rng(seed)
    base_p = normalised(spec.pillar_weight)
    pillar_w = rng.dirichlet(concentration * base_p, size=draws) if len(base_p) > 1 else np.ones((draws, 1))
    crit_w = np.empty((draws, len(spec.criteria)))
    for k in range(len(spec.pillar_ids)):
        members = np.flatnonzero(spec.pillar_of == k)
        base_c = normalised(spec.weight[members])
        crit_w[:, members] = (rng.dirichlet(concentration * base_c, size=draws) if members.size > 1
                              else np.ones((draws, 1)))
    return Weights(pillar_w, crit_w)


def scores_under(table: Table, rows: npt.NDArray[np.intp], weights: Weights) -> Scores:
    """The scores of the partner ``rows`` under each weighting, with the engine's own aggregation.

    Points do not depend on weights: pillar (n, d, K), overall (n, d) and completeness (n, d)
    are recomputed; points, counted values and gates broadcast as (n, 1, ...).
    """
    points, counted = table.points[rows], table.counted[rows]
    pillar, overall, completeness = aggregate(points, counted, table.usable[rows], table.spec.pillar_of, weights)
    return Scores(points[:, None, :], counted[:, None, :], pillar, overall, completeness,
                  table.gate_pass[rows][:, None, :])


def outcomes_under(table: Table, rows: npt.NDArray[np.intp], weights: Weights) -> npt.NDArray[np.intp]:
    """Outcome index of each partner row under each weighting: (n, d)."""
    chosen, _ = decide(table.spec, scores_under(table, rows, weights), standing_of(table, rows))
    return chosen


def standing_of(table: Table, rows: npt.NDArray[np.intp]) -> Standing | None:
    """The standing of some rows of ``table``: what they hold and ask for decides as in the table."""
    return table.standing.rows(rows) if table.standing is not None else None



def _factor_weights(spec: Spec, kind: str, index: int, factors: Array) -> Weights:
    pillar_w = np.repeat(spec.pillar_weight[None, :], factors.size, axis=0)
    crit_w = np.repeat(spec.weight[None, :], factors.size, axis=0)
    if kind == "pillar":
        pillar_w[:, index] *= factors
    else:
        crit_w[:, index] *= factors
    return Weights(pillar_w, crit_w)


def _requirement_states(table: Table, row: int, kind: str, index: int,
                        factors: Array) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Outcome and every requirement's truth value under each factor: (f,), (f, r)."""
    spec = table.spec
    scores = scores_under(table, np.array([row]), _factor_weights(spec, kind, index, factors))
    chosen, checks = decide(spec, scores, standing_of(table, np.array([row])))
    states = [scores.completeness[0] >= spec.min_completeness]
    states += [mask[0] for masks in checks.values() for mask in masks.values()]
    return chosen[0], np.stack(states, axis=1)


def _breaks(table: Table, row: int, kind: str, index: int) -> list[float]:
    """The factors in (0, 10] at which some requirement changes its truth value, by bisection."""
    ends = np.array([MIN_FACTOR, 1.0, MAX_FACTOR])
    _, at_ends = _requirement_states(table, row, kind, index, ends)
    breaks: list[float] = []
    for r in range(at_ends.shape[1]):
        for lo_i, hi_i in ((0, 1), (1, 2)):
            lo_state = at_ends[lo_i, r]
            if lo_state == at_ends[hi_i, r]:
                continue
            a, b = ends[lo_i], ends[hi_i]
            for _ in range(60):                    # to well below 1e-12 of the factor
                mid = (a + b) / 2
                _, state = _requirement_states(table, row, kind, index, np.array([mid]))
                if state[0, r] == lo_state:
                    a = mid
                else:
                    b = mid
            breaks.append(float(b if hi_i == 2 else a))   # the factor at which the new state holds
    return breaks


def flip_points(table: Table, row: int, kind: str, index: int) -> Flip:
    """Exact flip factors of one weight, by bisection on each requirement (each is monotone)."""
    spec = table.spec
    base = int(table.outcome[row])
    breaks = _breaks(table, row, kind, index)
    down = up = None
    down_outcome = up_outcome = None
    if breaks:
        candidates = np.array(sorted(set(breaks)))
        outcomes, _ = _requirement_states(table, row, kind, index, candidates)
        below = [(f, o) for f, o in zip(candidates, outcomes, strict=True) if f < 1.0 and o != base]
        above = [(f, o) for f, o in zip(candidates, outcomes, strict=True) if f > 1.0 and o != base]
        if below:
            f, o = max(below)
            down, down_outcome = float(f), spec.outcome_id(int(o))
        if above:
            f, o = min(above)
            up, up_outcome = float(f), spec.outcome_id(int(o))
    ident = spec.pillar_ids[index] if kind == "pillar" else spec.criterion_ids[index]
    return Flip(kind, ident, down, down_outcome, up, up_outcome)


def _percentile(values: Array, q: float) -> float | None:
    ok = values[~np.isnan(values)]
    return None if ok.size == 0 else float(round1(np.percentile(ok, q, method="lower")))


def analyse(table: Table, partner_id: str, *, draws: int = DRAWS, concentration: float = CONCENTRATION,
            seed: int = SEED, flips: bool = True) -> Sensitivity:
    """The sensitivity of one partner's outcome: draws, percentiles, verdict and flip points."""
    check_draws(draws, concentration)
    spec = table.spec
    row = table.inputs.partner_ids.index(partner_id)
    scores = scores_under(table, np.array([row]), draw_weights(spec, draws, concentration, seed))
    chosen = decide(spec, scores, standing_of(table, np.array([row])))[0][0]
    overall = scores.overall[0]
    base = int(table.outcome[row])
    keep = float(np.mean(chosen == base))
    codes, counts = np.unique(chosen[chosen != base], return_counts=True)
    order = sorted(zip(codes.tolist(), counts.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
    others = {spec.outcome_id(c): n / draws for c, n in order}
    found: list[Flip] = []
    if flips:
        found = [flip_points(table, row, "pillar", k) for k in range(len(spec.pillar_ids))]
        found += [flip_points(table, row, "criterion", j) for j in range(len(spec.criteria))]
    now = table.overall[row]
    return Sensitivity(partner_id, spec.outcome_id(base), draws, concentration, seed, keep, others,
                       None if np.isnan(now) else float(now), _percentile(overall, 5),
                       _percentile(overall, 50), _percentile(overall, 95),
                       verdict(keep, bool(table.usable[row].any())), found,
                       {o.id: o.title for o in spec.outcomes})


#: the largest partners x draws x pillars block scored at once (floats); memory stays bounded,
#: whatever the number of partners and draws
BLOCK = 4_000_000


def verdicts(table: Table, *, draws: int = DRAWS, concentration: float = CONCENTRATION,
             seed: int = SEED) -> dict[str, str]:
    """The robustness verdict of every partner (one draw set for all), a block of partners at a time."""
    check_draws(draws, concentration)
    weights = draw_weights(table.spec, draws, concentration, seed)
    n = len(table.inputs.partner_ids)
    step = max(1, BLOCK // (draws * len(table.spec.pillar_ids)))
    keep = np.empty(n)
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        keep[rows] = (outcomes_under(table, rows, weights) == table.outcome[rows, None]).mean(axis=1)
    evidence = np.asarray(table.usable.any(axis=1), dtype=bool).tolist()
    return {pid: verdict(float(k), bool(e)) for pid, k, e in zip(table.inputs.partner_ids, keep, evidence, strict=True)}


def to_dict(result: Sensitivity) -> dict[str, Any]:
    """Plain data for JSON."""
    return asdict(result)
