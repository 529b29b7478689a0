"""Scoring rules: one module per rule family, one registry.

Each rule is a ``Rule`` (``base.py``): its parameter type, the indicator types it fits, its
points for a whole column, the explanation of one value's points and the value that earns
given points. ``ScoreRule`` in the file models is built from this registry, so adding a rule
is one new module and one line here.
"""

from __future__ import annotations

from .bands import BANDS
from .base import Peers, Rule, Shown
from .boolean import BOOLEAN
from .categories import CATEGORIES
from .percentile import PERCENTILE
from .scale import LINEAR, LOG
from .threshold import THRESHOLD

RULES: dict[str, Rule] = {rule.name: rule for rule in (
    LINEAR,
    LOG,
    BANDS,
    BOOLEAN,
    CATEGORIES,
    PERCENTILE,
    THRESHOLD,
)}


def type_problem(indicator: object, name: str, params: object) -> str | None:
    """Why rule ``name`` cannot score ``indicator`` (its type, or its categories), or None."""
    kind = getattr(indicator, "type", None)
    rule = RULES[name]
    if kind not in rule.types:
        fitting = [r.name for r in RULES.values() if kind in r.types]
        if len(fitting) == 1:
            return f"a {kind} indicator is scored with '{fitting[0]}', not '{name}'"
        return f"a {kind} indicator cannot be scored with '{name}'"
    return rule.fits(params, indicator)


__all__ = ["RULES", "Peers", "Rule", "Shown", "type_problem"]
