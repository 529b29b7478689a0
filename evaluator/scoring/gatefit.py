"""Gate bounds fitted to past decisions (``calibrate --fit gates``).

A simple gate with a numeric bound (``{min: x}`` or ``{max: x}`` on an indicator's value, not
relative to the year) passes or fails each decision by a step at the decision's own value, and
a composite gate counts the gates it names. With everything else fixed, the number of decisions
reproduced is a step function of one bound: each bound is fitted exactly, one at a time, over
the values the decisions show, keeping the count highest and, among equals, the bound nearest
the set's own (``limits.py`` does the same for floors and completeness).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .aggregate import Array, Mask
from .fitmodel import FitProblem, Params, evaluate

#: how many sweeps over every bound at most
MAX_SWEEPS = 10


@dataclass(frozen=True)
class GateModel:
    """The gates as calibration sees them, for every decision."""

    ids: tuple[str, ...]                    # (G,)
    numbers: Array                          # (N, G) the value a simple gate tests; NaN when none usable
    passes: Mask                            # (N, G) as the set stands
    bounds: tuple[tuple[str, float] | None, ...]   # (G,) ("min" | "max", value) of a fittable gate
    composites: tuple[tuple[int, tuple[int, ...], int], ...]   # (gate, its members, how many needed)
    needs: tuple[tuple[int, ...], ...]      # (Q,) the gates each outcome requires
    rest: Mask                              # (Q, N) every other fixed requirement and the standing allow it

    def take(self, rows: npt.NDArray[np.intp]) -> GateModel:
        """The same model over some decisions only."""
        return dataclasses.replace(self, numbers=self.numbers[rows], passes=self.passes[rows], rest=self.rest[:, rows])

    def fixed(self, bounds: dict[int, float]) -> Mask:
        """(Q, N) whether each outcome's fixed requirements hold with these bounds."""
        passes = self.passes.copy()
        with np.errstate(invalid="ignore"):
            for g, value in bounds.items():
                kind = self.bounds[g]
                assert kind is not None
                column = self.numbers[:, g]
                passes[:, g] = ~np.isnan(column) & ((column >= value) if kind[0] == "min" else (column <= value))
        for g, members, need in self.composites:
            passes[:, g] = passes[:, list(members)].sum(axis=1) >= need
        out = self.rest.copy()
        for q, gates in enumerate(self.needs):
            if gates:
                out[q] &= passes[:, list(gates)].all(axis=1)
        return out


def with_bounds(problem: FitProblem, model: GateModel, bounds: dict[int, float]) -> FitProblem:
    """The problem with the outcomes' fixed requirements recomputed under these gate bounds."""
    fixed = model.fixed(bounds)
    outcomes = tuple(dataclasses.replace(o, fixed=fixed[q]) for q, o in enumerate(problem.outcomes))
    return dataclasses.replace(problem, outcomes=outcomes)


def fittable(model: GateModel) -> list[int]:
    """The gates whose bound can be fitted."""
    return [g for g, b in enumerate(model.bounds) if b is not None]


def fit_bounds(problem: FitProblem, model: GateModel, params: Params,
               current: dict[int, float] | None = None) -> tuple[dict[int, float], Mask]:
    """The gate bounds that reproduce the most decisions (from ``current``, else the set's own),
    nearest the set's own."""
    start = {g: model.bounds[g][1] for g in fittable(model)}  # type: ignore[index]
    bounds = dict(current or start)
    best = evaluate(with_bounds(problem, model, bounds), params).reproduced
    for _ in range(MAX_SWEEPS):
        improved = False
        for g in fittable(model):
            column = model.numbers[:, g]
            values = column[~np.isnan(column)]
            beyond = np.nextafter(values, np.inf if model.bounds[g][0] == "min" else -np.inf)  # type: ignore[index]
            steps = sorted({start[g], *values.tolist(), *beyond.tolist()})
            choice, got_best = bounds[g], best
            for value in steps:
                got = evaluate(with_bounds(problem, model, {**bounds, g: value}), params).reproduced
                nearer = got.sum() == got_best.sum() and abs(value - start[g]) < abs(choice - start[g])
                if got.sum() > got_best.sum() or nearer:
                    choice, got_best = value, got
            improved |= bool(got_best.sum() > best.sum())
            bounds[g], best = choice, got_best
        if not improved:
            break
    return bounds, best
