"""The partner files and the files beside them as models: one file's checks, nothing across files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from evaluator.loading.records import Case, Partner, Review

HASH = "0" * 64


def _error(model: type[Any], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value)


def test_partner_defaults() -> None:
    partner = Partner.model_validate({"id": "p", "name": "P", "kind": "country", "indicators": None})
    assert partner.indicators == {} and partner.group == "all" and partner.status == "none"


def test_cases_and_reviews() -> None:
    assert "give either 'partner'" in _error(Case, {"outcome": "x"})
    assert "low <= high" in _error(Case, {"partner": "p", "outcome": "x", "overall": [2, 1]})
    review = {"reviewer": "R", "date": "2026-01-01", "reason": "r", "scorecard": HASH}
    assert "must name the 'outcome'" in _error(Review, {**review, "decision": "amend"})
    assert Review.model_validate({**review, "decision": "endorse"}).outcome is None


def test_status_at_reads_the_history_then_status_and_since() -> None:
    from evaluator.loading.records import PartnerData

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
    from evaluator.loading.records import Observation, Value

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
