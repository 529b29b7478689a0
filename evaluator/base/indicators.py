"""The indicator types: one entry each, and everything the program knows of a type is read from it.

A new type is one entry of ``TYPES``: the catalogue accepts it (``loading.models``), values are
checked by its ``check``, the rules that read numbers score it when it is ``numeric``, ``import``
writes it when it is ``numeric`` (whole numbers when ``whole``), a new partner file shows its
``example``, and it is a flow by default when ``flows``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .choices import YEAR_MAX, YEAR_MIN

#: checks a value: (value, the value as a message shows it (anything whose ``str`` is that, so that
#: it is written out only for a message), a hint for text written for a number)
Check = Callable[[Any, Any, str], str | None]


@dataclass(frozen=True)
class IndicatorType:
    """What an indicator type is: how its values are checked, read and shown."""

    name: str
    check: Check             # why a value does not fit the type (categories, min and max come after)
    numeric: bool = False    # a number: bounds in gates, windows, the rules that read numbers, import
    whole: bool = False      # whole numbers only
    flows: bool = False      # a flow by default: the amount of one year, which goes stale
    bounded: bool = False    # the catalogue may give it a min and a max
    dated_by_value: bool = False   # a state dated by its value (a year), when it has no year of its own
    example: str = "..."     # the value a new partner file suggests


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(kind: str) -> Check:
    def check(value: Any, shown: Any, hint: str) -> str | None:
        if not _is_number(value):
            return f"expected a number for a {kind} indicator, got {shown}{hint}"
        if kind == "percent" and not 0 <= value <= 100:
            return f"a percent must lie in 0..100, got {value}"
        return None
    return check


def _whole(kind: str) -> Check:
    article = "an" if kind[0] in "aeiou" else "a"

    def check(value: Any, shown: Any, hint: str) -> str | None:
        if not (_is_number(value) and isinstance(value, int)):
            return f"expected a whole number for {article} {kind} indicator, got {shown}{hint}"
        if kind == "year" and not YEAR_MIN <= value <= YEAR_MAX:
            return f"a year must lie in {YEAR_MIN}..{YEAR_MAX}, got {value}"
        return None
    return check


def _boolean(value: Any, shown: Any, hint: str) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {shown}"


def _category(value: Any, shown: Any, hint: str) -> str | None:
    return None if isinstance(value, str) else f"expected one of the categories, got {shown}"


TYPES: dict[str, IndicatorType] = {t.name: t for t in (
    IndicatorType("number", _number("number"), numeric=True, flows=True, bounded=True, example="1.0e9"),
    IndicatorType("integer", _whole("integer"), numeric=True, whole=True, flows=True, bounded=True, example="12"),
    IndicatorType("year", _whole("year"), numeric=True, whole=True, dated_by_value=True, example="2024"),
    IndicatorType("boolean", _boolean, example="true"),
    IndicatorType("category", _category),
    IndicatorType("percent", _number("percent"), numeric=True, flows=True, bounded=True, example="12.5"),
)}

#: the types whose values are numbers
NUMERIC_TYPES = frozenset(name for name, t in TYPES.items() if t.numeric)
#: the types that are flows unless the catalogue says ``kind: state``
FLOW_TYPES = frozenset(name for name, t in TYPES.items() if t.flows)
#: the types the catalogue may give a ``min`` and a ``max``
BOUNDED_TYPES = tuple(name for name, t in TYPES.items() if t.bounded)
