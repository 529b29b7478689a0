"""The catalogue and criteria set models: one file's checks (bounds, exactly one of, forms), nothing across files."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from evaluator.loading.models import Bound, Gate, Indicator, Requirements


def _error(model: type[Any], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value)


def test_indicator_categories_and_bounds_fit_the_type() -> None:
    assert "needs a non-empty 'categories'" in _error(Indicator, {"title": "I", "type": "category"})
    assert "'categories' is only for category" in _error(Indicator, {"title": "I", "type": "number",
                                                                     "categories": ["a"]})
    assert "'min' and 'max' are only for" in _error(Indicator, {"title": "I", "type": "year", "min": 1})
    assert "'min' must be below 'max'" in _error(Indicator, {"title": "I", "type": "number", "min": 2, "max": 1})


def test_gate_forms() -> None:
    assert Gate.model_validate({"title": "G", "at_least": 2, "of": ["a", "b"]}).members == ["a", "b"]
    assert Gate.model_validate({"title": "G", "indicator": "x", "require": "present"}).members == []
    assert "give either 'indicator'" in _error(Gate, {"title": "G", "indicator": "x", "require": True,
                                                      "any_of": ["a"]})
    assert "names only 1 gates" in _error(Gate, {"title": "G", "at_least": 2, "of": ["a"]})
    assert "give 'min', 'max' or 'in'" in _error(Bound, {})


def test_requirements_empty() -> None:
    assert Requirements().is_empty() and not Requirements(score=50).is_empty()
