"""``categories``: points per category, every category of the indicator listed."""

from __future__ import annotations

import math

import numpy as np

from evaluator.loading.models import Indicator
from evaluator.rules.base import Peers, Shown
from evaluator.rules.categories import CATEGORIES

POINTS = {"low": 0.0, "mid": 40.0, "high": 100.0}


def test_values_encode_as_their_index_and_score_their_points() -> None:
    codes = np.array([CATEGORIES.encode(POINTS, v) for v in ("high", "low", "mid", "other")])
    assert math.isnan(codes[3])
    points = CATEGORIES.points(POINTS, codes, Peers(~np.isnan(codes), ["all"] * 4))
    assert list(points[:3]) == [100.0, 0.0, 40.0] and np.isnan(points[3])


def test_explain_needed_and_fit() -> None:
    assert CATEGORIES.explain(POINTS, Shown("mid", None, None, 40.0)) == "category 'mid': 40.0 points"
    assert CATEGORIES.needed(POINTS, 40.0, None) == "one of: mid, high"
    indicator = Indicator(title="I", type="category", categories=["low", "mid", "high", "top"])
    assert CATEGORIES.fits(POINTS, indicator) == "every category needs points; missing: top"
    assert CATEGORIES.fits({**POINTS, "hihg": 1.0}, indicator) == "unknown category 'hihg' (did you mean 'high'?)"
