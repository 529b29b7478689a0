"""Checks across files: values against the catalogue, rules against types, references by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import Problem
from evaluator.loading.checks import check_partner, value_problem
from evaluator.loading.models import Catalogue, Indicator
from evaluator.loading.yamlfile import read

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


def test_partner_checks_report_every_mistake_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("id: p\nname: P\nkind: country\nindicators:\n  trade: {value: -5, year: 2020, source: s}\n"
                    "  levle: {value: low, source: s}\n  level: {value: mid, year: 2020, source: s}\n")
    problems: list[Problem] = []
    check_partner(read(path), CATALOGUE, problems)
    assert [(p.line, p.message.split(":")[0]) for p in sorted(problems)] == [
        (1, "the partner id 'p' does not match the file name 'other.yaml'; rename one to match the other"),
        (5, "indicators.trade.value"), (6, "indicators"), (7, "indicators.level.value")]


def test_two_sources_for_one_year_stand_when_their_grades_differ(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("id: p\nname: P\nkind: country\nindicators:\n  trade:\n"
                    "    - {value: 5, year: 2020, source: agency, grade: news-agency}\n"
                    "    - {value: 6, year: 2020, source: office, grade: official-statistics}\n"
                    "    - {value: 7, year: 2020, source: wire, grade: news-agency}\n")
    problems: list[Problem] = []
    check_partner(read(path), CATALOGUE, problems)
    assert [(p.line, p.message) for p in problems] == [
        (8, "indicators.trade[2]: the year 2020 again (also indicators.trade[0]); keep one observation per "
            "year, or grade both sources differently so that the higher grade counts")]
