"""The partner files and the files beside them (tests, decisions, member states' weights, reviews,
defaults, rates) as pydantic models: strict, frozen, unknown keys forbidden."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import (
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from ..base.choices import DECISIONS, GRADES, PARTNER_KINDS
from ..base.fields import (
    Date,
    Id,
    Pair,
    Plain,
    Scalar,
    Strict,
    Text,
    Url,
    Weight,
    Year,
    json_shape,
)

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Value(Strict):
    """One observation of an indicator: its value, the year it is for, and where it comes from.

    An amount announced in another currency keeps it (``currency: GBP``) and is converted with
    the rate of its own year from ``criteria/rates.yaml``.
    """

    value: Scalar
    year: Year | None = None
    date: Date | None = None
    currency: Currency | None = None
    source: Text
    grade: Literal[GRADES] | None = None  # type: ignore[valid-type]
    url: Url | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _date_in_year(self) -> Value:
        _check_date_year(self.date, self.year)
        return self


def _check_date_year(date: str | None, year: int | None) -> None:
    """A ``date:`` goes with the ``year:`` it falls in."""
    if date is None:
        return
    if year is None:
        raise ValueError(f"a 'date' goes with a 'year': add year: {date[:4]}")
    if int(date[:4]) != year:
        raise ValueError(f"the date {date} is not in the year {year}")


@dataclass(frozen=True, slots=True)
class Observation:
    """One observation as scoring reads it once its file is validated: ``Value``'s fields in a
    compact record (a partner file's values are kept as these; a model costs five times the memory)."""

    value: Any
    year: int | None = None
    date: str | None = None
    currency: str | None = None
    source: str = ""
    grade: str | None = None
    url: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, value: Value) -> Observation:
        """The record of a validated ``Value`` (its source and address shared with equal ones)."""
        return cls(value.value, value.year, value.date, value.currency, sys.intern(value.source), value.grade,
                   None if value.url is None else sys.intern(value.url), value.note)


#: an observation as the readers of evidence take it: validated (``Value``) or kept (``Observation``)
Obs = Value | Observation


Observations = Annotated[
    Annotated[Value, Tag("mapping")] | Annotated[list[Value], Tag("list"), Field(min_length=1)],
    Discriminator(
        json_shape,
        custom_error_type="observations",
        custom_error_message="must be one observation {value, year, source} or a list of them",
    ),
]


class DatedStatus(Strict):
    """A status named in a year (and on a day, if ``date`` gives it), with its source."""

    year: Year
    date: Date | None = None
    status: Id
    source: Text
    url: Url | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _date_in_year(self) -> Self:
        _check_date_year(self.date, self.year)
        return self


class StatusChange(DatedStatus):
    """One decision of the organisation on a partner: the status it held from ``year`` on."""


class Request(DatedStatus):
    """A partner's request for a named status: open from its date until a later ``history`` entry."""


#: a code statistical tables use for a partner: ISO 3166 alpha-2 (``GB``), or a group (``EU27``)
TableCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{2,8}$")]


class PartnerData(Strict):
    """A partner without its id: what an inline test case gives."""

    name: Text
    kind: Literal[PARTNER_KINDS]  # type: ignore[valid-type]
    codes: list[TableCode] = Field(default_factory=list)
    group: Id = "all"
    status: Id = "none"
    since: Year | None = None
    history: list[StatusChange] = Field(default_factory=list)
    requests: list[Request] = Field(default_factory=list)
    indicators: dict[Id, Observations] = Field(default_factory=dict)
    note: str | None = None

    @field_validator("indicators", mode="before")
    @classmethod
    def _empty_is_none_yet(cls, value: Any) -> Any:
        """``indicators:`` with nothing under it (a new partner) means no values yet."""
        return {} if value is None else value

    def status_at(self, year: int) -> str | None:
        """The status held in ``year``: from ``history`` when given (``none`` before its first
        entry), else ``status`` from ``since`` on; None when that is not known (before ``since``
        with no history)."""
        if self.history:
            held = [change.status for change in self.history if change.year <= year]
            return held[-1] if held else "none"
        return self.status if self.since is None or self.since <= year else None

    def held_since(self, year: int) -> int | None:
        """The year from which the status held in ``year`` has been held without a break (from
        ``history``, else ``since``); None when not known."""
        status = self.status_at(year)
        if not self.history:
            return self.since if status is not None else None
        start = None
        for change in self.history:
            if change.year > year:
                break
            if start is None or change.status != self.status_at(change.year - 1):
                start = change.year
        return start if status != "none" else None

    def observations(self, indicator: str) -> list[Obs]:
        """The observations of ``indicator``, oldest first (an undated one before every dated one)."""
        found = self.indicators.get(indicator)
        if found is None:
            return []
        listed = found if isinstance(found, list) else [found]
        return sorted(listed, key=lambda o: -1 if o.year is None else o.year)


class Partner(PartnerData):
    """``partners/<id>.yaml``: identity, status and indicator values with sources."""

    id: Id

    def compact(self) -> Partner:
        """The same partner with each observation kept as an ``Observation`` (once validated, for
        a root of many partners and observations)."""
        kept: dict[str, Any] = {name: [Observation.of(o) for o in found] if isinstance(found, list)
                                else Observation.of(found) for name, found in self.indicators.items()}
        return self.model_copy(update={"indicators": kept})


