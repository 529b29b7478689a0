"""A criteria set compiled once: criteria with their rules, gates with their needs, outcomes
with their requirements, and the arrays the engine reads. Everything downstream (engine,
scorecard, gap, report, sensitivity) reads this, never the raw set again."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.text import fmt_value
from ..loading.models import Bound, Catalogue, CriteriaSet, Indicator, Requirements
from ..rules import RULES, Rule
from .aggregate import Array, Mask
from .requirements import (
    CompiledOutcome,
    CompletenessRequirement,
    CriteriaRequirement,
    GatesRequirement,
    PillarsRequirement,
    Requirement,
    ScoreRequirement,
)


def unit_of(indicator: Indicator) -> str | None:
    """The unit values of an indicator are shown in (``year`` for year indicators)."""
    return indicator.unit or ("year" if indicator.type == "year" else None)


def gate_test_text(require: object, unit: str | None) -> str:
    """A gate test in words: ``at least USD 1 bn``, ``yes``, ``a value is present``."""
    if require == "present":
        return "a value is present"
    if isinstance(require, bool):
        return "yes" if require else "no"
    if isinstance(require, Bound):
        if require.in_ is not None:
            return "one of " + ", ".join(str(v) for v in require.in_)
        parts = []
        if require.min is not None:
            parts.append(f"at least {fmt_value(require.min, unit)}")
        if require.max is not None:
            parts.append(f"at most {fmt_value(require.max, unit)}")
        return " and ".join(parts)
    return str(require)


@dataclass(frozen=True)
class CompiledCriterion:
    """One criterion with its rule looked up in the registry and its unit resolved."""

    id: str
    title: str
    pillar: str
    indicator: str
    rule: Rule
    params: Any
    unit: str | None
    rationale: str | None
    policy: str


@dataclass(frozen=True)
class CompiledGate:
    """One gate: a test on an indicator, or a composite with its members and its need."""

    index: int
    id: str
    title: str
    indicator: str | None
    require: Any
    unit: str | None
    members: tuple[int, ...]   # composite: the gates it decides for
    member_ids: tuple[str, ...]
    need: int                  # composite: how many members must pass

    @property
    def composite(self) -> bool:
        """True for ``any_of`` and ``at_least`` gates."""
        return self.indicator is None

    @property
    def test_text(self) -> str:
        """The test in words."""
        return gate_test_text(self.require, self.unit)


@dataclass(frozen=True)
class Spec:
    """A criteria set compiled; every list is in file order."""

    cset: CriteriaSet
    criteria: tuple[CompiledCriterion, ...]
    gates: tuple[CompiledGate, ...]
    outcomes: tuple[CompiledOutcome, ...]
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
    min_completeness: float

    def criterion(self, criterion_id: str) -> CompiledCriterion:
        """A criterion by id."""
        return self.criteria[self.criterion_ids.index(criterion_id)]


def _gates(cset: CriteriaSet, catalogue: Catalogue) -> tuple[CompiledGate, ...]:
    ids = list(cset.gates)
    out = []
    for g, (gid, gate) in enumerate(cset.gates.items()):
        unit = unit_of(catalogue.indicators[gate.indicator]) if gate.indicator else None
        need = 1 if gate.any_of is not None else (gate.at_least or 1)
        out.append(CompiledGate(g, gid, gate.title, gate.indicator, gate.require, unit,
                                tuple(ids.index(m) for m in gate.members), tuple(gate.members), need))
    return tuple(out)


def compile_requirements(req: Requirements, cset: CriteriaSet) -> tuple[Requirement, ...]:
    """The requirements of one outcome, in the order gates, score, pillars, criteria, completeness."""
    out: list[Requirement] = []
    gate_ids = list(cset.gates)
    if req.gates is not None:
        decided = {m for g in cset.gates.values() for m in g.members}
        names = [g for g in gate_ids if g not in decided] if req.gates == "all" else list(req.gates)
        out.append(GatesRequirement(tuple(names), tuple(gate_ids.index(g) for g in names)))
    if req.score is not None:
        out.append(ScoreRequirement(float(req.score)))
    if req.pillars is not None:
        pillar_ids = list(cset.pillars)
        every = not isinstance(req.pillars, dict)
        limits = {p: float(req.pillars) for p in pillar_ids} if every else dict(req.pillars)  # type: ignore[arg-type]
        out.append(PillarsRequirement(limits, tuple(pillar_ids.index(p) for p in limits), every))
    if req.criteria is not None:
        crit_ids = list(cset.criteria)
        out.append(CriteriaRequirement(dict(req.criteria), tuple(crit_ids.index(c) for c in req.criteria)))
    if req.completeness is not None:
        out.append(CompletenessRequirement(float(req.completeness)))
    return tuple(out)


def compile_set(cset: CriteriaSet, catalogue: Catalogue) -> Spec:
    """Compile a checked criteria set."""
    criterion_ids = list(cset.criteria)
    pillar_ids = list(cset.pillars)
    crits = list(cset.criteria.values())
    pillar_of = np.array([pillar_ids.index(c.pillar) for c in crits], dtype=np.intp)
    weight = np.array([c.weight for c in crits], dtype=float)
    pillar_weight = np.array([p.weight for p in cset.pillars.values()], dtype=float)
    pillar_sums = np.bincount(pillar_of, weights=weight, minlength=len(pillar_ids))
    effective = (pillar_weight[pillar_of] / pillar_weight.sum()) * (weight / pillar_sums[pillar_of])
    default_age = math.inf if cset.max_age_years is None else float(cset.max_age_years)
    max_age = np.array([default_age if c.max_age_years is None else float(c.max_age_years) for c in crits])
    zero = np.array([(c.missing or cset.missing) == "zero" for c in crits], dtype=bool)
    compiled = tuple(
        CompiledCriterion(cid, c.title, c.pillar, c.indicator, RULES[c.score.kind], c.score.params,
                          unit_of(catalogue.indicators[c.indicator]), c.rationale, c.missing or cset.missing)
        for cid, c in cset.criteria.items())
    outcomes = tuple(CompiledOutcome(k, o.id, o.title, compile_requirements(o.require or Requirements(), cset))
                     for k, o in enumerate(cset.outcomes))
    return Spec(cset, compiled, _gates(cset, catalogue), outcomes, criterion_ids, pillar_ids, list(cset.gates),
                pillar_of, weight, pillar_weight, effective, zero, max_age, default_age, cset.min_completeness)
