"""``threshold``: pass or fail points, the form of a gate as a scored criterion."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from evaluator.rules.base import Peers, Shown
from evaluator.rules.threshold import THRESHOLD, Bounds


def test_points_inside_the_bounds_inclusive() -> None:
    values = np.array([0.5, 1.0, 3.0, 5.0, 6.0, np.nan])
    peers = Peers(~np.isnan(values), ["all"] * 6)
    at_least = THRESHOLD.points(Bounds(min=1), values, peers)
    assert list(at_least[:5]) == [0.0, 100.0, 100.0, 100.0, 100.0] and np.isnan(at_least[5])
    at_most = THRESHOLD.points(Bounds(max=1), values, peers)
    assert list(at_most[:3]) == [100.0, 100.0, 0.0]
    between = THRESHOLD.points(Bounds(min=1, max=5), values, peers)
    assert list(between[:5]) == [0.0, 100.0, 100.0, 100.0, 0.0]


def test_explain_and_needed() -> None:
    bounds = Bounds(min=1e9)
    assert THRESHOLD.explain(bounds, Shown(2e9, "USD", 2022, 100.0)) == \
        "USD 2 bn (2022) meets the threshold (at least USD 1 bn): 100.0 points"
    assert THRESHOLD.explain(bounds, Shown(5e8, "USD", None, 0.0)).startswith("USD 500 m misses the threshold")
    assert THRESHOLD.needed(Bounds(min=1, max=5), 100.0, None) == "at least 1 and at most 5"


def test_bounds_must_be_given_and_ordered() -> None:
    with pytest.raises(ValidationError, match="give 'min', 'max' or both"):
        Bounds()
    with pytest.raises(ValidationError, match="'min' is above 'max'"):
        Bounds(min=5, max=1)
