"""Checks of how a set decides: policies, tracks, gates on the status held or on
a tenure, bounds relative to the year scored; and of the requests in partner files."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..base.errors import Problem
from ..base.text import suggest
from .models import STATUS, Bound, Gate, Indicator, Outcome, Policy
from .pydantic_errors import dotted
from .records import Request
from .yamlfile import Document, Loc


def _quiet(model: Any, raw: Any) -> Any:
    try:
        return model.model_validate(raw)
    except ValueError:
        return None


def outcomes_of(raw: dict[str, Any]) -> list[Outcome]:
    """The outcomes of a raw criteria set that parse (the others are reported by the model)."""
    listed = raw.get("outcomes")
    return [o for o in (_quiet(Outcome, e) for e in listed) if o is not None] if isinstance(listed, list) else []


def statuses_of(outcomes: list[Outcome]) -> list[str]:
    """The statuses the outcomes recommend, and ``none``."""
    last = len(outcomes) - 1
    return list(dict.fromkeys([*(o.status or ("none" if k == last else o.id) for k, o in enumerate(outcomes)),
                               "none"]))


def check_gate(doc: Document, gid: str, gate: Gate, indicator: Indicator | None, statuses: list[str],
               problems: list[Problem]) -> None:
    """A gate on the status held tests ``in`` a list of the set's statuses; ``for_years`` goes with a
    status or a category state; ``relative: as-of`` with a year."""
    loc: Loc = ("gates", gid, "require")
    require = gate.require
    bound = require if isinstance(require, Bound) else None
    if gate.indicator == STATUS:
        if bound is None or bound.in_ is None:
            problems.append(doc.problem(loc, f"gates.{gid}.require: a gate on the status held tests 'in' a list of "
                                             f"statuses, for example {{in: [{statuses[0]}], for_years: 5}}"))
            return
        for i, item in enumerate(bound.in_):
            if item not in statuses:
                problems.append(doc.problem((*loc, "in", i), f"gates.{gid}.require.in: unknown status '{item}'"
                                                             f"{suggest(str(item), statuses)}; the set's "
                                                             f"statuses are: {', '.join(statuses)}"))
        return
    if bound is None or indicator is None:
        return
    if bound.for_years is not None and not (indicator.type == "category" and not indicator.flows):
        problems.append(doc.problem((*loc, "for_years"), f"gates.{gid}.require.for_years: a tenure is for the "
                                                         "status held (indicator: status) or a category state, "
                                                         f"and '{gate.indicator}' is a {indicator.type}"))
    if bound.relative is not None and indicator.type != "year":
        problems.append(doc.problem((*loc, "relative"), f"gates.{gid}.require.relative: 'relative: as-of' tests "
                                                        f"a year, and '{gate.indicator}' is a {indicator.type}"))


def check_policies(doc: Document, raw: dict[str, Any], problems: list[Problem]) -> None:
    """Each policy closes outcomes of the set other than the fallback; no two policies close one
    outcome over overlapping spans; the fallback belongs to no track."""
    outcomes = outcomes_of(raw)
    ids = [o.id for o in outcomes]
    if outcomes and outcomes[-1].track is not None and len(outcomes) == len(raw.get("outcomes") or []):
        problems.append(doc.problem(("outcomes", len(outcomes) - 1, "track"),
                                    "the last outcome is the fallback and belongs to no track; remove its 'track'"))
    spans: dict[str, list[tuple[str, int, float]]] = {}
    listed = raw.get("policies")
    for pid, entry in (listed.items() if isinstance(listed, dict) else []):
        policy = _quiet(Policy, entry)
        if policy is None:
            continue
        start, end = policy.in_force
        for i, closed in enumerate(policy.closes):
            where: Loc = ("policies", pid, "closes", i)
            if closed not in ids:
                problems.append(doc.problem(where, f"policies.{pid}.closes: unknown outcome '{closed}'"
                                                   f"{suggest(closed, ids)}; choose one of: {', '.join(ids[:-1])}"))
                continue
            if closed == ids[-1]:
                problems.append(doc.problem(where, f"policies.{pid}.closes: '{closed}' is the fallback, which every "
                                                   "partner may be given; close another outcome"))
            for other, a, b in spans.get(closed, []):
                if start is not None and start <= b and a <= (end if end is not None else float("inf")):
                    problems.append(doc.problem(where, f"policies.{pid}.closes: '{closed}' is closed by '{other}' "
                                                       "over years this policy covers too; make the spans meet, "
                                                       "not overlap"))
            spans.setdefault(closed, []).append((pid, start or 0, end if end is not None else float("inf")))


def check_requests(doc: Document, raw: Any, base: Loc, statuses: Collection[str] | None,
                   problems: list[Problem]) -> None:
    """Each request names a status some set grants, and not one the partner already held that year."""
    listed = raw.get("requests") if isinstance(raw, dict) else None
    if not isinstance(listed, list):
        return
    history = raw.get("history") if isinstance(raw.get("history"), list) else []
    for k, entry in enumerate(listed):
        request = _quiet(Request, entry)
        if request is None:
            continue
        where: Loc = (*base, "requests", k, "status")
        label = dotted(where[len(base):])
        if statuses is not None and request.status not in statuses:
            known = sorted(statuses)
            problems.append(doc.problem(where, f"{label}: unknown status '{request.status}'"
                                               f"{suggest(request.status, known)}; the criteria sets grant: "
                                               f"{', '.join(known)}"))
            continue
        held = _held(history, raw.get("status", "none"), raw.get("since"), request.year)
        if held == request.status:
            problems.append(doc.problem(where, f"{label}: the partner already held '{held}' in {request.year}; a "
                                               "request asks for a status not yet held"))


def _held(history: list[Any], status: Any, since: Any, year: int) -> Any:
    """The status held in ``year`` by the raw ``history`` (else ``status`` from ``since`` on)."""
    entries = [e for e in history if isinstance(e, dict) and isinstance(e.get("year"), int)]
    if entries:
        held = [e.get("status") for e in entries if e["year"] <= year]
        return held[-1] if held else "none"
    return status if not isinstance(since, int) or since <= year else None


def granted(sets: Mapping[str, Any]) -> set[str]:
    """Every status an outcome of any set recommends (requests may name these)."""
    out: set[str] = set()
    for loaded in sets.values():
        out.update(s for s in statuses_of(list(loaded.model.outcomes)) if s != "none")
    return out
