"""The scoring engine: one partners × criteria table of points, then operations on it.

Nothing here reads files or prints. ``compile_set`` turns a criteria set into arrays once;
``extract`` turns partner values into matrices once; ``score_table`` computes points, pillar
and overall scores, completeness, gates and outcomes for every partner at the same time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .models import INSUFFICIENT, Bound, Catalogue, CriteriaSet, Indicator, Partner, Requirements
from .rules import POINTS, encode, round1_scores, round3

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

MISSING, STALE, SCORED = 0, 1, 2
STATUS_NAMES = {MISSING: "missing", STALE: "stale", SCORED: "scored"}


@dataclass(frozen=True)
class Spec:
    """A criteria set compiled to arrays; the order is the file order."""

    cset: CriteriaSet
    indicators: dict[str, Indicator]
    criterion_ids: list[str]
    pillar_ids: list[str]
    gate_ids: list[str]
    pillar_of: npt.NDArray[np.intp]     # (m,) index of each criterion's pillar
    weight: Array                       # (m,) criterion weights
    pillar_weight: Array                # (K,)
    effective: Array                    # (m,) effective weights, summing to 1
    zero_policy: Mask                   # (m,) True where missing scores 0 and counts
    max_age: Array                      # (m,) years; inf when values never go stale
    gate_max_age: float

    @property
    def membership(self) -> Array:
        """(m, K) matrix of criterion weights by pillar."""
        out = np.zeros((len(self.criterion_ids), len(self.pillar_ids)))
        out[np.arange(len(self.criterion_ids)), self.pillar_of] = self.weight
        return out

    def unit(self, indicator: str) -> str | None:
        """The unit values of ``indicator`` are shown in (``year`` for year indicators)."""
        ind = self.indicators[indicator]
        return ind.unit or ("year" if ind.type == "year" else None)

    @property
    def gate_members(self) -> set[str]:
        """Gates that a composite gate decides for (left out of ``gates: all``)."""
        return {m for g in self.cset.gates.values() for m in g.members}


def compile_set(cset: CriteriaSet, catalogue: Catalogue) -> Spec:
    """Compile a checked criteria set into arrays."""
    criterion_ids = list(cset.criteria)
    pillar_ids = list(cset.pillars)
    pillar_of = np.array([pillar_ids.index(c.pillar) for c in cset.criteria.values()], dtype=np.intp)
    weight = np.array([c.weight for c in cset.criteria.values()], dtype=float)
    pillar_weight = np.array([p.weight for p in cset.pillars.values()], dtype=float)
    pillar_sums = np.bincount(pillar_of, weights=weight, minlength=len(pillar_ids))
    effective = (pillar_weight[pillar_of] / pillar_weight.sum()) * (weight / pillar_sums[pillar_of])
    default_age = math.inf if cset.max_age_years is None else float(cset.max_age_years)
    max_age = np.array([default_age if c.max_age_years is None else float(c.max_age_years)
                        for c in cset.criteria.values()])
    zero = np.array([(c.missing or cset.missing) == "zero" for c in cset.criteria.values()], dtype=bool)
    return Spec(cset, dict(catalogue.indicators), criterion_ids, pillar_ids, list(cset.gates),
                pillar_of, weight, pillar_weight, effective, zero, max_age, default_age)


@dataclass(frozen=True)
class Inputs:
    """Partner values as matrices (partners sorted by id), ready for the rules."""

    partner_ids: list[str]
    groups: list[str]
    encoded: Array        # (n, m) value as the rule reads it; NaN when absent or unscorable
    year: Array           # (n, m) data year; NaN when none given
    present: Mask         # (n, m)
    gate_values: list[list[Any]]   # (g, n) raw values of each simple gate's indicator
    gate_years: Array     # (n, g)
    gate_numbers: Array   # (n, g) the value when it is a number (not a boolean); NaN otherwise
    gate_flags: Array     # (n, g) 1.0 / 0.0 when the value is a boolean; NaN otherwise


def extract(spec: Spec, partners: Sequence[Partner]) -> Inputs:
    """Read every partner's values into matrices, once."""
    ordered = sorted(partners, key=lambda p: p.id)
    n, m = len(ordered), len(spec.criterion_ids)
    encoded = np.full((n, m), np.nan)
    year = np.full((n, m), np.nan)
    present = np.zeros((n, m), dtype=bool)
    criteria = list(spec.cset.criteria.values())
    for i, partner in enumerate(ordered):
        values = partner.indicators
        for j, crit in enumerate(criteria):
            entry = values.get(crit.indicator)
            if entry is None:
                continue
            present[i, j] = True
            encoded[i, j] = encode(crit.score, entry.value)
            if entry.year is not None:
                year[i, j] = entry.year
    gates = list(spec.cset.gates.values())
    gate_values: list[list[Any]] = []
    gate_years = np.full((n, len(gates)), np.nan)
    for g, gate in enumerate(gates):
        column: list[Any] = []
        for i, partner in enumerate(ordered):
            entry = partner.indicators.get(gate.indicator) if gate.indicator else None
            column.append(None if entry is None else entry.value)
            if entry is not None and entry.year is not None:
                gate_years[i, g] = entry.year
        gate_values.append(column)
    return Inputs([p.id for p in ordered], [p.group for p in ordered], encoded, year, present,
                  gate_values, gate_years, *gate_arrays(gate_values, n))


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


