"""Which observation counts, as of a point in time: the one reader of evidence (SPEC section 5).

Everything that asks "what did we know then?" asks here: ``score``, ``rank``, ``history`` (through
the flattened ``Series``), ``backtest``, ``calibrate``, ``diff``, ``sources`` and every
explanation. The rules, in the order they apply:

1. **Every fact has a time.** An observation is dated by its ``year:`` (and ``date:`` when the
   record has one); a ``type: year`` state without a ``year:`` is dated by its value (a TAC
   accession of 2012 is known from 2012). An undated observation of any other indicator is
   refused by validation unless the catalogue marks the indicator ``timeless``; such a fact is
   seen at every point in time.
2. **Nothing is seen before it could have been published.** A flow of data year Y is seen from
   Y + its publication lag on (``published_after_years`` in the catalogue, which a set may
   override).
3. **A point in time** (``Cutoff``) is the end of an as-of year, or the day of a decision. A
   decision sees what is dated by ``date:`` before its day, or by ``year:`` before its year: a
   fact of its own year without a date may be one the decision created, so it is not seen.
4. **Of two sources for one year, the higher grade counts**, among those seen.
5. **A flow criterion reads the latest visible year**, or a window of N years ending at it;
   an amount in another currency is converted with the rate of its own year. A state reads the
   latest visible fact, whatever its age. Staleness is counted from the year scored.

The scalar readers (``read``, ``seen``) serve one partner at a time; ``series.Series`` serves the
stacked years of ``history`` with the same rules as arrays (a property test holds them equal);
``held`` reads the status a partner holds and the request it has open by the same rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..base.choices import GRADES
from ..base.text import fmt_money, fmt_value
from ..loading.models import Window
from ..loading.records import Obs, Observation, Rates, Value

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ..loading.records import Partner

    IntArray = npt.NDArray[np.int64]
    Array = npt.NDArray[np.float64]
    Mask = npt.NDArray[np.bool_]


class Column(Protocol):
    """How a criterion or a simple gate reads its indicator (``structure.CompiledCriterion`` and
    ``CompiledGate`` both are one)."""

    @property
    def indicator(self) -> str | None: ...
    @property
    def flows(self) -> bool: ...
    @property
    def lag(self) -> int: ...
    @property
    def dated_by_value(self) -> bool: ...
    @property
    def window(self) -> Window | None: ...


# --- points in time ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Cutoff:
    """A point in time a replay stands at: what is dated before ``before`` is seen.

    ``year`` is the year scored: staleness, ``relative: as-of`` and tenures count from it.
    ``before`` is the ordinal (``datetime.date.toordinal``) of the first day not seen: the
    1st of January after an as-of year, or the day of a decision.
    """

    year: int
    before: int
    date: str | None = None      # the decision's date as written; None for an as-of year

    @classmethod
    def end_of(cls, year: int) -> Cutoff:
        """The end of an as-of year: everything dated in it or before it is seen."""
        return cls(year, _ordinal(year + 1, 1, 1))

    @classmethod
    def decision(cls, year: int, date: str | None = None) -> Cutoff:
        """A decision's day (or, with no date, the start of its year): a fact of its own year is
        seen only when a ``date:`` puts it before the day."""
        if date is None:
            return cls(year, _ordinal(year, 1, 1), f"{year}")
        return cls(year, datetime.date.fromisoformat(date).toordinal(), date)

    @property
    def at_year_end(self) -> bool:
        """True for the end of an as-of year."""
        return self.date is None

    @property
    def text(self) -> str:
        """``the end of 2021``, ``2 Aug 2021`` or ``the start of 2021``."""
        if self.date is None:
            return f"the end of {self.year}"
        if len(self.date) == 4:
            return f"the start of {self.year}"
        day = datetime.date.fromisoformat(self.date)
        return f"{day.day} {day.strftime('%b')} {day.year}"


def _ordinal(year: int, month: int, day: int) -> int:
    """A day as an ordinal; the years around the bounds are clipped (Python's dates end at 9999)."""
    return datetime.date(min(max(year, 1), 9999), month, day).toordinal()


def as_cutoff(when: int | Cutoff) -> Cutoff:
    """An as-of year as the end of that year; a cutoff as it is."""
    return when if isinstance(when, Cutoff) else Cutoff.end_of(when)


def dated_year(obs: Obs, column: Column) -> int | None:
    """The year an observation is dated by: its ``year:``, else its value for a year state; None
    for a timeless fact."""
    if obs.year is not None:
        return obs.year
    if column.dated_by_value and isinstance(obs.value, int) and not isinstance(obs.value, bool):
        return obs.value
    return None


def lag_of(column: Column) -> int:
    """Years between a flow's data year and the year it is first seen (0 for a state)."""
    return column.lag if column.flows else 0


def is_visible(obs: Obs, column: Column, cutoff: Cutoff) -> bool:
    """True when the observation could be known at ``cutoff``."""
    year = dated_year(obs, column)
    if year is None:
        return True
    if year + lag_of(column) > cutoff.year:
        return False
    if year < cutoff.year:            # its day (a date lies in its year) is before any day of the cutoff's year
        return True
    day = (datetime.date.fromisoformat(obs.date).toordinal() if obs.date is not None
           else _ordinal(year, 12, 31))
    return day < cutoff.before


def visible_record(year: int, date: str | None, cutoff: Cutoff) -> bool:
    """A record dated by ``year`` (and ``date``) is known at ``cutoff``."""
    if year > cutoff.year:
        return False
    day = datetime.date.fromisoformat(date).toordinal() if date is not None else _ordinal(year, 12, 31)
    return day < cutoff.before



# --- one partner, one column --------------------------------------------------------------------


def _rank(obs: Obs) -> int:
    """How authoritative an observation's source is: 0 for official statistics, then official
    statements, news agencies, secondary sources; an ungraded one after them all."""
    return GRADES.index(obs.grade) if obs.grade in GRADES else len(GRADES)


def listed(entry: Obs | Sequence[Obs] | None) -> list[Obs]:
    """The observations of an indicator's entry, as a list in file order."""
    if entry is None:
        return []
    return [entry] if isinstance(entry, Value | Observation) else list(entry)


def preferred(observations: Sequence[Obs], column: Column) -> list[Obs]:
    """One observation per dated year (and one timeless): where sources of different grades give
    the same year, the one of the highest grade (validation refuses two of the same grade). The
    result is oldest first, the timeless one before every dated one."""
    best: dict[int | None, Obs] = {}
    for obs in observations:
        year = dated_year(obs, column)
        kept = best.get(year)
        if kept is None or _rank(obs) < _rank(kept):
            best[year] = obs
    return [best[y] for y in sorted(best, key=lambda y: -1 if y is None else y)]


def seen(entry: Obs | Sequence[Obs] | None, column: Column, cutoff: Cutoff) -> list[Obs]:
    """The observations visible at ``cutoff``, the preferred one per year, oldest first."""
    if isinstance(entry, Value | Observation):     # one observation (the common case): none to prefer
        return [entry] if is_visible(entry, column, cutoff) else []
    return preferred([o for o in listed(entry) if is_visible(o, column, cutoff)], column)


def later(entry: Obs | Sequence[Obs] | None, column: Column, cutoff: Cutoff) -> list[Obs]:
    """The observations a replay at ``cutoff`` does not see because they came later."""
    return [o for o in listed(entry) if not is_visible(o, column, cutoff)]


@dataclass(frozen=True)
class Conversion:
    """An amount announced in another currency, and the rate that converted it."""

    amount: float
    currency: str
    rate: float
    year: int
    source: str

    def text(self, base: str) -> str:
        """``GBP 25 m at 1.2829 USD per GBP (2020 rate: Federal Reserve G.5A)``."""
        return (f"{fmt_money(self.amount, self.currency)} at {self.rate:g} {base} per {self.currency} "
                f"({self.year} rate: {self.source})")


@dataclass(frozen=True)
class Reading:
    """What a criterion or gate read when it is more than one plain observation: several years of a
    flow through a window, or an amount converted from another currency, or both."""

    value: float
    year: int                       # the latest year used
    source: str
    url: str | None
    years: tuple[int, ...]          # every year used
    aggregate: str | None           # mean | sum | max | latest, for a window
    conversions: tuple[Conversion, ...] = ()
    base: str = "USD"
    grades: tuple[str | None, ...] = ()   # every observation's grade, in the order of ``years``
    values: tuple[float, ...] = ()        # every observation's value in the base currency, likewise

    @property
    def grade(self) -> str | None:
        """The lowest grade among the observations used (None when any is ungraded)."""
        return lowest_grade(self.grades)


def lowest_grade(grades: Iterable[str | None]) -> str | None:
    """The least authoritative of some grades (None when any is ungraded)."""
    ranks = [GRADES.index(g) if g in GRADES else None for g in grades]
    if not ranks or any(r is None for r in ranks):
        return None
    return GRADES[max(r for r in ranks if r is not None)]


AGGREGATES: dict[str, Callable[[list[Any]], Any]] = {
    "mean": lambda xs: sum(xs) / len(xs), "sum": sum, "max": max, "latest": lambda xs: xs[-1]}


def amount(obs: Obs, rates: Rates) -> tuple[Any, Conversion | None]:
    """The observation's value in the base currency, with the conversion when there was one; None
    when no rate of its year is on file (refused by validation; never guessed from another year)."""
    if obs.currency is None or obs.currency == rates.base:
        return obs.value, None
    rate = rates.rate(obs.currency, obs.year)
    if rate is None or obs.year is None or not isinstance(obs.value, int | float):
        return None, None
    return obs.value * rate.rate, Conversion(float(obs.value), obs.currency, rate.rate, obs.year, rate.source)


def _converted(obs: Obs, rates: Rates) -> Obs | Reading | None:
    """A plain observation as it is, or converted to the base currency with its year's rate."""
    if obs.currency is None or obs.currency == rates.base:
        return obs
    value, conversion = amount(obs, rates)
    if value is None or conversion is None:
        return None
    return Reading(value, conversion.year, obs.source, obs.url, (conversion.year,), None, (conversion,), rates.base,
                   (obs.grade,), (float(value),))


def _latest(observations: list[Obs]) -> Obs | None:
    """The latest dated observation, else the timeless one (``observations`` oldest first)."""
    return observations[-1] if observations else None


def window_of(observations: list[Obs], years: int, column: Column) -> list[Obs]:
    """The dated observations of the ``years`` years ending at the latest one, oldest first.

    The window is anchored at the latest figure, not at the year scored: statistics are
    published a year or more late, and a window of calendar years before the as-of year would
    hold nothing. How old that latest figure may be is the criterion's ``max_age_years``.
    """
    dated = [(y, o) for o in observations if (y := dated_year(o, column)) is not None]
    if not dated:
        return []
    anchor = dated[-1][0]
    return [o for y, o in dated if anchor - years < y]


def read(entry: Obs | Sequence[Obs] | None, column: Column, cutoff: Cutoff,
         rates: Rates) -> Obs | Reading | None:
    """What a criterion or simple gate reads at ``cutoff``: the latest visible observation, or the
    aggregate of its window, converted to the base currency; None when nothing usable is seen."""
    observations = seen(entry, column, cutoff)
    if column.window is None:
        latest = _latest(observations)
        return None if latest is None else _converted(latest, rates)
    used = window_of(observations, column.window.years, column)
    amounts = [amount(o, rates) for o in used]
    if not used or any(value is None for value, _ in amounts):
        return None
    sources = list(dict.fromkeys(o.source for o in used))
    value = AGGREGATES[column.window.aggregate]([value for value, _ in amounts])
    years = tuple(int(dated_year(o, column) or 0) for o in used)
    return Reading(value, years[-1], "; ".join(sources), used[-1].url, years, column.window.aggregate,
                   tuple(c for _, c in amounts if c is not None), rates.base, tuple(o.grade for o in used),
                   tuple(float(v) for v, _ in amounts))


def describe(reading: Obs | Reading | None, unit: str | None) -> str:
    """A reading in words, every figure it used shown, so that two readings differ in words
    whenever they differ in any figure: ``USD 1.2 bn (2022)``, ``mean of 2020–2022: USD 1.1 bn
    (2020: USD 1 bn, 2021: USD 1.2 bn, 2022: USD 1.1 bn)``, ``EUR 10 m at 1.14 USD per EUR``."""
    if reading is None:
        return "no value"
    if not isinstance(reading, Reading):
        return fmt_value(reading.value, unit) + (f" ({reading.year})" if reading.year is not None else "")
    text = fmt_value(reading.value, unit)
    if reading.aggregate is not None:
        parts = ", ".join(f"{y}: {fmt_value(v, unit)}" for y, v in zip(reading.years, reading.values, strict=True))
        text = f"{reading.aggregate} of {_span(reading.years)}: {text} ({parts})"
    else:
        text += f" ({reading.year})"
    if reading.conversions:
        text += "; converted from " + ", ".join(c.text(reading.base) for c in reading.conversions)
    return text


def _span(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


@dataclass(frozen=True)
class Unseen:
    """An observation a replay left out because it came later than the point replayed."""

    indicator: str
    year: int
    date: str | None
    flows: bool
    lag: int

    @property
    def text(self) -> str:
        """``trade_goods_usd 2021 (published from 2022)`` or ``tac_accession_year 2012``."""
        when = self.date or str(self.year)
        if self.flows and self.lag:
            return f"{self.indicator} {when} (published from {self.year + self.lag})"
        return f"{self.indicator} {when}"


def unseen(partner: Partner, columns: Iterable[Column], cutoff: Cutoff) -> list[Unseen]:
    """Every observation of the indicators ``columns`` read that a replay at ``cutoff`` leaves out,
    by indicator (in the order first read) and year."""
    out: dict[tuple[str, int, str | None], Unseen] = {}
    for column in columns:
        if column.indicator is None:
            continue
        for obs in later(partner.indicators.get(column.indicator), column, cutoff):
            year = dated_year(obs, column)
            assert year is not None          # a timeless fact is always seen
            key = (column.indicator, year, obs.date)
            out.setdefault(key, Unseen(column.indicator, year, obs.date, column.flows, lag_of(column)))
    return sorted(out.values(), key=lambda u: (u.indicator, u.year, u.date or ""))

