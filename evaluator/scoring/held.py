"""What a partner holds and asks for at a point in time, and what is not yet known of it then,
read by the rules of ``evidence``: the status held (from its history, or from the state a set
names with ``status_from``), for how many years, the request no decision known then has answered,
and what a replay leaves out because it came later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base.text import plural
from ..loading.models import Window
from ..loading.records import Obs, Partner, PartnerData, Request
from .evidence import Column, Cutoff, Unseen, dated_year, seen, unseen, visible_record

if TYPE_CHECKING:
    from .structure import CompiledCriterion, CompiledGate


@dataclass(frozen=True)
class StatusColumn:
    """The category state a set reads the status held from (``status_from:``)."""

    indicator: str
    flows: bool = False
    lag: int = 0
    dated_by_value: bool = False
    window: Window | None = None


def held_at(partner: PartnerData, cutoff: Cutoff, column: StatusColumn | None = None) -> str | None:
    """The status held at ``cutoff``: with ``column`` (a set's ``status_from``), the latest value of
    that state known then, when there is one; else the last ``history`` entry known then (``none``
    before the first), else ``status`` from ``since`` on; None when that is not known (before
    ``since`` with no history). A decision of the year does not see the entry it made."""
    if column is not None:
        found = seen(partner.indicators.get(column.indicator), column, cutoff)
        if found:
            return str(found[-1].value)
    if partner.history:
        known = [c.status for c in partner.history if visible_record(c.year, c.date, cutoff)]
        return known[-1] if known else "none"
    return partner.status if partner.since is None or partner.since <= cutoff.year else None


def tenure(partner: PartnerData, statuses: Sequence[Any], cutoff: Cutoff) -> tuple[str | None, int | None]:
    """The status held at ``cutoff`` and, when it is one of ``statuses``, for how many whole years it
    (or another of them) has been held without a break; (held, None) otherwise or when not known."""
    held = held_at(partner, cutoff)
    if held is None or held not in statuses:
        return held, None
    if not partner.history:
        return held, None if partner.since is None else cutoff.year - partner.since
    known = [c for c in partner.history if visible_record(c.year, c.date, cutoff)]
    start = known[-1].year
    for change in reversed(known[:-1]):
        if change.status not in statuses:
            break
        start = change.year
    return held, cutoff.year - start


def state_tenure(entry: Obs | Sequence[Obs] | None, column: Column, statuses: Sequence[Any],
                 cutoff: Cutoff) -> tuple[Obs | None, int | None]:
    """The latest visible value of a category state and, when it is one of ``statuses``, for how
    many years the visible values have been among them without a break."""
    observations = [o for o in seen(entry, column, cutoff) if dated_year(o, column) is not None]
    if not observations:
        timeless = seen(entry, column, cutoff)
        return (timeless[-1] if timeless else None), None
    latest = observations[-1]
    if latest.value not in statuses:
        return latest, None
    start = dated_year(latest, column) or cutoff.year
    for obs in reversed(observations[:-1]):
        if obs.value not in statuses:
            break
        start = dated_year(obs, column) or start
    return latest, cutoff.year - start


def open_request(partner: PartnerData, cutoff: Cutoff) -> Request | None:
    """The partner's latest request known at ``cutoff`` that no ``history`` entry known then answers
    (an entry of its year or later, after its date when both have one)."""
    known = [r for r in partner.requests if visible_record(r.year, r.date, cutoff)]
    if not known:
        return None
    latest = max(known, key=lambda r: (r.year, r.date or ""))
    for change in partner.history:
        if not visible_record(change.year, change.date, cutoff):
            continue
        if change.year > latest.year or (change.year == latest.year and (
                latest.date is None or change.date is None or change.date >= latest.date)):
            return None
    return latest


def left_out(spec: Any, partner: Partner, when: Cutoff) -> tuple[list[dict[str, Any]], list[str]]:
    """What a replay at ``when`` leaves out of ``partner`` because it came later, of what the compiled
    set ``spec`` reads (``compile.Spec``, which reads this module): as data, and as one line of words
    (none when nothing is left out)."""
    columns: list[CompiledCriterion | CompiledGate] = [*spec.criteria,
                                                       *(g for g in spec.gates if g.indicator is not None)]
    found = unseen(partner, columns, when)
    if not found:
        return [], []
    titles: dict[str, str] = {}
    for column in columns:
        titles.setdefault(str(column.indicator), column.title)
    by_indicator: dict[str, list[Unseen]] = {}
    for u in found:
        by_indicator.setdefault(u.indicator, []).append(u)
    parts = []
    for indicator, items in by_indicator.items():
        shown = _runs([u.year for u in items])
        lag = items[0].lag
        parts.append(f"{titles[indicator]} ({shown}" + (f", each published {plural(lag, 'year')} after its year)"
                                                        if lag else ")"))
    line = (f"Replay as of {when.text}: it sees only what was dated by then, and leaves out what came later: "
            + "; ".join(parts))
    return [{"indicator": u.indicator, "year": u.year, "date": u.date, "seen_from": u.year + u.lag}
            for u in found], [line]


def _runs(years: list[int]) -> str:
    """``2010–2022``, ``2012``, ``2019, 2021–2022``."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
