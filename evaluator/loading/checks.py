"""Checks across files: references between ids, values against the catalogue, rules against types."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..base.choices import YEAR_MAX, YEAR_MIN
from ..base.errors import Problem
from ..base.fields import WEIGHT_MAX, check_id
from ..base.text import suggest
from ..rules import NUMERIC_TYPES, type_problem
from . import deciding
from .models import INSUFFICIENT, STATUS, Bound, Catalogue, CriteriaSet, Criterion, Gate, Indicator, Outcome, Window
from .pydantic_errors import DIGITS_HINT, dotted, short
from .records import Case, DecisionFile, Member, Rates, ReviewFile
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


def value_problem(indicator: Indicator, value: Any) -> str | None:
    """Why ``value`` does not fit ``indicator``, or None when it does."""
    kind = indicator.type
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    hint = DIGITS_HINT if isinstance(value, str) else ""
    if kind in {"number", "percent"} and not is_number:
        return f"expected a number for a {kind} indicator, got {short(value)}{hint}"
    if kind in {"integer", "year"} and not (is_number and isinstance(value, int)):
        article = "an" if kind == "integer" else "a"
        return f"expected a whole number for {article} {kind} indicator, got {short(value)}{hint}"
    if kind == "year" and not YEAR_MIN <= value <= YEAR_MAX:
        return f"a year must lie in {YEAR_MIN}..{YEAR_MAX}, got {value}"
    if kind == "percent" and not 0 <= value <= 100:
        return f"a percent must lie in 0..100, got {value}"
    if kind == "boolean" and not isinstance(value, bool):
        return f"expected true or false, got {short(value)}"
    if kind == "category":
        if not isinstance(value, str):
            return f"expected one of the categories, got {short(value)}"
        if indicator.categories is not None and value not in indicator.categories:
            choices = ", ".join(indicator.categories)
            return f"unknown category {short(value)}{suggest(value, indicator.categories)}; choose one of: {choices}"
    if is_number and indicator.min is not None and value < indicator.min:
        return f"must be at least {indicator.min:g}, got {value:g}"
    if is_number and indicator.max is not None and value > indicator.max:
        return f"must be at most {indicator.max:g}, got {value:g}"
    return None


def _ref(doc: Document, loc: Loc, what: str, name: str, known: Mapping[str, Any] | list[str],
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


def _stem_matches(doc: Document, loc: Loc, ident: str, what: str, problems: list[Problem]) -> None:
    try:
        check_id(ident)
    except ValueError:
        return  # the id itself is reported by the model
    stem = Path(doc.path.name).name.removesuffix(".yaml")
    if stem != ident:
        problems.append(doc.problem(loc, f"the {what} id '{ident}' does not match the file name "
                                         f"'{doc.path.name}'; rename one to match the other"))


def _quiet(model: type[M], raw: Any) -> M | None:
    """``raw`` validated as ``model``, or None; its errors are reported by the whole-file parse."""
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def _entries(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, dict) else {}


def check_partner(doc: Document, catalogue: Catalogue | None, problems: list[Problem], *, rates: Rates | None = None,
                  base: Loc = (), file_id: bool = True, statuses: Collection[str] | None = None) -> None:
    """A partner's id against its file name and its values against the catalogue.

    Works on the raw data, entry by entry, so that these checks run even when another part
    of the file is invalid: every mistake of a file is reported in one run.
    """
    raw: Any = doc.data
    for part in base:
        raw = raw[part]
    ident = raw.get("id") if isinstance(raw, dict) else None
    if file_id and isinstance(ident, str):
        _stem_matches(doc, (*base, "id"), ident, "partner", problems)
    known = sorted({*statuses, "none"}) if statuses is not None else None
    if isinstance(raw, dict) and isinstance(raw.get("history"), list):
        _check_history(doc, (*base, "history"), len(base), raw, problems, known)
    elif isinstance(raw, dict) and known is not None:
        _check_status(doc, base, raw, known, problems)
    deciding.check_requests(doc, raw, base, statuses, problems)
    if catalogue is None:
        return
    this_year = datetime.date.today().year
    for name, entry in _entries(raw, "indicators").items():
        loc = (*base, "indicators", name)
        if _ref(doc, loc, "indicator", name, catalogue.indicators, problems, key=True):
            _check_observations(doc, loc, len(base), catalogue.indicators[name], entry, problems, rates, this_year)


def _check_status(doc: Document, base: Loc, raw: dict[str, Any], known: list[str], problems: list[Problem],
                  held: str | None = None) -> bool:
    """Whether ``status`` is one the criteria sets grant (or ``none``); when not, an error if the last
    ``history`` entry (``held``) says another, else a warning: a status no outcome recommends places
    the partner nowhere on the ladder. A past status in ``history`` may be one no longer granted
    (China and Russia were Consultative Partners from 1991 to 1996)."""
    status = raw.get("status", "none")
    if not isinstance(status, str) or status in known:
        return True
    loc: Loc = (*base, "status")
    text = f"status: '{status}' is not a status the criteria sets grant{suggest(status, known)}"
    if held is not None and held != status:
        problems.append(doc.problem(loc, f"{text}, and the last history entry says '{held}'; make them agree"))
    else:
        problems.append(doc.problem(loc, f"{text}; they grant: {', '.join(known)}", warning=True))
    return False


def _year_of(entry: Any) -> int | None:
    year = entry.get("year") if isinstance(entry, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _check_history(doc: Document, loc: Loc, skip: int, raw: dict[str, Any], problems: list[Problem],
                   known: list[str] | None = None) -> None:
    """Status decisions oldest first, none in the future; the last one agrees with status and since."""
    entries = raw["history"]
    this_year = datetime.date.today().year
    before: int | None = None
    for k, entry in enumerate(entries):
        year = _year_of(entry)
        if year is None:
            continue
        label = dotted((*loc, k)[skip:])
        if year > this_year:
            problems.append(doc.problem((*loc, k, "year"), f"{label}.year: {year} is after {this_year}; "
                                                            "a decision cannot be from the future"))
        if before is not None and year <= before:
            problems.append(doc.problem((*loc, k, "year"), f"{label}.year: {year} is not after the entry "
                                                            f"before it ({before}); list decisions oldest first, "
                                                            "one per year"))
        before = year
    last = entries[-1] if entries else None
    if not isinstance(last, dict):
        return
    where = dotted((*loc, len(entries) - 1)[skip:])
    status, since = raw.get("status", "none"), raw.get("since")
    held = last.get("status") if isinstance(last.get("status"), str) else None
    if known is not None and not _check_status(doc, loc[:-1], raw, known, problems, held):
        pass                # reported at the status, once
    elif isinstance(last.get("status"), str) and last["status"] != status:
        problems.append(doc.problem((*loc, len(entries) - 1, "status"),
                                    f"{where}.status: the last decision says '{last['status']}' but status "
                                    f"is '{status}'; make them agree"))
    if since is not None and _year_of(last) is not None and last["year"] != since:
        problems.append(doc.problem((*loc, len(entries) - 1, "year"),
                                    f"{where}.year: the last decision is from {last['year']} but since is "
                                    f"{since}; make them agree"))


def _check_currency(doc: Document, where: Loc, label: str, indicator: Indicator, currency: str, year: Any,
                    rates: Rates | None, problems: list[Problem]) -> None:
    """An amount in another currency: the indicator is in the base currency, and a rate of its year exists."""
    base = rates.base if rates is not None else "USD"
    at = (*where, "currency")
    if indicator.unit != base:
        problems.append(doc.problem(at, f"{label}.currency: only an amount in {base} is converted, and this "
                                        f"indicator is in {indicator.unit or 'no unit'}"))
    elif currency != base and isinstance(year, int) and (rates is None or rates.rate(currency, year) is None):
        problems.append(doc.problem(at, f"{label}.currency: no {currency} rate for {year} in "
                                        f"criteria/{RATES}; add its annual average ({base} per {currency}) with "
                                        "its source"))


def _check_observations(doc: Document, loc: Loc, skip: int, indicator: Indicator, entry: Any,
                        problems: list[Problem], rates: Rates | None, this_year: int) -> None:
    """Each observation's value against the indicator; a flow's year given; years past (``this_year``
    the last); one observation per year and grade (two sources of different grades may give the same
    year: the higher grade counts)."""
    listed = entry if isinstance(entry, list) else [entry]
    places = [loc] if not isinstance(entry, list) else [(*loc, k) for k in range(len(entry))]
    seen: dict[object, Loc] = {}
    for where, obs in zip(places, listed, strict=True):
        if not isinstance(obs, dict):
            continue
        label = _Label(where[skip:])                 # written out only for a message
        if "value" in obs:
            why = value_problem(indicator, obs["value"])
            if why is not None:
                problems.append(doc.problem((*where, "value"), f"{label}.value: {why}"))
        year = obs.get("year")
        if isinstance(obs.get("currency"), str):
            _check_currency(doc, where, str(label), indicator, obs["currency"], year, rates, problems)
        if indicator.flows and "year" not in obs:
            problems.append(doc.problem(where, f"{label}: a flow needs the year of its data; add 'year:'"))
        elif "year" not in obs and not indicator.dated_by_value and not indicator.timeless:
            problems.append(doc.problem(where, f"{label}: every fact needs the year it became true, so that a "
                                               "replay of an earlier year does not see it; add 'year:' (and "
                                               "'date:' when the source gives the day)"))
        if isinstance(year, int) and not isinstance(year, bool) and year > this_year:
            problems.append(doc.problem((*where, "year"), f"{label}.year: {year} is after {this_year}; "
                                                          "an observation cannot be from the future"))
        if isinstance(year, int | None) and not isinstance(year, bool):
            key = (year, obs.get("grade"))
            if key in seen:
                what = f"the year {year}" if year is not None else "no year"
                problems.append(doc.problem((*where, "year") if year is not None else where,
                                            f"{label}: {what} again (also {dotted(seen[key])}); keep one "
                                            "observation per year, or grade both sources differently so that "
                                            "the higher grade counts"))
            else:
                seen[key] = where[skip:]


class _Label:
    """A place in a file as a message names it (``indicators.trade[2]``), written out only when a
    message is (most observations have none)."""

    __slots__ = ("loc",)

    def __init__(self, loc: Loc) -> None:
        self.loc = loc

    def __str__(self) -> str:
        return dotted(self.loc)


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
        if gid in _entries(raw, "criteria"):
            problems.append(doc.problem(loc, f"'{gid}' is both a gate and a criterion; "
                                             "give them different ids", key=True))
        gate = _quiet(Gate, entry)
        seen.append(gid)
        if gate is None:
            continue
        if gate.indicator == STATUS:
            deciding.check_gate(doc, gid, gate, None, statuses, problems)
        elif gate.indicator is not None and indicators is not None:
            if _ref(doc, (*loc, "indicator"), "indicator", gate.indicator, [*indicators, STATUS], problems):
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
        _stem_matches(doc, ("id",), raw["id"], "criteria set", problems)
    pillars = _entries(raw, "pillars")
    gates = _entries(raw, "gates")
    indicators = catalogue.indicators if catalogue is not None else None
    used: set[str] = set()
    for cid, entry in _entries(raw, "criteria").items():
        loc: Loc = ("criteria", cid)
        crit = _quiet(Criterion, entry)
        if crit is None:
            continue
        used.add(crit.pillar)
        _ref(doc, (*loc, "pillar"), "pillar", crit.pillar, pillars, problems)
        if indicators is None:
            continue
        if _ref(doc, (*loc, "indicator"), "indicator", crit.indicator, indicators, problems):
            _check_criterion(doc, loc, crit, indicators[crit.indicator], problems)
    if _entries(raw, "criteria"):
        for pid in pillars:
            if pid not in used:
                problems.append(doc.problem(("pillars", pid), f"pillar '{pid}' has no criteria; "
                                                               "add one or remove the pillar", key=True))
    deciding.check_policies(doc, raw, problems)
    _check_status_from(doc, raw, indicators, problems)
    _check_gates(doc, raw, gates, indicators, problems)
    if indicators is not None:
        for name in _entries(raw, "published_after_years"):
            loc = ("published_after_years", name)
            if _ref(doc, loc, "indicator", name, indicators, problems, key=True) and not indicators[name].flows:
                problems.append(doc.problem(loc, f"published_after_years.{name}: '{name}' is a state, known from "
                                                 "the year it is dated; a publication lag is for flows", key=True))
    outcomes = raw.get("outcomes")
    if isinstance(outcomes, list):
        _check_outcomes(doc, outcomes, pillars, gates, _entries(raw, "criteria"), problems)
    _check_weights(doc, raw, problems)


def _check_status_from(doc: Document, raw: dict[str, Any], indicators: Mapping[str, Indicator] | None,
                       problems: list[Problem]) -> None:
    """``status_from:`` names a category state whose categories hold every status the set grants."""
    source = raw.get("status_from")
    if not isinstance(source, str) or indicators is None:
        return
    if not _ref(doc, ("status_from",), "indicator", source, indicators, problems):
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
    families: list[tuple[str, dict[str, Any]]] = [("pillars", _entries(raw, "pillars"))]
    by_pillar: dict[str, dict[str, Any]] = {}
    for cid, entry in _entries(raw, "criteria").items():
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
        outcome = _quiet(Outcome, entry)
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
                _ref(doc, (*rloc, "gates", j), "gate", gid, gates, problems)
        if isinstance(req.pillars, dict):
            for pid in req.pillars:
                _ref(doc, (*rloc, "pillars", pid), "pillar", pid, pillars, problems, key=True)
        for cid in req.criteria or {}:
            _ref(doc, (*rloc, "criteria", cid), "criterion", cid, criteria, problems, key=True)


def check_cases(cases: list[Case], doc: Document, cset: CriteriaSet | None, partners: Mapping[str, Any],
                catalogue: Catalogue | None, problems: list[Problem], rates: Rates | None = None,
                unread: Unread = NOTHING_UNREAD) -> None:
    """The cases of a criteria tests file against its set and the partners of the root."""
    stem = doc.path.name.removesuffix(".tests.yaml")
    if cset is None and stem not in unread.sets:
        problems.append(doc.problem((), f"no criteria set '{stem}' for this tests file; "
                                        f"expected criteria/{stem}.yaml"))
    outcomes = [o.id for o in cset.outcomes] + [INSUFFICIENT] if cset is not None else None
    for i, case in enumerate(cases):
        loc: Loc = ("cases", i)
        if case.partner is not None:
            _ref(doc, (*loc, "partner"), "partner", case.partner, partners, problems, unread=unread.partners)
        if case.partner_data is not None:
            if case.partner_id in partners:
                problems.append(doc.problem((*loc, "name"), f"the inline case name '{case.partner_id}' "
                                                            "is the id of a partner file; choose another"))
            check_partner(doc, catalogue, problems, base=(*loc, "partner_data"), file_id=False, rates=rates)
        if outcomes is not None and cset is not None:
            _ref(doc, (*loc, "outcome"), "outcome", case.outcome, outcomes, problems)
            for gid in case.gates or {}:
                _ref(doc, (*loc, "gates", gid), "gate", gid, cset.gates, problems, key=True)


def check_decisions(decisions: DecisionFile, doc: Document, cset: CriteriaSet | None,
                    partners: Mapping[str, Any], problems: list[Problem], unread: Unread = NOTHING_UNREAD) -> None:
    """Each decision names a partner of the root and a status an outcome of its set recommends, once
    per partner and year, and no earlier than the partner's first dated observation."""
    stem = doc.path.name.removesuffix(".decisions.yaml")
    if cset is None:
        if stem not in unread.sets:
                problems.append(doc.problem((), f"no criteria set '{stem}' for this decisions file; "
                                            f"expected criteria/{stem}.yaml"))
        return
    statuses = list(dict.fromkeys(cset.outcome_status(k) for k in range(len(cset.outcomes))))
    seen: dict[tuple[str, int], int] = {}
    for i, decision in enumerate(decisions.decisions):
        loc: Loc = ("decisions", i)
        if not _ref(doc, (*loc, "partner"), "partner", decision.partner, partners, problems,
                    unread=unread.partners):
            continue
        for field_name in ("status", "requested"):
            value = getattr(decision, field_name)
            if value is not None and value not in statuses:
                problems.append(doc.problem((*loc, field_name), f"decisions[{i}].{field_name}: '{value}' is not a "
                                                                "status the set's outcomes recommend; choose one "
                                                                f"of: {', '.join(statuses)}"))
        if decision.year > datetime.date.today().year:
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}].year: {decision.year} is after "
                                                        f"{datetime.date.today().year}; a decision cannot be from "
                                                        "the future"))
        key = (decision.partner, decision.year)
        if key in seen:
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}]: {decision.partner} in {decision.year} "
                                                        f"again (also decisions[{seen[key]}]); keep one decision "
                                                        "per partner and year"))
        seen.setdefault(key, i)
        first = _first_year(partners[decision.partner])
        if first is not None and decision.year < first and not _undated(partners[decision.partner]):
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}].year: {decision.year} is before any "
                                                        f"evidence on {decision.partner} (its first dated "
                                                        f"observation is from {first}); a backtest could only "
                                                        "replay an empty file"))


