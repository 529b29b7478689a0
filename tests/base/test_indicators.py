"""The indicator types: one registry entry each, read wherever a type matters."""

from __future__ import annotations

from typing import get_args

import pytest

from evaluator.base.indicators import BOUNDED_TYPES, FLOW_TYPES, NUMERIC_TYPES, TYPES
from evaluator.loading.models import Indicator, TypeName
from evaluator.workflow.schemas import schema_for


def test_the_catalogue_accepts_exactly_the_registry_types() -> None:
    assert get_args(TypeName) == tuple(TYPES)
    enum = schema_for("indicators")["$defs"]["Indicator"]["properties"]["type"]["enum"]
    assert enum == list(TYPES)


def test_the_sets_of_types_are_read_from_the_entries() -> None:
    assert NUMERIC_TYPES == {"number", "integer", "year", "percent"}
    assert FLOW_TYPES == {"number", "integer", "percent"}
    assert BOUNDED_TYPES == ("number", "integer", "percent")
    assert Indicator.model_validate({"title": "T", "type": "year"}).dated_by_value


@pytest.mark.parametrize(("kind", "good", "bad", "why"), [
    ("number", 1.5, "1", "expected a number for a number indicator, got '1'!"),
    ("integer", 3, 3.5, "expected a whole number for an integer indicator, got 3.5!"),
    ("year", 2020, 1850, "a year must lie in 1900..2100, got 1850"),
    ("percent", 12.5, 101, "a percent must lie in 0..100, got 101"),
    ("boolean", False, 0, "expected true or false, got 0"),
    ("category", "low", 1, "expected one of the categories, got 1"),
])
def test_each_type_checks_its_values(kind: str, good: object, bad: object, why: str) -> None:
    check = TYPES[kind].check
    assert check(good, repr(good), "!") is None
    assert check(bad, repr(bad), "!") == why
