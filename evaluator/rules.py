"""Scoring rules: a registry of small vectorised functions, value → 0..100 points.

Each rule has three faces: ``points`` (a whole column at once), ``explain`` (why one value got
its points, in words) and ``needed`` (what value would earn given points, for the gap to the
next outcome). ``percentile`` depends on the peers and is computed in ``engine.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from .formatting import fmt_points, fmt_value
from .models import ScoreRule

Array = npt.NDArray[np.float64]


def round1(x: Any) -> Any:
    """Round to 1 decimal, half away from zero (81.25 → 81.3), NaN kept.

    Why the 1e-9: scores are averages of numbers with one decimal, so a true half such as
    81.25 is often stored as 81.24999999999999; the nudge (far below 0.05) restores it.
    """
    arr = np.asarray(x, dtype=float)
    return np.sign(arr) * np.floor(np.abs(arr) * 10 + 0.5 + 1e-9) / 10


def round1_scores(x: Any) -> Any:
    """``round1`` for scores, which are never negative: one pass instead of five, same result."""
    out = np.multiply(x, 10.0)
    out += 0.5 + 1e-9
    np.floor(out, out=out)
    out /= 10.0
    return out


def round3(x: Any) -> Any:
    """Round to 3 decimals, half away from zero, for completeness."""
    arr = np.asarray(x, dtype=float)
    return np.sign(arr) * np.floor(np.abs(arr) * 1000 + 0.5 + 1e-9) / 1000


def _linear(values: Array, a: float, b: float) -> Array:
    # a range a hair wide overflows to ±inf, which the clip turns into 0 or 100 as it should
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        return np.clip((values - a) / (b - a), 0.0, 1.0) * 100.0


def _points_linear(rule: ScoreRule, values: Array) -> Array:
    a, b = rule.linear or (0.0, 1.0)
    return _linear(values, a, b)


def _points_log(rule: ScoreRule, values: Array) -> Array:
    a, b = rule.log or (1.0, 10.0)
    positive = values > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(positive, values, 1.0))
    scaled = _linear(logs, math.log10(a), math.log10(b))
    at_or_below_zero = 0.0 if a < b else 100.0
    return np.where(positive | np.isnan(values), scaled, at_or_below_zero)


def _points_bands(rule: ScoreRule, values: Array) -> Array:
    bands = rule.bands or []
    thresholds = np.array([t for t, _ in bands], dtype=float)
    points = np.array([0.0] + [p for _, p in bands], dtype=float)
    index = np.searchsorted(thresholds, np.where(np.isnan(values), -np.inf, values), side="right")
    return np.where(np.isnan(values), np.nan, points[index])


def _points_boolean(rule: ScoreRule, values: Array) -> Array:
    wanted = 1.0 if rule.boolean else 0.0
    return np.where(np.isnan(values), np.nan, np.where(values == wanted, 100.0, 0.0))


def _points_categories(rule: ScoreRule, values: Array) -> Array:
    # category values arrive as codes: the index of the category in the rule's mapping
    table = np.array(list((rule.categories or {}).values()) + [np.nan], dtype=float)
    codes = np.where(np.isnan(values), len(table) - 1, values).astype(int)
    return np.asarray(table[codes], dtype=float)


POINTS: dict[str, Callable[[ScoreRule, Array], Array]] = {
    "linear": _points_linear,
    "log": _points_log,
    "bands": _points_bands,
    "boolean": _points_boolean,
    "categories": _points_categories,
}


def encode(rule: ScoreRule, value: Any) -> float:
    """A raw value as the float the vectorised rules read (NaN when it cannot be scored)."""
    if value is None:
        return math.nan
    if rule.categories is not None:
        keys = list(rule.categories)
        return float(keys.index(value)) if value in keys else math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return math.nan


def explain(rule: ScoreRule, value: Any, points: float, unit: str | None, year: int | None = None) -> str:
    """Why ``value`` earned ``points`` under ``rule``, in words a reviewer can check."""
    shown = fmt_value(value, unit) + (f" ({year})" if year is not None else "")
    got = f"{fmt_points(points)} points"
    if rule.linear is not None:
        a, b = rule.linear
        direction = "" if a < b else " (lower is better)"
        return (f"{shown} on a linear scale from {fmt_value(a, unit)} (0) to "
                f"{fmt_value(b, unit)} (100){direction}: {got}")
    if rule.log is not None:
        a, b = rule.log
        direction = "" if a < b else " (lower is better)"
        return (f"{shown} on a log scale from {fmt_value(a, unit)} (0) to "
                f"{fmt_value(b, unit)} (100){direction}: {got}")
    if rule.bands is not None:
        reached = [(t, p) for t, p in rule.bands if value >= t]
        if not reached:
            return f"{shown} is below the lowest band ({fmt_value(rule.bands[0][0], unit)}): {got}"
        t, _ = reached[-1]
        return f"{shown} reaches the band from {fmt_value(t, unit)}: {got}"
    if rule.boolean is not None:
        wanted, other = ("yes", "no") if rule.boolean else ("no", "yes")
        return f"{shown} ({wanted} earns 100, {other} 0): {got}"
    if rule.categories is not None:
        return f"category '{value}': {got}"
    return f"{shown}: {got}"


def needed(rule: ScoreRule, points: float, unit: str | None) -> str | None:
    """The value that would earn ``points`` (for the gap to the next outcome), in words."""
    if rule.linear is not None or rule.log is not None:
        a, b = rule.linear or rule.log or (0.0, 1.0)
        share = min(max(points / 100.0, 0.0), 1.0)
        if rule.linear is not None:
            target = a + (b - a) * share
        else:
            target = 10 ** (math.log10(a) + (math.log10(b) - math.log10(a)) * share)
        word = "at least" if a < b else "at most"
        if unit == "year":
            return f"{word} {math.ceil(target - 1e-9) if a < b else math.floor(target + 1e-9)}"
        return f"{word} about {fmt_value(target, unit, approx=True)}"
    if rule.bands is not None:
        for threshold, band_points in rule.bands:
            if band_points >= points:
                return f"at least {fmt_value(threshold, unit)}"
        return None
    if rule.boolean is not None:
        return "yes" if rule.boolean else "no"
    if rule.categories is not None:
        fits = [c for c, p in rule.categories.items() if p >= points]
        return ("one of: " + ", ".join(fits)) if fits else None
    if rule.percentile is not None:
        return f"a value ranked above {fmt_points(points)} % of its peers"
    return None
