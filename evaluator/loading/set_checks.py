"""Checks of a criteria set across files: its indicators in the catalogue, gates and rules that fit
their types, weights, outcomes and their requirements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..base.errors import Problem
from ..base.fields import WEIGHT_MAX
from ..base.indicators import NUMERIC_TYPES
from ..base.text import suggest
from ..rules import type_problem
from . import deciding
from .checks import WEIGHT_OUTLIER, mapping_entries, quiet, ref, stem_matches, value_problem
from .models import INSUFFICIENT, STATUS, Bound, Catalogue, Criterion, Gate, Indicator, Outcome, Window
from .pydantic_errors import dotted
from .yamlfile import Document, Loc


def _gate_test_problem(indicator: Indicator, require: Any) -> str | None:
    if require is True or require is False:
        if indicator.type != "boolean":
            return f"'require: {str(require).lower()}' needs a boolean indicator, not {indicator.type}"
    elif isinstance(require, Bound):
        if (require.min is not None or require.max is not None) and indicator.type not in NUMERIC_TYPES:
            return f"'min' and 'max' need a numeric indicator, not {indicator.type}"
        for item in require.in_ or []:
            why = value_problem(indicator, item)
            if why is not None:
                return f"'in' lists a value that does not fit the indicator: {why}"
    return None


def _check_window(doc: Document, loc: Loc, window: Window | None, name: str, indicator: Indicator,
                  problems: list[Problem]) -> None:
    """A window (of a criterion or a gate) reads several years of a flow; a mean, sum or max of numbers."""
    label = dotted(loc)
    if window is not None and not indicator.flows:
        problems.append(doc.problem((*loc, "window"), f"{label}.window: '{name}' is a state; "
                                                      "a window reads several years of a flow"))
    elif window is not None and window.aggregate != "latest" and indicator.type not in NUMERIC_TYPES:
        problems.append(doc.problem((*loc, "window"), f"{label}.window: a {window.aggregate} needs numbers, "
                                                      f"and '{name}' is a {indicator.type}"))


def _check_criterion(doc: Document, loc: Loc, crit: Criterion, indicator: Indicator,
                     problems: list[Problem]) -> None:
    """A criterion against its indicator: the rule fits the type; a window and an age fit a flow."""
    label = dotted(loc)
    why = type_problem(indicator, crit.score.kind, crit.score.params)
    if why is not None:
        problems.append(doc.problem((*loc, "score"), f"{label}.score: {why}"))
    if crit.score.relative is not None and indicator.type != "year":
        problems.append(doc.problem((*loc, "score", "relative"), f"{label}.score.relative: 'relative: as-of' "
                                                                 f"scores a year, and '{crit.indicator}' is a "
                                                                 f"{indicator.type}"))
    _check_window(doc, loc, crit.window, crit.indicator, indicator, problems)
    if crit.max_age_years is not None and not indicator.flows:
        problems.append(doc.problem((*loc, "max_age_years"), f"{label}.max_age_years: '{crit.indicator}' is "
                                                             "a state, which never goes stale; max_age_years is "
                                                             "for flows"))


def _check_gates(doc: Document, raw: dict[str, Any], gates: dict[str, Any],
                 indicators: Mapping[str, Indicator] | None, problems: list[Problem]) -> None:
    """Each gate against the catalogue, the status it may test, and the gates it names above it."""
    seen: list[str] = []
    statuses = deciding.statuses_of(deciding.outcomes_of(raw))
    source = raw.get("status_from")
    if isinstance(source, str) and indicators is not None and source in indicators:
        statuses = list(dict.fromkeys([*statuses, *(indicators[source].categories or [])]))
    for gid, entry in gates.items():
        loc = ("gates", gid)
        if gid in mapping_entries(raw, "criteria"):
            problems.append(doc.problem(loc, f"'{gid}' is both a gate and a criterion; "
                                             "give them different ids", key=True))
        gate = quiet(Gate, entry)
        seen.append(gid)
        if gate is None:
            continue
        if gate.indicator == STATUS:
            deciding.check_gate(doc, gid, gate, None, statuses, problems)
        elif gate.indicator is not None and indicators is not None:
            if ref(doc, (*loc, "indicator"), "indicator", gate.indicator, [*indicators, STATUS], problems):
                _check_window(doc, loc, gate.window, gate.indicator, indicators[gate.indicator], problems)
                why = _gate_test_problem(indicators[gate.indicator], gate.require)
                if why is not None:
                    problems.append(doc.problem((*loc, "require"), f"gates.{gid}.require: {why}"))
                deciding.check_gate(doc, gid, gate, indicators[gate.indicator], statuses, problems)
        field = "any_of" if gate.any_of is not None else "of"
        for i, member in enumerate(gate.members):
            if member not in seen[:-1]:
                where = "is defined below it" if member in gates else "is not defined"
                hint = suggest(member, seen[:-1]) if member not in gates else ""
                problems.append(doc.problem((*loc, field, i), f"gates.{gid}.{field}: gate '{member}' "
                                            f"{where}; a composite gate names gates defined above it{hint}"))


def check_set(doc: Document, catalogue: Catalogue | None, problems: list[Problem]) -> None:
    """References inside a criteria set and against the catalogue, entry by entry."""
    raw = doc.data
    if isinstance(raw.get("id"), str):
        stem_matches(doc, ("id",), raw["id"], "criteria set", problems)
    pillars = mapping_entries(raw, "pillars")
    gates = mapping_entries(raw, "gates")
    indicators = catalogue.indicators if catalogue is not None else None
    used: set[str] = set()
    for cid, entry in mapping_entries(raw, "criteria").items():
        loc: Loc = ("criteria", cid)
        crit = quiet(Criterion, entry)
        if crit is None:
            continue
        used.add(crit.pillar)
        ref(doc, (*loc, "pillar"), "pillar", crit.pillar, pillars, problems)
        if indicators is None:
            continue
        if ref(doc, (*loc, "indicator"), "indicator", crit.indicator, indicators, problems):
            _check_criterion(doc, loc, crit, indicators[crit.indicator], problems)
    if mapping_entries(raw, "criteria"):
        for pid in pillars:
            if pid not in used:
                problems.append(doc.problem(("pillars", pid), f"pillar '{pid}' has no criteria; "
                                                               "add one or remove the pillar", key=True))
    deciding.check_policies(doc, raw, problems)
    _check_status_from(doc, raw, indicators, problems)
    _check_gates(doc, raw, gates, indicators, problems)
    if indicators is not None:
        for name in mapping_entries(raw, "published_after_years"):
            loc = ("published_after_years", name)
            if ref(doc, loc, "indicator", name, indicators, problems, key=True) and not indicators[name].flows:
                problems.append(doc.problem(loc, f"published_after_years.{name}: '{name}' is a state, known from "
                                                 "the year it is dated; a publication lag is for flows", key=True))
    outcomes = raw.get("outcomes")
    if isinstance(outcomes, list):
        _check_outcomes(doc, outcomes, pillars, gates, mapping_entries(raw, "criteria"), problems)
    _check_weights(doc, raw, problems)


def _check_status_from(doc: Document, raw: dict[str, Any], indicators: Mapping[str, Indicator] | None,
                       problems: list[Problem]) -> None:
    """``status_from:`` names a category state whose categories hold every status the set grants."""
    source = raw.get("status_from")
    if not isinstance(source, str) or indicators is None:
        return
    if not ref(doc, ("status_from",), "indicator", source, indicators, problems):
        return
    indicator = indicators[source]
    if indicator.type != "category" or indicator.flows:
        problems.append(doc.problem(("status_from",), f"status_from: '{source}' is a {indicator.type}"
                                                      f"{' flow' if indicator.flows else ''}; the status held "
                                                      "is read from a category state, such as a partnership "
                                                      "level"))
        return
    missing = [s for s in deciding.statuses_of(deciding.outcomes_of(raw))
               if s != "none" and s not in (indicator.categories or [])]
    if missing:
        what = "a status the set grants; add it" if len(missing) == 1 else "statuses the set grants; add them"
        problems.append(doc.problem(("status_from",), f"status_from: the categories of '{source}' do not "
                                                      f"include {', '.join(repr(m) for m in missing)}, {what} "
                                                      "to the indicator's categories or leave out status_from "
                                                      "to read the status from the partners' history"))


def _weight(entry: Any) -> float | None:
    weight = entry.get("weight") if isinstance(entry, dict) else None
    return float(weight) if isinstance(weight, int | float) and not isinstance(weight, bool) else None


def _check_weights(doc: Document, raw: dict[str, Any], problems: list[Problem]) -> None:
    """A warning for a weight more than ``WEIGHT_OUTLIER`` times the median of its siblings' (the
    other pillars, the other criteria of its pillar): 200 typed for 20 scores, it does not fail."""
    families: list[tuple[str, dict[str, Any]]] = [("pillars", mapping_entries(raw, "pillars"))]
    by_pillar: dict[str, dict[str, Any]] = {}
    for cid, entry in mapping_entries(raw, "criteria").items():
        if isinstance(entry, dict) and isinstance(entry.get("pillar"), str):
            by_pillar.setdefault(entry["pillar"], {})[cid] = entry
    families += [("criteria", members) for _, members in sorted(by_pillar.items())]
    for section, members in families:
        # a weight outside (0, WEIGHT_MAX] is already an error at the same place: no warning besides it
        weights = {k: w for k, w in ((k, _weight(e)) for k, e in members.items())
                   if w is not None and 0 < w <= WEIGHT_MAX}
        for name, weight in weights.items():
            others = sorted(w for k, w in weights.items() if k != name)
            if not others:
                continue
            middle = len(others) // 2          # sorted: the median, without importing statistics
            median = others[middle] if len(others) % 2 else (others[middle - 1] + others[middle]) / 2
            if weight > WEIGHT_OUTLIER * median:
                kin = "the other pillars" if section == "pillars" else "the other criteria of its pillar"
                problems.append(doc.problem((section, name, "weight"), f"{section}.{name}.weight: {weight:g} is "
                                            f"more than {WEIGHT_OUTLIER} times the median weight of {kin} "
                                            f"({median:g}); check for a typing mistake", warning=True))


def _check_outcomes(doc: Document, raw_outcomes: list[Any], pillars: dict[str, Any],
                    gates: dict[str, Any], criteria: dict[str, Any], problems: list[Problem]) -> None:
    ids: dict[str, int] = {}
    last = len(raw_outcomes) - 1
    for i, entry in enumerate(raw_outcomes):
        outcome = quiet(Outcome, entry)
        if outcome is None:
            continue
        loc: Loc = ("outcomes", i)
        if outcome.id == INSUFFICIENT:
            problems.append(doc.problem((*loc, "id"), f"outcome id '{INSUFFICIENT}' is reserved: it is "
                                                      "given when completeness is below min_completeness"))
        if outcome.id in ids:
            problems.append(doc.problem((*loc, "id"), f"duplicate outcome id '{outcome.id}' "
                                                      f"(also outcomes[{ids[outcome.id]}])"))
        ids.setdefault(outcome.id, i)
        req = outcome.require
        empty = req is None or req.is_empty()
        if i == last and not empty:
            problems.append(doc.problem((*loc, "require"), "the last outcome is the fallback and must "
                                                           "have no requirements; add one after it"))
        if i < last and empty:
            problems.append(doc.problem(loc, f"outcome '{outcome.id}' has no requirements, so the "
                                             "outcomes after it can never be given"))
        if req is None:
            continue
        rloc = (*loc, "require")
        if isinstance(req.gates, list):
            for j, gid in enumerate(req.gates):
                ref(doc, (*rloc, "gates", j), "gate", gid, gates, problems)
        if isinstance(req.pillars, dict):
            for pid in req.pillars:
                ref(doc, (*rloc, "pillars", pid), "pillar", pid, pillars, problems, key=True)
        for cid in req.criteria or {}:
            ref(doc, (*rloc, "criteria", cid), "criterion", cid, criteria, problems, key=True)


