"""What it would take to reach the next better outcome, computed, not guessed.

For a score requirement each criterion is tried alone: every points level from its current
points to 100 (in steps of 0.1) is scored at once with the engine's own ``aggregate``, and the
smallest level that meets the requirement is reported. Raising one criterion never lowers a
pillar or the overall score, so the first level found is the minimum. Each requirement says
which of these searches it needs (``requirements.py``); this module runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..base.text import fmt_limit_percent, fmt_percent, fmt_points, fmt_value
from .aggregate import Array, Weights, aggregate
from .rounding import at_least
from .structure import PartnerRow, Structure

LEVELS = np.arange(0, 1001) / 10.0


@dataclass(frozen=True)
class GapItem:
    """One failed requirement of the target outcome and the smallest changes that meet it."""

    requirement: str
    now: str
    options: list[str] = field(default_factory=list)


Holds = Callable[[Array, Array], Any]


def _min_level(s: Structure, row: PartnerRow, j: int, holds: Holds) -> float | None:
    """The smallest points on criterion ``j`` alone that make ``holds`` true, or None."""
    current = row.points[j] if row.counted[j] else -1.0
    levels = LEVELS[LEVELS > current]
    if levels.size == 0:
        return None
    points = np.repeat(row.points[None, :], levels.size, axis=0)
    points[:, j] = levels
    counted = np.repeat(row.counted[None, :], levels.size, axis=0)
    counted[:, j] = True
    pillar, overall, _ = aggregate(points, counted, counted, s.pillar_of, Weights.single(s.pillar_weight, s.weight))
    ok = np.flatnonzero(holds(pillar[:, 0], overall[:, 0]))
    return float(levels[ok[0]]) if ok.size else None


def raise_options(s: Structure, row: PartnerRow, candidates: list[int], holds: Holds) -> list[str]:
    """For each criterion alone, the smallest rise that makes ``holds`` true, easiest first."""
    found: list[tuple[float, str]] = []
    for j in candidates:
        level = _min_level(s, row, j, holds)
        if level is None:
            continue
        crit = s.criteria[j]
        if crit.unit == "year" and not crit.relative:
            continue            # a year (of accession, of relations) is in the past: nothing to advise
        value_text = crit.rule.needed(crit.params, level, crit.unit)
        if row.usable[j]:
            now = row.points[j]
            text = f"raise “{crit.title}” from {fmt_points(now)} to {fmt_points(level)} points"
            increase = level - now
        else:
            text = f"supply a current figure for “{crit.title}” earning at least {fmt_points(level)} points"
            increase = level + 100.0
        if value_text:
            text += f" ({value_text})"
        found.append((increase, text))
    return [text for _, text in sorted(found)]


def gates_gap(s: Structure, row: PartnerRow, gate_indexes: list[int]) -> list[GapItem]:
    """Each failed gate among ``gate_indexes`` and what would make it pass."""
    items = []
    for g in gate_indexes:
        if row.gate_pass[g]:
            continue
        gate = s.gates[g]
        head = f"“{gate.title}”"
        if not gate.composite:
            value = row.gate_values[g]
            now = "no usable value" if value is None else f"{fmt_value(value, gate.unit)}"
            items.append(GapItem(head, now, [f"{s.name(gate.indicator or gate.id)}: {gate.test_text}"]))
            continue
        passing = [m for m in gate.members if row.gate_pass[m]]
        failing = [m for m in gate.members if not row.gate_pass[m]]
        options = [o for item in gates_gap(s, row, failing) for o in item.options]
        items.append(GapItem(head, f"{len(passing)} of {len(gate.members)} pass, {gate.need} needed",
                             [f"pass {gate.need - len(passing)} more of: " + "; ".join(options)]))
    return items


def completeness_gap(s: Structure, row: PartnerRow, target: float) -> GapItem:
    """The fewest missing criteria, heaviest first, whose values would reach ``target``."""
    missing = [j for j in np.argsort(-s.effective, kind="stable") if not row.usable[j]]
    have = row.completeness
    chosen = []
    for j in missing:
        if at_least(have, target):
            break
        chosen.append(int(j))
        have += float(s.effective[j])
    names = [f"“{s.criteria[j].title}” ({fmt_percent(s.effective[j])})" for j in chosen]
    return GapItem(f"evidence for at least {fmt_limit_percent(target)} of the weight", fmt_percent(row.completeness),
                   ["supply current figures for: " + ", ".join(names)] if names else [])
