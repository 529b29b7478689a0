"""One partner's explained scorecard: gates, pillars, criteria, reasons, caveats and gap."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import MISSING as MISSING_FIELD
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, TypeVar

from ..base.text import fmt_value, plural, status_words
from ..loading.records import Partner
from ..rules import Shown
from . import reasons as explain
from .engine import MISSING, SCORED, STALE, STATUS_NAMES, Table, outcome_title
from .evidence import Column, Reading
from .evidence import unseen as unseen_of
from .gap import GapItem
from .held import left_out
from .standing import ELIGIBLE, MARKS, NEW, STANDING_WORDS, answer

_T = TypeVar("_T")


def _built(cls: type[_T], *values: Any) -> _T:
    """An instance of the frozen dataclass ``cls`` from the values of its fields in order. Its own
    ``__init__`` sets each field through ``object.__setattr__``, four times slower than this; an
    export of 3,000 partners builds 200,000 of them. A test holds the two equal."""
    made = object.__new__(cls)
    names = _FIELDS[cls]
    made.__dict__.update(zip(names, values, strict=False))
    if len(values) < len(names):            # the fields not given have defaults: they come last
        defaults = _DEFAULTS[cls]
        for name in names[len(values):]:
            made.__dict__[name] = defaults[name]
    return made


def number_or_none(x: float) -> float | None:
    """A float for output: None where the table holds NaN (no score)."""
    return None if x is None or math.isnan(x) else float(x)


@dataclass(frozen=True)
class GateResult:
    """One gate for one partner."""

    id: str
    title: str
    indicator: str | None
    value: Any
    unit: str | None
    year: int | None
    source: str | None
    url: str | None
    status: str            # pass | fail | no-data (no usable value: missing, or a flow gone stale)
    explanation: str
    grade: str | None = None   # how authoritative the source is (choices.GRADES)


class PeerIds(Sequence[str]):
    """The other partners a peer rule ranked one partner with. The pool of its group is shared by every
    scorecard (``Table.peer_pool``); the partner's own id is left out only when the list is read."""

    __slots__ = ("_ids", "_own", "_pool")

    def __init__(self, pool: tuple[str, ...], own: str) -> None:
        self._pool, self._own = pool, own
        self._ids: list[str] | None = None

    def _list(self) -> list[str]:
        if self._ids is None:
            self._ids = [p for p in self._pool if p != self._own]
        return self._ids

    def __getitem__(self, index: Any) -> Any:
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[str]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._list())


