"""Member states' weights: rank-order centroid, AHP, the verdict and each dissenter's shift."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import evaluator
from evaluator.scoring.aggregate import Weights
from evaluator.scoring.consensus import ahp, rank_order_centroid
from evaluator.scoring.sensitivity import outcomes_under

TWO_PILLARS = """\
id: two
title: Two pillars
version: "1"
status: draft
pillars:
  a: {title: Pillar A, weight: 50}
  b: {title: Pillar B, weight: 50}
criteria:
  cx: {title: X, pillar: a, indicator: x, weight: 1, score: {linear: [0, 100]}}
  cy: {title: Y, pillar: b, indicator: y, weight: 1, score: {linear: [0, 100]}}
outcomes:
  - {id: yes, title: Recommend, require: {score: 50}}
  - {id: no, title: Do not recommend}
"""


def two_pillar_root(path: Path, members: dict[str, str]) -> Path:
    (path / "criteria").mkdir(parents=True)
    (path / "partners").mkdir()
    (path / "members").mkdir()
    (path / "criteria" / "indicators.yaml").write_text(
        "indicators:\n  x: {title: X, type: number}\n  y: {title: Y, type: number}\n")
    (path / "criteria" / "two.yaml").write_text(TWO_PILLARS)
    (path / "partners" / "p.yaml").write_text(
        "id: p\nname: P\nkind: country\nindicators:\n  x: {value: 80, year: 2025, source: s}\n"
        "  y: {value: 20, year: 2025, source: s}\n")
    for mid, pillars in members.items():
        text = f"id: {mid}\nname: {mid.upper()}\nweights:\n  pillars: {pillars}\n"
        (path / "members" / f"{mid}.yaml").write_text(text)
    return path


def test_rank_order_centroid_of_three() -> None:
    assert np.allclose(rank_order_centroid(3), [11 / 18, 5 / 18, 2 / 18])


def test_ahp_of_a_consistent_matrix_has_ratio_zero_and_known_weights() -> None:
    weights, ratio = ahp(["a", "b", "c"], [("a", "b", 2), ("a", "c", 4), ("b", "c", 2)])
    assert np.allclose(weights, [4 / 7, 2 / 7, 1 / 7]) and ratio == pytest.approx(0, abs=1e-9)


def test_ahp_consistency_ratio_of_a_known_inconsistent_matrix() -> None:
    # a > b (3), b > c (3), but c > a (3): a circulant matrix, λmax = 1 + 3 + 1/3; CI = (λmax - 3) / 2, RI 0.58
    _, ratio = ahp(["a", "b", "c"], [("a", "b", 3), ("b", "c", 3), ("c", "a", 3)])
    lam = 1 + 3 + 1 / 3
    assert ratio == pytest.approx(((lam - 3) / 2) / 0.58, rel=1e-6)


def test_two_agree_and_the_third_differs_by_a_known_shift(tmp_path: Path) -> None:
    root = two_pillar_root(tmp_path / "r", {"m1": "{a: 70, b: 30}", "m2": "{a: 60, b: 40}", "m3": "{a: 30, b: 70}"})
    found = evaluator.consensus(evaluator.load(root), as_of=2026)
    (verdict,) = found.verdicts
    assert verdict.verdict == "consensus-minus-1" and verdict.outcome == "yes"
    assert verdict.members == {"m1": "yes", "m2": "yes", "m3": "no"}
    (dissent,) = verdict.dissenters
    # overall = 80 e_a + 20 (1 - e_a) reaches 50 at e_a = 0.5: 0.2 of the weight moves from b to a
    assert dissent.member == "m3" and dissent.shift == pytest.approx(0.2, abs=1e-3)


def test_members_with_the_sets_weights_are_unanimous_and_agree_with_score(tmp_path: Path) -> None:
    root = two_pillar_root(tmp_path / "r", {f"m{i}": "{a: 50, b: 50}" for i in range(10)})
    project = evaluator.load(root)
    (verdict,) = evaluator.consensus(project, as_of=2026).verdicts
    assert verdict.verdict == "unanimous" and not verdict.dissenters
    assert verdict.outcome == evaluator.score(project, as_of=2026)["p"].outcome


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_compromises_between_members_who_agree_agree_too(seed: int) -> None:
    # one criterion per pillar, some values missing: each outcome's region is convex in the effective weights
    rng = np.random.default_rng(seed)
    project_points = np.round(rng.uniform(0, 100, (20, 4)), 1)
    counted = rng.random((20, 4)) > 0.2
    points = np.where(counted, project_points, np.nan)
    table = _table(points, counted, thresholds=(60.0, 40.0))
    members = rng.dirichlet(np.ones(4), size=6)
    chosen = outcomes_under(table, np.arange(20), Weights(members, np.ones((6, 4))))
    for i in range(20):
        same = members[chosen[i] == chosen[i, 0]]
        if len(same) < 2:
            continue
        mix = rng.dirichlet(np.ones(len(same)), size=20) @ same
        mixed = outcomes_under(table, np.array([i]), Weights(mix, np.ones((20, 4))))
        assert (mixed == chosen[i, 0]).all()


def _table(points: np.ndarray, counted: np.ndarray, thresholds: tuple[float, float]) -> object:
    """A scored table of one-criterion pillars from ready points (no gates)."""
    from dataclasses import dataclass

    from evaluator.scoring.requirements import CompiledOutcome, ScoreRequirement

    n, m = points.shape

    @dataclass
    class Structure:
        pillar_of: np.ndarray
        outcomes: tuple
        min_completeness: float

    spec = Structure(np.arange(m), (CompiledOutcome(0, "high", "High", (ScoreRequirement(thresholds[0]),)),
                                    CompiledOutcome(1, "mid", "Mid", (ScoreRequirement(thresholds[1]),)),
                                    CompiledOutcome(2, "low", "Low", ())), 0.0)

    @dataclass
    class Table:
        spec: Structure
        points: np.ndarray
        counted: np.ndarray
        usable: np.ndarray
        gate_pass: np.ndarray
        standing: None = None         # every partner new: no status held, no request

    return Table(spec, np.nan_to_num(points), counted, counted, np.zeros((n, 0), dtype=bool))
