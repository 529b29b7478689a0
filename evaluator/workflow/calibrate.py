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
from ..loading.project import LoadedSet, Project, would_load
from ..scoring.aggregate import Mask, shares
from ..scoring.compile import Spec
from ..scoring.fit import Budget, Fit, FitProblem, Params, evaluate
from ..scoring.fit import fit_decisions as solve
from ..scoring.gatefit import fit_bounds, fittable, with_bounds
from ..scoring.limits import Limits, fit_limits, limits_of, with_limits
from .backtest import Backtest, decisions_for, replay, scored_years
from .calibrated import calibrated_bytes
from .git import head_commit
from .replayed import check_fit, fit_parts, problem_of

#: the seconds HiGHS may spend on one programme when floors or completeness are fitted too
LIMITS_TIME = 2.0


def _solve_all(problem: FitProblem, fit: str, method: str, extras: bool = True,
               budget: Budget | None = None) -> tuple[Fit, Limits | None, FitProblem]:
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


def _limits_pass(problem: FitProblem, params: Params, floors: bool, completeness: bool, gates: bool,
                 bounds: dict[int, float] | None) -> tuple[FitProblem, Limits]:
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


def out_of_sample(problem: FitProblem, fit: str, method: str, test: list[Mask], kind: str,
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
    problem: FitProblem | None = None
    fit_kind: str = "both"
    limits: tuple[Limits, Limits] | None = None     # floors and completeness before and after, when fitted

    def criteria_by_pillar(self) -> list[tuple[str, list[str]]]:
        """Each pillar of the set with its criteria, in the set's order."""
        spec = self.spec
        return [(pid, [cid for j, cid in enumerate(spec.criterion_ids) if spec.pillar_of[j] == k])
                for k, pid in enumerate(spec.pillar_ids)]

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


def run_calibration(project: Project, criteria: str | None = None, *, fit: str = "both", decisions: str | None = None,
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
    check_fit(lset, spec, found, fit)
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