@dataclass(frozen=True)
class CriterionResult:
    """One criterion for one partner: value, points, weight and why."""

    id: str
    title: str
    pillar: str
    indicator: str
    value: Any
    unit: str | None
    year: int | None
    source: str | None
    url: str | None
    status: str            # scored | missing | stale
    points: float | None   # None when the criterion does not count (policy exclude)
    effective_weight: float
    weighted_points: float | None
    explanation: str
    rationale: str | None = None
    peers: PeerIds | None = None   # for a peer rule's scored value only
    grade: str | None = None   # how authoritative the source is (choices.GRADES)

    def to_dict(self) -> dict[str, Any]:
        """The criterion as plain data (part of the scorecard's JSON form)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["peers"] = None if self.peers is None else list(self.peers)
        return data


#: the fields of the classes ``_built`` makes, in order, and their defaults
_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in fields(cls))
                                        for cls in (GateResult, CriterionResult)}
_DEFAULTS: dict[type, dict[str, Any]] = {cls: {f.name: f.default for f in fields(cls)
                                               if f.default is not MISSING_FIELD}
                                         for cls in (GateResult, CriterionResult)}


@dataclass(frozen=True)
class PillarResult:
    """One pillar for one partner."""

    id: str
    title: str
    weight: float
    score: float | None    # None when the pillar drops out


@dataclass(frozen=True)
class Scorecard:
    """One partner's full, explained result against one criteria set."""

    partner_id: str
    partner_name: str
    partner_kind: str
    partner_status: str
    criteria_set: str
    criteria_title: str
    criteria_version: str
    criteria_status: str
    criteria_sha256: str
    as_of: int
    overall: float | None
    completeness: float
    outcome: str
    outcome_title: str
    reason: str
    reasons: list[str]
    gates: list[GateResult]
    pillars: list[PillarResult]
    criteria: list[CriterionResult]
    caveats: list[str]
    next_outcome: str | None
    next_outcome_title: str | None
    gap: list[GapItem] = field(default_factory=list)
    status_as_of: str | None = None   # the status held at the point in time scored (None: not known)
    status_change: str = ""           # meets | eligible | falls-short | too-thin | new; empty otherwise
    seen_at: str = ""                 # the point in time the evidence was read at: "the end of 2026", "2 Aug 2021"
    unseen: list[dict[str, Any]] = field(default_factory=list)   # observations left out as dated later
    policies_applied: list[dict[str, Any]] = field(default_factory=list)   # policies that closed an outcome
    request: dict[str, Any] | None = None   # the open request: status, year, date, source, url, answer

    @property
    def review(self) -> str:
        """The review of the status held (``status_change``): meets, eligible, falls-short, too-thin, new."""
        return self.status_change

    @property
    def standing(self) -> str:
        """``Status in 2026: Dialogue Partner; meets its status (=)``."""
        held = (status_words(self.status_as_of) if self.status_as_of
                else "not known (no history before the year in 'since')")
        line = f"Status in {self.as_of}: {held}"
        if self.status_change and self.status_change != NEW:
            mark = MARKS[self.status_change]
            words = STANDING_WORDS[self.status_change]
            if self.status_change == ELIGIBLE and self.outcome_title:
                words += f": {self.outcome_title}"
            line += f"; {words}" + (f" ({mark})" if mark else "")
        return line

    @property
    def gates_passed(self) -> int:
        """How many gates pass (composite gates and the gates they name alike)."""
        return sum(g.status == "pass" for g in self.gates)

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain data (the JSON form)."""
        data = asdict(replace(self, criteria=[]))
        data["criteria"] = [c.to_dict() for c in self.criteria]
        return data


def _read_how(reading: Reading, text: str) -> str:
    """An explanation with the window's years in front and the conversions after it."""
    if reading.aggregate is not None:
        text = f"{reading.aggregate} of {_years(reading.years)}: {text}"
    if reading.conversions:
        text += "; converted from " + ", ".join(c.text(reading.base) for c in reading.conversions)
    return text


def _years(years: tuple[int, ...]) -> str:
    """``2020, 2021 and 2023``."""
    shown = [str(y) for y in years]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _stale_text(year: int | None, limit: float, as_of: int) -> str:
    years = plural(int(limit), "year")
    return f"value from {year} is older than {years} before {as_of}"


@dataclass(frozen=True)
class _Row:
    """One partner's row of the table as Python lists, read once for all its criteria: a number read
    from a numpy array one cell at a time costs more than the explanation built from it."""

    i: int
    status: list[int]
    points: list[float]
    counted: list[bool]
    encoded: list[float]
    peers: list[int]
    effective: list[float]
    observed: list[Any] | None

    @classmethod
    def of(cls, t: Table, i: int) -> _Row:
        """Row ``i`` of ``t``."""
        return cls(i, t.status[i].tolist(), t.points[i].tolist(), t.counted[i].tolist(), t.inputs.encoded[i].tolist(),
                   t.peers[i].tolist(), t.spec.effective.tolist(),
                   t.inputs.observed[i] if t.inputs.observed else None)


