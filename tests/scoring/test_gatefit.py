"""Gate bounds fitted one at a time, each exactly."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.fitmodel import FitProblem, OutcomeModel, evaluate
from evaluator.scoring.gatefit import GateModel, fit_bounds, fittable, with_bounds


def _problem() -> tuple[FitProblem, GateModel]:
    # one gate 'floor' {min: 100}; a composite 'two' of it and a gate that always passes; the
    # organisation granted from a value of 40 on
    values = np.array([10.0, 40.0, 60.0, 150.0, np.nan])
    decided = ("none", "sdp", "sdp", "sdp", "none")
    n = len(values)
    numbers = np.column_stack([values, np.full(n, np.nan), np.full(n, np.nan)])
    passes = np.column_stack([values >= 100, np.ones(n, dtype=bool), np.zeros(n, dtype=bool)])
    model = GateModel(("floor", "other", "two"), numbers, np.nan_to_num(passes).astype(bool),
                      (("min", 100.0), None, None), ((2, (0, 1), 2),), ((2,), ()), np.ones((2, n), dtype=bool))
    every = np.ones((n, 1), dtype=bool)
    outcomes = (OutcomeModel("sdp", "sdp", model.fixed({})[0], None, {}, None),
                OutcomeModel("none", "none", np.ones(n, dtype=bool), None, {}, None))
    problem = FitProblem(np.full((n, 1), 50.0), every, every, np.zeros(1, dtype=np.intp), np.ones(1), np.ones(1),
                      outcomes, 0.0, decided, gates=model)
    return problem, model


def test_a_gate_bound_is_fitted_through_a_composite_and_the_nearest_kept() -> None:
    problem, model = _problem()
    assert fittable(model) == [0]
    assert evaluate(problem, problem.current()).reproduced.sum() == 3      # 10, 150 and the missing one
    bounds, got = fit_bounds(problem, model, problem.current())
    assert got.all() and bounds == {0: 40.0}                               # 10 < bound <= 40: 40 is nearest 100
    assert evaluate(with_bounds(problem, model, bounds), problem.current()).reproduced.all()


def test_the_subset_of_a_problem_keeps_its_gates() -> None:
    problem, _ = _problem()
    part = problem.subset(np.array([True, False, True, False, True]))
    assert part.gates.numbers.shape == (3, 3) and part.gates.rest.shape == (2, 3)
