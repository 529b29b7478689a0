"""Terminal renderers of what is scored: the scorecard and the ranking, at 80 columns and wider."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.outputs.text import rank_text, scorecard_text
from evaluator.outputs.views import PartnerView


def test_scorecard_and_rank_lead_with_what_officials_read_first(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    card = scorecard_text(PartnerView(result, "alpha")).splitlines()
    assert card[0] == "Alpha Republic (alpha)" and card[3].startswith("Outcome: ")
    table = rank_text(result).splitlines()
    assert table[1].split()[:3] == ["#", "partner", "overall"] and table[2].split()[1] == "Alpha"


@pytest.mark.parametrize("args", [["score", "united-kingdom"], ["score", "switzerland"], ["rank"],
                                  ["rank", "--robustness"], ["sensitivity", "australia"], ["history"],
                                  ["history", "new-zealand"], ["backtest"], ["calibrate"], ["sources"],
                                  ["consensus", "--members", "examples/consensus/members"]])
def test_the_bundled_data_fits_80_columns(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if len(line) > 80] == []


def test_a_wider_terminal_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(cli, ["score", "united-kingdom"])
    assert max(len(line) for line in result.stdout.splitlines()) > 80
