"""The past decisions as calibration's problem: each replayed at its cutoff (as ``backtest`` does)
into the points of each criterion, the criteria that count and the requirements that hold whatever
the weights; the gates a fit may move; and the refusal of a set or decisions it cannot fit."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base.errors import CalibrationError, UsageError
from ..loading.models import Bound
from ..loading.project import LoadedSet, Project
from ..loading.records import Decision
from ..scoring.compile import Spec, compile_set
from ..scoring.engine import SCORED
from ..scoring.evidence import Cutoff
from ..scoring.fit import FitProblem, OutcomeModel
from ..scoring.gatefit import GateModel
from ..scoring.requirements import (
    CompletenessRequirement,
    GatesRequirement,
    PillarsRequirement,
    ScoreRequirement,
)
from ..scoring.result import Result
from .backtest import cutoff_of

#: what ``--fit`` may name, several with commas (``both``: weights and thresholds; ``all``: every one)
FIT_PARTS = ("weights", "thresholds", "floors", "completeness", "gates")


def fit_parts(fit: str) -> set[str]:
    """The parts ``--fit`` names."""
    parts: set[str] = set()
    for name in (n.strip() for n in fit.split(",")):
        if name == "both":
            parts |= {"weights", "thresholds"}
        elif name == "all":
            parts |= set(FIT_PARTS)
        elif name in FIT_PARTS:
            parts.add(name)
        else:
            raise UsageError(f"--fit {name!r}: name one or more of both, all, {', '.join(FIT_PARTS)}, with commas "
                             "between them (--fit weights,floors)")
    return parts


def _fixed(table: Any, i: int, outcome: Any, gates: bool = True) -> bool:
    """The requirements of an outcome that do not depend on the weights (gates, criteria) hold
    (``gates=False``: the criteria requirements alone)."""
    skip = (ScoreRequirement, PillarsRequirement, CompletenessRequirement) + (() if gates else (GatesRequirement,))
    return all(bool(table.checks[outcome.id][r.key][i]) for r in outcome.requirements if not isinstance(r, skip))


def problem_of(project: Project, lset: LoadedSet, decisions: list[Decision],
               tables: dict[Cutoff, Result]) -> tuple[FitProblem, Spec]:
    """Every decision replayed at its cutoff (``tables``: each cutoff scored): the numbers the
    programme reads."""
    spec = compile_set(lset.model, project.catalogue)
    rows = []
    for d in decisions:
        result = tables[cutoff_of(d)]
        rows.append((result.table, result.row(d.partner)))
    n = len(decisions)
    # an outcome a decision's standing does not allow (a policy closed it, a request chose another
    # track) can never be its answer: as if its fixed requirements failed
    fixed = {o.id: np.array([_fixed(t, i, o) and (t.standing is None or bool(t.standing.allowed[o.index, i]))
                             for t, i in rows], dtype=bool) for o in spec.outcomes}
    held = np.array([int(t.standing.held[i]) if t.standing is not None else -1 for t, i in rows], dtype=np.intp)
    outcomes = tuple(OutcomeModel(
        o.id, o.status, fixed[o.id], o.score_limit(),
        {spec.pillar_ids.index(p): x for p, x in o.pillar_limits().items()},
        next((r.limit for r in o.requirements if isinstance(r, CompletenessRequirement)), None))
        for o in spec.outcomes)
    points = np.array([t.points[i] for t, i in rows]).reshape(n, len(spec.criteria))
    counted = np.array([t.counted[i] for t, i in rows], dtype=bool).reshape(points.shape)
    usable = np.array([t.usable[i] for t, i in rows], dtype=bool).reshape(points.shape)
    return FitProblem(points, counted, usable, spec.pillar_of, spec.pillar_weight, spec.weight, outcomes,
                   spec.min_completeness, tuple(d.status for d in decisions), held.reshape(n),
                   spec.track_codes, tuple(spec.pillar_ids), gate_model(spec, rows)), spec


def _bound(gate: Any) -> tuple[str, float] | None:
    """("min" | "max", value) of a simple gate whose one numeric bound can be fitted."""
    require = gate.require
    if gate.composite or not isinstance(require, Bound) or require.in_ is not None or require.relative is not None:
        return None
    if require.min is not None and require.max is None:
        return "min", float(require.min)
    if require.max is not None and require.min is None:
        return "max", float(require.max)
    return None


def gate_model(spec: Spec, rows: list[tuple[Any, int]]) -> GateModel:
    """The gates of every decision as the gate fitting reads them."""
    n, count = len(rows), len(spec.gates)
    numbers = np.array([[t.inputs.gate_numbers[i, g] if t.gate_state[i, g] == SCORED else np.nan
                         for g in range(count)] for t, i in rows], dtype=float).reshape(n, count)
    passes = np.array([t.gate_pass[i] for t, i in rows], dtype=bool).reshape(n, count)
    needs = tuple(next((tuple(r.index) for r in o.requirements if isinstance(r, GatesRequirement)), ())
                  for o in spec.outcomes)
    rest = np.array([[_fixed(t, i, o, gates=False) and (t.standing is None or bool(t.standing.allowed[o.index, i]))
                      for t, i in rows] for o in spec.outcomes], dtype=bool).reshape(len(spec.outcomes), n)
    return GateModel(tuple(spec.gate_ids), numbers, passes, tuple(_bound(g) for g in spec.gates),
                     tuple((g.index, g.members, g.need) for g in spec.gates if g.composite), needs, rest)


def check_fit(lset: LoadedSet, spec: Spec, decisions: list[Decision], fit: str) -> None:
    """Refuse what no calibration can learn from, saying why."""
    cid = lset.model.id
    if len(spec.outcomes) < 2:
        raise CalibrationError(f"the set '{cid}' has one outcome; calibration sorts decisions between outcomes "
                               "and needs at least two")
    if not decisions:
        raise CalibrationError(f"no decisions to calibrate '{cid}' on")
    statuses = sorted({d.status for d in decisions})
    if len(statuses) == 1:
        raise CalibrationError(f"every decision is '{statuses[0]}': with one kind of decision there is no line "
                               "between outcomes to learn; add decisions of another status")
    parts = fit_parts(fit)
    if "thresholds" in parts and all(o.score_limit() is None for o in spec.outcomes):
        if parts == {"thresholds"}:
            raise CalibrationError(f"no outcome of '{cid}' has a score: threshold to fit; use --fit weights")
    if parts == {"weights"} and len(spec.criteria) < 2:
        raise CalibrationError(f"the set '{cid}' has one criterion; there are no weights to fit")
