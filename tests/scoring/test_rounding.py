"""Hand-worked examples for every rule, gate form, policy and outcome path (SPEC section 4)."""

from __future__ import annotations

import numpy as np

from evaluator.scoring.rounding import round1


def test_round1_is_half_away_from_zero() -> None:
    values = np.array([81.25, -81.25, 0.05, 88.05, 84.1166, np.nan, 99.95])
    got = round1(values)
    assert list(got[:5]) == [81.3, -81.3, 0.1, 88.1, 84.1]
    assert np.isnan(got[5]) and got[6] == 100.0