def _undated(partner: Any) -> bool:
    """True when a partner has an observation without a year (a timeless fact, or a year state)."""
    model = getattr(partner, "model", partner)
    return any(o.year is None for name in model.indicators for o in model.observations(name))


def _first_year(partner: Any) -> int | None:
    """The year of a partner's earliest dated observation, if any."""
    model = getattr(partner, "model", partner)
    years = [o.year for name in model.indicators for o in model.observations(name) if o.year is not None]
    return min(years) if years else None


def check_reviews(reviews: ReviewFile, doc: Document, partners: Mapping[str, Any],
                  outcome_ids: set[str], problems: list[Problem], unread: Unread = NOTHING_UNREAD) -> None:
    """A review file names a partner of the root and outcomes of its criteria sets."""
    stem = doc.path.name.removesuffix(".yaml")
    if stem not in partners and stem not in unread.partners:
        problems.append(doc.problem((), f"no partner '{stem}' for this review file{suggest(stem, partners)}"))
    for i, review in enumerate(reviews.reviews):
        if review.outcome is not None and not unread.sets:
            _ref(doc, ("reviews", i, "outcome"), "outcome", review.outcome, sorted(outcome_ids | {INSUFFICIENT}),
                 problems)


def check_member(member: Member, doc: Document, sets: Mapping[str, CriteriaSet], problems: list[Problem],
                 unread: Unread = NOTHING_UNREAD) -> None:
    """A member file: its id is its file name; every pillar and criterion it names exists in a set;
    a ranking names each pillar once; pairwise comparisons cover each pair of pillars once.

    While a criteria set does not load, its pillars and criteria are not known: names are not
    checked against the others, whose lists would call them unknown."""
    _stem_matches(doc, ("id",), member.id, "member", problems)
    if unread.sets:
        return
    pillars = sorted({p for s in sets.values() for p in s.pillars})
    criteria = sorted({c for s in sets.values() for c in s.criteria})
    if member.weights is not None:
        for pid in member.weights.pillars:
            _ref(doc, ("weights", "pillars", pid), "pillar", pid, pillars, problems, key=True)
        for cid in member.weights.criteria:
            _ref(doc, ("weights", "criteria", cid), "criterion", cid, criteria, problems, key=True)
    if member.ranking is not None:
        for i, pid in enumerate(member.ranking):
            if _ref(doc, ("ranking", i), "pillar", pid, pillars, problems) and member.ranking.index(pid) < i:
                problems.append(doc.problem(("ranking", i), f"ranking: '{pid}' is ranked twice; name each "
                                                            "pillar once, most important first"))
    if member.pairwise is not None:
        seen: set[frozenset[str]] = set()
        for i, c in enumerate(member.pairwise):
            a, b = c.more, c.than
            known = all([_ref(doc, ("pairwise", i, n), "pillar", p, pillars, problems)
                         for n, p in (("more", a), ("than", b))])
            pair = frozenset((a, b))
            if known and (a == b or pair in seen):
                problems.append(doc.problem(("pairwise", i), f"pairwise: the pair {a}, {b} is "
                                            + ("one pillar twice" if a == b else "compared twice")
                                            + "; compare each pair of pillars once"))
            seen.add(pair)
