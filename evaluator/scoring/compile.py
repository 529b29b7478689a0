"""A criteria set compiled once: criteria with their rules, gates with their needs, outcomes
with their requirements, and the arrays the engine reads. Everything downstream (engine,
scorecard, gap, report, sensitivity) reads this, never the raw set again."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..loading.models import INSUFFICIENT, STATUS, Catalogue, CriteriaSet, Requirements
from ..rules import RULES
from .aggregate import Array, Mask, shares
from .held import StatusColumn
from .requirements import (
    CompiledOutcome,
    CompletenessRequirement,
    CriteriaRequirement,
    GatesRequirement,
    PillarsRequirement,
    Requirement,
    ScoreRequirement,
)
from .structure import CompiledCriterion, CompiledGate, Structure, unit_of


@dataclass(frozen=True, kw_only=True)
class Spec(Structure):
    """A criteria set compiled: its structure, outcomes, policies and ages; every list in file order."""

    cset: CriteriaSet
    outcomes: tuple[CompiledOutcome, ...]
    zero_policy: Mask          # (m,) True where missing scores 0 and counts
    max_age: Array             # (m,) years; inf when values never go stale
    gate_max_age: Array        # (g,) years; inf for a state's gate and for composites
    tracks: tuple[str | None, ...] = ()   # (K,) each outcome's track (None: the one ladder; the fallback: none)
    track_codes: npt.NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    words: dict[str, str] = field(default_factory=dict)   # id → title: pillars, gates, criteria, indicators
    status_column: StatusColumn | None = None             # the state the status held is read from (status_from)

    def name(self, ident: str) -> str:
        """The title of a pillar, gate, criterion or indicator of the set, else the id in words."""
        return self.words.get(ident) or super().name(ident)

    def outcome_id(self, k: int) -> str:
        """The id of outcome index ``k``; ``insufficient-evidence`` for -1 (below the completeness
        the set asks). The one place an outcome's position becomes its id."""
        return INSUFFICIENT if k < 0 else self.outcomes[k].id

    def status_name(self, status: str | None) -> str:
        """A status by the title of the outcome that grants it (``Dialogue Partner``), else in words."""
        found = next((o.title for o in self.outcomes if status and status != "none" and o.status == status), None)
        return found or super().status_name(status)


def lag(cset: CriteriaSet, catalogue: Catalogue, indicator: str) -> int:
    """Years between a flow's data year and the year it is first seen: the set's own figure for the
    indicator, else the set's ``data_lag_years`` for every flow, else the catalogue's
    ``published_after_years``, else 0. A state has none."""
    ind = catalogue.indicators.get(indicator)
    if ind is None or not ind.flows:
        return 0
    if indicator in cset.published_after_years:
        return cset.published_after_years[indicator]
    if cset.data_lag_years is not None:
        return cset.data_lag_years
    return ind.published_after_years or 0


def _gates(cset: CriteriaSet, catalogue: Catalogue) -> tuple[CompiledGate, ...]:
    ids = list(cset.gates)
    out = []
    for g, (gid, gate) in enumerate(cset.gates.items()):
        indicator = catalogue.indicators.get(gate.indicator) if gate.indicator not in (None, STATUS) else None
        unit = unit_of(indicator) if indicator is not None else None
        need = 1 if gate.any_of is not None else (gate.at_least or 1)
        flows = indicator is not None and indicator.flows
        out.append(CompiledGate(g, gid, gate.title, gate.indicator, gate.require, unit,
                                tuple(ids.index(m) for m in gate.members), tuple(gate.members), need, flows,
                                gate.window, lag(cset, catalogue, gate.indicator) if gate.indicator else 0,
                                indicator is not None and indicator.dated_by_value))
    return tuple(out)


def _max_age(own: int | None, default: float, flows: bool) -> float:
    """How old a value may be: a state never goes stale; a flow by its criterion, else by the set."""
    if not flows:
        return math.inf
    return default if own is None else float(own)


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
    pillar_share, within_share = shares(pillar_weight, weight, pillar_of)
    effective = pillar_share[pillar_of] * within_share
    default_age = math.inf if cset.max_age_years is None else float(cset.max_age_years)
    flows = {key: ind.flows for key, ind in catalogue.indicators.items()}
    max_age = np.array([_max_age(c.max_age_years, default_age, flows[c.indicator]) for c in crits])
    gate_age = np.array([_max_age(None, default_age, g.indicator is not None and flows.get(g.indicator, False))
                         for g in cset.gates.values()])
    zero = np.array([(c.missing or cset.missing) == "zero" for c in crits], dtype=bool)
    compiled = tuple(
        CompiledCriterion(cid, c.title, c.pillar, c.indicator, RULES[c.score.kind], c.score.params,
                          unit_of(catalogue.indicators[c.indicator]), c.rationale, c.missing or cset.missing,
                          flows[c.indicator], c.window, c.score.relative is not None,
                          lag(cset, catalogue, c.indicator), catalogue.indicators[c.indicator].dated_by_value)
        for cid, c in cset.criteria.items())
    outcomes = tuple(CompiledOutcome(k, o.id, o.title, compile_requirements(o.require or Requirements(), cset),
                                     cset.outcome_status(k), o.track)
                     for k, o in enumerate(cset.outcomes))
    tracks = tuple(None if k == len(cset.outcomes) - 1 else o.track for k, o in enumerate(cset.outcomes))
    names = sorted({t for t in tracks if t is not None})
    codes = np.array([(names.index(t) + 1 if t is not None else 0) for t in tracks], dtype=np.intp)
    codes[-1] = -1
    return Spec(compiled, _gates(cset, catalogue), criterion_ids, pillar_ids, list(cset.gates), pillar_of, weight,
                pillar_weight, effective, cset.min_completeness, cset=cset, outcomes=outcomes, zero_policy=zero,
                max_age=max_age, gate_max_age=gate_age, tracks=tracks, track_codes=codes,
                words=_words(cset, catalogue),
                status_column=StatusColumn(cset.status_from) if cset.status_from else None)


def _words(cset: CriteriaSet, catalogue: Catalogue) -> dict[str, str]:
    """What a reader calls each id the set's explanations may name: indicators first, so that a
    criterion or gate sharing an indicator's id is called by its own title."""
    words = {key: str(ind.title) for key, ind in catalogue.indicators.items()}
    words.update({pid: str(p.title) for pid, p in cset.pillars.items()})
    words.update({gid: str(g.title) for gid, g in cset.gates.items() if g.title})
    words.update({cid: str(c.title) for cid, c in cset.criteria.items()})
    return words
