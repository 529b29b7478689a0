"""The result of scoring a project: immutable, ranked, and the section 7 tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import evaluator
from evaluator.base.errors import UsageError
from evaluator.scoring.result import LONG_COLUMNS, default_as_of


def test_result_is_immutable_and_annotated_copies_leave_it_unchanged(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.robustness = {}  # type: ignore[misc]
    annotated = result.annotated(robustness={"alpha": "robust"}, review={"alpha": "none"})
    assert result.robustness == {} and annotated.robustness == {"alpha": "robust"}
    assert annotated.summary_rows()[0]["robustness"] == "robust" and result.summary_rows()[0]["robustness"] == ""


def test_ranking_summary_and_scorecards(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    assert result.ranked == ["alpha", "gamma", "beta", "hostile"] and list(result) == result.ranked
    assert len(result) == 4 and result.as_of == 2024
    assert list(result.summary()["partner_id"]) == result.ranked
    assert list(result.scorecards().columns) == LONG_COLUMNS
    with pytest.raises(UsageError, match="did you mean 'alpha'"):
        result["alpah"]


def test_the_as_of_default_is_the_current_year() -> None:
    import datetime

    assert default_as_of(None) == datetime.date.today().year and default_as_of(2019) == 2019


def test_long_rows_stream_one_card_at_a_time_with_each_source_address(root: Path) -> None:
    import types

    result = evaluator.score(evaluator.load(root), as_of=2024)
    rows = result.iter_long_rows()
    assert isinstance(rows, types.GeneratorType)
    listed = list(rows)
    assert listed == result.long_rows() and len(listed) == len(result) * (len(result["alpha"].criteria)
                                                                      + len(result["alpha"].gates))
    assert result._cards.keys() == {"alpha"}      # only the card asked for above is kept
    card = result["beta"]
    urls = {r["item_id"]: r["url"] for r in listed if r["partner_id"] == "beta"}
    assert urls == {item.id: item.url for item in [*card.gates, *card.criteria]}
