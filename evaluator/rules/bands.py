"""``bands: [[t1, p1], [t2, p2], ...]``: the points of the highest threshold at or below the
value; below the first threshold, 0."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..base.fields import Pair
from ..base.indicators import NUMERIC_TYPES
from ..base.text import fmt_value
from .base import Array, Peers, Rule, Shown

Params = Annotated[list[Pair], Field(min_length=1)]


def _points(params: list[list[float]], values: Array, peers: Peers) -> Array:
    import numpy as np

    thresholds = np.array([t for t, _ in params], dtype=float)
    points = np.array([0.0] + [p for _, p in params], dtype=float)
    index = np.searchsorted(thresholds, np.where(np.isnan(values), -np.inf, values), side="right")
    return np.where(np.isnan(values), np.nan, points[index])


def _explain(params: list[list[float]], shown: Shown) -> str:
    reached = [t for t, _ in params if shown.value >= t]
    if not reached:
        return f"{shown.value_text} is below the lowest band ({fmt_value(params[0][0], shown.unit)}): " \
               f"{shown.points_text}"
    return f"{shown.value_text} reaches the band from {fmt_value(reached[-1], shown.unit)}: {shown.points_text}"


def _needed(params: list[list[float]], points: float, unit: str | None) -> str | None:
    for threshold, band_points in params:
        if band_points >= points:
            return f"at least {fmt_value(threshold, unit)}"
    return None


def _check(params: list[list[float]]) -> str | None:
    thresholds = [band[0] for band in params]
    if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
        return "'bands' thresholds must be strictly ascending"
    if any(not 0 <= band[1] <= 100 for band in params):
        return "'bands' points must lie in 0..100"
    return None


def _describe(params: list[list[float]], unit: str | None) -> str:
    bands = "; ".join(f"from {fmt_value(t, unit)}, {p:g} points" for t, p in params)
    return f"points by band: below {fmt_value(params[0][0], unit)}, 0 points; {bands}"


BANDS = Rule("bands", Params, NUMERIC_TYPES, _points, _explain, _needed, describe=_describe, check=_check)
