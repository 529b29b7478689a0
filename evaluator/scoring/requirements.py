"""An outcome's requirements, compiled once into objects that test, explain and search.

Each requirement knows three things: whether it holds (vectorised, for the table, the gap
search and every weighting of the sensitivity analysis alike), why it holds or not for one
partner, in words, and what would make it hold (``gap.py`` runs the search). ``gates: all``,
a pillar limit given as one number, and the composite gates' needs are resolved here, once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..base.text import fmt_limit_percent, fmt_percent, fmt_points
from .aggregate import Array, Mask, Scores
from .gap import GapItem, completeness_gap, gates_gap, raise_options
from .structure import PartnerRow, Structure


def _sign(holds: bool) -> str:
    return "≥" if holds else "<"


@dataclass(frozen=True)
class GatesRequirement:
    """``gates: all`` (every gate no composite decides for) or ``gates: [ids]``."""

    names: tuple[str, ...]
    index: tuple[int, ...]
    key: str = "gates"

    def holds(self, s: Scores) -> Mask:
        """Every named gate passes."""
        return np.asarray(s.gate_pass[..., list(self.index)].all(axis=-1))

    def explain(self, s: Structure, row: PartnerRow, holds: bool) -> str:
        """``both gates it requires pass``, or the gates not passed and those without data, by title."""
        if holds:
            n = len(self.names)
            return ("the gate it requires passes" if n == 1 else "both gates it requires pass" if n == 2
                    else f"all {n} gates it requires pass")
        short = [(n, bool(row.gate_usable[g])) for n, g in zip(self.names, self.index, strict=True)
                 if not row.gate_pass[g]]
        failed = [f"“{s.name(n)}”" for n, usable in short if usable]
        no_data = [f"“{s.name(n)}”" for n, usable in short if not usable]
        parts = [f"not passed: {'; '.join(failed)}"] if failed else []
        parts += [f"no data for {'; '.join(no_data)}"] if no_data else []
        return "; ".join(parts)

    def wanting(self, row: PartnerRow) -> bool:
        """Unmet for want of records alone: every gate not passed is without data."""
        return not any(bool(row.gate_usable[g]) for g in self.index if not row.gate_pass[g])

    def gap(self, s: Structure, row: PartnerRow) -> list[GapItem]:
        """What would make each failed gate pass."""
        return gates_gap(s, row, list(self.index))


@dataclass(frozen=True)
class ScoreRequirement:
    """``score: x``: the overall score is at least x."""

    limit: float
    key: str = "score"

    def holds(self, s: Scores) -> Mask:
        """Overall ≥ limit (no score never holds)."""
        with np.errstate(invalid="ignore"):
            return np.asarray(s.overall >= self.limit)

    def explain(self, s: Structure, row: PartnerRow, holds: bool) -> str:
        """``overall score 70.0 ≥ 50``."""
        return f"overall score {fmt_points(row.overall)} {_sign(holds)} {self.limit:g}"

    def wanting(self, row: PartnerRow) -> bool:
        """Unmet for want of records alone: there is no overall score."""
        return math.isnan(row.overall)

    def gap(self, s: Structure, row: PartnerRow) -> list[GapItem]:
        """The smallest rise of one criterion that brings the overall score to the limit."""
        if row.overall >= self.limit:
            return []
        limit = self.limit
        options = raise_options(s, row, list(range(len(s.criteria))),
                                lambda p, o: np.nan_to_num(o, nan=-1.0) >= limit)
        return [GapItem(f"overall score at least {limit:g}", fmt_points(row.overall), options)]


@dataclass(frozen=True)
class PillarsRequirement:
    """``pillars: x`` (every pillar) or ``pillars: {id: x}``; a pillar without data never holds."""

    limits: dict[str, float]
    index: tuple[int, ...]
    every: bool
    key: str = "pillars"

    @property
    def values(self) -> Array:
        """The limits in pillar order."""
        return np.array(list(self.limits.values()), dtype=float)

    def holds(self, s: Scores) -> Mask:
        """Each listed pillar ≥ its limit."""
        with np.errstate(invalid="ignore"):
            return np.asarray((s.pillar[..., list(self.index)] >= self.values).all(axis=-1))

    def explain(self, s: Structure, row: PartnerRow, holds: bool) -> str:
        """``every pillar ≥ 50``, each pillar's score against its limit, or the pillars short."""
        shown = {pid: float(row.pillar[k]) for pid, k in zip(self.limits, self.index, strict=True)}
        if holds and self.every:
            return f"every pillar ≥ {next(iter(self.limits.values())):g}"
        if holds:
            return "; ".join(f"{s.name(pid)} {fmt_points(v)} ≥ {self.limits[pid]:g}" for pid, v in shown.items())
        return "; ".join(
            f"{s.name(pid)} has no data (needs {self.limits[pid]:g})" if math.isnan(v)
            else f"{s.name(pid)} {fmt_points(v)} < {self.limits[pid]:g}"
            for pid, v in shown.items() if math.isnan(v) or v < self.limits[pid])

    def wanting(self, row: PartnerRow) -> bool:
        """Unmet for want of records alone: every pillar short of its limit has no data."""
        return all(math.isnan(row.pillar[k]) for k, limit in zip(self.index, self.values, strict=True)
                   if not row.pillar[k] >= limit)

    def gap(self, s: Structure, row: PartnerRow) -> list[GapItem]:
        """For each pillar short of its limit, the smallest rise of one of its criteria."""
        items = []
        for (pid, limit), k in zip(self.limits.items(), self.index, strict=True):
            if row.pillar[k] >= limit:
                continue
            members = [j for j in range(len(s.criteria)) if s.pillar_of[j] == k]
            items.append(GapItem(f"{s.name(pid)} at least {limit:g}", fmt_points(row.pillar[k]),
                                 raise_options(s, row, members, _pillar_at_least(k, limit))))
        return items

    def markers(self) -> dict[str, float]:
        """Pillar id → the score this requirement asks of it (for charts)."""
        return dict(self.limits)


