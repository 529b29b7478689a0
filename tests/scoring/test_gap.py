"""The gap to the next outcome: the smallest rise of one criterion, missing gates and values."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import build, score

SET = """\
min_completeness: 0.6
pillars:
  p: {title: P, weight: 1}
gates:
  floor: {title: Floor, indicator: z, require: {min: 10}}
criteria:
  x: {title: X, pillar: p, indicator: x, weight: 3, score: {linear: [0, 100]}}
  y: {title: Y, pillar: p, indicator: y, weight: 1, score: {linear: [0, 100]}}
outcomes:
  - {id: top, title: Top, require: {gates: all, score: 50}}
  - {id: rest, title: Rest}
"""


def test_the_smallest_rise_of_each_criterion_alone_easiest_first(tmp_path: Path) -> None:
    root = build(tmp_path, SET, {"p": "  x: {value: 40, source: s, year: 2024}\n"
                                      "  y: {value: 40, source: s, year: 2024}\n"
                                      "  z: {value: 12, source: s, year: 2024}\n"})
    card = score(root)["p"]
    assert card.next_outcome == "top"
    (item,) = card.gap
    assert item.requirement == "overall score at least 50" and item.now == "40.0"
    # (3 x + 40) / 4 rounds to 50.0 from 49.95: x = 53.3 gives 49.975; (120 + y) / 4: y = 79.8 gives 49.95
    assert item.options == ["raise “X” from 40.0 to 53.3 points (at least about 53.3)",
                            "raise “Y” from 40.0 to 79.8 points (at least about 79.8)"]


def test_a_failed_gate_and_too_little_evidence(tmp_path: Path) -> None:
    root = build(tmp_path, SET, {"p": "  x: {value: 90, source: s, year: 2024}\n"
                                      "  z: {value: 5, source: s, year: 2024}\n",
                                 "q": "  y: {value: 90, source: s, year: 2024}\n"})
    result = score(root)
    gate = result["p"].gap[0]
    assert (gate.requirement, gate.now, gate.options) == ("“Floor”", "5", ["Z: at least 10"])
    thin = result["q"]
    assert thin.outcome == "insufficient-evidence" and thin.next_outcome_title == "enough evidence to judge"
    assert thin.gap[0].options == ["supply current figures for: “X” (75.0 %)"]
