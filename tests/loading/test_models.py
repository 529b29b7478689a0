"""The file models: one file's checks (bounds, exactly one of, forms), nothing across files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from evaluator.loading.models import Bound, Case, Gate, Indicator, Partner, Requirements, Review

HASH = "0" * 64


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


def test_requirements_empty_and_partner_defaults() -> None:
    assert Requirements().is_empty() and not Requirements(score=50).is_empty()
    partner = Partner.model_validate({"id": "p", "name": "P", "kind": "country", "indicators": None})
    assert partner.indicators == {} and partner.group == "all" and partner.status == "none"


def test_cases_and_reviews() -> None:
    assert "give either 'partner'" in _error(Case, {"outcome": "x"})
    assert "low <= high" in _error(Case, {"partner": "p", "outcome": "x", "overall": [2, 1]})
    review = {"reviewer": "R", "date": "2026-01-01", "reason": "r", "scorecard": HASH}
    assert "must name the 'outcome'" in _error(Review, {**review, "decision": "amend"})
    assert Review.model_validate({**review, "decision": "endorse"}).outcome is None


def test_status_at_reads_the_history_then_status_and_since() -> None:
    from evaluator.loading.models import PartnerData

    history = [{"year": 1985, "status": "sectoral-dialogue-partner", "source": "s"},
               {"year": 1990, "status": "dialogue-partner", "source": "s"}]
    partner = PartnerData.model_validate({"name": "A", "kind": "country", "status": "dialogue-partner",
                                          "since": 1990, "history": history})
    assert [partner.status_at(y) for y in (1984, 1985, 1989, 1990, 2026)] == [
        "none", "sectoral-dialogue-partner", "sectoral-dialogue-partner", "dialogue-partner", "dialogue-partner"]
    no_history = PartnerData.model_validate({"name": "B", "kind": "country", "status": "dialogue-partner",
                                             "since": 1990})
    assert (no_history.status_at(1989), no_history.status_at(1990)) == (None, "dialogue-partner")
    undated = PartnerData.model_validate({"name": "C", "kind": "country", "status": "development-partner"})
    assert undated.status_at(1950) == "development-partner"




def test_a_partner_is_kept_compact_with_the_same_observations(root: Path) -> None:
    import evaluator
    from evaluator.loading.models import Observation, Value

    project = evaluator.load(root)
    partner = project.partners["alpha"].model
    kept = [o for name in partner.indicators for o in partner.observations(name)]
    assert kept and all(type(o) is Observation for o in kept)
    raw = Partner.model_validate({"id": "x", "name": "X", "kind": "country", "indicators": {
        "trade": [{"value": 5.0, "year": 2020, "source": "S", "grade": "official-statistics",
                   "url": "https://x.org"}, {"value": 7.0, "year": 2021, "source": "S"}]}})
    compact = raw.compact()
    assert [type(o) for o in raw.observations("trade")] == [Value, Value]
    fields = ("value", "year", "date", "currency", "source", "grade", "url", "note")
    assert ([tuple(getattr(o, f) for f in fields) for o in compact.observations("trade")]
            == [tuple(getattr(o, f) for f in fields) for o in raw.observations("trade")])
    assert compact.model_copy(update={"indicators": {}}) == raw.model_copy(update={"indicators": {}})
