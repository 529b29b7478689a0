"""Rounding half away from zero at 1 and 3 decimals, against exact decimal arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.scoring.rounding import at_least, round1, round1_scores, round3


def test_round1_is_half_away_from_zero() -> None:
    values = np.array([81.25, -81.25, 0.05, 88.05, 84.1166, np.nan, 99.95])
    got = round1(values)
    assert list(got[:5]) == [81.3, -81.3, 0.1, 88.1, 84.1]
    assert np.isnan(got[5]) and got[6] == 100.0


def _exact(tenths_times_ten: int, places: int) -> float:
    """The value n / 10**(places+1) rounded half up (away from zero) at ``places``, exactly."""
    value = Decimal(tenths_times_ten) / Decimal(10) ** (places + 1)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@given(st.integers(-10_000_000, 10_000_000))
def test_round1_equals_decimal_half_up(n: int) -> None:
    assert float(round1(n / 100)) == _exact(n, 1)


@given(st.integers(-10_000_000, 10_000_000))
def test_round3_equals_decimal_half_up(n: int) -> None:
    assert float(round3(n / 10_000)) == _exact(n, 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=50))
def test_score_rounding_equals_general_rounding(values: list[float]) -> None:
    arr = np.array(values + [81.25, 88.05, 0.0, 100.0, 0.05])
    np.testing.assert_array_equal(round1_scores(arr), round1(arr))


def test_at_least_forgives_a_float_sum_a_hair_short() -> None:
    assert at_least(0.1 + 0.2 + 0.325, 0.625) and not at_least(0.624, 0.625)
