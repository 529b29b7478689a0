"""What the checks across files share: a reference to an id, a file name that matches its id, a
value against its indicator's type, what did not load. The checks are in ``partner_checks``,
``set_checks`` and ``record_checks``."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..base.errors import Problem
from ..base.fields import check_id
from ..base.indicators import TYPES
from ..base.text import suggest
from .models import Indicator
from .pydantic_errors import DIGITS_HINT, dotted, short
from .yamlfile import Document, Loc

RATES = "rates.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Unread:
    """The criteria sets and partners whose files are there but did not load (by file name and id).

    Their own problems are reported at the file; what names them elsewhere is not reported again
    as unknown: one mistake, one error.
    """

    sets: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()


NOTHING_UNREAD = Unread()
#: a weight more than this many times the median of its siblings' is named as a likely mistake
WEIGHT_OUTLIER = 10
#: an unknown name without a close match lists the valid ones when there are at most this many
CHOICES_LISTED = 30


class _ShownValue:
    """A value as a message shows it (``short``), written out only when a message is: most values fit."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        return short(self.value)


def value_problem(indicator: Indicator, value: Any) -> str | None:
    """Why ``value`` does not fit ``indicator``, or None when it does."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    problem = TYPES[indicator.type].check(value, _ShownValue(value), DIGITS_HINT if isinstance(value, str) else "")
    if problem is not None:
        return problem
    if indicator.categories is not None and value not in indicator.categories:
        choices = ", ".join(indicator.categories)
        return f"unknown category {short(value)}{suggest(value, indicator.categories)}; choose one of: {choices}"
    if is_number and indicator.min is not None and value < indicator.min:
        return f"must be at least {indicator.min:g}, got {value:g}"
    if is_number and indicator.max is not None and value > indicator.max:
        return f"must be at most {indicator.max:g}, got {value:g}"
    return None


def ref(doc: Document, loc: Loc, what: str, name: str, known: Mapping[str, Any] | list[str],
         problems: list[Problem], *, key: bool = False, unread: Collection[str] = ()) -> bool:
    if name in known:
        return True
    if name in unread:
        return False        # its file is there and its own problems are reported there
    where = dotted(loc[:-1] if key else loc)
    names = sorted(known)
    hint = suggest(name, names)
    if not hint and 0 < len(names) <= CHOICES_LISTED:
        hint = f"; choose one of: {', '.join(names)}"
    problems.append(doc.problem(loc, f"{where}: unknown {what} '{name}'{hint}", key=key))
    return False


def stem_matches(doc: Document, loc: Loc, ident: str, what: str, problems: list[Problem]) -> None:
    try:
        check_id(ident)
    except ValueError:
        return  # the id itself is reported by the model
    stem = Path(doc.path.name).name.removesuffix(".yaml")
    if stem != ident:
        problems.append(doc.problem(loc, f"the {what} id '{ident}' does not match the file name "
                                         f"'{doc.path.name}'; rename one to match the other"))


def quiet(model: type[M], raw: Any) -> M | None:
    """``raw`` validated as ``model``, or None; its errors are reported by the whole-file parse."""
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def mapping_entries(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, dict) else {}


