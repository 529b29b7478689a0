"""One library call per command: each returns data for rendering, or the file it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator import api
from evaluator.base.errors import UsageError


def test_scoring_calls_return_views(root: Path) -> None:
    view = api.scorecard("alpha", root, as_of=2024)
    assert view.card.outcome == "full"
    ranked = api.rank(root, as_of=2024, robustness=True)
    assert set(ranked.robustness) == set(ranked.review) == {"alpha", "beta", "gamma", "hostile"}
    assert api.sensitivity("alpha", root, as_of=2024, draws=100).sensitivity.draws == 100
    with pytest.raises(UsageError, match="unknown partner"):
        api.scorecard("nobody", root)


def test_writing_calls_return_what_they_wrote(root: Path) -> None:
    done = api.export(root / "s.csv", partners=("alpha", "alpha"), root=root, as_of=2024)
    assert (done.fmt, done.partners) == ("csv", 1) and done.path.exists()
    summary = api.export(root / "s.xlsx", summary=True, root=root, as_of=2024)
    assert (summary.fmt, summary.partners) == ("xlsx", 4) and summary.path.exists()
    report = api.report("gamma", root / "g.md", root=root, as_of=2024)
    assert report.path.read_text().startswith("# Recommendation: ")
    path = api.review("alpha", root=root, as_of=2024, decision="endorse", reason="r", reviewer="R",
                      outcome=None, date="2026-01-02")
    assert path == root / "reviews" / "alpha.yaml"
    assert [c.passed for c in api.run_tests(root)] == []
