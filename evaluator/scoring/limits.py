"""Pillar floors and completeness limits fitted to past decisions (``calibrate --fit floors,completeness``).

With the weights and thresholds fixed, whether a decision meets ``pillar k ≥ f`` or
``completeness ≥ c`` depends on ``f`` or ``c`` alone, through a step at each decision's own score:
the number of decisions reproduced, as a function of one limit, is a step function whose steps
sit at the decisions' scores. Each limit is therefore fitted exactly, one at a time, by trying
every step (the scores themselves, and a tenth above each), keeping the value that reproduces
the most decisions and, among equals, the one nearest the set's own. The limits are swept until
none reproduces more: a coordinate search, monotone and local, and said to be so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .aggregate import Mask
from .fitmodel import Evaluated, FitProblem, Params, decided, evaluate

#: how many sweeps over every limit at most
MAX_SWEEPS = 10


@dataclass(frozen=True)
class Limits:
    """The floors (outcome, pillar) → points, each outcome's completeness limit, and the minimum."""

    floors: dict[tuple[int, int], float]
    completeness: dict[int, float]
    minimum: float
    gates: dict[int, float] = dataclasses.field(default_factory=dict)   # gate index → its fitted bound


def limits_of(problem: FitProblem) -> Limits:
    """The limits a problem's outcomes ask now."""
    floors = {(q, k): v for q, o in enumerate(problem.outcomes) for k, v in o.pillars.items()}
    completeness = {q: o.completeness for q, o in enumerate(problem.outcomes) if o.completeness is not None}
    return Limits(floors, completeness, problem.min_completeness)


def with_limits(problem: FitProblem, limits: Limits) -> FitProblem:
    """The problem with these limits in its outcomes."""
    outcomes = tuple(dataclasses.replace(
        o, pillars={k: limits.floors.get((q, k), v) for k, v in o.pillars.items()},
        completeness=limits.completeness.get(q, o.completeness)) for q, o in enumerate(problem.outcomes))
    return dataclasses.replace(problem, outcomes=outcomes, min_completeness=limits.minimum)


def _keys(limits: Limits, floors: bool, completeness: bool) -> Iterator[tuple[str, object]]:
    if floors:
        yield from (("floor", key) for key in sorted(limits.floors))
    if completeness:
        yield ("minimum", None)
        yield from (("completeness", q) for q in sorted(limits.completeness))


def _set(limits: Limits, kind: str, key: object, value: float) -> Limits:
    if kind == "floor":
        return dataclasses.replace(limits, floors={**limits.floors, key: value})  # type: ignore[dict-item]
    if kind == "completeness":
        return dataclasses.replace(limits, completeness={**limits.completeness, key: value})  # type: ignore[dict-item]
    return dataclasses.replace(limits, minimum=value)


def _get(limits: Limits, kind: str, key: object) -> float:
    if kind == "floor":
        return limits.floors[key]  # type: ignore[index]
    if kind == "completeness":
        return limits.completeness[key]  # type: ignore[index]
    return limits.minimum


def _steps(now: Evaluated, kind: str, key: object) -> list[float]:
    """Every value at which the limit changes which decisions meet it."""
    if kind == "floor":
        values = now.pillar[:, key[1]]  # type: ignore[index]
        tenth = 0.1
        top = 100.0
    else:
        values = now.completeness
        tenth = 0.001
        top = 1.0
    found = values[~np.isnan(values)]
    steps = {0.0, *np.round(found, 3).tolist(), *np.round(found + tenth, 3).tolist()}
    return sorted(v for v in steps if 0.0 <= v <= top)


def fit_limits(problem: FitProblem, params: Params, *, floors: bool, completeness: bool) -> tuple[Limits, Mask]:
    """The floors and completeness limits that reproduce the most decisions, nearest the set's own."""
    start = limits_of(problem)
    limits = start
    now = evaluate(problem, params)             # the scores: the limits do not change them
    best = now.reproduced
    for _ in range(MAX_SWEEPS):
        improved = False
        for kind, key in _keys(limits, floors, completeness):
            own = _get(start, kind, key)
            choice, choice_got = _get(limits, kind, key), best
            for value in _steps(now, kind, key):
                trial = with_limits(problem, _set(limits, kind, key, value))
                got = decided(trial, params, now.pillar, now.overall, now.completeness).reproduced
                better = got.sum() > choice_got.sum()
                nearer = got.sum() == choice_got.sum() and abs(value - own) < abs(choice - own)
                if better or nearer:
                    choice, choice_got = value, got
            if choice_got.sum() > best.sum():
                improved = True
            limits, best = _set(limits, kind, key, choice), choice_got
        if not improved:
            break
    return limits, best
