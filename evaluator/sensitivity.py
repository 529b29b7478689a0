"""How much an outcome depends on the weights (SPEC section 8).

Points do not depend on weights, so every weight draw re-uses the points table: pillar and
overall scores for all draws are a few matrix products, and outcomes come from the engine's
own ``decide``. Flip points move one weight alone by a factor f in (0, 10]: every score and
completeness is monotone in f, so each requirement flips at most once and its flip is found
exactly by bisection, not by sampling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .engine import Array, Mask, Spec, Table, decide, requirement_checks
from .models import INSUFFICIENT
from .rules import round1, round1_scores, round3

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

    @property
    def summary(self) -> str:
        """One sentence for reports."""
        others = ", ".join(f"{k} {v * 100:.1f} %" for k, v in self.others.items()) or "none"
        return (f"{self.verdict.capitalize()}: {self.keep_share * 100:.1f} % of {self.draws:,} weight draws "
                f"(Dirichlet, concentration {self.concentration:g}, seed {self.seed}) keep the outcome "
                f"{self.outcome}; other outcomes reached: {others}. Overall score 5th to 95th percentile: "
                f"{_fmt(self.overall_p5)} to {_fmt(self.overall_p95)} (median {_fmt(self.overall_p50)}).")


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def verdict(keep_share: float) -> str:
    """``robust`` at 90 % or more of draws keeping the outcome, ``fragile`` below 60 %."""
    if keep_share >= 0.9:
        return "robust"
    if keep_share < 0.6:
        return "fragile"
    return "moderate"


def draw_weights(spec: Spec, draws: int, concentration: float, seed: int) -> tuple[Array, Array]:
    """Pillar weights (draws, K) and criterion weights (draws, m), Dirichlet around the set's."""
    rng = np.random.default_rng(seed)
    base_p = spec.pillar_weight / spec.pillar_weight.sum()
    pillar_w = rng.dirichlet(concentration * base_p, size=draws) if len(base_p) > 1 else np.ones((draws, 1))
    crit_w = np.empty((draws, len(spec.criterion_ids)))
    for k in range(len(spec.pillar_ids)):
        members = np.flatnonzero(spec.pillar_of == k)
        base_c = spec.weight[members] / spec.weight[members].sum()
        crit_w[:, members] = (rng.dirichlet(concentration * base_c, size=draws) if members.size > 1
                              else np.ones((draws, 1)))
    return pillar_w, crit_w


def rescore(spec: Spec, points: Array, counted: Mask, usable: Mask, pillar_w: Array,
            crit_w: Array) -> tuple[Array, Array, Array]:
    """Pillar (n, d, K), overall (n, d) and completeness (n, d) for n partners under d weightings.

    One matrix product gives, for every pillar, the weighted points, the weight that counts
    and the weight with evidence, for all partners and all draws at once.
    """
    n, n_k, d = points.shape[0], len(spec.pillar_ids), crit_w.shape[0]
    member = np.zeros((len(spec.criterion_ids), n_k))
    member[np.arange(len(spec.criterion_ids)), spec.pillar_of] = 1.0
    filled = np.where(counted, np.nan_to_num(points), 0.0)
    stacked = np.stack([filled, counted.astype(float), usable.astype(float)])      # (3, n, m)
    blocks = (stacked[:, None, :, :] * member.T[None, :, None, :]).reshape(3 * n_k * n, -1)
    sums = (blocks @ crit_w.T).reshape(3, n_k, n, d)
    num, den, evidence = sums[0], sums[1], sums[2]
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = round1_scores(num / den)                                           # (K, n, d); NaN: no data
    total = crit_w @ member                                                          # (d, K)
    share = pillar_w / pillar_w.sum(axis=1, keepdims=True)
    completeness = np.einsum("knd,dk->nd", evidence, share / total)
    valid = ~np.isnan(pillar)
    pnum = np.einsum("knd,dk->nd", np.where(valid, pillar, 0.0), pillar_w)
    pden = np.einsum("knd,dk->nd", valid.astype(float), pillar_w)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = round1_scores(pnum / pden)
    return pillar.transpose(1, 2, 0), overall, round3(completeness)


def outcomes_under(spec: Spec, table: Table, rows: npt.NDArray[np.intp], pillar_w: Array,
                   crit_w: Array) -> npt.NDArray[np.intp]:
    """Outcome index of each partner row under each weighting: (n, d)."""
    points = table.points[rows]
    counted = table.counted[rows]
    pillar, overall, completeness = rescore(spec, points, counted, table.usable[rows], pillar_w, crit_w)
    chosen, _ = decide(spec, points[:, None, :], counted[:, None, :], pillar, overall, completeness,
                       table.gate_pass[rows][:, None, :])
    return chosen


def _outcome_name(spec: Spec, k: int) -> str:
    return INSUFFICIENT if k < 0 else spec.cset.outcomes[k].id


def _factor_weights(spec: Spec, kind: str, index: int, factors: Array) -> tuple[Array, Array]:
    pillar_w = np.repeat(spec.pillar_weight[None, :], factors.size, axis=0)
    crit_w = np.repeat(spec.weight[None, :], factors.size, axis=0)
    if kind == "pillar":
        pillar_w[:, index] *= factors
    else:
        crit_w[:, index] *= factors
    return pillar_w, crit_w


