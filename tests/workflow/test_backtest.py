"""Past decisions replayed as of their years: agreement, and the cause of each disagreement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli


def test_each_decision_is_replayed_as_of_its_year(decided: Path) -> None:
    test = evaluator.backtest(evaluator.load(decided))
    assert [(r.partner_id, r.year, r.recommended, r.agree) for r in test.replays] == [
        ("alpha", 2024, "dialogue-partner", True),
        ("alpha", 2020, "none", False),               # the 2023 figures were not known in 2020
        ("gamma", 2024, "development-partner", False),
        ("beta", 2024, "none", True),
        ("hostile", 2024, "none", False),
        ("gamma", 2023, "", False)]                   # insufficient evidence in 2023
    assert test.summary() == "2 of 6 decisions agree (33.3 %)"


def test_a_disagreement_names_the_first_unmet_requirement(decided: Path) -> None:
    why = {(r.partner_id, r.year): r.why for r in evaluator.backtest(evaluator.load(decided)).replays}
    assert why[("alpha", 2020)] == "Recommend full partnership: gates failed: ties"
    assert why[("gamma", 2024)] == "Recommend sectoral partnership: no data for gates: tac"
    assert why[("hostile", 2024)] == "Recommend development partnership: pillar social has no data (needs 30)"
    assert why[("gamma", 2023)].startswith("Completeness 0.242 is below the minimum 0.3")


def test_criteria_that_recommend_more_than_was_decided_say_so(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: alpha, year: 2024, status: development-partner, source: s}\n")
    replay = evaluator.backtest(evaluator.load(decided)).replays[0]
    assert not replay.agree and replay.why.startswith("the criteria recommend more: Recommend full partnership")


def test_a_set_without_decisions_is_a_usage_error(root: Path) -> None:
    with pytest.raises(evaluator.UsageError, match="no decisions file for the set 'fixture'"):
        evaluator.backtest(evaluator.load(root))


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json")])
def test_backtest_output_matches_golden_files(decided: Path, golden: Callable[..., None], fmt: str,
                                              suffix: str) -> None:
    result = CliRunner().invoke(cli, ["backtest", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"backtest-fixture.{suffix}", result.stdout)
