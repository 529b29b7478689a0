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
from typing import TYPE_CHECKING, Any

import numpy as np

from ..base.text import fmt_points, fmt_value
from .aggregate import Array, Weights, aggregate
from .rounding import at_least

if TYPE_CHECKING:
    from .engine import Table

LEVELS = np.arange(0, 1001) / 10.0
SCORED = 2   # engine.SCORED, repeated so that this module stays below the engine


@dataclass(frozen=True)
class GapItem:
    """One failed requirement of the target outcome and the smallest changes that meet it."""

    requirement: str
    now: str
    options: list[str] = field(default_factory=list)


Holds = Callable[[Array, Array], Any]


def _min_level(table: Table, i: int, j: int, holds: Holds) -> float | None:
    """The smallest points on criterion ``j`` alone that make ``holds`` true, or None."""
    spec = table.spec
    current = table.points[i, j] if table.counted[i, j] else -1.0
    levels = LEVELS[LEVELS > current]
    if levels.size == 0:
        return None
    points = np.repeat(table.points[i][None, :], levels.size, axis=0)
    points[:, j] = levels
    counted = np.repeat(table.counted[i][None, :], levels.size, axis=0)
    counted[:, j] = True
    pillar, overall, _ = aggregate(points, counted, counted, spec.pillar_of,
                                   Weights.single(spec.pillar_weight, spec.weight))
    ok = np.flatnonzero(holds(pillar[:, 0], overall[:, 0]))
    return float(levels[ok[0]]) if ok.size else None


def raise_options(table: Table, i: int, candidates: list[int], holds: Holds) -> list[str]:
    """For each criterion alone, the smallest rise that makes ``holds`` true, easiest first."""
    spec = table.spec
    found: list[tuple[float, str]] = []
    for j in candidates:
        level = _min_level(table, i, j, holds)
        if level is None:
            continue
        crit = spec.criteria[j]
        value_text = crit.rule.needed(crit.params, level, crit.unit)
        if table.status[i, j] == SCORED:
            now = table.points[i, j]
            text = f"raise '{crit.title}' from {fmt_points(now)} to {fmt_points(level)} points"
            increase = level - now
        else:
            text = f"supply a current value for '{crit.title}' earning at least {fmt_points(level)} points"
            increase = level + 100.0
        if value_text:
            text += f" ({crit.indicator}: {value_text})"
        found.append((increase, text))
    return [text for _, text in sorted(found)]


def gates_gap(table: Table, i: int, gate_indexes: list[int]) -> list[GapItem]:
    """Each failed gate among ``gate_indexes`` and what would make it pass."""
    spec = table.spec
    items = []
    for g in gate_indexes:
        if table.gate_pass[i, g]:
            continue
        gate = spec.gates[g]
        head = f"gate '{gate.id}' ({gate.title})"
        if not gate.composite:
            value = table.inputs.gate_values[g][i]
            now = "no usable value" if value is None else f"{fmt_value(value, gate.unit)}"
            items.append(GapItem(head, now, [f"{gate.indicator}: {gate.test_text}"]))
            continue
        passing = [m for m in gate.members if table.gate_pass[i, m]]
        failing = [m for m in gate.members if not table.gate_pass[i, m]]
        options = [o for item in gates_gap(table, i, failing) for o in item.options]
        items.append(GapItem(head, f"{len(passing)} of {len(gate.members)} pass, {gate.need} needed",
                             [f"pass {gate.need - len(passing)} more of: " + "; ".join(options)]))
    return items


def completeness_gap(table: Table, i: int, target: float) -> GapItem:
    """The fewest missing criteria, heaviest first, whose values would reach ``target``."""
    spec = table.spec
    missing = [j for j in np.argsort(-spec.effective, kind="stable") if table.status[i, j] != SCORED]
    have = float(table.completeness[i])
    chosen = []
    for j in missing:
        if at_least(have, target):
            break
        chosen.append(int(j))
        have += float(spec.effective[j])
    names = [f"{spec.criteria[j].indicator} ({spec.effective[j] * 100:.1f} %)" for j in chosen]
    return GapItem(f"completeness at least {target:g}", f"{table.completeness[i]:.3f}",
                   ["supply current values for: " + ", ".join(names)] if names else [])


def gap(table: Table, i: int) -> tuple[str | None, str | None, list[GapItem]]:
    """The next better outcome (id, title) for partner row ``i`` and what it would take."""
    spec = table.spec
    k = int(table.outcome[i])
    if k < 0:
        return None, "enough evidence to judge", [completeness_gap(table, i, spec.min_completeness)]
    if k == 0:
        return None, None, []
    target = spec.outcomes[k - 1]
    return target.id, target.title, [item for req in target.requirements for item in req.gap(table, i)]