def _criterion(t: Table, row: _Row, j: int, later: Mapping[str, int] | None = None) -> CriterionResult:
    crit = t.spec.criteria[j]
    entry = row.observed[j] if row.observed is not None else None
    value = entry.value if entry else None
    year = entry.year if entry else None
    status = row.status[j]
    points = number_or_none(row.points[j]) if row.counted[j] else None
    eff = row.effective[j]
    peers = None
    if status == SCORED:
        i = row.i
        group = t.inputs.groups[i]
        if crit.rule.peers:
            peers = PeerIds(t.peer_pool(j, group), t.inputs.partner_ids[i])
        shown = Shown(value, crit.unit, year, row.points[j], group, row.peers[j])
        distance = int(row.encoded[j]) if crit.relative else 0     # the year less the as-of year
        if crit.relative:
            shown = Shown(distance, None, None, shown.points)
        text = crit.rule.explain(crit.params, shown)
        if crit.relative:
            when = (f"{plural(abs(distance), 'year')} {'after' if distance > 0 else 'before'} {t.as_of}"
                    if distance else f"the as-of year {t.as_of}")
            text = f"{value} is {when}: {text}"
        if isinstance(entry, Reading):
            text = _read_how(entry, text)
    else:
        cause = (_stale_text(year, t.spec.max_age[j], t.as_of) if status == STALE
                 else _no_value(t, (later or {}).get(crit.indicator)))
        effect = ("scored 0: this set counts missing evidence as zero" if crit.policy == "zero"
                  else "left out, its weight shared by the other criteria of its pillar")
        text = f"{cause}: {effect}"
    weighted = None if points is None else round(points * eff, 2)
    return _built(
        CriterionResult, crit.id, crit.title, crit.pillar, crit.indicator, value, crit.unit, year,
        entry.source if entry else None, entry.url if entry else None,
        STATUS_NAMES[status], points, eff, weighted, text, crit.rationale, peers, entry.grade if entry else None)


def _no_value(t: Table, first_later: int | None) -> str:
    """``no value``, or, in a replay, ``no value by the end of 2000 (the first is of 2012)``."""
    if first_later is None:
        return "no value"
    return f"no value by {t.when.text} (the first on record is of {first_later})"


def _gate(t: Table, i: int, g: int, later: Mapping[str, int] | None = None) -> GateResult:
    gate = t.spec.gates[g]
    state = int(t.gate_state[i, g])
    word = "pass" if t.gate_pass[i, g] else "fail" if state == SCORED else "no-data"
    if gate.composite:
        ok = sum(bool(t.gate_pass[i, m]) for m in gate.members)
        blank = sum(int(t.gate_state[i, m]) != SCORED for m in gate.members)
        without = f", {blank} without data" if blank and not t.gate_pass[i, g] else ""
        text = (f"{ok} of {len(gate.members)} of the gates it names pass{without}; {gate.need} needed: "
                f"{word.replace('-', ' ')}")
        return _built(GateResult, gate.id, gate.title, None, None, None, None, None, None, word, text)
    assert gate.indicator is not None
    entry = t.inputs.gate_observed[g][i] if t.inputs.gate_observed else None
    if state == MISSING or entry is None:
        first = (later or {}).get(gate.indicator)
        seen = "no value on record" if first is None else f"{_no_value(t, first)}"
        text = f"{seen}; required: {gate.test_text}: no data"
    elif state == STALE:
        text = (f"{_stale_text(entry.year, t.spec.gate_max_age[g], t.as_of)}; required: {gate.test_text}: "
                "no data")
    else:
        text = f"{fmt_value(entry.value, gate.unit)}; required: {gate.test_text}: {word}"
        if isinstance(entry, Reading):
            text = _read_how(entry, text)
    return _built(GateResult, gate.id, gate.title, gate.indicator, entry.value if entry else None, gate.unit,
                  entry.year if entry else None, entry.source if entry else None,
                  entry.url if entry else None, word, text, entry.grade if entry else None)


