"""Source grades: counted over every observation, and over the observations and values a set scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.workflow.sources import count_grades as sources
from tests.conftest import REPO


def _grade(root: Path, pid: str, old: str, grade: str) -> None:
    path = root / "partners" / f"{pid}.yaml"
    path.write_text(path.read_text().replace(old, f"{old}, grade: {grade}", 1))


def test_grades_are_counted_over_observations_and_scored_values(root: Path) -> None:
    _grade(root, "beta", "source: Old investment table", "news-agency")        # stale in 2024: not scored
    _grade(root, "gamma", "source: Project list", "official-statement")
    report = sources(evaluator.load(root), as_of=2024)
    counts = {r.grade: (r.observations, r.scored, r.scored_observations) for r in report.rows}
    assert counts["official-statistics"] == (1, 1, 1)                          # alpha's trade
    assert counts["official-statement"] == (1, 1, 1)
    assert counts["news-agency"] == (1, 0, 0)
    assert counts["secondary"] == (0, 0, 0)
    assert counts["ungraded"] == (18, 17, 17)
    assert report.official_share == pytest.approx(2 / 19)
    assert report.official_share_observations == pytest.approx(2 / 19)   # no window: one observation a value


def test_a_window_counts_once_as_a_value_and_every_year_as_an_observation(root: Path) -> None:
    from evaluator.scoring.evidence import lowest_grade

    assert lowest_grade(["official-statistics", "news-agency"]) == "news-agency"
    assert lowest_grade(["official-statistics", None]) is None
    criteria = root / "criteria" / "fixture.yaml"
    criteria.write_text(criteria.read_text().replace("score: {log: [1.0e9, 1.0e11]}",
                                                     "score: {log: [1.0e9, 1.0e11]}, window: {years: 2}"))
    alpha = root / "partners" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace(
        "  trade: {value: 5.0e10,",
        "  trade:\n    - {value: 4.0e10, year: 2022, source: Alpha news, grade: news-agency}\n    - {value: 5.0e10,"))
    report = sources(evaluator.load(root), as_of=2024)
    counts = {r.grade: (r.scored, r.scored_observations) for r in report.rows}
    assert counts["official-statistics"] == (0, 1)      # the window's 2023 figure, as an observation only
    assert counts["news-agency"] == (1, 1)              # the window as a value takes its lowest grade
    assert report.official_share == 0.0
    assert report.official_share_observations == pytest.approx(1 / 20)


def test_an_unknown_grade_is_refused_with_its_line(root: Path) -> None:
    _grade(root, "gamma", "source: Project list", "rumour")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stdout == ("partners/gamma.yaml:7:66: indicators.projects.grade: must be 'official-statistics', "
                             "'official-statement', 'news-agency' or 'secondary'; got 'rumour'\n")


def test_every_bundled_observation_has_a_grade() -> None:
    project = evaluator.load(REPO)
    for pid, loaded in project.partners.items():
        for name in loaded.model.indicators:
            for obs in loaded.model.observations(name):
                assert obs.grade is not None, (pid, name, obs.year)


def test_the_sources_command_prints_the_shares(root: Path) -> None:
    result = CliRunner().invoke(cli, ["sources", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "official statistics or statements: 5.3 % of the observations scored,",
        "5.3 % of the values scored (a window of years counts once, at its lowest grade)"]
