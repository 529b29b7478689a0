"""``evaluator calibrate``: the weights and thresholds that reproduce the most past decisions.

Each decision of the set's decisions file is replayed at its cutoff (as ``backtest`` does);
``scoring.fit`` solves the programme; the calibrated set is written, comments and layout kept,
as a new set (its id the file's name, its version marked calibrated, a ``basis:`` line naming
the decisions file and the commit), and replayed again so that the count after is the engine's.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..base.choices import CALIBRATE_LIMIT
from ..base.errors import CalibrationError, UsageError
from ..base.text import plural
from ..loading.models import Bound
from ..loading.project import LoadedSet, Project, would_load
from ..loading.records import Decision
from ..scoring.aggregate import Mask, shares
from ..scoring.compile import Spec, compile_set
from ..scoring.engine import SCORED
from ..scoring.evidence import Cutoff
from ..scoring.fit import Budget, Fit, OutcomeModel, Params, Problem, evaluate
from ..scoring.fit import calibrate as solve
from ..scoring.gatefit import GateModel, fit_bounds, fittable, with_bounds
from ..scoring.limits import Limits, fit_limits, limits_of, with_limits
from ..scoring.requirements import (
    CompletenessRequirement,
    GatesRequirement,
    PillarsRequirement,
    ScoreRequirement,
)
from ..scoring.result import Result
from .backtest import Backtest, cutoff_of, decisions_for, replay, scored_years
from .git import head_commit
from .yamledit import dumped, round_trip

FITS = ("both", "weights", "thresholds")
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


#: the seconds HiGHS may spend on one programme when floors or completeness are fitted too
LIMITS_TIME = 2.0


def _solve_all(problem: Problem, fit: str, method: str, extras: bool = True,
               budget: Budget | None = None) -> tuple[Fit, Limits | None, Problem]:
    """Weights and thresholds by the programme, floors and completeness by the exact 1-D search, each
    as ``fit`` names them: the limits first, then the programme, then the limits again; all within
    ``budget``."""
    parts = fit_parts(fit)
    base = ("both" if {"weights", "thresholds"} <= parts else "weights" if "weights" in parts
            else "thresholds" if "thresholds" in parts else "none")
    floors, completeness = "floors" in parts, "completeness" in parts
    gates = "gates" in parts and problem.gates is not None and bool(fittable(problem.gates))
    if not (floors or completeness or gates):
        return solve(problem, fit=base, method=method, extras=extras, budget=budget), None, problem
    fitted, limits = _limits_pass(problem, problem.current(), floors, completeness, gates, None)
    # pillar floors and completeness limits make the weights' programme much harder for HiGHS: it
    # gets LIMITS_TIME seconds a programme, and the result is said to be a local optimum
    result = solve(fitted, fit=base, method=method, extras=extras, time_limit=LIMITS_TIME, budget=budget)
    fitted, limits = _limits_pass(fitted, result.after, floors, completeness, gates, limits.gates)
    after = evaluate(fitted, result.after).reproduced
    before = evaluate(problem, problem.current()).reproduced
    return (dataclasses.replace(result, reproduced_before=before, reproduced_after=after, exact=False),
            limits, fitted)


def _limits_pass(problem: Problem, params: Params, floors: bool, completeness: bool, gates: bool,
                 bounds: dict[int, float] | None) -> tuple[Problem, Limits]:
    """Gate bounds, then floors and completeness limits, each fitted exactly with the rest fixed."""
    found: dict[int, float] = dict(bounds or {})
    if gates:
        found, _ = fit_bounds(problem, problem.gates, params, bounds)
        problem = with_bounds(problem, problem.gates, found)
    limits, _ = fit_limits(problem, params, floors=floors, completeness=completeness)
    return with_limits(problem, limits), dataclasses.replace(limits, gates=found)
METHODS = ("auto", "milp", "lp")


@dataclass(frozen=True)
class OutOfSample:
    """Agreement on decisions a calibration was not fitted to: held out from a year on, or each
    left out in turn; beside it, the set's own agreement on the same decisions."""

    kind: str                 # holdout | leave-one-out
    year: int | None          # holdout: the first year held out
    fitted_on: int            # decisions each fit saw
    tested: int               # decisions tested
    agree: int                # of those, reproduced by the fit that did not see them
    agree_before: int         # of those, reproduced by the set as it stands
    planned: int = 0          # decisions that were to be tested; more than ``tested`` when time ran out

    def text(self) -> str:
        """``fitted on 6 decisions before 2020, the calibrated set agrees with 3 of the 7 from 2020 on``."""
        if self.tested == 0 and self.planned:
            what = (f"Out of sample (the decisions from {self.year} on)" if self.kind == "holdout" else
                    f"Leave-one-out ({self.planned} fits)")
            return f"{what}: not tested, the time limit ran out before the first fit"
        if self.kind == "holdout":
            line = (f"Out of sample: fitted on the {self.fitted_on} decisions before {self.year}, the calibrated "
                    f"set agrees with {self.agree} of the {self.tested} from {self.year} on (the set as it "
                    f"stands: {self.agree_before})")
        else:
            line = (f"Leave-one-out: each decision left out of a fit on the other {self.fitted_on}, the fit "
                    f"agrees with {self.agree} of {self.tested} (the set as it stands: {self.agree_before})")
        if self.planned > self.tested:
            line += (f"; stopped at the time limit: {self.tested} of the {self.planned} decisions were tested, "
                     "the rest were not")
        return line


