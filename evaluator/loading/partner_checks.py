"""Checks of a partner file across files: its indicators in the catalogue, each value of its type,
its currencies in the rates, its history and requests in order."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from ..base.errors import Problem
from ..base.text import suggest
from . import deciding
from .checks import RATES, mapping_entries, ref, stem_matches, value_problem
from .models import Catalogue, Indicator
from .pydantic_errors import dotted
from .records import Rates
from .yamlfile import Document, Loc


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
        stem_matches(doc, (*base, "id"), ident, "partner", problems)
    known = sorted({*statuses, "none"}) if statuses is not None else None
    if isinstance(raw, dict) and isinstance(raw.get("history"), list):
        _check_history(doc, (*base, "history"), len(base), raw, problems, known)
    elif isinstance(raw, dict) and known is not None:
        _check_status(doc, base, raw, known, problems)
    deciding.check_requests(doc, raw, base, statuses, problems)
    if catalogue is None:
        return
    this_year = datetime.date.today().year
    for name, entry in mapping_entries(raw, "indicators").items():
        loc = (*base, "indicators", name)
        if ref(doc, loc, "indicator", name, catalogue.indicators, problems, key=True):
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


