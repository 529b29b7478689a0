"""The scoring engine: one partners × criteria table of points, then operations on it.

Nothing here reads files or prints. ``extract`` turns partner values into matrices once;
``score_table`` computes points, pillar and overall scores, completeness, gates and outcomes
for every partner at the same time, and keeps what it decided (each value's status, each
gate's state, each peer rule's peer count, each requirement's result) so that explanations
only put it in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.choices import GRADES
from ..base.text import fmt_money
from ..loading.models import INSUFFICIENT, Bound, Partner, Rates, Value, Window, latest_seen, window_seen
from ..rules import Peers
from .aggregate import Array, Mask, Scores, Weights, aggregate
from .compile import Spec
from .rounding import round1_scores
from .structure import CompiledGate, PartnerRow

MISSING, STALE, SCORED = 0, 1, 2
STATUS_NAMES = {MISSING: "missing", STALE: "stale", SCORED: "scored"}


@dataclass(frozen=True)
class Conversion:
    """An amount announced in another currency, and the rate that converted it."""

    amount: float
    currency: str
    rate: float
    year: int
    source: str

    def text(self, base: str) -> str:
        """``GBP 25 m at 1.2829 USD per GBP (2020 rate: Federal Reserve G.5A)``."""
        return (f"{fmt_money(self.amount, self.currency)} at {self.rate:g} {base} per {self.currency} "
                f"({self.year} rate: {self.source})")


@dataclass(frozen=True)
class Reading:
    """What a criterion or gate read when it is more than one plain observation: several years of a
    flow through a window, or an amount converted from another currency, or both."""

    value: float
    year: int                       # the latest year used
    source: str
    url: str | None
    years: tuple[int, ...]          # every year used
    aggregate: str | None           # mean | sum | max | latest, for a window
    conversions: tuple[Conversion, ...] = ()
    base: str = "USD"
    grades: tuple[str | None, ...] = ()   # every observation's grade, in the order of ``years``

    @property
    def grade(self) -> str | None:
        """The lowest grade among the observations used (None when any is ungraded)."""
        return lowest_grade(self.grades)


AGGREGATES: dict[str, Callable[[list[Any]], Any]] = {
    "mean": lambda xs: sum(xs) / len(xs), "sum": sum, "max": max, "latest": lambda xs: xs[-1]}


def _amount(obs: Value, rates: Rates) -> tuple[Any, Conversion | None]:
    """The observation's value in the base currency, with the conversion when there was one."""
    if obs.currency is None or obs.currency == rates.base:
        return obs.value, None
    rate = rates.rate(obs.currency, obs.year)
    if rate is None or obs.year is None or not isinstance(obs.value, int | float):
        return None, None          # refused by validation; never guessed from another year
    return obs.value * rate.rate, Conversion(float(obs.value), obs.currency, rate.rate, obs.year, rate.source)


def converted(obs: Value | None, rates: Rates) -> Value | Reading | None:
    """A plain observation as it is, or converted to the base currency with its year's rate."""
    if obs is None or obs.currency is None or obs.currency == rates.base:
        return obs
    value, conversion = _amount(obs, rates)
    if value is None or conversion is None:
        return None
    return Reading(value, conversion.year, obs.source, obs.url, (conversion.year,), None, (conversion,), rates.base,
                   (obs.grade,))


def read_window(entry: Value | list[Value], last: int, window: Window, rates: Rates) -> Reading | None:
    """The observations in the window ending at ``last``, each converted, aggregated; None when empty."""
    used = window_seen(entry, last, window.years)
    amounts = [_amount(o, rates) for o in used]
    if not used or any(value is None for value, _ in amounts):
        return None
    sources = list(dict.fromkeys(o.source for o in used))
    value = AGGREGATES[window.aggregate]([value for value, _ in amounts])
    return Reading(value, int(used[-1].year or 0), "; ".join(sources), used[-1].url,
                   tuple(int(o.year or 0) for o in used), window.aggregate,
                   tuple(c for _, c in amounts if c is not None), rates.base, tuple(o.grade for o in used))


def lowest_grade(grades: Iterable[str | None]) -> str | None:
    """The least authoritative of some grades (None when any is ungraded)."""
    ranks = [GRADES.index(g) if g in GRADES else None for g in grades]
    if not ranks or any(r is None for r in ranks):
        return None
    return GRADES[max(r for r in ranks if r is not None)]


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


def extract(spec: Spec, partners: Sequence[Partner], as_of: int, rates: Rates | None = None) -> Inputs:
    """Read, for every partner and criterion, the observation visible as of ``as_of``, once.

    Only observations dated up to ``as_of`` are seen (for a flow, up to ``as_of`` less the
    set's ``data_lag_years``), so a replay of a past year uses what was known then. An amount in
    another currency is converted with the rate of its own year (``rates``).
    """
    rates = rates or Rates()
    ordered = sorted(partners, key=lambda p: p.id)
    n, m = len(ordered), len(spec.criteria)
    encoded = np.full((n, m), np.nan)
    year = np.full((n, m), np.nan)
    present = np.zeros((n, m), dtype=bool)
    last = [as_of - spec.lag if crit.flows else as_of for crit in spec.criteria]
    observed: list[list[Value | Reading | None]] = []
    for i, partner in enumerate(ordered):
        values = partner.indicators
        row: list[Value | Reading | None] = [None] * m
        for j, crit in enumerate(spec.criteria):
            entry = values.get(crit.indicator)
            if entry is None:
                continue
            obs = (converted(latest_seen(entry, last[j]), rates) if crit.window is None
                   else read_window(entry, last[j], crit.window, rates))
            if obs is None:
                continue
            row[j] = obs
            present[i, j] = True
            encoded[i, j] = crit.rule.encode(crit.params, obs.value) - (as_of if crit.relative else 0)
            if obs.year is not None:
                year[i, j] = obs.year
        observed.append(row)
    gate_observed = [[None if gate.indicator is None else gate_reading(p, gate, as_of, spec.lag, rates)
                      for p in ordered] for gate in spec.gates]
    gate_values = [[None if obs is None else obs.value for obs in column] for column in gate_observed]
    gate_years = np.array([[np.nan if obs is None or obs.year is None else obs.year for obs in column]
                           for column in gate_observed], dtype=float).reshape(len(spec.gates), n).T
    return Inputs([p.id for p in ordered], [p.group for p in ordered], encoded, year, present,
                  gate_values, np.ascontiguousarray(gate_years), *gate_arrays(gate_values, n), observed, gate_observed)


def gate_reading(partner: Partner, gate: CompiledGate, as_of: int, lag: int, rates: Rates) -> Value | Reading | None:
    """What a simple gate tests as of ``as_of``: the latest observation, or its window's aggregate."""
    assert gate.indicator is not None
    if gate.window is None:
        return converted(partner.observation_at(gate.indicator, as_of, gate.flows, lag), rates)
    entry = partner.indicators.get(gate.indicator)
    return None if entry is None else read_window(entry, as_of - lag, gate.window, rates)


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


def score_table(spec: Spec, inputs: Inputs, as_of: int, *, row_years: Array | None = None) -> Table:
    """Score every partner: points, pillars, overall, completeness, gates, outcome.

    ``row_years`` (rows × 1) gives each row its own as-of year, for a table that stacks several
    years (``history``); ``as_of`` is then the last of them.
    """
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
                 scores.pillar, scores.overall, scores.completeness, gate_state, gate_pass, outcome, checks)
