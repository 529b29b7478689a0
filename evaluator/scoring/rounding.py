"""Rounding half away from zero, as SPEC section 4 asks, for every level of the scores.

Why the nudge (``NUDGE``): scores are averages of numbers with one decimal, so a true half
such as 81.25 is often stored as 81.24999999999999; adding it before flooring restores it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base.choices import NUDGE


def round1(x: Any) -> Any:
    """Round to 1 decimal, half away from zero (81.25 → 81.3), NaN kept."""
    arr = np.asarray(x, dtype=float)
    return np.sign(arr) * np.floor(np.abs(arr) * 10 + 0.5 + NUDGE) / 10


def round1_scores(x: Any) -> Any:
    """``round1`` for scores, which are never negative: one pass instead of five, same result."""
    out = np.multiply(x, 10.0)
    out += 0.5 + NUDGE
    np.floor(out, out=out)
    out /= 10.0
    return out


def round3(x: Any) -> Any:
    """Round to 3 decimals, half away from zero, for completeness."""
    arr = np.asarray(x, dtype=float)
    return np.sign(arr) * np.floor(np.abs(arr) * 1000 + 0.5 + NUDGE) / 1000


def at_least(value: float, target: float) -> bool:
    """``value >= target`` for sums of shares, which float addition can leave a hair short."""
    return value + NUDGE >= target