def _unseen(t: Table, partner: Partner) -> tuple[list[dict[str, Any]], list[str]]:
    """What the replay left out because it came later: as data (oldest first per indicator), and
    as one caveat line."""
    return left_out(t.spec, partner, t.when)


def _request(t: Table, i: int) -> dict[str, Any] | None:
    """The open request of partner row ``i`` and the answer the outcome gives it."""
    request = t.standing.requests[i] if t.standing is not None else None
    if request is None or t.standing is None:
        return None
    return {"status": request.status, "year": request.year, "date": request.date, "source": request.source,
            "url": request.url, "answer": answer(t.spec, int(t.outcome[i]), int(t.standing.requested[i]),
                                                 bool(t.completeness[i] < t.spec.min_completeness))}


def _items(t: Table, i: int, unseen: list[dict[str, Any]]) -> tuple[list[GateResult], list[CriterionResult]]:
    """The gates and criteria of partner row ``i``, explained; ``unseen``: what the replay left out of
    the indicators it has no usable value for (of the others too, and they are not read)."""
    later: dict[str, int] = {}
    for u in unseen:
        later.setdefault(u["indicator"], u["year"])
    row = _Row.of(t, i)
    return ([_gate(t, i, g, later) for g in range(len(t.spec.gates))],
            [_criterion(t, row, j, later) for j in range(len(t.spec.criteria))])


def card_items(t: Table, partners: Mapping[str, Partner], i: int) -> tuple[str, list[GateResult],
                                                                         list[CriterionResult]]:
    """What a scorecard shows of partner row ``i`` item by item (its name, gates and criteria),
    without the reasons, the pillars and the gap: the rows of an export. What the replay left out
    is looked for only among the items without a usable value, the only ones that name it."""
    partner = partners[t.inputs.partner_ids[i]]
    spec = t.spec
    blank: list[Column] = [c for j, c in enumerate(spec.criteria) if t.status[i, j] != SCORED]
    blank += [g for k, g in enumerate(spec.gates) if g.indicator is not None and t.gate_state[i, k] != SCORED]
    unseen = [{"indicator": u.indicator, "year": u.year} for u in unseen_of(partner, blank, t.when)] if blank else []
    gates, criteria = _items(t, i, unseen)
    return partner.name, gates, criteria


def build_scorecard(t: Table, partners: Mapping[str, Partner], sha256: str, i: int, *,
                    with_gap: bool = True) -> Scorecard:
    """The explained scorecard of partner row ``i`` (``with_gap=False`` skips the gap search)."""
    spec = t.spec
    cset = spec.cset
    pid = t.inputs.partner_ids[i]
    partner = partners[pid]
    unseen, replay = _unseen(t, partner)
    gates, criteria = _items(t, i, unseen)
    pillars = [PillarResult(p, cset.pillars[p].title, cset.pillars[p].weight, number_or_none(t.pillar[i, k]))
               for k, p in enumerate(spec.pillar_ids)]
    caveats = replay + [f"{c.title}: {c.explanation}" for c in criteria if c.status != "scored"]
    caveats += [f"{p.title} has no usable data and drops out of the overall score"
                for p in pillars if p.score is None]
    caveats += [f"{g.title}: {g.explanation}" for g in gates if g.status == "no-data"]
    line, reasons = explain.reasons(t, i)
    next_id, next_title, items = explain.gap(t, i) if with_gap else (None, None, [])
    k = int(t.outcome[i])
    held = t.held_status(i) if t.standing is not None else partner.status_at(t.as_of)
    return Scorecard(
        pid, partner.name, partner.kind, partner.status, cset.id, cset.title, cset.version, cset.status,
        sha256, t.as_of, number_or_none(t.overall[i]), float(t.completeness[i]),
        spec.outcome_id(k), outcome_title(spec, k), line, reasons,
        gates, pillars, criteria, caveats, next_id, next_title, items, held, t.review[i] if t.review else "",
        t.when.text, unseen, explain.applied(t, i), _request(t, i))
