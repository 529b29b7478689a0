"""The one reader of evidence: what is visible at a point in time, which observation counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.loading.models import Window
from evaluator.loading.records import Partner, Rates, Value
from evaluator.scoring import evidence
from evaluator.scoring.evidence import Cutoff, Reading


@dataclass(frozen=True)
class Col:
    """A column as a criterion or gate reads its indicator."""

    indicator: str = "x"
    flows: bool = True
    lag: int = 0
    dated_by_value: bool = False
    window: Window | None = None


FLOW, FLOW_LAG1 = Col(), Col(lag=1)
YEAR_STATE = Col(flows=False, dated_by_value=True)
FACT = Col(flows=False)


def obs(value: Any, year: int | None = None, **more: Any) -> Value:
    return Value.model_validate({"value": value, "source": "s", **({"year": year} if year else {}), **more})


def test_the_end_of_a_year_sees_everything_dated_in_it() -> None:
    end = Cutoff.end_of(2021)
    assert evidence.is_visible(obs(1.0, 2021), FLOW, end)
    assert evidence.is_visible(obs(1.0, 2021, date="2021-12-31"), FLOW, end)
    assert not evidence.is_visible(obs(1.0, 2022, date="2022-01-01"), FLOW, end)
    assert end.text == "the end of 2021"


@settings(max_examples=300, deadline=None)
@given(year=st.integers(1990, 2030), day=st.one_of(st.none(), st.dates()), lag=st.integers(0, 3),
       cut_year=st.integers(1990, 2030), cut_day=st.one_of(st.none(), st.dates()), end=st.booleans())
def test_visibility_is_the_day_against_the_cutoff(year: int, day: Any, lag: int, cut_year: int, cut_day: Any,
                                                 end: bool) -> None:
    """Seen when published by the cutoff's year and dated (its date, else the last day of its year)
    before the cutoff's first day not seen: the definition, against the reader's shortcuts."""
    import datetime

    date = None if day is None else day.replace(year=year, day=min(day.day, 28)).isoformat()
    cutoff = (Cutoff.end_of(cut_year) if end else
              Cutoff.decision(cut_year, None if cut_day is None else
                              cut_day.replace(year=cut_year, day=min(cut_day.day, 28)).isoformat()))
    column = Col(lag=lag)
    dated = (datetime.date.fromisoformat(date) if date else datetime.date(year, 12, 31)).toordinal()
    expected = year + lag <= cutoff.year and dated < cutoff.before
    assert evidence.is_visible(obs(1.0, year, **({"date": date} if date else {})), column, cutoff) == expected


def test_a_year_state_without_a_year_is_dated_by_its_value() -> None:
    tac = obs(2012)
    assert evidence.dated_year(tac, YEAR_STATE) == 2012
    assert not evidence.is_visible(tac, YEAR_STATE, Cutoff.end_of(2000))
    assert evidence.is_visible(tac, YEAR_STATE, Cutoff.end_of(2012))


def test_a_flow_is_seen_only_once_published() -> None:
    trade_2020 = obs(1.0e9, 2020)
    assert not evidence.is_visible(trade_2020, FLOW_LAG1, Cutoff.end_of(2020))
    assert evidence.is_visible(trade_2020, FLOW_LAG1, Cutoff.end_of(2021))
    # a decision of August 2021 sees the 2020 figure, published in 2021 by the usual calendar
    assert evidence.is_visible(trade_2020, FLOW_LAG1, Cutoff.decision(2021, "2021-08-02"))
    assert evidence.is_visible(obs(1.0e9, 2021), FLOW_LAG1, Cutoff.decision(2022, "2022-08-02"))
    assert not evidence.is_visible(obs(1.0e9, 2021), FLOW_LAG1, Cutoff.decision(2021, "2021-12-30"))


def test_a_flow_dated_in_the_decision_year_is_not_seen() -> None:
    """A figure of the decision's own year without a date may come after the decision."""
    decision = Cutoff.decision(2021, "2021-08-02")
    assert not evidence.is_visible(obs(1.0e9, 2021), FLOW, decision)
    assert evidence.is_visible(obs(1.0e9, 2021, date="2021-07-18"), FLOW, decision)
    assert not evidence.is_visible(obs(1.0e9, 2021), FLOW, Cutoff.decision(2021))


def test_a_fact_dated_the_day_after_a_decision_is_not_seen() -> None:
    decision = Cutoff.decision(2021, "2021-08-02")
    assert not evidence.is_visible(obs(True, 2021, date="2021-08-03"), FACT, decision)
    assert not evidence.is_visible(obs(True, 2021, date="2021-08-02"), FACT, decision)     # the same day: not before
    assert evidence.is_visible(obs(True, 2021, date="2021-08-01"), FACT, decision)
    assert decision.text == "2 Aug 2021"


