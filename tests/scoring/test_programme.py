"""The linear programme of one block: conditions as forms, thresholds snapped to tenths."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.fitmodel import OutcomeModel, Problem
from evaluator.scoring.programme import STRICT, Builder, maximise, programme, snap_thresholds


def test_thresholds_snap_up_to_the_next_tenth_and_a_failing_score_stays_below() -> None:
    assert snap_thresholds(np.array([64.9 + STRICT, 40.0, 39.95])).tolist() == [65.0, 40.0, 40.0]


def test_the_threshold_block_separates_two_decisions() -> None:
    points = np.array([[30.0], [70.0]])
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("top", "top", np.ones(2, dtype=bool), 80.0, {}, None),
                OutcomeModel("none", "none", np.ones(2, dtype=bool), None, {}, None))
    problem = Problem(points, every, every, np.zeros(1, dtype=np.intp), np.ones(1), np.ones(1), outcomes, 0.0,
                      ("none", "top"))
    prog = programme(Builder(problem, problem.current(), "thresholds"))
    assert prog.possible.tolist() == [True, True]
    solved, _ = maximise(prog)
    assert solved is not None and solved.chosen.all() and 30.0 < solved.x[-1] <= 70.0
