"""``linear: [a, b]`` and ``log: [a, b]``: 0 points at ``a``, 100 at ``b``, straight between,
clamped; ``a > b`` means lower is better. ``log`` works on log10 of the value, and a value at
or below 0 scores 0 (100 when lower is better)."""

from __future__ import annotations

import math
from typing import Any

from ..base.choices import NUDGE
from ..base.fields import Pair
from ..base.indicators import NUMERIC_TYPES
from ..base.text import fmt_value
from .base import Array, Peers, Rule, Shown


def _clamped(values: Array, a: float, b: float) -> Array:
    import numpy as np

    # a range a hair wide overflows to ±inf, which the clip turns into 0 or 100 as it should
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        return np.clip((values - a) / (b - a), 0.0, 1.0) * 100.0


def _linear_points(params: list[float], values: Array, peers: Peers) -> Array:
    return _clamped(values, params[0], params[1])


def _log_points(params: list[float], values: Array, peers: Peers) -> Array:
    import numpy as np

    a, b = params
    positive = values > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(positive, values, 1.0))
    scaled = _clamped(logs, math.log10(a), math.log10(b))
    at_or_below_zero = 0.0 if a < b else 100.0
    return np.where(positive | np.isnan(values), scaled, at_or_below_zero)


def _explainer(word: str) -> Any:
    def explain(params: list[float], shown: Shown) -> str:
        a, b = params
        direction = "" if a < b else " (lower is better)"
        return (f"{shown.value_text} on a {word} scale from {fmt_value(a, shown.unit)} (0) to "
                f"{fmt_value(b, shown.unit)} (100){direction}: {shown.points_text}")
    return explain


def _target_text(target: float, rising: bool, unit: str | None) -> str:
    word = "at least" if rising else "at most"
    if unit == "year":
        return f"{word} {math.ceil(target - NUDGE) if rising else math.floor(target + NUDGE)}"
    return f"{word} about {fmt_value(target, unit, approx=True)}"


def _linear_needed(params: list[float], points: float, unit: str | None) -> str:
    a, b = params
    share = min(max(points / 100.0, 0.0), 1.0)
    return _target_text(a + (b - a) * share, a < b, unit)


def _log_needed(params: list[float], points: float, unit: str | None) -> str:
    a, b = params
    share = min(max(points / 100.0, 0.0), 1.0)
    target = 10 ** (math.log10(a) + (math.log10(b) - math.log10(a)) * share)
    return _target_text(target, a < b, unit)


def _linear_check(params: list[float]) -> str | None:
    return "'linear' needs two different ends" if params[0] == params[1] else None


def _log_check(params: list[float]) -> str | None:
    if params[0] <= 0 or params[1] <= 0:
        return "'log' ends must be above 0"
    return "'log' needs two different ends" if params[0] == params[1] else None


def _describer(word: str) -> Any:
    def describe(params: list[float], unit: str | None) -> str:
        a, b = params
        low, high = ("or less", "or more") if a < b else ("or more", "or less")
        return (f"{fmt_value(a, unit)} {low} earns 0 points and {fmt_value(b, unit)} {high} earns 100, "
                f"on a {'straight' if word == 'linear' else 'logarithmic'} scale between")
    return describe


LINEAR = Rule("linear", Pair, NUMERIC_TYPES, _linear_points, _explainer("linear"), _linear_needed,
              describe=_describer("linear"), check=_linear_check)
LOG = Rule("log", Pair, NUMERIC_TYPES, _log_points, _explainer("log"), _log_needed, describe=_describer("log"),
           check=_log_check)
