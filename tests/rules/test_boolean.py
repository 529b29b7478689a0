"""``boolean``: true (or false, when asked) earns 100."""

from __future__ import annotations

import numpy as np

from evaluator.rules.base import Peers, Shown
from evaluator.rules.boolean import BOOLEAN


def test_points_reward_the_wanted_value() -> None:
    values = np.array([1.0, 0.0, np.nan])
    peers = Peers(~np.isnan(values), ["all"] * 3)
    assert list(BOOLEAN.points(True, values, peers)[:2]) == [100.0, 0.0]
    assert list(BOOLEAN.points(False, values, peers)[:2]) == [0.0, 100.0]
    assert np.isnan(BOOLEAN.points(True, values, peers)[2])


def test_explain_and_needed() -> None:
    assert BOOLEAN.explain(True, Shown(True, None, None, 100.0)) == "yes (yes earns 100, no 0): 100.0 points"
    assert BOOLEAN.needed(False, 100.0, None) == "no"
    assert BOOLEAN.types == frozenset({"boolean"})