def percentile_points(values: Array, usable: Mask, groups: Sequence[str], higher: bool) -> Array:
    """100 × (peers lower + ½ × peers equal) ÷ peers, within each group; a lone partner 100."""
    out = np.full(values.shape, np.nan)
    single = len(set(groups)) == 1
    group_arr = None if single else np.asarray(groups, dtype=object)
    for group in sorted(set(groups)):
        members = np.flatnonzero(usable if group_arr is None else (group_arr == group) & usable)
        if members.size == 0:
            continue
        vals = values[members] if higher else -values[members]
        # one sort gives both counts: peers strictly lower, and peers equal (self excluded)
        _, where, counts = np.unique(vals, return_inverse=True, return_counts=True)
        lower = (np.cumsum(counts) - counts)[where]
        equal = counts[where] - 1
        others = members.size - 1
        out[members] = 100.0 if others == 0 else 100.0 * (lower + 0.5 * equal) / others
    return out


@dataclass(frozen=True)
class Table:
    """Every partner's scores against one set, as of one year."""

    spec: Spec
    inputs: Inputs
    as_of: int
    status: npt.NDArray[np.int8]   # (n, m) MISSING / STALE / SCORED
    points: Array                  # (n, m) rounded points; NaN where the criterion does not count
    counted: Mask                  # (n, m)
    pillar: Array                  # (n, K) rounded; NaN where the pillar drops out
    overall: Array                 # (n,) rounded; NaN when every pillar drops out
    completeness: Array            # (n,) rounded to 3 decimals
    gate_pass: Mask                # (n, g)
    outcome: npt.NDArray[np.intp]  # (n,) index into outcomes; -1 = insufficient-evidence
    checks: list[list[Mask]]       # per outcome, per requirement: (n,) holds

    @property
    def usable(self) -> Mask:
        """(n, m) where a value is present and not stale."""
        return np.asarray(self.status == SCORED, dtype=bool)

    def outcome_id(self, i: int) -> str:
        """The outcome id of partner row ``i``."""
        k = int(self.outcome[i])
        return INSUFFICIENT if k < 0 else self.spec.cset.outcomes[k].id


def aggregate(spec: Spec, points: Array, counted: Mask) -> tuple[Array, Array]:
    """Pillar and overall scores from rounded points; works on any leading shape (..., m)."""
    member = spec.membership
    filled = np.where(counted, np.nan_to_num(points), 0.0)
    num = filled @ member
    den = counted.astype(float) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = round1_scores(num / den)          # 0 / 0 is NaN: the pillar drops out
    valid = ~np.isnan(pillar)
    pnum = np.where(valid, pillar, 0.0) @ spec.pillar_weight
    pden = valid.astype(float) @ spec.pillar_weight
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = round1_scores(pnum / pden)
    return pillar, overall


