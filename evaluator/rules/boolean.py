"""``boolean: true``: true earns 100, false 0 (``boolean: false`` rewards false)."""

from __future__ import annotations

from .base import Array, Peers, Rule, Shown


def _points(params: bool, values: Array, peers: Peers) -> Array:
    import numpy as np

    wanted = 1.0 if params else 0.0
    return np.where(np.isnan(values), np.nan, np.where(values == wanted, 100.0, 0.0))


def _explain(params: bool, shown: Shown) -> str:
    wanted, other = ("yes", "no") if params else ("no", "yes")
    return f"{shown.value_text} ({wanted} earns 100, {other} 0): {shown.points_text}"


def _needed(params: bool, points: float, unit: str | None) -> str:
    return "yes" if params else "no"


def _describe(params: bool, unit: str | None) -> str:
    return "yes earns 100 points, no earns 0" if params else "no earns 100 points, yes earns 0"


BOOLEAN = Rule("boolean", bool, frozenset({"boolean"}), _points, _explain, _needed, describe=_describe)