# --- criteria tests and reviews -------------------------------------------------------------


class Case(Strict):
    """One expected result: a partner of the root, or an inline partner."""

    partner: Id | None = None
    name: Id | None = None
    partner_data: PartnerData | None = None
    outcome: Id
    review: Literal["meets", "eligible", "falls-short", "too-thin", "new"] | None = None
    overall: Pair | None = None
    gates: dict[Id, Literal["pass", "fail", "no-data"]] | None = None

    @model_validator(mode="after")
    def _one_partner(self) -> Case:
        if (self.partner is None) == (self.partner_data is None):
            raise ValueError("give either 'partner' (a partner file) or 'name' with 'partner_data'")
        if self.partner_data is not None and self.name is None:
            raise ValueError("an inline partner needs a 'name' (an id for the case)")
        if self.overall is not None and self.overall[0] > self.overall[1]:
            raise ValueError("'overall' must be [low, high] with low <= high")
        return self

    @property
    def partner_id(self) -> str:
        """The id the case's partner is scored under."""
        return self.partner if self.partner is not None else str(self.name)


class CaseFile(Strict):
    """``criteria/<set-id>.tests.yaml``."""

    as_of: Year
    cases: list[Case] = Field(min_length=1)


DECISION_KINDS = ("grant", "refusal", "pending", "no-change")


class Decision(DatedStatus):
    """What the organisation decided on a partner in a year: the status it gave (or kept), and the
    question it answered (``requested``: the status asked for). ``kind`` says whether it was a
    grant or a negative (a refusal, a request still pending past its meeting, an anniversary that
    passed without a change); when absent it is derived from the status held before."""

    partner: Id
    requested: Id | None = None
    kind: Literal["grant", "refusal", "pending", "no-change"] | None = None


class DecisionFile(Strict):
    """``criteria/<set-id>.decisions.yaml``: past decisions a backtest replays."""

    decisions: list[Decision] = Field(min_length=1)


class MemberWeights(Strict):
    """A member state's own weights for any pillars and criteria; the rest keep the set's."""

    pillars: dict[Id, Weight] = Field(default_factory=dict)
    criteria: dict[Id, Weight] = Field(default_factory=dict)


class Comparison(Strict):
    """One pairwise comparison: pillar ``more`` is ``times`` as important as pillar ``than`` (1 to 9)."""

    more: Id
    than: Id
    times: Annotated[float, Field(ge=1 / 9, le=9)]


class Member(Strict):
    """``members/<member-id>.yaml``: how one member state weighs the criteria.

    The weights come in one of three forms: ``weights`` as numbers; ``ranking``, the pillars
    from most to least important (rank-order-centroid weights); or ``pairwise``, for every pair
    of pillars how many times more important the first is (AHP, Saaty's 1 to 9 scale).
    """

    id: Id
    name: Text
    weights: MemberWeights | None = None
    ranking: list[Id] | None = Field(default=None, min_length=2)
    pairwise: list[Comparison] | None = Field(default=None, min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Member:
        given = [f for f in ("weights", "ranking", "pairwise") if getattr(self, f) is not None]
        if len(given) != 1:
            raise ValueError("give the member's weights in exactly one form: weights, ranking or pairwise"
                             + (f" (found {', '.join(given)})" if given else ""))
        return self


class Review(Strict):
    """An official's decision on a recommendation."""

    reviewer: Plain
    date: Date
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    outcome: Id | None = None
    reason: Plain
    scorecard: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    @model_validator(mode="after")
    def _amend_names_outcome(self) -> Review:
        if self.decision == "amend" and self.outcome is None:
            raise ValueError("a review that amends must name the 'outcome' decided instead")
        return self


class ReviewFile(Strict):
    """``reviews/<partner-id>.yaml``: a list of reviews, oldest first."""

    reviews: list[Review] = Field(min_length=1)


class ProjectDefaults(Strict):
    """``evaluator.yaml``: the as-of year and criteria set every command uses unless told otherwise,
    so that results and review states do not change by themselves on 1 January."""

    as_of: Year | None = None
    criteria: Id | None = None
    split: Year | None = None       # backtest: decisions from this year on reported apart


#: a year as a mapping key (keys are read as text): 1900 to 2100
YearKey = Annotated[str, Field(pattern=r"^(19[0-9][0-9]|20[0-9][0-9]|2100)$")]


class Rate(Strict):
    """One annual exchange rate: units of the base currency per unit of the currency, sourced."""

    rate: float = Field(gt=0, le=1e6, allow_inf_nan=False)
    source: Text
    url: Url | None = None


class Rates(Strict):
    """``criteria/rates.yaml``: annual rates to the base currency, by currency and year."""

    base: Currency = "USD"
    rates: dict[Currency, dict[YearKey, Rate]] = Field(default_factory=dict)

    def rate(self, currency: str, year: int | None) -> Rate | None:
        """The rate of ``currency`` in ``year``, if the file gives it (nothing is guessed from another year)."""
        return None if year is None else self.rates.get(currency, {}).get(str(year))
