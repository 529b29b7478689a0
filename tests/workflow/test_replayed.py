"""The past decisions as calibration's problem: what ``--fit`` names, and the sets and decisions that
cannot be fitted, refused with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.base.errors import UsageError
from evaluator.cli import cli
from evaluator.workflow.replayed import fit_parts


def test_fit_names_parts_with_commas_both_and_all() -> None:
    assert fit_parts("both") == {"weights", "thresholds"}
    assert fit_parts("weights, floors") == {"weights", "floors"}
    assert fit_parts("all") == {"weights", "thresholds", "floors", "completeness", "gates"}
    with pytest.raises(UsageError, match="--fit 'floorz': name one or more of both, all, weights"):
        fit_parts("weights,floorz")


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


def test_thresholds_without_a_score_threshold_are_refused(decided: Path) -> None:
    path = decided / "criteria" / "fixture.yaml"
    path.write_text(path.read_text().replace("score: 70, ", "").replace("score: 40, ", ""))
    assert _refused(["--fit", "thresholds"]) == (
        "Error: no outcome of 'fixture' has a score: threshold to fit; use --fit weights\n")
