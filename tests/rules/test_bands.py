"""``bands``: the points of the highest threshold reached."""

from __future__ import annotations

import numpy as np

from evaluator.rules.bands import BANDS
from evaluator.rules.base import Peers, Shown

BANDS_10_50 = [[10.0, 40.0], [50.0, 100.0]]


def test_points_at_and_below_thresholds() -> None:
    values = np.array([9.99, 10.0, 49.0, 50.0, np.nan])
    points = BANDS.points(BANDS_10_50, values, Peers(~np.isnan(values), ["all"] * 5))
    assert list(points[:4]) == [0.0, 40.0, 40.0, 100.0] and np.isnan(points[4])


def test_explain_and_needed() -> None:
    assert BANDS.explain(BANDS_10_50, Shown(5, None, None, 0.0)) == "5 is below the lowest band (10): 0.0 points"
    assert BANDS.explain(BANDS_10_50, Shown(60, None, None, 100.0)) == "60 reaches the band from 50: 100.0 points"
    assert BANDS.needed(BANDS_10_50, 40.0, None) == "at least 10"
    assert BANDS.needed(BANDS_10_50, 100.1, None) is None


def test_checks() -> None:
    assert BANDS.check([[10, 1], [5, 2]]) == "'bands' thresholds must be strictly ascending"
    assert BANDS.check([[10, 120]]) == "'bands' points must lie in 0..100"
    assert BANDS.check(BANDS_10_50) is None
