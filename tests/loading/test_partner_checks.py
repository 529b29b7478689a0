"""A partner file checked across files: every mistake at its line, one observation per year and grade."""

from __future__ import annotations

from pathlib import Path

from evaluator.base.errors import Problem
from evaluator.loading.models import Catalogue
from evaluator.loading.partner_checks import check_partner
from evaluator.loading.yamlfile import read_document

CATALOGUE = Catalogue.model_validate({"indicators": {
    "trade": {"title": "Trade", "type": "number", "min": 0},
    "since": {"title": "Since", "type": "year"},
    "level": {"title": "Level", "type": "category", "categories": ["low", "high"]},
}})


def test_partner_checks_report_every_mistake_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("id: p\nname: P\nkind: country\nindicators:\n  trade: {value: -5, year: 2020, source: s}\n"
                    "  levle: {value: low, source: s}\n  level: {value: mid, year: 2020, source: s}\n")
    problems: list[Problem] = []
    check_partner(read_document(path), CATALOGUE, problems)
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
    check_partner(read_document(path), CATALOGUE, problems)
    assert [(p.line, p.message) for p in problems] == [
        (8, "indicators.trade[2]: the year 2020 again (also indicators.trade[0]); keep one observation per "
            "year, or grade both sources differently so that the higher grade counts")]