def out_of_sample(problem: Problem, fit: str, method: str, test: list[Mask], kind: str,
                  year: int | None = None, budget: Budget | None = None) -> OutOfSample:
    """Fit on the decisions outside each mask of ``test``, and count the masked ones reproduced; the
    fits not begun when ``budget`` runs out are left untested (and counted as such)."""
    agree = before = fitted = tested = 0
    own = evaluate(problem, problem.current()).reproduced
    budget = budget if budget is not None else Budget()
    for number, held_out in enumerate(test, start=1):
        if budget.over():
            break
        budget.say(f"{kind} fit {number} of {len(test)}")
        train = ~held_out
        if len({problem.decided[i] for i in np.flatnonzero(train)}) < 2:
            raise CalibrationError(f"the decisions a fit would learn from ({int(train.sum())}) are all of one "
                                   "status: there is no line between outcomes to learn; choose another year")
        result, limits, _ = _solve_all(problem.subset(train), fit, method, extras=False, budget=budget)
        got = evaluate(problem if limits is None else with_limits(problem, limits), result.after).reproduced
        agree += int(got[held_out].sum())
        before += int(own[held_out].sum())
        fitted, tested = int(train.sum()), tested + int(held_out.sum())
    return OutOfSample(kind, year, fitted, tested, agree, before, sum(int(m.sum()) for m in test))