def _same(a: Any, b: Any) -> bool:
    """Equal, with booleans never equal to numbers (``True`` is not ``1`` here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _gate_test(require: Any, value: Any) -> bool:
    if require == "present":
        return True
    if isinstance(require, bool):
        return value is require
    if isinstance(require, Bound):
        if require.in_ is not None:
            return any(_same(value, item) for item in require.in_)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return (require.min is None or value >= require.min) and (require.max is None or value <= require.max)
    return False


def gates(spec: Spec, inputs: Inputs, as_of: int) -> Mask:
    """(n, g) pass/fail of every gate; composites from the gates above them."""
    n = len(inputs.partner_ids)
    out = np.zeros((n, len(spec.gate_ids)), dtype=bool)
    with np.errstate(invalid="ignore"):
        fresh = ~(as_of - inputs.gate_years > spec.gate_max_age)
    for g, gate in enumerate(spec.cset.gates.values()):
        require = gate.require
        if gate.indicator is None:
            members = [spec.gate_ids.index(mid) for mid in gate.members]
            count = out[:, members].sum(axis=1)
            out[:, g] = count >= (1 if gate.any_of is not None else (gate.at_least or 1))
            continue
        present = np.array([v is not None for v in inputs.gate_values[g]], dtype=bool) & fresh[:, g]
        numbers, flags = inputs.gate_numbers[:, g], inputs.gate_flags[:, g]
        with np.errstate(invalid="ignore"):
            if require == "present":
                holds = np.ones(n, dtype=bool)
            elif isinstance(require, bool):
                holds = flags == (1.0 if require else 0.0)
            elif isinstance(require, Bound) and require.in_ is None:
                holds = ~np.isnan(numbers)
                if require.min is not None:
                    holds &= numbers >= require.min
                if require.max is not None:
                    holds &= numbers <= require.max
            else:   # {in: [...]}: few partners, any type of value
                holds = np.array([_gate_test(require, v) for v in inputs.gate_values[g]], dtype=bool)
        out[:, g] = present & holds
    return out


def requirement_checks(spec: Spec, req: Requirements, points: Array, counted: Mask, pillar: Array,
                       overall: Array, completeness: Array, gate_pass: Mask) -> list[tuple[str, Mask]]:
    """Each requirement of an outcome as (key, holds-mask); NaN scores never hold."""
    out: list[tuple[str, Mask]] = []
    with np.errstate(invalid="ignore"):
        if req.gates is not None:
            names = [g for g in spec.gate_ids if g not in spec.gate_members] if req.gates == "all" else req.gates
            idx = [spec.gate_ids.index(g) for g in names]
            out.append(("gates", np.asarray(gate_pass[..., idx].all(axis=-1))))
        if req.score is not None:
            out.append(("score", np.asarray(overall >= req.score)))
        if req.pillars is not None:
            if isinstance(req.pillars, dict):
                idx = [spec.pillar_ids.index(p) for p in req.pillars]
                limits = np.array(list(req.pillars.values()))
            else:
                idx = list(range(len(spec.pillar_ids)))
                limits = np.full(len(idx), float(req.pillars))
            out.append(("pillars", np.asarray((pillar[..., idx] >= limits).all(axis=-1))))
        if req.criteria is not None:
            idx = [spec.criterion_ids.index(c) for c in req.criteria]
            limits = np.array(list(req.criteria.values()))
            ok = counted[..., idx] & (np.nan_to_num(points[..., idx], nan=-1.0) >= limits)
            out.append(("criteria", np.asarray(ok.all(axis=-1))))
        if req.completeness is not None:
            out.append(("completeness", completeness >= req.completeness))
    return out


def decide(spec: Spec, points: Array, counted: Mask, pillar: Array, overall: Array,
           completeness: Array, gate_pass: Mask) -> tuple[npt.NDArray[np.intp], list[list[Mask]]]:
    """The first outcome whose requirements all hold; -1 below ``min_completeness``."""
    shape = overall.shape
    chosen = np.full(shape, len(spec.cset.outcomes) - 1, dtype=np.intp)
    undecided = np.ones(shape, dtype=bool)
    all_checks: list[list[Mask]] = []
    for k, outcome in enumerate(spec.cset.outcomes):
        checks = []
        holds = np.ones(shape, dtype=bool)
        if outcome.require is not None:
            for _, mask in requirement_checks(spec, outcome.require, points, counted, pillar,
                                              overall, completeness, gate_pass):
                checks.append(mask)
                holds &= mask
        all_checks.append(checks)
        chosen = np.where(undecided & holds, k, chosen)
        undecided &= ~holds
    chosen = np.where(completeness < spec.cset.min_completeness, -1, chosen)
    return chosen, all_checks


def raw_points(spec: Spec, inputs: Inputs, usable: Mask) -> Array:
    """Unrounded points of every usable value (NaN elsewhere), rule by rule.

    Works on the transposed table (one contiguous row per criterion): reading a column of a
    row-major partners x criteria array strides through memory, a row does not.
    """
    values = np.where(usable, inputs.encoded, np.nan).T.copy()
    usable_t = usable.T
    out = np.empty_like(values)
    for j, crit in enumerate(spec.cset.criteria.values()):
        rule = crit.score
        if rule.percentile is not None:
            out[j] = percentile_points(values[j], usable_t[j], inputs.groups, rule.percentile == "higher")
        else:
            out[j] = POINTS[rule.kind](rule, values[j])
    return np.ascontiguousarray(out.T)


def score_table(spec: Spec, inputs: Inputs, as_of: int) -> Table:
    """Score every partner: points, pillars, overall, completeness, gates, outcome."""
    with np.errstate(invalid="ignore"):
        stale = inputs.present & (as_of - inputs.year > spec.max_age)
    usable = inputs.present & ~stale & ~np.isnan(inputs.encoded)
    status = np.where(usable, SCORED, np.where(stale, STALE, MISSING)).astype(np.int8)
    counted = usable | spec.zero_policy
    points = round1_scores(raw_points(spec, inputs, usable))
    points = np.where(usable, points, np.where(counted, 0.0, np.nan))
    pillar, overall = aggregate(spec, points, counted)
    completeness = round3(usable.astype(float) @ spec.effective)
    gate_pass = gates(spec, inputs, as_of)
    outcome, checks = decide(spec, points, counted, pillar, overall, completeness, gate_pass)
    return Table(spec, inputs, as_of, status, points, counted, pillar, overall, completeness,
                 gate_pass, outcome, checks)
