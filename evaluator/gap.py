"""What it would take to reach the next better outcome, computed, not guessed.

For a score requirement each criterion is tried alone: every points level from its current
points to 100 (in steps of 0.1) is scored at once with the engine's own ``aggregate``, and the
smallest level that meets the requirement is reported. Raising one criterion never lowers a
pillar or the overall score, so the first level found is the minimum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import SCORED, Array, Table, aggregate
from .formatting import fmt_points, fmt_value
from .models import Bound, Requirements
from .rules import needed

LEVELS = np.arange(0, 1001) / 10.0


@dataclass(frozen=True)
class GapItem:
    """One failed requirement of the target outcome and the smallest changes that meet it."""

    requirement: str
    now: str
    options: list[str] = field(default_factory=list)


def gate_test_text(require: object, unit: str | None) -> str:
    """A gate test in words: ``at least USD 1 bn``, ``true``, ``present``."""
    if require == "present":
        return "a value is present"
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


def _min_level(table: Table, i: int, j: int, holds: Callable[[Array, Array], Any]) -> float | None:
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
    pillar, overall = aggregate(spec, points, counted)
    ok = np.flatnonzero(holds(pillar, overall))
    return float(levels[ok[0]]) if ok.size else None


def _raise_options(table: Table, i: int, candidates: list[int],
                   holds: Callable[[Array, Array], Any]) -> list[str]:
    spec = table.spec
    found: list[tuple[float, str]] = []
    for j in candidates:
        level = _min_level(table, i, j, holds)
        if level is None:
            continue
        crit = spec.cset.criteria[spec.criterion_ids[j]]
        unit = spec.unit(crit.indicator)
        value_text = needed(crit.score, level, unit)
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


def _gates_gap(table: Table, i: int, names: list[str]) -> list[GapItem]:
    spec = table.spec
    items = []
    for gid in names:
        g = spec.gate_ids.index(gid)
        if table.gate_pass[i, g]:
            continue
        gate = spec.cset.gates[gid]
        if gate.indicator is not None:
            unit = spec.unit(gate.indicator)
            value = table.inputs.gate_values[g][i]
            now = "no usable value" if value is None else f"{fmt_value(value, unit)}"
            test = gate_test_text(gate.require, unit)
            items.append(GapItem(f"gate '{gid}' ({gate.title})", now, [f"{gate.indicator}: {test}"]))
        else:
            members = gate.members
            passing = [m for m in members if table.gate_pass[i, spec.gate_ids.index(m)]]
            need = 1 if gate.any_of is not None else (gate.at_least or 1)
            failing = [m for m in members if m not in passing]
            options = [o for item in _gates_gap(table, i, failing) for o in item.options]
            items.append(GapItem(f"gate '{gid}' ({gate.title})",
                                 f"{len(passing)} of {len(members)} pass, {need} needed",
                                 [f"pass {need - len(passing)} more of: " + "; ".join(options)]))
    return items


def _completeness_gap(table: Table, i: int, target: float) -> GapItem:
    spec = table.spec
    missing = [j for j in np.argsort(-spec.effective, kind="stable") if table.status[i, j] != SCORED]
    have = float(table.completeness[i])
    chosen = []
    for j in missing:
        if round(have, 9) >= target:
            break
        chosen.append(int(j))
        have += float(spec.effective[j])
    names = [f"{spec.cset.criteria[spec.criterion_ids[j]].indicator} "
             f"({spec.effective[j] * 100:.1f} %)" for j in chosen]
    return GapItem(f"completeness at least {target:g}", f"{table.completeness[i]:.3f}",
                   ["supply current values for: " + ", ".join(names)] if names else [])


def _pillar_at_least(k: int, limit: float) -> Callable[[Array, Array], Any]:
    def holds(pillar: Array, overall: Array) -> Any:
        return np.nan_to_num(pillar[..., k], nan=-1.0) >= limit
    return holds


def requirement_gap(table: Table, i: int, req: Requirements) -> list[GapItem]:
    """Every failed requirement of ``req`` for partner row ``i``, with the changes that meet it."""
    spec = table.spec
    items: list[GapItem] = []
    m = len(spec.criterion_ids)
    if req.gates is not None:
        names = ([g for g in spec.gate_ids if g not in spec.gate_members]
                 if req.gates == "all" else list(req.gates))
        items.extend(_gates_gap(table, i, names))
    if req.score is not None and not table.overall[i] >= req.score:
        limit = req.score
        items.append(GapItem(f"overall score at least {limit:g}", fmt_points(table.overall[i]),
                             _raise_options(table, i, list(range(m)),
                                            lambda p, o: np.nan_to_num(o, nan=-1.0) >= limit)))
    if req.pillars is not None:
        limits = (req.pillars if isinstance(req.pillars, dict)
                  else {pid: float(req.pillars) for pid in spec.pillar_ids})
        for pid, limit in limits.items():
            k = spec.pillar_ids.index(pid)
            if table.pillar[i, k] >= limit:
                continue
            members = [j for j in range(m) if spec.pillar_of[j] == k]
            items.append(GapItem(
                f"pillar '{pid}' at least {limit:g}", fmt_points(table.pillar[i, k]),
                _raise_options(table, i, members, _pillar_at_least(k, limit))))
    for cid, limit in (req.criteria or {}).items():
        j = spec.criterion_ids.index(cid)
        if table.counted[i, j] and table.points[i, j] >= limit:
            continue
        crit = spec.cset.criteria[cid]
        value_text = needed(crit.score, limit, spec.unit(crit.indicator))
        option = f"'{crit.title}' needs {limit:g} points" + (f" ({crit.indicator}: {value_text})"
                                                              if value_text else "")
        now = fmt_points(table.points[i, j]) if table.status[i, j] == SCORED else "no usable value"
        items.append(GapItem(f"criterion '{cid}' at least {limit:g}", now, [option]))
    if req.completeness is not None and table.completeness[i] < req.completeness:
        items.append(_completeness_gap(table, i, req.completeness))
    return items


def gap(table: Table, i: int) -> tuple[str | None, str | None, list[GapItem]]:
    """The next better outcome (id, title) for partner row ``i`` and what it would take."""
    cset = table.spec.cset
    k = int(table.outcome[i])
    if k < 0:
        item = _completeness_gap(table, i, cset.min_completeness)
        return None, "enough evidence to judge", [item]
    if k == 0:
        return None, None, []
    target = cset.outcomes[k - 1]
    req = target.require or Requirements()
    return target.id, target.title, requirement_gap(table, i, req)