@dataclass(frozen=True)
class Calibration:
    """What calibration found, the calibrated set, and both replays."""

    criteria: LoadedSet           # the set calibrated
    calibrated: LoadedSet         # the set written (or that would be)
    data: bytes                   # its file's bytes
    decisions_file: str           # criteria/<id>.decisions.yaml
    fit: Fit
    spec: Spec
    before: Backtest
    after: Backtest
    commit: str | None
    out_of_sample: list[OutOfSample] = field(default_factory=list)
    problem: Problem | None = None
    fit_kind: str = "both"
    limits: tuple[Limits, Limits] | None = None     # floors and completeness before and after, when fitted

    def limit_changes(self) -> list[dict[str, Any]]:
        """Each fitted floor and completeness limit, before and after."""
        if self.limits is None:
            return []
        old, new = self.limits
        spec = self.spec
        out = [{"outcome": spec.outcomes[q].id, "limit": f"pillar {spec.pillar_ids[k]}", "before": old.floors[(q, k)],
                "after": new.floors[(q, k)]} for q, k in sorted(new.floors)]
        out += [{"outcome": spec.outcomes[q].id, "limit": "completeness", "before": old.completeness[q],
                 "after": new.completeness[q]} for q in sorted(new.completeness)]
        out.append({"outcome": None, "limit": "min_completeness", "before": old.minimum, "after": new.minimum})
        model = self.problem.gates if self.problem is not None else None
        for g, value in sorted(new.gates.items()):
            kind, own = model.bounds[g] if model is not None else ("bound", value)
            out.append({"outcome": None, "limit": f"gate {spec.gate_ids[g]} {kind}", "before": own, "after": value,
                        "unit": spec.gates[g].unit})
        return out

    @property
    def as_of(self) -> int:
        """The latest decision year (for provenance)."""
        return self.before.as_of

    @property
    def beyond(self) -> list[str]:
        """For each decision, the requirement no parameters of the fitted form can meet (empty: some can)."""
        parts = fit_parts(self.fit_kind)
        if self.problem is None:
            return []
        return self.problem.beyond("weights" in parts, "thresholds" in parts, "floors" in parts,
                                   "completeness" in parts)

    @property
    def total(self) -> int:
        """How many decisions."""
        return len(self.before.replays)

    def weights(self, params: Params) -> dict[str, dict[str, float]]:
        """Pillar weights (of 100) and criterion weights (of 100 within each pillar), and each
        criterion's share of the whole set (%), as written."""
        spec = self.spec
        pillar, within = shares(params.pillar, params.within, spec.pillar_of)
        return {"pillars": {p: _num(100 * pillar[k]) for k, p in enumerate(spec.pillar_ids)},
                "criteria": {c: _num(100 * within[j]) for j, c in enumerate(spec.criterion_ids)},
                "effective": {c: _num(100 * pillar[spec.pillar_of[j]] * within[j])
                              for j, c in enumerate(spec.criterion_ids)}}

    def thresholds(self, params: Params) -> dict[str, float]:
        """Outcome id → its overall-score threshold."""
        ids = [o.id for o in self.spec.outcomes if o.score_limit() is not None]
        return {o: _num(float(t)) for o, t in zip(ids, params.thresholds, strict=True)}

    def ranges(self) -> dict[str, dict[str, list[float]]]:
        """For each weight (% of the whole set) and threshold (points), the interval it can take while
        every reproduced decision stays reproduced."""
        spec = self.spec
        names = {"pillar": spec.pillar_ids, "criterion": spec.criterion_ids,
                 "threshold": [o.id for o in spec.outcomes]}
        out: dict[str, dict[str, list[float]]] = {"pillars": {}, "criteria": {}, "thresholds": {}}
        key = {"pillar": "pillars", "criterion": "criteria", "threshold": "thresholds"}
        for (kind, index), (low, high) in sorted(self.fit.ranges.items()):
            out[key[kind]][names[kind][index]] = [_num(low), _num(high)]
        return out

    def left_out(self, mask: Any) -> list[dict[str, Any]]:
        """The decisions of ``mask`` as partner and year."""
        return [{"partner": r.partner_id, "year": r.year} for r, m in zip(self.before.replays, mask, strict=True)
                if m]

    def to_dict(self) -> dict[str, Any]:
        """SPEC section 11's JSON, with the method and the weights before."""
        fit = self.fit
        return {
            "decisions_file": self.decisions_file, "calibrated_set": self.calibrated.model.id,
            "method": fit.method, "fell_back_to_lp_after": fit.fell_back, "search": fit.search, "exact": fit.exact,
            "stopped_at_time_limit": fit.stopped,
            "unique": fit.unique,
            "total": self.total, "reproduced_before": self.before.agreeing, "reproduced_after": self.after.agreeing,
            "unexplained": [{"partner": r.partner_id, "year": r.year, "decided": r.decided,
                             "recommended": r.recommended or "insufficient-evidence", "why": r.why,
                             "beyond_weights": bool(b), "beyond": reason}
                            for r, b, reason in zip(self.after.replays, fit.beyond, self.beyond, strict=True)
                            if not r.agree],
            "alternative": None if fit.alternative is None else self.left_out(fit.alternative),
            "weights": self.weights(fit.after), "thresholds": self.thresholds(fit.after),
            "before": {"weights": self.weights(fit.before), "thresholds": self.thresholds(fit.before)},
            "ranges": self.ranges(),
            "out_of_sample": [asdict(o) for o in self.out_of_sample],
            "limits": self.limit_changes(),
        }