def _requirement_states(spec: Spec, table: Table, row: int, kind: str, index: int,
                        factors: Array) -> tuple[npt.NDArray[np.intp], Mask]:
    """Outcome and every requirement's truth value under each factor: (f,), (f, r)."""
    pillar_w, crit_w = _factor_weights(spec, kind, index, factors)
    rows = np.array([row])
    points, counted = table.points[rows], table.counted[rows]
    pillar, overall, completeness = rescore(spec, points, counted, table.usable[rows], pillar_w, crit_w)
    args = (points[:, None, :], counted[:, None, :], pillar, overall, completeness, table.gate_pass[rows][:, None, :])
    chosen, _ = decide(spec, *args)
    states = [completeness[0] >= spec.cset.min_completeness]
    for outcome in spec.cset.outcomes:
        if outcome.require is not None:
            states += [np.broadcast_to(mask, overall.shape)[0]
                       for _, mask in requirement_checks(spec, outcome.require, *args)]
    return chosen[0], np.stack(states, axis=1)


def flip_points(spec: Spec, table: Table, row: int, kind: str, index: int) -> Flip:
    """Exact flip factors of one weight, by bisection on each requirement (each is monotone)."""
    base = int(table.outcome[row])
    ends = np.array([MIN_FACTOR, 1.0, MAX_FACTOR])
    _, at_ends = _requirement_states(spec, table, row, kind, index, ends)
    breaks: list[float] = []
    for r in range(at_ends.shape[1]):
        for lo, hi in ((MIN_FACTOR, 1.0), (1.0, MAX_FACTOR)):
            lo_state = at_ends[list(ends).index(lo), r]
            if lo_state == at_ends[list(ends).index(hi), r]:
                continue
            a, b = lo, hi
            for _ in range(60):                    # to well below 1e-12 of the factor
                mid = (a + b) / 2
                _, state = _requirement_states(spec, table, row, kind, index, np.array([mid]))
                if state[0, r] == lo_state:
                    a = mid
                else:
                    b = mid
            breaks.append(b if hi > 1.0 else a)    # the factor at which the new state holds
    down = up = None
    down_outcome = up_outcome = None
    if breaks:
        candidates = np.array(sorted(set(breaks)))
        outcomes, _ = _requirement_states(spec, table, row, kind, index, candidates)
        below = [(f, o) for f, o in zip(candidates, outcomes, strict=True) if f < 1.0 and o != base]
        above = [(f, o) for f, o in zip(candidates, outcomes, strict=True) if f > 1.0 and o != base]
        if below:
            f, o = max(below)
            down, down_outcome = float(f), _outcome_name(spec, int(o))
        if above:
            f, o = min(above)
            up, up_outcome = float(f), _outcome_name(spec, int(o))
    ident = spec.pillar_ids[index] if kind == "pillar" else spec.criterion_ids[index]
    return Flip(kind, ident, down, down_outcome, up, up_outcome)


def _percentile(values: Array, q: float) -> float | None:
    ok = values[~np.isnan(values)]
    return None if ok.size == 0 else float(round1(np.percentile(ok, q, method="lower")))


def analyse(table: Table, partner_id: str, *, draws: int = 10_000, concentration: float = 50.0,
            seed: int = 0, flips: bool = True) -> Sensitivity:
    """The sensitivity of one partner's outcome: draws, percentiles, verdict and flip points."""
    spec = table.spec
    row = table.inputs.partner_ids.index(partner_id)
    pillar_w, crit_w = draw_weights(spec, draws, concentration, seed)
    rows = np.array([row])
    _, overall, _ = rescore(spec, table.points[rows], table.counted[rows], table.usable[rows], pillar_w, crit_w)
    chosen = outcomes_under(spec, table, rows, pillar_w, crit_w)[0]
    base = int(table.outcome[row])
    keep = float(np.mean(chosen == base))
    codes, counts = np.unique(chosen[chosen != base], return_counts=True)
    order = sorted(zip(codes.tolist(), counts.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
    others = {_outcome_name(spec, c): n / draws for c, n in order}
    found: list[Flip] = []
    if flips:
        found = [flip_points(spec, table, row, "pillar", k) for k in range(len(spec.pillar_ids))]
        found += [flip_points(spec, table, row, "criterion", j) for j in range(len(spec.criterion_ids))]
    now = table.overall[row]
    return Sensitivity(partner_id, _outcome_name(spec, base), draws, concentration, seed, keep, others,
                       None if np.isnan(now) else float(now), _percentile(overall[0], 5),
                       _percentile(overall[0], 50), _percentile(overall[0], 95), verdict(keep), found)


def verdicts(table: Table, *, draws: int = 10_000, concentration: float = 50.0, seed: int = 0) -> dict[str, str]:
    """The robustness verdict of every partner at once (one draw set for all)."""
    spec = table.spec
    pillar_w, crit_w = draw_weights(spec, draws, concentration, seed)
    rows = np.arange(len(table.inputs.partner_ids))
    chosen = outcomes_under(spec, table, rows, pillar_w, crit_w)
    keep = (chosen == table.outcome[:, None]).mean(axis=1)
    return {pid: verdict(float(k)) for pid, k in zip(table.inputs.partner_ids, keep, strict=True)}


def to_dict(result: Sensitivity) -> dict[str, Any]:
    """Plain data for JSON."""
    from dataclasses import asdict

    return asdict(result)
