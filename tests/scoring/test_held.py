"""What a partner holds and asks for at a point in time, by the rules of the reader of evidence."""

from __future__ import annotations

from typing import Any

from evaluator.loading.records import PartnerData
from evaluator.scoring.evidence import Cutoff
from evaluator.scoring.held import StatusColumn, held_at, open_request, state_tenure, tenure
from tests.scoring.test_evidence import obs

HISTORY = [{"year": 2000, "status": "low", "source": "s"}, {"year": 2005, "date": "2005-07-01", "status": "mid",
                                                             "source": "s"}]


def partner(**more: Any) -> PartnerData:
    return PartnerData.model_validate({"name": "P", "kind": "country", "status": "mid", "history": HISTORY, **more})


def test_the_status_held_is_the_last_entry_known_then() -> None:
    p = partner()
    assert [held_at(p, Cutoff.end_of(y)) for y in (1999, 2000, 2004, 2005)] == ["none", "low", "low", "mid"]
    assert held_at(p, Cutoff.decision(2005, "2005-07-01")) == "low"     # a decision does not see what it made
    assert held_at(p, Cutoff.decision(2005, "2005-07-02")) == "mid"


def test_the_status_can_be_read_from_a_state_a_set_names() -> None:
    p = partner(indicators={"level": [obs("high", 2010).model_dump(exclude_none=True)]})
    column = StatusColumn("level")
    assert held_at(p, Cutoff.end_of(2011), column) == "high"
    assert held_at(p, Cutoff.end_of(2009), column) == "mid"           # nothing known then: the history


def test_a_tenure_counts_the_years_without_a_break() -> None:
    p = partner()
    assert tenure(p, ["mid"], Cutoff.end_of(2010)) == ("mid", 5)
    assert tenure(p, ["low", "mid"], Cutoff.end_of(2010)) == ("mid", 10)
    assert tenure(p, ["top"], Cutoff.end_of(2010)) == ("mid", None)
    entry = [obs("low", 2001), obs("high", 2004), obs("high", 2006)]
    latest, years = state_tenure(entry, StatusColumn("level"), ["high"], Cutoff.end_of(2010))
    assert latest is not None and latest.value == "high" and years == 6


def test_a_request_is_open_until_a_decision_known_then_answers_it() -> None:
    p = partner(requests=[{"year": 2003, "status": "mid", "source": "s"}])
    assert open_request(p, Cutoff.end_of(2002)) is None
    found = open_request(p, Cutoff.end_of(2004))
    assert found is not None and found.status == "mid"
    assert open_request(p, Cutoff.end_of(2005)) is None
