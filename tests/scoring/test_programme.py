"""The linear programme of one block: every decision's conditions written as forms."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.fitmodel import FitProblem, OutcomeModel
from evaluator.scoring.programme import Builder, Programme, programme


def two_decisions() -> Programme:
    """The threshold block of two decisions scored 30 and 70, the first refused, the second granted."""
    points = np.array([[30.0], [70.0]])
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("top", "top", np.ones(2, dtype=bool), 80.0, {}, None),
                OutcomeModel("none", "none", np.ones(2, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.zeros(1, dtype=np.intp), np.ones(1), np.ones(1), outcomes, 0.0,
                      ("none", "top"))
    return programme(Builder(problem, problem.current(), "thresholds"))


def test_the_threshold_block_has_a_condition_for_each_decision() -> None:
    prog = two_decisions()
    assert prog.possible.tolist() == [True, True]
    assert prog.block is prog.builder.block
    assert [len(h) for h in prog.holds] == [0, 1] and [len(f) for f in prog.fails] == [1, 0]
