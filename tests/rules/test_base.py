"""What every rule shares: how values are encoded and shown."""

from __future__ import annotations

import math

from evaluator.rules.base import Shown, encode_number, no_problem


def test_numbers_and_booleans_encode_and_text_does_not() -> None:
    assert encode_number(None, 3) == 3.0 and encode_number(None, True) == 1.0
    assert encode_number(None, False) == 0.0
    assert math.isnan(encode_number(None, "x"))


def test_shown_value_text_names_unit_and_year() -> None:
    shown = Shown(3.57e10, "USD", 2019, 70.5)
    assert shown.value_text == "USD 35.7 bn (2019)"
    assert shown.points_text == "70.5 points"
    assert Shown(True, None, None, 100.0).value_text == "yes"


def test_no_problem_is_silent() -> None:
    assert no_problem([1, 2]) is None
