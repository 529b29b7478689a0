"""Terminal renderers of the review workflow: the diff and the criteria tests."""

from __future__ import annotations

from evaluator.outputs.review_text import cases_text, diff_text
from evaluator.outputs.text import plain
from evaluator.workflow.casetests import CaseResult
from evaluator.workflow.diff import Diff, PartnerChange


def test_diff_and_cases() -> None:
    change = PartnerChange("p", ("a", "a"), (50.0, 51.0), [], ["value of x"])
    text = diff_text(Diff("main", "working tree", "s", 2024, [], [change]), plain)
    assert "p: a (unchanged); overall 50.0 → 51.0\n    because value of x\n" in text
    assert "No partner" in diff_text(Diff("main", "HEAD", "s", 2024, [], []))
    lines = cases_text([CaseResult("s", "p", True, ["ok"]), CaseResult("s", "q", False, ["outcome expected a"])])
    assert lines == "PASS s: p\nFAIL s: q\n  - outcome expected a\n"
