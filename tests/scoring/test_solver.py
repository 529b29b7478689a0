"""Solving a block's programme: the most decisions reproduced, thresholds snapped to tenths."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.programme import STRICT
from evaluator.scoring.solver import maximise, snap_thresholds
from tests.scoring.test_programme import two_decisions


def test_thresholds_snap_up_to_the_next_tenth_and_a_failing_score_stays_below() -> None:
    assert snap_thresholds(np.array([64.9 + STRICT, 40.0, 39.95])).tolist() == [65.0, 40.0, 40.0]


def test_the_threshold_block_separates_two_decisions() -> None:
    solved, _ = maximise(two_decisions())
    assert solved is not None and solved.chosen.all() and 30.0 < solved.x[-1] <= 70.0
