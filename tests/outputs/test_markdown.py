"""Markdown documents: the scorecard (golden files in tests/cli) and the pull-request diff."""

from __future__ import annotations

from pathlib import Path

import evaluator
from evaluator.outputs.markdown import diff_markdown, score_markdown
from evaluator.outputs.views import PartnerView
from evaluator.workflow.diff import Diff, PartnerChange


def test_the_scorecard_escapes_the_partner_name(root: Path) -> None:
    text = score_markdown(PartnerView(evaluator.score(evaluator.load(root), as_of=2024), "hostile"))
    first = text.splitlines()[0]
    assert first.startswith("# ") and "<script>" not in text and "\\|" in first


def test_the_diff_comment_with_and_without_changes() -> None:
    change = PartnerChange("p_1", ("a", "b"), (50.0, 60.0), [("x", 40.0, None)], ["weight | changed"])
    text = diff_markdown(Diff("main", "working tree", "s", 2024, ["set max_age_years: 5 → 6"], [change]))
    assert "1 partner changed, 1 outcome." in text
    assert "| p\\_1 | **a → b** | 50.0 → 60.0 | x 40.0 → — |" in text
    assert "    - weight \\| changed" in text and text.endswith("- set max\\_age\\_years: 5 → 6\n")
    empty = diff_markdown(Diff("main", "HEAD", "s", 2024, [], []))
    assert empty.endswith("0 partners changed, 0 outcomes.\n\n")