def _num(x: float) -> float:
    return float(round(x, 2))


def _fixed(table: Any, i: int, outcome: Any, gates: bool = True) -> bool:
    """The requirements of an outcome that do not depend on the weights (gates, criteria) hold
    (``gates=False``: the criteria requirements alone)."""
    skip = (ScoreRequirement, PillarsRequirement, CompletenessRequirement) + (() if gates else (GatesRequirement,))
    return all(bool(table.checks[outcome.id][r.key][i]) for r in outcome.requirements if not isinstance(r, skip))


def problem_of(project: Project, lset: LoadedSet, decisions: list[Decision],
               tables: dict[Cutoff, Result]) -> tuple[Problem, Spec]:
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
    return Problem(points, counted, usable, spec.pillar_of, spec.pillar_weight, spec.weight, outcomes,
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


def _check(lset: LoadedSet, spec: Spec, decisions: list[Decision], fit: str) -> None:
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


def _number(x: float) -> int | float:
    """A weight or threshold as it is written: whole numbers without a decimal point."""
    return int(round(x)) if abs(x - round(x)) < 1e-9 else float(x)


def _write_limits(data: Any, spec: Spec, limits: Limits) -> None:
    """Floors, completeness limits and gate bounds into the set's YAML (a floor shared by every
    pillar as one number)."""
    for g, value in sorted(limits.gates.items()):
        require = data["gates"][spec.gate_ids[g]]["require"]
        key = "min" if "min" in require else "max"
        require[key] = _number(float(value))
    if limits.minimum or "min_completeness" in data:
        data["min_completeness"] = _number(round(limits.minimum, 3))
    for q in range(len(spec.outcomes)):
        require = data["outcomes"][q].get("require") if isinstance(data["outcomes"][q], dict) else None
        if require is None:
            continue
        floors = {spec.pillar_ids[k]: _number(round(v, 1)) for (o, k), v in sorted(limits.floors.items()) if o == q}
        if floors:
            same = len(set(floors.values())) == 1 and not isinstance(require.get("pillars"), dict)
            require["pillars"] = next(iter(floors.values())) if same else floors
        if q in limits.completeness:
            require["completeness"] = _number(round(limits.completeness[q], 3))


def calibrated_bytes(lset: LoadedSet, spec: Spec, fit: Fit, new_id: str, basis: str,
                     limits: Limits | None = None) -> bytes:
    """The set's file with the calibrated weights, thresholds and limits, its comments and layout kept."""
    raw = lset.doc.path.read_bytes()
    loaded = round_trip(raw, exact=False)
    if loaded is None:
        raise CalibrationError(f"{lset.doc.display}: its layout cannot be kept when rewritten; nothing was written")
    yaml, data = loaded
    params = fit.after
    data["id"] = new_id
    if new_id != lset.model.id:
        data["title"] = f"{lset.model.title} (calibrated on past decisions)"
    data["version"] = f"{lset.model.version}-calibrated"
    data["status"] = "draft"
    if "basis" not in data or data["basis"] is None:
        data["basis"] = []
    data["basis"].append(basis)
    for k, pid in enumerate(spec.pillar_ids):
        data["pillars"][pid]["weight"] = _number(float(params.pillar[k]))
    for j, cid in enumerate(spec.criterion_ids):
        data["criteria"][cid]["weight"] = _number(float(params.within[j]))
    thresholds = iter(params.thresholds)
    for k, outcome in enumerate(spec.outcomes):
        if outcome.score_limit() is not None:
            data["outcomes"][k]["require"]["score"] = _number(float(next(thresholds)))
    if limits is not None:
        _write_limits(data, spec, limits)
    return dumped(yaml, data)


def calibrate(project: Project, criteria: str | None = None, *, fit: str = "both", decisions: str | None = None,
              method: str = "auto", output: Path | None = None, holdout_from: int | None = None,
              leave_one_out: bool = False, time_limit: float = CALIBRATE_LIMIT,
              progress: Callable[[str], None] | None = None) -> Calibration:
    """Fit the set's weights and thresholds to its decisions (SPEC section 11); ``output`` names the
    file the calibrated set will be written to (its id is the file's name). ``holdout_from``: also
    fit on the decisions before that year and test on the rest; ``leave_one_out``: also fit on all
    but one decision, in turn, and test on it. ``time_limit``: the seconds the whole may take (then
    the best found so far, said so); ``progress`` hears how far a long calibration has got."""
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise UsageError(f"--time-limit must be a finite number of seconds above 0, got {time_limit:g}")
    lset = project.criteria_set(criteria)
    name, found = decisions_for(project, lset, decisions)
    years = scored_years(project, lset, found)
    problem, spec = problem_of(project, lset, found, years)
    _check(lset, spec, found, fit)
    budget = Budget(time_limit, progress)
    result, limits, _ = _solve_all(problem, fit, method, budget=budget)
    commit = head_commit(project.root)
    decisions_file = f"criteria/{name}.decisions.yaml"
    after = int(result.reproduced_after.sum())
    basis = (f"Calibrated by evaluator calibrate (--fit {fit}) on {decisions_file} at commit "
             f"{commit[:12] if commit else '(not in git)'}: {after} of {plural(len(found), 'decision')} "
             f"reproduced, {int(result.reproduced_before.sum())} before")
    path = output if output is not None else lset.doc.path.with_name(f"{lset.model.id}-calibrated.yaml")
    new_id = path.name.removesuffix(".yaml")
    data = calibrated_bytes(lset, spec, result, new_id, basis, limits)
    calibrated = would_load(path, data, kind="criteria", catalogue=project.catalogue)
    assert calibrated is not None                 # a set that parses is returned; one that does not raised
    checks = []
    if holdout_from is not None:
        checks.append(out_of_sample(problem, fit, method, [np.array([d.year >= holdout_from for d in found])],
                                    "holdout", holdout_from, budget))
    if leave_one_out:
        checks.append(out_of_sample(problem, fit, method, [np.arange(len(found)) == i for i in range(len(found))],
                                    "leave-one-out", budget=budget))
    return Calibration(lset, calibrated, data, decisions_file, result, spec, replay(project, lset, found, years),
                       replay(project, calibrated, found), commit, checks, problem, fit,
                       None if limits is None else (limits_of(problem), limits))


def described(cal: Calibration) -> Mapping[str, str]:
    """How the programme was solved, in words."""
    fit = cal.fit
    how = ("one mixed-integer programme over every weight and threshold at once (HiGHS)"
           if fit.search == "joint" and fit.method == "milp" else
           "the linear relaxation (UTADIS-style errors), not a proven maximum" if fit.method == "lp" else
           "mixed-integer programmes (HiGHS) over the thresholds, the pillar weights and each pillar's "
           "criterion weights in turn, until none reproduces more")
    if fit.fell_back is not None:
        how += (f"; the mixed-integer programme was not done within {fit.fell_back:g} s, so --method auto "
                + ("used the linear relaxation, which reproduced as many or more" if fit.method == "lp" else
                   "tried the linear relaxation too and kept the programme's best so far, which reproduced more")
                + " (--method milp insists on the programme)")
    if cal.limits is not None:
        how += "; the floors and completeness limits before and after it, one at a time, each exactly"
    proof = ("the count is a proven maximum" if fit.exact else
             f"stopped at the time limit ({fit.stopped:g} s): the best found by then, another set of weights "
             "might reproduce more" if fit.stopped is not None else
             "a local optimum: another set of weights might reproduce more")
    return {"how": how, "proof": proof}