def test_a_decision_does_not_see_the_relations_it_creates() -> None:
    """For a new partner ``relations_since`` is the decision year: the decision cannot score it."""
    relations = obs(2021)
    assert not evidence.is_visible(relations, YEAR_STATE, Cutoff.decision(2021, "2021-08-02"))
    assert evidence.is_visible(relations, YEAR_STATE, Cutoff.decision(2022, "2022-08-02"))


def test_a_timeless_fact_is_always_seen() -> None:
    assert evidence.is_visible(obs("EU"), FACT, Cutoff.end_of(1950))


def _trade(*observations: dict[str, Any]) -> Partner:
    return Partner.model_validate({"id": "p", "name": "P", "kind": "country",
                                   "indicators": {"x": list(observations)}})


def test_of_two_sources_for_one_year_the_higher_grade_counts() -> None:
    news = {"value": 1.0e9, "year": 2020, "source": "agency", "grade": "news-agency"}
    official = {"value": 1.2e9, "year": 2020, "source": "statistics", "grade": "official-statistics"}
    ungraded = {"value": 9.9e9, "year": 2020, "source": "blog"}
    older = {"value": 0.8e9, "year": 2019, "source": "statistics", "grade": "official-statistics"}
    for order in ((news, official, ungraded, older), (official, ungraded, news, older)):
        entry = _trade(*order).indicators["x"]
        chosen = evidence.read(entry, FLOW, Cutoff.end_of(2026), Rates())
        assert isinstance(chosen, Value) and (chosen.value, chosen.source) == (1.2e9, "statistics")
        window = evidence.read(entry, Col(window=Window(years=3, aggregate="mean")), Cutoff.end_of(2026), Rates())
        assert isinstance(window, Reading) and window.years == (2019, 2020) and window.values == (0.8e9, 1.2e9)
    # an ungraded source ranks after every grade; alone in its year it still counts
    assert [o.source for o in evidence.seen(_trade(ungraded, news).indicators["x"], FLOW, Cutoff.end_of(2026))] \
        == ["agency"]


def test_the_higher_grade_counts_among_what_was_seen_then() -> None:
    """An official figure published after a decision does not replace, for that decision, the news
    report it had."""
    news = {"value": 1.0e9, "year": 2021, "date": "2021-03-01", "source": "agency", "grade": "news-agency"}
    official = {"value": 1.2e9, "year": 2021, "date": "2021-11-01", "source": "statistics",
                "grade": "official-statistics"}
    entry = _trade(news, official).indicators["x"]
    at_decision = evidence.read(entry, FLOW, Cutoff.decision(2021, "2021-08-02"), Rates())
    assert isinstance(at_decision, Value) and at_decision.source == "agency"
    later = evidence.read(entry, FLOW, Cutoff.end_of(2021), Rates())
    assert isinstance(later, Value) and later.source == "statistics"


def test_a_window_reads_what_was_visible_ending_at_the_latest() -> None:
    entry = _trade(*({"value": float(y - 2000), "year": y, "source": "s"} for y in range(2015, 2023))).indicators["x"]
    column = Col(lag=1, window=Window(years=3, aggregate="mean"))
    reading = evidence.read(entry, column, Cutoff.end_of(2020), Rates())
    assert isinstance(reading, Reading) and reading.years == (2017, 2018, 2019) and reading.value == 18.0
    assert evidence.describe(reading, None) == "mean of 2017–2019: 18 (2017: 17, 2018: 18, 2019: 19)"


def test_what_a_replay_leaves_out_is_listed() -> None:
    partner = Partner.model_validate({"id": "p", "name": "P", "kind": "country", "indicators": {
        "x": [{"value": 1.0, "year": 1999, "source": "s"}, {"value": 2.0, "year": 2001, "source": "s"}]}})
    found = evidence.unseen(partner, [FLOW_LAG1], Cutoff.end_of(2000))
    assert [(u.year, u.text) for u in found] == [(2001, "x 2001 (published from 2002)")]


@pytest.mark.parametrize(("data", "message"), [
    ({"value": 1, "date": "2021-01-02"}, "a 'date' goes with a 'year': add year: 2021"),
    ({"value": 1, "year": 2020, "date": "2021-01-02"}, "the date 2021-01-02 is not in the year 2020"),
])
def test_a_date_goes_with_its_year(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Value.model_validate({**data, "source": "s"})
