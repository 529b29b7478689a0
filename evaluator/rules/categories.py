"""``categories: {cat: points, ...}``: points per category; every category of the indicator is
listed. Values reach the vectorised rule as codes: the index of the category in the mapping."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import Field

from ..base.fields import Points
from ..base.text import suggest
from .base import Array, Peers, Rule, Shown

Params = Annotated[dict[str, Points], Field(min_length=1)]


def _encode(params: dict[str, float], value: Any) -> float:
    keys = list(params)
    return float(keys.index(value)) if value in keys else math.nan


def _points(params: dict[str, float], values: Array, peers: Peers) -> Array:
    import numpy as np

    table = np.array(list(params.values()) + [np.nan], dtype=float)
    codes = np.where(np.isnan(values), len(table) - 1, values).astype(int)
    return np.asarray(table[codes], dtype=float)


def _explain(params: dict[str, float], shown: Shown) -> str:
    return f"category '{shown.value}': {shown.points_text}"


def _needed(params: dict[str, float], points: float, unit: str | None) -> str | None:
    fits = [c for c, p in params.items() if p >= points]
    return ("one of: " + ", ".join(fits)) if fits else None


def _fits(params: dict[str, float], indicator: Any) -> str | None:
    if indicator.categories is None:
        return None
    unknown = sorted(set(params) - set(indicator.categories))
    if unknown:
        return f"unknown category '{unknown[0]}'{suggest(unknown[0], indicator.categories)}"
    absent = [c for c in indicator.categories if c not in params]
    return f"every category needs points; missing: {', '.join(absent)}" if absent else None


def _describe(params: dict[str, float], unit: str | None) -> str:
    return "points by category: " + "; ".join(f"{c.replace('-', ' ')}, {p:g}" for c, p in params.items())


CATEGORIES = Rule("categories", Params, frozenset({"category"}), _points, _explain, _needed, describe=_describe,
                  fits=_fits, encode=_encode)
