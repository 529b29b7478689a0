"""The shape of a compiled criteria set that the requirements and the gap search read, and one
partner's decided scores: the parts below the engine, so that nothing here imports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.text import fmt_value, status_words
from ..loading.models import Bound, Indicator, Window
from ..rules import Rule
from .aggregate import Array, Mask


def unit_of(indicator: Indicator) -> str | None:
    """The unit values of an indicator are shown in (``year`` for year indicators)."""
    return indicator.unit or ("year" if indicator.type == "year" else None)


def gate_test_text(require: object, unit: str | None) -> str:
    """A gate test in words: ``at least USD 1 bn``, ``yes``, ``a value on record``."""
    if require == "present":
        return "a value on record"
    if isinstance(require, bool):
        return "yes" if require else "no"
    if isinstance(require, Bound):
        if require.in_ is not None:
            return "one of " + ", ".join(str(v) for v in require.in_)
        parts = []
        if require.min is not None:
            parts.append(f"at least {fmt_value(require.min, unit)}")
        if require.max is not None:
            parts.append(f"at most {fmt_value(require.max, unit)}")
        return " and ".join(parts)
    return str(require)


@dataclass(frozen=True)
class CompiledCriterion:
    """One criterion with its rule looked up in the registry and its unit resolved."""

    id: str
    title: str
    pillar: str
    indicator: str
    rule: Rule
    params: Any
    unit: str | None
    rationale: str | None
    policy: str
    flows: bool                # a flow: dated by its data year, goes stale; a state: never stale
    window: Any = None         # loading.models.Window: several years of a flow read as one value
    relative: bool = False     # scored on value - as_of (``relative: as-of``)
    lag: int = 0               # a flow of year Y is first seen in Y + lag (published_after_years)
    dated_by_value: bool = False   # a year state: an observation without ``year:`` is dated by its value


@dataclass(frozen=True)
class CompiledGate:
    """One gate: a test on an indicator, or a composite with its members and its need."""

    index: int
    id: str
    title: str
    indicator: str | None
    require: Any
    unit: str | None
    members: tuple[int, ...]   # composite: the gates it decides for
    member_ids: tuple[str, ...]
    need: int                  # composite: how many members must pass
    flows: bool = False        # its indicator is a flow
    window: Window | None = None   # several years of a flow tested as one value
    lag: int = 0               # a flow of year Y is first seen in Y + lag (published_after_years)
    dated_by_value: bool = False   # a year state: an observation without ``year:`` is dated by its value

    @property
    def composite(self) -> bool:
        """True for ``any_of`` and ``at_least`` gates."""
        return self.indicator is None

    @property
    def test_text(self) -> str:
        """The test in words."""
        return gate_test_text(self.require, self.unit)


@dataclass(frozen=True)
class Structure:
    """Criteria, gates, pillars and weights of a set, in file order."""

    criteria: tuple[CompiledCriterion, ...]
    gates: tuple[CompiledGate, ...]
    criterion_ids: list[str]
    pillar_ids: list[str]
    gate_ids: list[str]
    pillar_of: npt.NDArray[np.intp]     # (m,) index of each criterion's pillar
    weight: Array                       # (m,) criterion weights
    pillar_weight: Array                # (K,)
    effective: Array                    # (m,) effective weights, summing to 1
    min_completeness: float

    def name(self, ident: str) -> str:
        """What a reader calls ``ident`` (a pillar, gate, criterion or indicator id): its title where
        one is known (``Spec`` knows them), else the id in words."""
        return ident.replace("_", " ").replace("-", " ")

    def status_name(self, status: str | None) -> str:
        """A status in words: ``Dialogue Partner``; ``no status`` for none."""
        return status_words(status)

    def criterion(self, criterion_id: str) -> CompiledCriterion:
        """A criterion by id."""
        return self.criteria[self.criterion_ids.index(criterion_id)]


@dataclass(frozen=True)
class PartnerRow:
    """What the engine decided for one partner: the numbers requirements explain and search."""

    points: Array          # (m,) rounded; NaN where the criterion does not count
    counted: Mask          # (m,)
    usable: Mask           # (m,) a current value was scored
    pillar: Array          # (K,)
    overall: float
    completeness: float
    gate_pass: Mask        # (g,)
    gate_usable: Mask      # (g,) the gate had a usable value (a composite: it is decided on the record)
    gate_values: list[Any]  # (g,) the raw value of each simple gate's indicator