def _pillar_at_least(k: int, limit: float) -> Any:
    def holds(pillar: Array, overall: Array) -> Any:
        return np.nan_to_num(pillar[..., k], nan=-1.0) >= limit
    return holds


@dataclass(frozen=True)
class CriteriaRequirement:
    """``criteria: {id: x}``: each listed criterion earns at least x points with a usable value."""

    limits: dict[str, float]
    index: tuple[int, ...]
    key: str = "criteria"

    def holds(self, s: Scores) -> Mask:
        """Each listed criterion counts and earns at least its limit."""
        idx = list(self.index)
        limits = np.array(list(self.limits.values()), dtype=float)
        ok = s.counted[..., idx] & (np.nan_to_num(s.points[..., idx], nan=-1.0) >= limits)
        return np.asarray(ok.all(axis=-1))

    def explain(self, s: Structure, row: PartnerRow, holds: bool) -> str:
        """Each listed criterion's points against its limit."""
        parts = []
        for (cid, limit), j in zip(self.limits.items(), self.index, strict=True):
            if not row.counted[j]:
                parts.append(f"“{s.name(cid)}” has no usable value (needs {limit:g} points)")
            else:
                value = row.points[j]
                parts.append(f"“{s.name(cid)}” {fmt_points(value)} points {_sign(value >= limit)} {limit:g}")
        return "; ".join(parts)

    def wanting(self, row: PartnerRow) -> bool:
        """Unmet for want of records alone: every criterion short of its limit has no usable value
        (a missing value a set counts as zero included)."""
        return not any(bool(row.usable[j]) for (_cid, limit), j in zip(self.limits.items(), self.index, strict=True)
                       if not (row.counted[j] and row.points[j] >= limit))

    def gap(self, s: Structure, row: PartnerRow) -> list[GapItem]:
        """The value each short criterion needs."""
        items = []
        for (_cid, limit), j in zip(self.limits.items(), self.index, strict=True):
            if row.counted[j] and row.points[j] >= limit:
                continue
            crit = s.criteria[j]
            value_text = crit.rule.needed(crit.params, limit, crit.unit)
            option = f"“{crit.title}” needs {limit:g} points" + (f" ({value_text})" if value_text else "")
            now = fmt_points(row.points[j]) if row.usable[j] else "no usable value"
            items.append(GapItem(f"“{crit.title}” at least {limit:g} points", now, [option]))
        return items


@dataclass(frozen=True)
class CompletenessRequirement:
    """``completeness: x``: the share of weight with usable evidence is at least x."""

    limit: float
    key: str = "completeness"

    def holds(self, s: Scores) -> Mask:
        """Completeness ≥ limit."""
        return np.asarray(s.completeness >= self.limit)

    def explain(self, s: Structure, row: PartnerRow, holds: bool) -> str:
        """``evidence for 85.0 % of the weight ≥ 50 %``."""
        return (f"evidence for {fmt_percent(row.completeness)} of the weight {_sign(holds)} "
                f"{fmt_limit_percent(self.limit)}")

    def wanting(self, row: PartnerRow) -> bool:
        """Unmet for want of records: too little of the weight has evidence."""
        return True

    def gap(self, s: Structure, row: PartnerRow) -> list[GapItem]:
        """The fewest values that would reach the limit."""
        if row.completeness >= self.limit:
            return []
        return [completeness_gap(s, row, self.limit)]


Requirement = (GatesRequirement | ScoreRequirement | PillarsRequirement | CriteriaRequirement
               | CompletenessRequirement)


@dataclass(frozen=True)
class CompiledOutcome:
    """An outcome with its requirements compiled, in the order of the set's file."""

    index: int
    id: str
    title: str
    requirements: tuple[Requirement, ...]
    status: str = ""            # the status this outcome recommends (the id when the set names none)
    track: str | None = None    # the ladder it belongs to; outcomes of different tracks are alternatives

    def score_limit(self) -> float | None:
        """The overall score this outcome asks for, if any (for charts)."""
        return next((r.limit for r in self.requirements if isinstance(r, ScoreRequirement)), None)

    def pillar_limits(self) -> dict[str, float]:
        """Pillar id → the score this outcome asks of it (for charts)."""
        return next((r.markers() for r in self.requirements if isinstance(r, PillarsRequirement)), {})
