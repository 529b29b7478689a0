"""What the checks share: a value against its indicator's type."""

from __future__ import annotations

import pytest

from evaluator.loading.checks import value_problem
from evaluator.loading.models import Catalogue, Indicator

CATALOGUE = Catalogue.model_validate({"indicators": {
    "trade": {"title": "Trade", "type": "number", "min": 0},
    "since": {"title": "Since", "type": "year"},
    "level": {"title": "Level", "type": "category", "categories": ["low", "high"]},
}})


@pytest.mark.parametrize(("kind", "value", "why"), [
    ("number", "1e9", "expected a number for a number indicator, got '1e9' (write digits only"),
    ("year", 1850, "a year must lie in 1900..2100, got 1850"),
    ("percent", 120, "a percent must lie in 0..100, got 120"),
    ("boolean", 1, "expected true or false, got 1"),
    ("integer", 1.5, "expected a whole number for an integer indicator, got 1.5"),
])
def test_value_problems(kind: str, value: object, why: str) -> None:
    problem = value_problem(Indicator.model_validate({"title": "I", "type": kind}), value)
    assert problem is not None and problem.startswith(why)


def test_a_fitting_value_has_no_problem() -> None:
    assert value_problem(CATALOGUE.indicators["level"], "high") is None
    assert value_problem(CATALOGUE.indicators["trade"], -1) == "must be at least 0, got -1"
