"""Calibration on synthetic ground truth: decisions made by a known weighted-sum sorting model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import sorted_decisions as synthetic
from evaluator.scoring.fit import FitProblem, OutcomeModel, evaluate
from evaluator.scoring.fit import fit_decisions as calibrate


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), m=st.integers(2, 6), k=st.integers(1, 3), outcomes=st.integers(2, 4))
def test_decisions_of_a_weighted_sum_model_are_all_reproduced(seed: int, m: int, k: int, outcomes: int) -> None:
    problem, truth, _ = synthetic(seed, 30, m, min(k, m), outcomes)
    fit = calibrate(problem)
    assert fit.reproduced_after.all()
    assert fit.exact and fit.search == "joint"
    effective = truth.effective(problem.pillar_of) * 100
    for j, value in enumerate(effective):            # the true weights lie in the reported ranges
        low, high = fit.ranges[("criterion", j)]
        assert low - 0.05 <= value <= high + 0.05


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), flips=st.integers(1, 2))
def test_flipped_decisions_are_the_unexplained_ones_when_identifiable(seed: int, flips: int) -> None:
    problem, _, flipped = synthetic(seed, 30, 4, 2, 3, flips)
    fit = calibrate(problem)
    left_out = {int(i) for i in np.flatnonzero(~fit.reproduced_after)}
    assert len(left_out) <= flips
    if fit.unique:
        assert left_out == flipped or len(left_out) < flips
    if fit.alternative is not None:                   # another set of the same size explains as many
        assert int((fit.alternative).sum()) == len(left_out)


def test_the_count_never_falls_and_thresholds_stay_ordered() -> None:
    problem, _, _ = synthetic(7, 40, 5, 2, 4, 3)
    fit = calibrate(problem)
    assert fit.reproduced_after.sum() >= fit.reproduced_before.sum()
    assert list(fit.after.thresholds) == sorted(fit.after.thresholds, reverse=True)


def test_a_hand_worked_case_moves_weight_to_the_criterion_that_sorts() -> None:
    # two criteria, one pillar; decided "yes" exactly where the first criterion is high
    points = np.array([[90.0, 10.0], [80.0, 20.0], [20.0, 90.0], [10.0, 80.0]])
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("yes", "yes", np.ones(4, dtype=bool), 60.0, {}, None),
                OutcomeModel("no", "no", np.ones(4, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.zeros(2, dtype=np.intp), np.ones(1), np.ones(2), outcomes, 0.0,
                      ("yes", "yes", "no", "no"))
    assert evaluate(problem, problem.current()).reproduced.sum() == 2      # equal weights: 50 each, all "no"
    fit = calibrate(problem, fit="weights")
    assert fit.reproduced_after.all() and fit.exact
    assert fit.after.within[0] > fit.after.within[1]
    assert fit.unique


def test_mcc_like_hurdles_and_a_count_of_passes_stay_fully_reproduced() -> None:
    # MCC-style: a hard hurdle (a gate) and "passes at least half of the indicators" (boolean points,
    # equal weights, score 50): decisions made by that rule are all reproduced after calibration
    rng = np.random.default_rng(3)
    n, m = 60, 6
    passes = rng.random((n, m)) < 0.5
    points = np.where(passes, 100.0, 0.0)
    hurdle = rng.random(n) < 0.8
    share = passes.mean(axis=1) * 100
    decided = tuple("eligible" if h and s >= 50 else "not" for h, s in zip(hurdle, share, strict=True))
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("eligible", "eligible", hurdle, 50.0, {}, None),
                OutcomeModel("not", "not", np.ones(n, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.zeros(m, dtype=np.intp), np.ones(1), np.ones(m), outcomes, 0.0,
                      decided)
    assert evaluate(problem, problem.current()).reproduced.all()
    fit = calibrate(problem)
    assert fit.reproduced_after.all()


def test_the_lp_relaxation_is_counted_by_the_engine() -> None:
    problem, _, _ = synthetic(11, 60, 5, 2, 3, 2)
    fit = calibrate(problem, method="lp")
    assert fit.method == "lp" and not fit.exact
    assert fit.reproduced_after.sum() == evaluate(problem, fit.after).reproduced.sum()
    assert fit.reproduced_after.sum() >= 50


@pytest.mark.parametrize("fit_kind", ["weights", "thresholds"])
def test_fitting_one_part_leaves_the_other_as_it_was(fit_kind: str) -> None:
    problem, _, _ = synthetic(5, 30, 4, 2, 3, 1)
    fit = calibrate(problem, fit=fit_kind)
    before = problem.current()
    if fit_kind == "weights":
        assert list(fit.after.thresholds) == list(before.thresholds)
    else:
        assert np.allclose(fit.after.pillar / fit.after.pillar.sum(), before.pillar)


def test_tracks_get_thresholds_of_their_own_not_nested_ones() -> None:
    # two tracks: 'top' > 'mid' on track a, 'side' on track b; a decision is assessed on its track
    # (the other track's outcomes never its answer, as a request or a held status makes them)
    rng = np.random.default_rng(5)
    n, m = 80, 3
    points = np.round(rng.uniform(0, 100, (n, m)), 1)
    overall = points.mean(axis=1)
    on_b = rng.random(n) < 0.5
    hidden = {"top": 60.0, "mid": 40.0, "side": 70.0}        # side asks more than top: not nested
    far = np.all(np.abs(overall[:, None] - np.array(list(hidden.values()))[None, :]) > 1.0, axis=1)
    points, overall, on_b, n = points[far], overall[far], on_b[far], int(far.sum())
    decided = tuple(("side" if o >= 70 else "none") if b else ("top" if o >= 60 else "mid" if o >= 40 else "none")
                    for o, b in zip(overall, on_b, strict=True))
    every = np.ones(points.shape, dtype=bool)
    outcomes = (OutcomeModel("top", "top", ~on_b, 50.0, {}, None), OutcomeModel("mid", "mid", ~on_b, 30.0, {}, None),
                OutcomeModel("side", "side", on_b, 35.0, {}, None),
                OutcomeModel("none", "none", np.ones(n, dtype=bool), None, {}, None))
    problem = FitProblem(points, every, every, np.zeros(m, dtype=np.intp), np.ones(1), np.ones(m), outcomes, 0.0,
                      decided, np.full(n, -1, dtype=np.intp), np.array([1, 1, 2, -1], dtype=np.intp))
    fit = calibrate(problem, fit="thresholds")
    assert fit.reproduced_after.all()
    top, mid, side = fit.after.thresholds
    assert top > mid and side > top              # each track fitted apart; side above top is allowed


@pytest.mark.parametrize("seed", [4, 11])
def test_a_hidden_sorting_model_is_recovered_and_exactly_the_planted_decisions_named(seed: int) -> None:
    problem, truth, flipped = synthetic(seed, 60, 6, 2, 3, flips=3)
    fit = calibrate(problem)
    assert fit.exact and fit.unique                     # a proven maximum, and no other set as small
    assert {int(i) for i in np.flatnonzero(~fit.reproduced_after)} == flipped
    agree = evaluate(problem, truth).reproduced
    assert (fit.reproduced_after == agree).all()        # the fitted model sorts as the hidden one


def test_a_spent_budget_keeps_the_set_as_it_stands_and_says_it_stopped() -> None:
    from evaluator.scoring.fitmodel import Budget

    problem, _, _ = synthetic(3, 40, 5, 2, 3, 2)
    fit = calibrate(problem, budget=Budget(1e-9))
    assert fit.stopped == 1e-9 and not fit.exact and fit.sweeps == 0
    assert (fit.reproduced_after.sum() >= fit.reproduced_before.sum()) and fit.unique is None and fit.ranges == {}
    finished = calibrate(problem)
    assert finished.stopped is None and finished.reproduced_after.sum() >= fit.reproduced_after.sum()


def test_progress_is_said_with_the_seconds_spent_and_the_best_so_far() -> None:
    from evaluator.scoring.fitmodel import Budget

    heard: list[str] = []
    problem, _, _ = synthetic(5, 30, 4, 2, 3, 1)
    calibrate(problem, budget=Budget(600, heard.append, quiet_for=0.0))
    assert heard and all(line.startswith(tuple(f"{s} s of 600 s: " for s in range(600))) for line in heard)
    assert any("decisions reproduced so far (sweep 1" in line for line in heard)
    quiet: list[str] = []
    calibrate(problem, budget=Budget(600, quiet.append))      # a short run says nothing
    assert quiet == []


def test_auto_falls_back_to_the_lp_when_the_milp_is_not_done_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.scoring.fit as fitting

    problem, _, _ = synthetic(11, 40, 5, 2, 3, 2)
    assert calibrate(problem).method == "milp" and calibrate(problem).fell_back is None
    monkeypatch.setattr(fitting, "AUTO_MILP_SECONDS", 1e-9)
    fell = calibrate(problem)
    assert (fell.method, fell.fell_back, fell.exact, fell.stopped) == ("lp", 1e-9, False, None)
    assert fell.reproduced_after.sum() >= fell.reproduced_before.sum()
    assert calibrate(problem, method="milp").method == "milp"          # milp insists
