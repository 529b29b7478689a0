"""The reasons and the next outcome follow the path a partner was assessed on."""

from __future__ import annotations

from pathlib import Path

import evaluator
from evaluator.scoring.reasons import applied, gap, path_of, reasons
from tests.scoring.test_standing import _holds, _partner, build


def test_the_path_names_the_closed_outcome_and_the_reason_the_policy(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("newcomer", 90, 90))
    result = evaluator.score(evaluator.load(root), as_of=2015)
    i = result.row("newcomer")
    path = path_of(result.table, i)
    assert (path.candidates, path.chosen, path.held, path.requested, path.review) == ([0, 1, 2, 3], 1, -1, -1, "new")
    line, listed = reasons(result.table, i)
    assert line.startswith("Mid partner (overall score 90.0 ≥ 40); Top partner is closed to partners that do not "
                           "hold it")
    assert listed[0].startswith("Top partner is closed") and listed[-1].startswith("Mid partner: met")
    assert [p["closed"] for p in applied(result.table, i)] == [["top"]]
    assert gap(result.table, i) == (None, None, [])          # the only outcome above is closed: nothing to reach


def test_the_next_outcome_of_a_falling_short_incumbent_is_its_own(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("weak", 5, 5, **_holds("mid", 2000)))
    result = evaluator.score(evaluator.load(root), as_of=2022)
    target, title, items = gap(result.table, result.row("weak"))
    assert (target, title) == ("mid", "Mid partner") and items[0].requirement == "overall score at least 40"
