"""One partner's explained scorecard: gates, pillars, criteria, reasons, caveats and gap."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .engine import SCORED, STALE, STATUS_NAMES, Table
from .formatting import fmt_points, fmt_value
from .gap import GapItem, gap, gate_test_text
from .models import INSUFFICIENT
from .rules import explain

if TYPE_CHECKING:
    from .result import Result


def number_or_none(x: float) -> float | None:
    """A float for output: None where the table holds NaN (no score)."""
    return None if x is None or math.isnan(x) else float(x)


@dataclass(frozen=True)
class GateResult:
    """One gate for one partner."""

    id: str
    title: str
    indicator: str | None
    value: Any
    unit: str | None
    year: int | None
    source: str | None
    url: str | None
    status: str            # pass | fail
    explanation: str


@dataclass(frozen=True)
class CriterionResult:
    """One criterion for one partner: value, points, weight and why."""

    id: str
    title: str
    pillar: str
    indicator: str
    value: Any
    unit: str | None
    year: int | None
    source: str | None
    url: str | None
    status: str            # scored | missing | stale
    points: float | None   # None when the criterion does not count (policy exclude)
    effective_weight: float
    weighted_points: float | None
    explanation: str
    rationale: str | None = None
    peers: list[str] | None = None


@dataclass(frozen=True)
class PillarResult:
    """One pillar for one partner."""

    id: str
    title: str
    weight: float
    score: float | None    # None when the pillar drops out


@dataclass(frozen=True)
class Scorecard:
    """One partner's full, explained result against one criteria set."""

    partner_id: str
    partner_name: str
    partner_kind: str
    partner_status: str
    criteria_set: str
    criteria_title: str
    criteria_version: str
    criteria_status: str
    criteria_sha256: str
    as_of: int
    overall: float | None
    completeness: float
    outcome: str
    outcome_title: str
    reason: str
    reasons: list[str]
    gates: list[GateResult]
    pillars: list[PillarResult]
    criteria: list[CriterionResult]
    caveats: list[str]
    next_outcome: str | None
    next_outcome_title: str | None
    gap: list[GapItem] = field(default_factory=list)

    @property
    def gates_passed(self) -> int:
        """How many gates pass (composite gates and the gates they name alike)."""
        return sum(g.status == "pass" for g in self.gates)

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain data (the JSON form)."""
        return asdict(self)


def outcome_title(table: Table, k: int) -> str:
    """The title of outcome index ``k`` (-1: insufficient evidence)."""
    if k < 0:
        return "Insufficient evidence to recommend"
    return table.spec.cset.outcomes[k].title


def _requirement_texts(table: Table, i: int, k: int) -> list[tuple[bool, str]]:
    spec = table.spec
    outcome = spec.cset.outcomes[k]
    req = outcome.require
    if req is None:
        return []
    out: list[tuple[bool, str]] = []
    checks = iter(table.checks[k])
    if req.gates is not None:
        holds = bool(next(checks)[i])
        names = ([g for g in spec.gate_ids if g not in spec.gate_members]
                 if req.gates == "all" else list(req.gates))
        failing = [g for g in names if not table.gate_pass[i, spec.gate_ids.index(g)]]
        if holds:
            out.append((True, f"gates passed: {', '.join(names)}"))
        else:
            out.append((False, f"gates failed: {', '.join(failing)}"))
    if req.score is not None:
        holds = bool(next(checks)[i])
        out.append((holds, f"overall {fmt_points(table.overall[i])} {'≥' if holds else '<'} {req.score:g}"))
    if req.pillars is not None:
        holds = bool(next(checks)[i])
        limits = (req.pillars if isinstance(req.pillars, dict)
                  else {p: float(req.pillars) for p in spec.pillar_ids})
        shown = {pid: table.pillar[i, spec.pillar_ids.index(pid)] for pid in limits}
        if holds and not isinstance(req.pillars, dict):
            out.append((True, f"every pillar ≥ {float(req.pillars):g}"))
        elif holds:
            out.append((True, "; ".join(f"pillar {pid} {fmt_points(v)} ≥ {limits[pid]:g}"
                                        for pid, v in shown.items())))
        else:
            out.append((False, "; ".join(
                f"pillar {pid} has no data (needs {limits[pid]:g})" if math.isnan(v)
                else f"pillar {pid} {fmt_points(v)} < {limits[pid]:g}"
                for pid, v in shown.items() if math.isnan(v) or v < limits[pid])))
    if req.criteria is not None:
        holds = bool(next(checks)[i])
        parts = []
        for cid, limit in req.criteria.items():
            j = spec.criterion_ids.index(cid)
            if not table.counted[i, j]:
                parts.append(f"criterion {cid} has no usable value (needs {limit:g})")
            else:
                value = table.points[i, j]
                parts.append(f"criterion {cid} {fmt_points(value)} {'≥' if value >= limit else '<'} {limit:g}")
        out.append((holds, "; ".join(parts)))
    if req.completeness is not None:
        holds = bool(next(checks)[i])
        out.append((holds, f"completeness {table.completeness[i]:.3f} {'≥' if holds else '<'} "
                           f"{req.completeness:g}"))
    return out


def _reasons(table: Table, i: int) -> tuple[str, list[str]]:
    """The one-line reason and the full list: each better outcome not met, then the one given."""
    cset = table.spec.cset
    k = int(table.outcome[i])
    if k < 0:
        line = (f"Completeness {table.completeness[i]:.3f} is below the minimum {cset.min_completeness:g}: "
                "too little current data to judge.")
        return line, [line]
    reasons = []
    missed = []
    for earlier in range(k):
        failed = "; ".join(t for ok, t in _requirement_texts(table, i, earlier) if not ok)
        missed.append(failed)
        reasons.append(f"{cset.outcomes[earlier].title}: not met ({failed}).")
    met = "; ".join(t for _, t in _requirement_texts(table, i, k))
    chosen = cset.outcomes[k].title
    reasons.append(f"{chosen}: {'met (' + met + ')' if met else 'no better outcome is met'}.")
    if k == 0:
        line = f"{chosen}: every requirement is met ({met})."
    elif met:
        line = f"{chosen} ({met}); {cset.outcomes[k - 1].title} is not met: {missed[-1]}."
    else:
        line = f"{chosen}: the nearest outcome, {cset.outcomes[k - 1].title}, is not met: {missed[-1]}."
    return line, reasons


def _criterion(result: Result, i: int, j: int) -> CriterionResult:
    t = result.table
    spec = t.spec
    cid = spec.criterion_ids[j]
    crit = spec.cset.criteria[cid]
    pid = t.inputs.partner_ids[i]
    entry = result.partners[pid].indicators.get(crit.indicator)
    unit = spec.unit(crit.indicator)
    status = int(t.status[i, j])
    points = number_or_none(t.points[i, j]) if t.counted[i, j] else None
    eff = float(spec.effective[j])
    policy = crit.missing or spec.cset.missing
    peers = None
    if status == SCORED:
        if crit.score.percentile is not None:
            group = t.inputs.groups[i]
            peers = [p for r, p in enumerate(t.inputs.partner_ids)
                     if r != i and t.inputs.groups[r] == group and t.status[r, j] == SCORED]
            order = "higher" if crit.score.percentile == "higher" else "lower"
            text = (f"{fmt_value(entry.value if entry else None, unit)} ranked among {len(peers)} other "
                    f"partner{'s' if len(peers) != 1 else ''} of group '{group}' ({order} is better): "
                    f"{fmt_points(points)} points")
        else:
            text = explain(crit.score, entry.value if entry else None, float(t.points[i, j]), unit,
                           entry.year if entry else None)
    else:
        if status == STALE and entry is not None:
            limit = int(spec.max_age[j])
            cause = f"value from {entry.year} is older than {limit} year{'s' if limit != 1 else ''} before {t.as_of}"
        else:
            cause = "no value"
        effect = "scored 0 (policy zero)" if policy == "zero" else f"left out of pillar {crit.pillar} (policy exclude)"
        text = f"{cause}: {effect}"
    weighted = None if points is None else round(points * eff, 2)
    return CriterionResult(
        cid, crit.title, crit.pillar, crit.indicator, entry.value if entry else None, unit,
        entry.year if entry else None, entry.source if entry else None, entry.url if entry else None,
        STATUS_NAMES[status], points, eff, weighted, text, crit.rationale, peers)


def _gate(result: Result, i: int, g: int) -> GateResult:
    t = result.table
    spec = t.spec
    gid = spec.gate_ids[g]
    gate = spec.cset.gates[gid]
    passed = bool(t.gate_pass[i, g])
    word = "pass" if passed else "fail"
    if gate.indicator is None:
        members = gate.members
        ok = [m for m in members if t.gate_pass[i, spec.gate_ids.index(m)]]
        need = 1 if gate.any_of is not None else (gate.at_least or 1)
        text = f"{len(ok)} of {len(members)} named gates pass ({', '.join(ok) or 'none'}); {need} needed: {word}"
        return GateResult(gid, gate.title, None, None, None, None, None, None, word, text)
    entry = result.partners[t.inputs.partner_ids[i]].indicators.get(gate.indicator)
    unit = spec.unit(gate.indicator)
    test = gate_test_text(gate.require, unit)
    if entry is None:
        text = f"no value for {gate.indicator}; needs {test}: fail"
    elif entry.year is not None and t.as_of - entry.year > spec.gate_max_age:
        text = (f"value from {entry.year} is older than {int(spec.gate_max_age)} years before {t.as_of}; "
                f"needs {test}: fail")
    else:
        text = f"{fmt_value(entry.value, unit)}; needs {test}: {word}"
    return GateResult(gid, gate.title, gate.indicator, entry.value if entry else None, unit,
                      entry.year if entry else None, entry.source if entry else None,
                      entry.url if entry else None, word, text)


def build_scorecard(result: Result, i: int, *, with_gap: bool = True) -> Scorecard:
    """The explained scorecard of partner row ``i`` (``with_gap=False`` skips the gap search)."""
    t = result.table
    spec = t.spec
    cset = spec.cset
    pid = t.inputs.partner_ids[i]
    partner = result.partners[pid]
    criteria = [_criterion(result, i, j) for j in range(len(spec.criterion_ids))]
    gates = [_gate(result, i, g) for g in range(len(spec.gate_ids))]
    pillars = [PillarResult(p, cset.pillars[p].title, cset.pillars[p].weight, number_or_none(t.pillar[i, k]))
               for k, p in enumerate(spec.pillar_ids)]
    caveats = [f"{c.title}: {c.explanation}" for c in criteria if c.status != "scored"]
    caveats += [f"Pillar {p.id} has no usable data and drops out of the overall score"
                for p in pillars if p.score is None]
    caveats += [f"Gate {g.id}: {g.explanation}" for g in gates
                if g.status == "fail" and g.indicator is not None and g.value is None]
    line, reasons = _reasons(t, i)
    next_id, next_title, items = gap(t, i) if with_gap else (None, None, [])
    k = int(t.outcome[i])
    return Scorecard(
        pid, partner.name, partner.kind, partner.status, cset.id, cset.title, cset.version, cset.status,
        result.criteria.sha256, t.as_of, number_or_none(t.overall[i]), float(t.completeness[i]),
        INSUFFICIENT if k < 0 else cset.outcomes[k].id, outcome_title(t, k), line, reasons,
        gates, pillars, criteria, caveats, next_id, next_title, items)
