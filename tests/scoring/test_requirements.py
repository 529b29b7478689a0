"""Each requirement holds (vectorised), explains itself for one partner, and finds its gap."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evaluator.scoring.aggregate import Scores
from evaluator.scoring.requirements import (
    CompletenessRequirement,
    CriteriaRequirement,
    PillarsRequirement,
    ScoreRequirement,
)
from tests.helpers import build, score

SET = """\
pillars:
  a: {title: A, weight: 1}
  b: {title: B, weight: 1}
criteria:
  x: {title: X, pillar: a, indicator: x, weight: 1, score: {linear: [0, 100]}}
  y: {title: Y, pillar: b, indicator: y, weight: 1, score: {linear: [0, 100]}}
outcomes:
  - {id: top, title: Top, require: {score: 60, pillars: {a: 50}, criteria: {y: 40}, completeness: 1}}
  - {id: rest, title: Rest}
"""


def _scores(overall: list[float], pillar: list[list[float]], completeness: list[float]) -> Scores:
    n = len(overall)
    return Scores(np.array([[30.0, 50.0]] * n), np.ones((n, 2), dtype=bool), np.array(pillar),
                  np.array(overall), np.array(completeness), np.ones((n, 0), dtype=bool))


def test_holds_is_vectorised_and_nan_never_holds() -> None:
    s = _scores([59.9, 60.0, float("nan")], [[50, 1], [float("nan"), 1], [80, 1]], [1.0, 0.999, 1.0])
    assert list(ScoreRequirement(60).holds(s)) == [False, True, False]
    assert list(PillarsRequirement({"a": 50}, (0,), False).holds(s)) == [True, False, True]
    assert list(CompletenessRequirement(1).holds(s)) == [True, False, True]
    assert list(CriteriaRequirement({"y": 50}, (1,)).holds(s)) == [True, True, True]


def test_explanations_and_gaps_for_one_partner(tmp_path: Path) -> None:
    root = build(tmp_path, SET, {"p": "  x: {value: 40, source: s, year: 2024}\n"
                                      "  y: {value: 30, source: s, year: 2024}\n"})
    result = score(root)
    card = result["p"]
    assert card.outcome == "rest"
    assert "overall score 35.0 < 60" in card.reason and "A 40.0 < 50" in card.reason
    assert "“Y” 30.0 points < 40" in card.reason
    assert [item.requirement for item in card.gap] == ["overall score at least 60", "A at least 50",
                                                       "“Y” at least 40 points"]
    assert card.gap[1].options == ["raise “X” from 40.0 to 50.0 points (at least about 50)"]
