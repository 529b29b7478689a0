"""Calibration's model: the engine's decision on replayed numbers, and what no parameters can reach."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.scoring.fitmodel import FitProblem, OutcomeModel, Params, evaluate


def test_a_holder_that_kept_its_status_is_reproduced_whatever_its_scores() -> None:
    points = np.array([[10.0], [90.0]])
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("top", "top", np.ones(2, dtype=bool), 50.0, {}, None),
                OutcomeModel("none", "none", np.ones(2, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.zeros(1, dtype=np.intp), np.ones(1), np.ones(1), outcomes, 0.0,
                      ("top", "top"), np.array([0, -1], dtype=np.intp), np.array([0, -1], dtype=np.intp))
    assert evaluate(problem, problem.current()).reproduced.tolist() == [True, True]
    assert problem.beyond() == ["", ""]


def test_beyond_names_a_pillar_no_weights_can_lift() -> None:
    # the outcome asks 25 of pillar 'economic'; its criteria score 0 for this decision under any weights
    points = np.array([[80.0, 0.0, 0.0], [80.0, 60.0, 0.0]])
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("sdp", "sdp", np.ones(2, dtype=bool), 35.0, {1: 25.0}, None),
                OutcomeModel("none", "none", np.ones(2, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.array([0, 1, 1], dtype=np.intp), np.ones(2), np.ones(3), outcomes,
                      0.0, ("sdp", "sdp"), pillar_ids=("political", "economic"))
    assert problem.beyond() == ["pillar economic reaches at most 0.0 under any weights, below the 25 asked", ""]


@st.composite
def _tables(draw: st.DrawFn) -> tuple[FitProblem, Any, Any, Any]:
    """A random table of decisions, and the same as the engine sees it (scores, a spec, a standing)."""
    from types import SimpleNamespace

    from evaluator.scoring.aggregate import Scores, Weights, aggregate
    from evaluator.scoring.requirements import (
        CompiledOutcome,
        CompletenessRequirement,
        GatesRequirement,
        PillarsRequirement,
        ScoreRequirement,
    )
    from evaluator.scoring.standing import Standing

    seed = draw(st.integers(0, 100_000))
    rng = np.random.default_rng(seed)
    n, m, q = 12, 4, 3
    pillar_of = np.array([0, 0, 1, 1], dtype=np.intp)
    points = np.round(rng.uniform(0, 100, (n, m)), 1)
    counted = rng.random((n, m)) < 0.8
    points = np.where(counted, points, np.nan)
    usable = counted.copy()
    fixed = rng.random((q, n)) < 0.8
    thresholds = np.sort(np.round(rng.uniform(10, 80, q), 1))[::-1]
    floors = np.round(rng.uniform(0, 50, q), 1)
    limits = np.round(rng.uniform(0, 0.9, q), 2)
    tracks = np.array([1, 1, 2, -1], dtype=np.intp) if draw(st.booleans()) else np.array([0, 0, 0, -1], dtype=np.intp)
    held = rng.integers(-1, q, n).astype(np.intp)
    minimum = float(draw(st.sampled_from([0.0, 0.3, 0.6])))
    weights = Params(rng.dirichlet(np.ones(2)), rng.uniform(0.1, 1, m), thresholds)
    outcomes = tuple(OutcomeModel(f"o{k}", f"s{k}", fixed[k], float(thresholds[k]), {k % 2: float(floors[k])},
                                  float(limits[k])) for k in range(q))
    outcomes += (OutcomeModel("none", "none", np.ones(n, dtype=bool), None, {}, None),)
    problem = FitProblem(points, counted, usable, pillar_of, weights.pillar, weights.within, outcomes, minimum,
                      tuple(["s0"] * n), held, tracks, ("a", "b"))
    pillar, overall, completeness = aggregate(points, counted, usable, pillar_of,
                                              Weights.single(weights.pillar, weights.within))
    scores = Scores(points, counted, pillar[:, 0], overall[:, 0], completeness[:, 0], fixed.T.copy())
    compiled = tuple(CompiledOutcome(k, f"o{k}", f"O{k}", (
        GatesRequirement((f"g{k}",), (k,)), ScoreRequirement(float(thresholds[k])),
        PillarsRequirement({"ab"[k % 2]: float(floors[k])}, (k % 2,), False),
        CompletenessRequirement(float(limits[k]))), f"s{k}") for k in range(q))
    compiled += (CompiledOutcome(q, "none", "None", (), "none"),)
    spec = SimpleNamespace(outcomes=compiled, min_completeness=minimum, track_codes=tracks)
    standing = Standing([None] * n, held, [None] * n, np.full(n, -1, dtype=np.intp), np.ones((q + 1, n), dtype=bool),
                        np.zeros((q + 1, n), dtype=bool), np.zeros(n, dtype=np.intp))
    return problem, spec, scores, standing


@settings(max_examples=60, deadline=None)
@given(_tables())
def test_the_calibration_decides_as_the_engine_does(table: tuple[FitProblem, Any, Any, Any]) -> None:
    from evaluator.scoring.engine import decide

    problem, spec, scores, standing = table
    chosen, _ = decide(spec, scores, standing)
    np.testing.assert_array_equal(evaluate(problem, problem.current()).chosen, chosen)
