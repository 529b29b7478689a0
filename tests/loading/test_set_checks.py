"""A criteria set checked across files: an indicator it names is in the catalogue, a rule fits its type."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaluator.base.errors import Problem
from evaluator.loading.reading import read_catalogue
from evaluator.loading.set_checks import check_set
from evaluator.loading.yamlfile import read_document
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "data" / "root" / "criteria"


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    shutil.copytree(FIXTURE, tmp_path / "criteria")
    path = tmp_path / "criteria" / "fixture.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    problems: list[Problem] = []
    check_set(read_document(path), read_catalogue(tmp_path, problems), problems)
    return [f"{p.line}: {p.message}" for p in problems if not p.warning]


def test_the_fixture_set_has_no_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, "", "") == []


def test_an_unknown_indicator_is_named_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    found = _problems(tmp_path, "indicator: trade, weight: 3", "indicator: trad, weight: 3")
    assert len(found) == 1 and found[0].startswith("30: criteria.trade-c.indicator: unknown indicator 'trad'")
    assert "did you mean 'trade'" in found[0]


def test_a_rule_that_does_not_fit_the_indicator_type_is_named(tmp_path: Path) -> None:
    found = _problems(tmp_path, "indicator: centrality, weight: 1, score: {boolean: true}",
                      "indicator: centrality, weight: 1, score: {log: [1, 10]}")
    assert found == ["22: criteria.centrality-c.score: a boolean indicator is scored with 'boolean', not 'log'"]
