"""Floors and completeness limits fitted one at a time, each exactly."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.fit import FitProblem, OutcomeModel, evaluate
from evaluator.scoring.limits import fit_limits, limits_of, with_limits


def _problem(decided: tuple[str, ...], points: np.ndarray, floor: float, minimum: float = 0.0) -> FitProblem:
    n = len(decided)
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("sdp", "sdp", np.ones(n, dtype=bool), None, {1: floor}, None),
                OutcomeModel("none", "none", np.ones(n, dtype=bool), None, {}, None))
    return FitProblem(points, every, every, np.array([0, 1], dtype=np.intp), np.ones(2), np.ones(2), outcomes, minimum,
                   decided)


def test_a_hidden_floor_is_recovered_and_the_nearest_of_equals_kept() -> None:
    # pillar 1 scores 5, 12, 20, 30, 40: the organisation granted from 12 on; the set asks 25
    points = np.array([[50.0, 5.0], [50.0, 12.0], [50.0, 20.0], [50.0, 30.0], [50.0, 40.0]])
    decided = ("none", "sdp", "sdp", "sdp", "sdp")
    problem = _problem(decided, points, 25.0)
    assert evaluate(problem, problem.current()).reproduced.sum() == 3
    limits, got = fit_limits(problem, problem.current(), floors=True, completeness=False)
    assert got.all() and limits.floors == {(0, 1): 12.0}      # 5.1 to 12 all reproduce; 12 is nearest 25
    assert evaluate(with_limits(problem, limits), problem.current()).reproduced.all()


def test_the_completeness_minimum_is_fitted_when_named_only() -> None:
    points = np.array([[50.0, 30.0], [50.0, 30.0]])
    problem = _problem(("sdp", "sdp"), points, 25.0, minimum=0.9)
    problem = FitProblem(problem.points, np.array([[True, True], [False, True]]),
                         np.array([[True, True], [False, True]]), problem.pillar_of, problem.pillar_weight,
                         problem.weight, problem.outcomes, 0.9, problem.decided)
    same, _ = fit_limits(problem, problem.current(), floors=True, completeness=False)
    assert same.minimum == 0.9
    limits, got = fit_limits(problem, problem.current(), floors=False, completeness=True)
    assert limits.minimum <= 0.5 and limits_of(problem).minimum == 0.9
