"""``threshold: {min: x}`` / ``{max: x}`` / both: pass or fail points, 100 when the value lies
within the bounds (inclusive), 0 otherwise — the form of a gate, as a scored criterion, so
a hurdle can count towards a pillar rather than block the outcome. ``max`` alone rewards low
values, which ``bands`` cannot express."""

from __future__ import annotations

from pydantic import model_validator

from ..base.fields import Number, Strict
from ..base.indicators import NUMERIC_TYPES
from ..base.text import fmt_value
from .base import Array, Peers, Rule, Shown


class Bounds(Strict):
    """``{min: x}``, ``{max: x}`` or both."""

    min: Number | None = None
    max: Number | None = None

    @model_validator(mode="after")
    def _given(self) -> Bounds:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is above 'max'")
        return self

    def text(self, unit: str | None) -> str:
        """``at least USD 1 bn and at most USD 5 bn``."""
        parts = [f"at least {fmt_value(self.min, unit)}"] if self.min is not None else []
        parts += [f"at most {fmt_value(self.max, unit)}"] if self.max is not None else []
        return " and ".join(parts)


def _points(params: Bounds, values: Array, peers: Peers) -> Array:
    import numpy as np

    inside = ~np.isnan(values)
    with np.errstate(invalid="ignore"):
        if params.min is not None:
            inside &= values >= params.min
        if params.max is not None:
            inside &= values <= params.max
    return np.where(np.isnan(values), np.nan, np.where(inside, 100.0, 0.0))


def _explain(params: Bounds, shown: Shown) -> str:
    word = "meets" if shown.points >= 100 else "misses"
    return f"{shown.value_text} {word} the threshold ({params.text(shown.unit)}): {shown.points_text}"


def _needed(params: Bounds, points: float, unit: str | None) -> str:
    return params.text(unit)


def _describe(params: Bounds, unit: str | None) -> str:
    return f"100 points for a value {params.text(unit)}, 0 otherwise"


THRESHOLD = Rule("threshold", Bounds, NUMERIC_TYPES, _points, _explain, _needed, describe=_describe)
