"""Field types: ids, years, points and the strict model base."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evaluator.base.fields import Id, Strict, Year, check_id


class Sample(Strict):
    id: Id
    year: Year


@pytest.mark.parametrize("ident", ["united-kingdom", "a", "x_1", "a" * 64])
def test_valid_ids(ident: str) -> None:
    assert check_id(ident) == ident


@pytest.mark.parametrize(("ident", "why"), [
    ("United", "is not a valid id"), ("-x", "is not a valid id"), ("a" * 65, "is not a valid id"),
    ("com1", "Windows reserves"), ("nul", "Windows reserves"),
])
def test_invalid_ids(ident: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        check_id(ident)


def test_strict_models_refuse_unknown_keys_coercion_and_change() -> None:
    sample = Sample(id="a", year=2020)
    with pytest.raises(ValidationError):
        Sample.model_validate({"id": "a", "year": "2020"})
    with pytest.raises(ValidationError):
        Sample.model_validate({"id": "a", "year": 2020, "other": 1})
    with pytest.raises(ValidationError):
        Sample.model_validate({"id": "a", "year": 2101})
    with pytest.raises(ValidationError):
        sample.year = 2021  # type: ignore[misc]
