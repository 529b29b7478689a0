"""Source grades: counted over every observation and over the values a set scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.workflow.sources import sources
from tests.conftest import REPO


def _grade(root: Path, pid: str, old: str, grade: str) -> None:
    path = root / "partners" / f"{pid}.yaml"
    path.write_text(path.read_text().replace(old, f"{old}, grade: {grade}", 1))


def test_grades_are_counted_over_observations_and_scored_values(root: Path) -> None:
    _grade(root, "beta", "source: Old investment table", "news-agency")        # stale in 2024: not scored
    _grade(root, "gamma", "source: Project list", "official-statement")
    report = sources(evaluator.load(root), as_of=2024)
    counts = {r.grade: (r.observations, r.scored) for r in report.rows}
    assert counts["official-statistics"] == (1, 1)                             # alpha's trade
    assert counts["official-statement"] == (1, 1)
    assert counts["news-agency"] == (1, 0)
    assert counts["secondary"] == (0, 0)
    assert counts["ungraded"] == (18, 17)
    assert report.official_share == pytest.approx(2 / 19)


def test_a_window_counts_once_with_its_lowest_grade(tmp_path: Path) -> None:
    from evaluator.scoring.engine import lowest_grade

    assert lowest_grade(["official-statistics", "news-agency"]) == "news-agency"
    assert lowest_grade(["official-statistics", None]) is None


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
    assert result.stdout.splitlines()[-1] == "official statistics or statements: 5.3 % of the values scored"
