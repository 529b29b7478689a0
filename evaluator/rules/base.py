"""The face every scoring rule shows: parameters, the indicator types it fits, points for a
whole column at once, the explanation of one value's points and the value that earns given
points.

Rules import numpy inside ``points`` only: the parameters are read by ``evaluator validate``,
which must start without numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..base.text import fmt_points, fmt_value

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float64]
    Mask = npt.NDArray[np.bool_]
else:
    Array = Mask = Any



@dataclass(frozen=True)
class Peers:
    """The context a peer rule reads: which partners have a usable value, and their groups."""

    usable: Mask
    groups: Sequence[str]


class Shown(NamedTuple):
    """What the engine decided for one value, for the rule to put in words (a named tuple: an
    export of 3,000 partners makes 150,000 of them)."""

    value: Any
    unit: str | None
    year: int | None
    points: float
    group: str = "all"
    peers: int = 0

    @property
    def value_text(self) -> str:
        """The value in its unit, with its year when it has one."""
        return fmt_value(self.value, self.unit) + (f" ({self.year})" if self.year is not None else "")

    @property
    def points_text(self) -> str:
        """``70.0 points``."""
        return f"{fmt_points(self.points)} points"


def encode_number(params: Any, value: Any) -> float:
    """A raw value as the float the vectorised rules read (NaN when it cannot be scored)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return math.nan


def no_problem(*_: Any) -> str | None:
    """The default check: nothing more to say."""
    return None


@dataclass(frozen=True)
class Rule:
    """One scoring rule. ``params`` is the type of its value in ``score: {name: params}``."""

    name: str
    params: Any
    types: frozenset[str]
    points: Callable[[Any, Array, Peers], Array]
    explain: Callable[[Any, Shown], str]
    needed: Callable[[Any, float, str | None], str | None]
    describe: Callable[[Any, str | None], str]      # the rule in words, for the criteria document
    check: Callable[[Any], str | None] = no_problem
    fits: Callable[[Any, Any], str | None] = no_problem
    encode: Callable[[Any, Any], float] = encode_number
    peers: bool = False
