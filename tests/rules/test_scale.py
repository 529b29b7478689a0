"""``linear`` and ``log``: hand-worked points, explanations and values needed."""

from __future__ import annotations

import numpy as np

from evaluator.rules.base import Peers, Shown
from evaluator.rules.scale import LINEAR, LOG

PEERS = Peers(np.ones(5, dtype=bool), ["all"] * 5)


def test_linear_points_both_ways_and_clamped() -> None:
    values = np.array([-5.0, 0.0, 25.0, 100.0, 150.0])
    assert list(LINEAR.points([0, 100], values, PEERS)) == [0.0, 0.0, 25.0, 100.0, 100.0]
    assert list(LINEAR.points([100, 0], values, PEERS)) == [100.0, 100.0, 75.0, 0.0, 0.0]


def test_log_points_and_values_at_or_below_zero() -> None:
    values = np.array([-1.0, 0.0, 10.0, 100.0, 1000.0])
    assert list(LOG.points([10, 1000], values, PEERS)) == [0.0, 0.0, 0.0, 50.0, 100.0]
    assert list(LOG.points([1000, 10], values, PEERS))[:2] == [100.0, 100.0]


def test_explanations_say_the_scale_and_direction() -> None:
    shown = Shown(25, None, 2020, 25.0)
    assert LINEAR.explain([0, 100], shown) == "25 (2020) on a linear scale from 0 (0) to 100 (100): 25.0 points"
    assert LOG.explain([1000, 10], Shown(100, None, None, 50.0)).endswith("(lower is better): 50.0 points")


def test_values_needed() -> None:
    assert LINEAR.needed([0, 100], 40.0, None) == "at least about 40"
    assert LINEAR.needed([2000, 2020], 50.0, "year") == "at least 2010"
    assert LOG.needed([1e9, 1e11], 50.0, "USD") == "at least about USD 10 bn"
    assert LINEAR.needed([100, 0], 40.0, None) == "at most about 60"


def test_checks() -> None:
    assert LINEAR.check([1, 1]) == "'linear' needs two different ends"
    assert LOG.check([0, 10]) == "'log' ends must be above 0"
    assert LOG.check([5, 5]) == "'log' needs two different ends"
    assert LINEAR.check([0, 1]) is None and LOG.check([1, 10]) is None
