"""The scoring engine: one partners × criteria table of points, then operations on it.

Nothing here reads files or prints. ``extract`` turns partner values into matrices once;
``score_table`` computes points, pillar and overall scores, completeness, gates and outcomes
for every partner at the same time, and keeps what it decided (each value's status, each
gate's state, each peer rule's peer count, each requirement's result) so that explanations
only put it in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..loading.models import STATUS, Bound
from ..loading.records import Obs, Observation, Partner, Rates
from ..rules import Peers
from . import evidence, held
from .aggregate import Array, Mask, Scores, Weights, aggregate
from .compile import Spec
from .evidence import Cutoff, Reading
from .rounding import round1_scores
from .standing import Standing, floor, held_verdict, review_status
from .structure import CompiledGate, PartnerRow

MISSING, STALE, SCORED = 0, 1, 2
STATUS_NAMES = {MISSING: "missing", STALE: "stale", SCORED: "scored"}


@dataclass(frozen=True)
class Inputs:
    """Partner values as matrices (partners sorted by id), ready for the rules, as of one year."""

    partner_ids: list[str]
    groups: list[str]
    encoded: Array        # (n, m) value as the rule reads it; NaN when absent or unscorable
    year: Array           # (n, m) data year; NaN when none given
    present: Mask         # (n, m)
    gate_values: list[list[Any]]   # (g, n) raw values of each simple gate's indicator
    gate_years: Array     # (n, g)
    gate_numbers: Array   # (n, g) the value when it is a number (not a boolean); NaN otherwise
    gate_flags: Array     # (n, g) 1.0 / 0.0 when the value is a boolean; NaN otherwise
    observed: list[list[Obs | Reading | None]] = field(default_factory=list)   # (n, m) what was read
    gate_observed: list[list[Obs | Reading | None]] = field(default_factory=list)  # (g, n)
    gate_tenure: Array | None = None   # (n, g) years a tenure gate's value has been held; NaN elsewhere


def extract(spec: Spec, partners: Sequence[Partner], when: int | Cutoff, rates: Rates | None = None) -> Inputs:
    """Read, for every partner, criterion and simple gate, what is visible at ``when`` (an as-of
    year, or a decision's cutoff), once, through the one reader of evidence (``evidence.read``)."""
    rates = rates or Rates()
    cutoff = evidence.as_cutoff(when)
    ordered = sorted(partners, key=lambda p: p.id)
    n, m = len(ordered), len(spec.criteria)
    encoded = np.full((n, m), np.nan)
    year = np.full((n, m), np.nan)
    present = np.zeros((n, m), dtype=bool)
    observed: list[list[Obs | Reading | None]] = []
    for i, partner in enumerate(ordered):
        values = partner.indicators
        row: list[Obs | Reading | None] = [None] * m
        for j, crit in enumerate(spec.criteria):
            entry = values.get(crit.indicator)
            obs = None if entry is None else evidence.read(entry, crit, cutoff, rates)
            if obs is None:
                continue
            row[j] = obs
            present[i, j] = True
            encoded[i, j] = crit.rule.encode(crit.params, obs.value) - (cutoff.year if crit.relative else 0)
            dated = _year(obs, crit)
            if dated is not None:
                year[i, j] = dated
        observed.append(row)
    gate_read = [[gate_reading(p, gate, cutoff, rates, spec.status_column) for p in ordered]
                 for gate in spec.gates]
    gate_observed = [[obs for obs, _ in column] for column in gate_read]
    gate_values = [[None if obs is None else obs.value for obs in column] for column in gate_observed]
    gate_years = np.array([[np.nan if (y := _year(obs, gate)) is None else y for obs in column]
                           for gate, column in zip(spec.gates, gate_observed, strict=True)],
                          dtype=float).reshape(len(spec.gates), n).T
    tenure = np.array([[np.nan if t is None else t for _, t in column] for column in gate_read],
                      dtype=float).reshape(len(spec.gates), n).T
    return Inputs([p.id for p in ordered], [p.group for p in ordered], encoded, year, present,
                  gate_values, np.ascontiguousarray(gate_years), *gate_arrays(gate_values, n), observed, gate_observed,
                  np.ascontiguousarray(tenure))


def gate_reading(partner: Partner, gate: CompiledGate, cutoff: Cutoff, rates: Rates,
                 status: held.StatusColumn | None = None) -> tuple[Obs | Reading | None, int | None]:
    """What a simple gate tests at ``cutoff``, and for a tenure (``for_years``) how many years the value
    has been one of those asked for: the status held (``indicator: status``, from the history, or
    from the set's ``status_from`` state), or the indicator's reading."""
    if gate.indicator is None:
        return None, None
    needs = gate.require.in_ if isinstance(gate.require, Bound) and gate.require.for_years else None
    if gate.indicator == STATUS:
        if status is not None:
            latest, years = held.state_tenure(partner.indicators.get(status.indicator), status, needs or [],
                                              cutoff)
            if latest is not None:
                return latest, years
        holds, years = held.tenure(partner, needs or [], cutoff)
        return (None if holds is None else _status_value(partner, holds, cutoff)), years
    entry = partner.indicators.get(gate.indicator)
    if needs is not None:
        return held.state_tenure(entry, gate, needs, cutoff)
    return evidence.read(entry, gate, cutoff, rates), None


def _status_value(partner: Partner, held: str, cutoff: Cutoff) -> Obs:
    """The status held, as an observation with the source of the decision that gave it."""
    known = [c for c in partner.history if evidence.visible_record(c.year, c.date, cutoff)]
    if known:
        last = known[-1]
        return Observation(held, last.year, last.date, None, last.source, None, last.url)
    return Observation(held, partner.since, None, None, "the partner file's status")


def _year(obs: Obs | Reading | None, column: evidence.Column) -> int | None:
    """The year a reading is dated by (a year state without ``year:``: its value)."""
    if obs is None:
        return None
    return obs.year if isinstance(obs, Reading) else evidence.dated_year(obs, column)


def gate_arrays(gate_values: list[list[Any]], n: int) -> tuple[Array, Array]:
    """Gate values as numbers (booleans apart) and as flags, for vectorised gate tests."""
    numbers = np.full((n, len(gate_values)), np.nan)
    flags = np.full((n, len(gate_values)), np.nan)
    for g, column in enumerate(gate_values):
        for i, value in enumerate(column):
            if isinstance(value, bool):
                flags[i, g] = 1.0 if value else 0.0
            elif isinstance(value, int | float):
                numbers[i, g] = value
    return numbers, flags


@dataclass(frozen=True)
class Table:
    """Every partner's scores against one set, as of one year, and what the engine decided."""

    spec: Spec
    inputs: Inputs
    as_of: int
    status: npt.NDArray[np.int8]   # (n, m) MISSING / STALE / SCORED
    points: Array                  # (n, m) rounded points; NaN where the criterion does not count
    counted: Mask                  # (n, m)
    peers: npt.NDArray[np.intp]    # (n, m) other partners a peer rule compared with; 0 elsewhere
    pillar: Array                  # (n, K) rounded; NaN where the pillar drops out
    overall: Array                 # (n,) rounded; NaN when every pillar drops out
    completeness: Array            # (n,) rounded to 3 decimals
    gate_state: npt.NDArray[np.int8]   # (n, g) MISSING / STALE / SCORED; a composite MISSING while undecided
    gate_pass: Mask                # (n, g)
    outcome: npt.NDArray[np.intp]  # (n,) index into outcomes; -1 = insufficient-evidence
    checks: dict[str, dict[str, Mask]]   # outcome id → requirement key → (n,) holds
    cutoff: Cutoff | None = None   # the point in time the values were read at (None: the end of as_of)
    standing: Standing | None = None   # what each partner holds and asks for; None: every partner new
    review: list[str] = field(default_factory=list)   # (n,) meets | eligible | falls-short | too-thin | new | ""
    _pools: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    @property
    def when(self) -> Cutoff:
        """The point in time the values were read at."""
        return self.cutoff or Cutoff.end_of(self.as_of)

    @property
    def usable(self) -> Mask:
        """(n, m) where a value is present and not stale."""
        return np.asarray(self.status == SCORED, dtype=bool)

    def scores(self) -> Scores:
        """The numbers requirements are tested against."""
        return Scores(self.points, self.counted, self.pillar, self.overall, self.completeness, self.gate_pass)

    def peer_pool(self, j: int, group: str) -> tuple[str, ...]:
        """The partners of ``group`` with a usable value of criterion ``j``, in partner order: built once
        per criterion and group and shared by every scorecard, so building them all stays linear."""
        pools = self._pools.get(j)
        if pools is None:
            found: dict[str, list[str]] = {}
            for pid, grp, ok in zip(self.inputs.partner_ids, self.inputs.groups, self.status[:, j] == SCORED,
                                    strict=True):
                if ok:
                    found.setdefault(grp, []).append(pid)
            pools = self._pools[j] = {grp: tuple(ids) for grp, ids in found.items()}
        return pools.get(group, ())

    def row(self, i: int) -> PartnerRow:
        """What the engine decided for partner row ``i``."""
        gate_values = [column[i] for column in self.inputs.gate_values]
        return PartnerRow(self.points[i], self.counted[i], self.usable[i], self.pillar[i], float(self.overall[i]),
                          float(self.completeness[i]), self.gate_pass[i], self.gate_state[i] == SCORED, gate_values)

    def held_status(self, i: int) -> str | None:
        """The status partner row ``i`` held at the table's point in time (None: not known)."""
        return self.standing.held_status[i] if self.standing is not None else None

    def outcome_id(self, i: int) -> str:
        """The outcome id of partner row ``i``."""
        return self.spec.outcome_id(int(self.outcome[i]))


def outcome_title(spec: Spec, k: int) -> str:
    """The title of outcome index ``k`` (-1: insufficient evidence)."""
    return "Insufficient evidence to recommend" if k < 0 else spec.outcomes[k].title


def _same(a: Any, b: Any) -> bool:
    """Equal, with booleans never equal to numbers (``True`` is not ``1`` here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _holds(require: Any, inputs: Inputs, g: int, n: int, now: Array) -> Mask:
    """Where the simple gate ``g``'s test holds on the value (its presence is checked apart);
    ``now`` (n,) is each row's year, for a bound ``relative: as-of``."""
    numbers, flags = inputs.gate_numbers[:, g], inputs.gate_flags[:, g]
    with np.errstate(invalid="ignore"):
        if require == "present":
            return np.ones(n, dtype=bool)
        if isinstance(require, bool):
            return np.asarray(flags == (1.0 if require else 0.0))
        if isinstance(require, Bound) and require.in_ is None:
            if require.relative is not None:
                numbers = numbers - now
            holds = ~np.isnan(numbers)
            if require.min is not None:
                holds &= numbers >= require.min
            if require.max is not None:
                holds &= numbers <= require.max
            return holds
    items = require.in_ or []   # {in: [...]}: few partners, any type of value
    found = np.array([any(_same(v, item) for item in items) for v in inputs.gate_values[g]], dtype=bool)
    if isinstance(require, Bound) and require.for_years is not None:
        tenure = inputs.gate_tenure[:, g] if inputs.gate_tenure is not None else np.full(n, np.nan)
        with np.errstate(invalid="ignore"):
            found &= tenure >= require.for_years
    return found


def gates(spec: Spec, inputs: Inputs, as_of: int | Array) -> tuple[npt.NDArray[np.int8], Mask]:
    """(n, g) state of every gate's value and pass/fail; composites from the gates above them, with
    no data where the gates they name without data could still make them pass."""
    n = len(inputs.partner_ids)
    now = np.broadcast_to(np.asarray(as_of, dtype=float).reshape(-1), (n,))
    state = np.full((n, len(spec.gates)), SCORED, dtype=np.int8)
    out = np.zeros((n, len(spec.gates)), dtype=bool)
    with np.errstate(invalid="ignore"):
        stale = as_of - inputs.gate_years > spec.gate_max_age
    for gate in spec.gates:
        g = gate.index
        if gate.composite:
            members = list(gate.members)
            out[:, g] = out[:, members].sum(axis=1) >= gate.need
            could = (out[:, members] | (state[:, members] != SCORED)).sum(axis=1) >= gate.need
            state[:, g] = np.where(out[:, g] | ~could, SCORED, MISSING)
            continue
        present = np.array([v is not None for v in inputs.gate_values[g]], dtype=bool)
        state[:, g] = np.where(present & ~stale[:, g], SCORED, np.where(present, STALE, MISSING))
        out[:, g] = (state[:, g] == SCORED) & _holds(gate.require, inputs, g, n, now)
    return state, out


def _along(a: npt.NDArray[Any], shape: tuple[int, ...]) -> npt.NDArray[Any]:
    """A per-row array (n,) broadcast against scores of shape (n,) or (n, draws)."""
    return np.broadcast_to(a.reshape(a.shape + (1,) * (len(shape) - a.ndim)), shape)


def decide(spec: Spec, scores: Scores, standing: Standing | None = None,
           ) -> tuple[npt.NDArray[np.intp], dict[str, dict[str, Mask]]]:
    """The first outcome a partner may be given whose requirements all hold (``standing``: the
    outcomes its request, its status and the policies in force allow; an incumbent never below
    its own status); below ``min_completeness``, -1 (insufficient evidence), or for a partner
    holding a status of the set, that status, which stands."""
    shape = scores.overall.shape
    chosen = np.full(shape, len(spec.outcomes) - 1, dtype=np.intp)
    undecided = np.ones(shape, dtype=bool)
    checks: dict[str, dict[str, Mask]] = {}
    for outcome in spec.outcomes:
        masks = {r.key: np.broadcast_to(r.holds(scores), shape) for r in outcome.requirements}
        holds = np.ones(shape, dtype=bool)
        for mask in masks.values():
            holds &= mask
        checks[outcome.id] = masks
        if standing is not None:
            holds = holds & _along(standing.allowed[outcome.index], shape)
        chosen = np.where(undecided & holds, outcome.index, chosen)
        undecided &= ~holds
    held = _along(standing.held, shape) if standing is not None else np.full(shape, -1, dtype=np.intp)
    if standing is not None:
        chosen = floor(spec, chosen, held)
    # too little evidence: no recommendation; a status held stands (never lost for want of a record)
    chosen = np.where(scores.completeness < spec.min_completeness, held, chosen)
    return chosen, checks


def _peer_counts(spec: Spec, usable: Mask, groups: Sequence[str]) -> npt.NDArray[np.intp]:
    """For each value a peer rule scored: how many other partners of its group it was ranked with."""
    out = np.zeros(usable.shape, dtype=np.intp)
    columns = [j for j, c in enumerate(spec.criteria) if c.rule.peers]
    if not columns:
        return out
    scored = usable[:, columns]
    if len(set(groups)) == 1:
        out[:, columns] = np.where(scored, scored.sum(axis=0) - 1, 0)
        return out
    group_arr = np.asarray(groups, dtype=object)
    counts = np.zeros(scored.shape, dtype=np.intp)
    for group in set(groups):
        rows = group_arr == group
        counts[rows] = scored[rows].sum(axis=0)
    out[:, columns] = np.where(scored, counts - 1, 0)
    return out


def raw_points(spec: Spec, inputs: Inputs, usable: Mask) -> Array:
    """Unrounded points of every usable value (NaN elsewhere), rule by rule.

    Works on the transposed table (one contiguous row per criterion): reading a column of a
    row-major partners x criteria array strides through memory, a row does not.
    """
    values = np.where(usable, inputs.encoded, np.nan).T.copy()
    usable_t = usable.T
    out = np.empty_like(values)
    for j, crit in enumerate(spec.criteria):
        out[j] = crit.rule.points(crit.params, values[j], Peers(usable_t[j], inputs.groups))
    return np.ascontiguousarray(out.T)


def score_table(spec: Spec, inputs: Inputs, when: int | Cutoff, *, row_years: Array | None = None,
                standing: Standing | None = None) -> Table:
    """Score every partner: points, pillars, overall, completeness, gates, outcome, review.

    ``row_years`` (rows × 1) gives each row its own as-of year, for a table that stacks several
    years (``history``); ``when`` is then the last of them. ``when`` is an as-of year or the cutoff
    ``extract`` read the values at; staleness counts from its year. ``standing`` holds what each
    row holds and asks for (``standing.standing``); without it every partner is taken as new.
    """
    cutoff = evidence.as_cutoff(when)
    as_of = cutoff.year
    now: Array | int = as_of if row_years is None else row_years
    with np.errstate(invalid="ignore"):
        stale = inputs.present & (now - inputs.year > spec.max_age)
    usable = inputs.present & ~stale & ~np.isnan(inputs.encoded)
    status = np.where(usable, SCORED, np.where(stale, STALE, MISSING)).astype(np.int8)
    counted = usable | spec.zero_policy
    points = round1_scores(raw_points(spec, inputs, usable))
    points = np.where(usable, points, np.where(counted, 0.0, np.nan))
    pillar, overall, completeness = aggregate(points, counted, usable, spec.pillar_of,
                                              Weights.single(spec.pillar_weight, spec.weight))
    gate_state, gate_pass = gates(spec, inputs, now)
    scores = Scores(points, counted, pillar[:, 0], overall[:, 0], completeness[:, 0], gate_pass)
    outcome, checks = decide(spec, scores, standing)
    held = standing.held if standing is not None else np.full(outcome.shape, -1, dtype=np.intp)
    reviews = review_status(spec, outcome, held, *held_verdict(spec, scores, gate_state == SCORED, held),
                     scores.completeness < spec.min_completeness)
    return Table(spec, inputs, as_of, status, points, counted, _peer_counts(spec, usable, inputs.groups),
                 scores.pillar, scores.overall, scores.completeness, gate_state, gate_pass, outcome, checks,
                 None if cutoff.at_year_end else cutoff, standing, reviews)
