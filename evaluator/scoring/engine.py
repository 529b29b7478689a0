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

from ..loading.models import INSUFFICIENT, Bound, Partner, Rates, Value
from ..rules import Peers
from . import evidence
from .aggregate import Array, Mask, Scores, Weights, aggregate
from .compile import Spec
from .evidence import Cutoff, Reading
from .rounding import round1_scores
from .structure import PartnerRow

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
    observed: list[list[Value | Reading | None]] = field(default_factory=list)   # (n, m) what was read
    gate_observed: list[list[Value | Reading | None]] = field(default_factory=list)  # (g, n)


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
    observed: list[list[Value | Reading | None]] = []
    for i, partner in enumerate(ordered):
        values = partner.indicators
        row: list[Value | Reading | None] = [None] * m
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
    gate_observed = [[None if gate.indicator is None
                      else evidence.read(p.indicators.get(gate.indicator), gate, cutoff, rates) for p in ordered]
                     for gate in spec.gates]
    gate_values = [[None if obs is None else obs.value for obs in column] for column in gate_observed]
    gate_years = np.array([[np.nan if (y := _year(obs, gate)) is None else y for obs in column]
                           for gate, column in zip(spec.gates, gate_observed, strict=True)],
                          dtype=float).reshape(len(spec.gates), n).T
    return Inputs([p.id for p in ordered], [p.group for p in ordered], encoded, year, present,
                  gate_values, np.ascontiguousarray(gate_years), *gate_arrays(gate_values, n), observed, gate_observed)


def _year(obs: Value | Reading | None, column: evidence.Column) -> int | None:
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
    gate_state: npt.NDArray[np.int8]   # (n, g) MISSING / STALE / SCORED (a usable value); composites SCORED
    gate_pass: Mask                # (n, g)
    outcome: npt.NDArray[np.intp]  # (n,) index into outcomes; -1 = insufficient-evidence
    checks: dict[str, dict[str, Mask]]   # outcome id → requirement key → (n,) holds
    cutoff: Cutoff | None = None   # the point in time the values were read at (None: the end of as_of)

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

    def row(self, i: int) -> PartnerRow:
        """What the engine decided for partner row ``i``."""
        gate_values = [column[i] for column in self.inputs.gate_values]
        return PartnerRow(self.points[i], self.counted[i], self.usable[i], self.pillar[i], float(self.overall[i]),
                          float(self.completeness[i]), self.gate_pass[i], self.gate_state[i] == SCORED, gate_values)

    def outcome_id(self, i: int) -> str:
        """The outcome id of partner row ``i``."""
        k = int(self.outcome[i])
        return INSUFFICIENT if k < 0 else self.spec.outcomes[k].id


def outcome_title(spec: Spec, k: int) -> str:
    """The title of outcome index ``k`` (-1: insufficient evidence)."""
    return "Insufficient evidence to recommend" if k < 0 else spec.outcomes[k].title


def _same(a: Any, b: Any) -> bool:
    """Equal, with booleans never equal to numbers (``True`` is not ``1`` here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _holds(require: Any, inputs: Inputs, g: int, n: int) -> Mask:
    """Where the simple gate ``g``'s test holds on the value (its presence is checked apart)."""
    numbers, flags = inputs.gate_numbers[:, g], inputs.gate_flags[:, g]
    with np.errstate(invalid="ignore"):
        if require == "present":
            return np.ones(n, dtype=bool)
        if isinstance(require, bool):
            return np.asarray(flags == (1.0 if require else 0.0))
        if isinstance(require, Bound) and require.in_ is None:
            holds = ~np.isnan(numbers)
            if require.min is not None:
                holds &= numbers >= require.min
            if require.max is not None:
                holds &= numbers <= require.max
            return holds
    items = require.in_ or []   # {in: [...]}: few partners, any type of value
    return np.array([any(_same(v, item) for item in items) for v in inputs.gate_values[g]], dtype=bool)


def gates(spec: Spec, inputs: Inputs, as_of: int | Array) -> tuple[npt.NDArray[np.int8], Mask]:
    """(n, g) state of every gate's value and pass/fail; composites from the gates above them."""
    n = len(inputs.partner_ids)
    state = np.full((n, len(spec.gates)), SCORED, dtype=np.int8)
    out = np.zeros((n, len(spec.gates)), dtype=bool)
    with np.errstate(invalid="ignore"):
        stale = as_of - inputs.gate_years > spec.gate_max_age
    for gate in spec.gates:
        g = gate.index
        if gate.composite:
            out[:, g] = out[:, list(gate.members)].sum(axis=1) >= gate.need
            continue
        present = np.array([v is not None for v in inputs.gate_values[g]], dtype=bool)
        state[:, g] = np.where(present & ~stale[:, g], SCORED, np.where(present, STALE, MISSING))
        out[:, g] = (state[:, g] == SCORED) & _holds(gate.require, inputs, g, n)
    return state, out


def decide(spec: Spec, scores: Scores) -> tuple[npt.NDArray[np.intp], dict[str, dict[str, Mask]]]:
    """The first outcome whose requirements all hold; -1 below ``min_completeness``."""
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
        chosen = np.where(undecided & holds, outcome.index, chosen)
        undecided &= ~holds
    chosen = np.where(scores.completeness < spec.min_completeness, -1, chosen)
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


def score_table(spec: Spec, inputs: Inputs, when: int | Cutoff, *, row_years: Array | None = None) -> Table:
    """Score every partner: points, pillars, overall, completeness, gates, outcome.

    ``row_years`` (rows × 1) gives each row its own as-of year, for a table that stacks several
    years (``history``); ``when`` is then the last of them. ``when`` is an as-of year or the cutoff
    ``extract`` read the values at; staleness counts from its year.
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
    outcome, checks = decide(spec, scores)
    return Table(spec, inputs, as_of, status, points, counted, _peer_counts(spec, usable, inputs.groups),
                 scores.pillar, scores.overall, scores.completeness, gate_state, gate_pass, outcome, checks,
                 None if cutoff.at_year_end else cutoff)
