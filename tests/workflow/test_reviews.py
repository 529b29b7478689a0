"""Officials' reviews: bound to the scorecard hash, current until the data or criteria change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evaluator.cli import cli
from tests.helpers import review, review_state


def test_a_review_becomes_stale_when_a_value_it_covered_changes(root: Path, runner: CliRunner) -> None:
    assert review_state(runner) == "none"
    review(runner)
    assert review_state(runner) == "current"
    data = yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())
    assert data["reviews"][0]["decision"] == "endorse" and len(data["reviews"][0]["scorecard"]) == 64
    path = root / "partners" / "alpha.yaml"
    path.write_text(path.read_text().replace("value: 15,", "value: 16,"))
    assert review_state(runner) == "stale"
    review(runner)
    assert review_state(runner) == "current"
    assert len(yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())["reviews"]) == 2


def test_review_state_in_summary_export_and_report(root: Path, runner: CliRunner) -> None:
    review(runner)
    runner.invoke(cli, ["export", "-o", "s.csv", "--summary", "--as-of", "2024"])
    first = (root / "s.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert first.startswith("alpha,") and first.endswith(",current")
    runner.invoke(cli, ["report", "alpha", "-o", "r.md", "--as-of", "2024"])
    assert "Last recorded review (current): endorse by SOM Leader on 2026-11-20: Agreed" in (root / "r.md").read_text()


def test_amend_needs_an_outcome(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["review", "alpha", "--decision", "amend", "--reviewer", "x", "--reason", "y"])
    assert result.exit_code == 2
    assert result.stderr == "Error: a review that amends must give --outcome\n"
    assert not (root / "reviews").exists()


@pytest.mark.parametrize("when", ["2026-13-45", "0000-00-00", "yesterday", "2026-2-3", "2026-02-30"])
def test_a_review_date_must_be_a_real_date(when: str) -> None:
    from evaluator.base.errors import UsageError
    from evaluator.workflow.reviews import review_date

    with pytest.raises(UsageError, match=f"--date '{when}' is not a date; use the form YYYY-MM-DD"):
        review_date(when)
    assert review_date("2026-02-28") == "2026-02-28"
