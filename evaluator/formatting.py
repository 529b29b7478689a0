"""How numbers and values are written for people: one place, so every output agrees."""

from __future__ import annotations

import math
from typing import Any


def fmt_points(x: float | None) -> str:
    """A score with one decimal; an em dash when there is none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.1f}"


def fmt_number(x: float) -> str:
    """A plain number with at most 3 significant decimals and no trailing zeros."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def fmt_money(x: float, currency: str, decimals: int = 3) -> str:
    """``USD 35.7 bn``, ``USD 100 m``, ``USD 950,000``."""
    size = abs(x)
    for factor, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if size >= factor:
            return f"{currency} {fmt_number(round(x / factor, decimals))} {word}"
    return f"{currency} {fmt_number(round(x, decimals if decimals < 3 else 2))}"


def fmt_value(value: Any, unit: str | None, *, approx: bool = False) -> str:
    """A value in its unit, for explanations and tables; ``approx`` keeps one decimal."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if unit == "year":
            return f"{value:.0f}"
        if approx:
            value = round(float(value), 1) if abs(value) < 1e6 else value
        if unit in {"USD", "EUR", "GBP", "AUD", "CHF", "JPY"}:
            return fmt_money(float(value), unit, 1 if approx else 3)
        if unit == "percent" or unit == "%":
            return f"{fmt_number(float(value))} %"
        if unit in {None, "", "year"}:
            return str(value) if isinstance(value, int) else fmt_number(value)
        return f"{fmt_number(float(value))} {unit}"
    return str(value)
