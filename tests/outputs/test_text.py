"""Terminal renderers: the scorecard, the ranking, the diff and the criteria tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.outputs.text import cases_text, diff_text, plain, rank_text, scorecard_text
from evaluator.outputs.views import PartnerView
from evaluator.workflow.casetests import CaseResult
from evaluator.workflow.diff import Diff, PartnerChange


def test_scorecard_and_rank_lead_with_what_officials_read_first(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    card = scorecard_text(PartnerView(result, "alpha")).splitlines()
    assert card[0] == "Alpha Republic (alpha)" and card[3].startswith("Outcome: ")
    table = rank_text(result).splitlines()
    assert table[1].split()[:3] == ["#", "partner", "overall"] and table[2].split()[1] == "Alpha"


def test_diff_and_cases() -> None:
    change = PartnerChange("p", ("a", "a"), (50.0, 51.0), [], ["value of x"])
    text = diff_text(Diff("main", "working tree", "s", 2024, [], [change]), plain)
    assert "p: a (unchanged); overall 50.0 → 51.0\n    because value of x\n" in text
    assert "No partner" in diff_text(Diff("main", "HEAD", "s", 2024, [], []))
    lines = cases_text([CaseResult("s", "p", True, ["ok"]), CaseResult("s", "q", False, ["outcome expected a"])])
    assert lines == "PASS s: p\nFAIL s: q\n  - outcome expected a\n"


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
