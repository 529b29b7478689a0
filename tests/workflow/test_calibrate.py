"""``evaluator calibrate`` on the fixture root: counts, the file it writes, and what it refuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli


def test_calibration_reproduces_at_least_as_many_and_names_what_rules_decide(decided: Path) -> None:
    cal = evaluator.calibrate(evaluator.load(decided))
    assert cal.before.agreeing == 3 and cal.after.agreeing >= cal.before.agreeing
    data = cal.to_dict()
    assert data["total"] == 6 and data["reproduced_before"] == 3
    beyond = {(u["partner"], u["year"]) for u in data["unexplained"] if u["beyond_weights"]}
    assert beyond == {("gamma", 2025), ("hostile", 2025)}    # a gate and a pillar without data
    assert set(data) >= {"total", "reproduced_before", "reproduced_after", "unexplained", "weights", "thresholds",
                         "ranges"}


def test_the_calibrated_set_is_written_loads_and_backtests_to_the_same_count(decided: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["calibrate", "-o", "criteria/fixture-calibrated.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout)["reproduced_after"]
    text = (decided / "criteria" / "fixture-calibrated.yaml").read_text()
    assert "id: fixture-calibrated" in text and 'version: "1.0-calibrated"' in text
    assert "Calibrated by evaluator calibrate (--fit both) on criteria/fixture.decisions.yaml" in text
    assert runner.invoke(cli, ["validate"]).exit_code == 0
    replay = runner.invoke(cli, ["backtest", "--criteria", "fixture-calibrated", "--decisions", "fixture"])
    assert replay.exit_code == 0, replay.output
    assert replay.stdout.splitlines()[-1].startswith(f"{after} of 6 decisions agree")
    again = runner.invoke(cli, ["calibrate", "--criteria", "fixture", "-o", "criteria/fixture-calibrated.yaml"])
    assert again.exit_code == 1 and "exists; give --force" in again.stderr


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json")])
def test_calibrate_output_matches_golden_files(decided: Path, golden: Callable[..., None], fmt: str,
                                               suffix: str) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"calibrate-fixture.{suffix}", result.stdout)
    assert all(len(line) <= 80 for line in result.stdout.splitlines()) or fmt == "json"


def _refused(args: list[str]) -> str:
    result = CliRunner().invoke(cli, ["calibrate", *args])
    assert result.exit_code == 1, result.output
    return result.stderr


def test_one_kind_of_decision_is_refused(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: alpha, year: 2024, status: none, source: s}\n"
        "  - {partner: beta, year: 2024, status: none, source: s}\n")
    assert _refused([]) == ("Error: every decision is 'none': with one kind of decision there is no line between "
                            "outcomes to learn; add decisions of another status\n")


def test_a_set_with_one_outcome_is_refused(decided: Path) -> None:
    path = decided / "criteria" / "fixture.yaml"
    text = path.read_text()
    path.write_text(text[:text.index("outcomes:")] + "outcomes:\n  - {id: none, title: Do not recommend}\n")
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: alpha, year: 2024, status: none, source: s}\n")
    assert _refused([]) == ("Error: the set 'fixture' has one outcome; calibration sorts decisions between "
                            "outcomes and needs at least two\n")


def test_a_status_no_outcome_recommends_is_refused(decided: Path) -> None:
    other = decided / "criteria" / "other.yaml"
    text = (decided / "criteria" / "fixture.yaml").read_text().replace("id: fixture", "id: other")
    other.write_text(text.replace("status: sectoral-dialogue-partner", "status: sectoral"))
    assert _refused(["--criteria", "other", "--decisions", "fixture"]) == (
        "Error: criteria/fixture.decisions.yaml: gamma, 2025: the status 'sectoral-dialogue-partner' is not one an "
        "outcome of 'other' recommends (development-partner, dialogue-partner, none, sectoral)\n")


def test_no_decisions_is_refused_with_the_file_and_line(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text("decisions: []\n")
    stderr = _refused([])
    assert stderr.startswith("criteria/fixture.decisions.yaml:1:12: ")


def test_thresholds_without_a_score_threshold_are_refused(decided: Path) -> None:
    path = decided / "criteria" / "fixture.yaml"
    path.write_text(path.read_text().replace("score: 70, ", "").replace("score: 40, ", ""))
    assert _refused(["--fit", "thresholds"]) == (
        "Error: no outcome of 'fixture' has a score: threshold to fit; use --fit weights\n")
