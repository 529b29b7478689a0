"""The data files as pydantic models: strict, frozen, unknown keys forbidden.

Checks that need one file only live here (bounds, exactly-one-of); checks across files
(an indicator named by a criterion exists, a value fits its indicator's type) live in
``checks.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
    create_model,
    field_validator,
    model_validator,
)

from ..base.choices import DECISIONS, GRADES, PARTNER_KINDS
from ..base.fields import Date, Id, Number, Pair, Plain, Points, Scalar, Share, Strict, Text, Url, Weight, Year
from ..rules import RULES

INSUFFICIENT = "insufficient-evidence"

#: what a gate names as its indicator to test the status a partner holds (its ``history:``)
STATUS = "status"

IndicatorType = Literal["number", "integer", "year", "boolean", "category", "percent"]
def _by_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict | BaseModel):
        return "mapping"
    return None


# --- indicator catalogue --------------------------------------------------------------------


FLOW_TYPES = frozenset({"number", "integer", "percent"})


class Indicator(Strict):
    """One measurable indicator: what it is, its type and unit, and whether it is a flow or a state.

    A *flow* is an amount for one year (trade in 2022): it goes stale. A *state* is a fact that
    holds from the year it is dated until a later value replaces it (a treaty accession, a
    mission): it never goes stale. Numbers, integers and percents are flows unless the
    catalogue says ``kind: state``; years, booleans and categories are states unless it says
    ``kind: flow``.
    """

    title: Text
    type: IndicatorType
    kind: Literal["flow", "state"] | None = None
    unit: str | None = None
    min: Number | None = None
    max: Number | None = None
    categories: list[Text] | None = None
    description: str | None = None
    published_after_years: int | None = Field(default=None, ge=0, le=50)
    timeless: bool = False
    timeless_reason: Text | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> Indicator:
        if self.type == "category":
            if not self.categories:
                raise ValueError("a category indicator needs a non-empty 'categories' list")
            if len(set(self.categories)) != len(self.categories):
                raise ValueError("'categories' lists a category twice")
        elif self.categories is not None:
            raise ValueError(f"'categories' is only for category indicators, not {self.type}")
        if (self.min is not None or self.max is not None) and self.type not in {
            "number", "integer", "percent"
        }:
            raise ValueError(f"'min' and 'max' are only for number, integer and percent, not {self.type}")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("'min' must be below 'max'")
        if self.published_after_years is not None and not self.flows:
            raise ValueError("'published_after_years' is for flows (figures published after their year); "
                             "a state is known from the year it is dated")
        if self.timeless != (self.timeless_reason is not None):
            raise ValueError("'timeless: true' goes with a 'timeless_reason' saying why its facts need no year")
        if self.timeless and self.flows:
            raise ValueError("a flow is an amount for one year and cannot be timeless")
        return self

    @property
    def flows(self) -> bool:
        """True for a flow (goes stale), False for a state (never stale)."""
        return self.kind == "flow" if self.kind is not None else self.type in FLOW_TYPES

    @property
    def dated_by_value(self) -> bool:
        """True when an observation without ``year:`` is dated by its value (a year state)."""
        return self.type == "year" and not self.flows


class Catalogue(Strict):
    """``criteria/indicators.yaml``: every indicator that can be measured."""

    indicators: dict[Id, Indicator] = Field(min_length=1)


# --- criteria set ---------------------------------------------------------------------------


class Pillar(Strict):
    """A group of criteria with a relative weight."""

    title: Text
    weight: Weight
    description: str | None = None


class Bound(Strict):
    """A gate test on a value: at least, at most, or one of.

    ``for_years: N`` beside ``in`` asks that the value has been one of them continuously for at
    least N years as of the year scored (a tenure: "a Strategic Partner for five years");
    ``relative: as-of`` beside ``min`` or ``max`` tests a year's distance from the year scored
    (``{max: -1, relative: as-of}``: at least a year before).
    """

    min: Number | None = None
    max: Number | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    for_years: int | None = Field(default=None, ge=1, le=100)
    relative: Literal["as-of"] | None = None

    @model_validator(mode="after")
    def _one(self) -> Bound:
        given = [k for k in ("min", "max", "in_") if getattr(self, k) is not None]
        if not given:
            raise ValueError("give 'min', 'max' or 'in'")
        if self.in_ is not None and len(given) > 1:
            raise ValueError("'in' cannot be combined with 'min' or 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is above 'max'")
        if self.for_years is not None and self.in_ is None:
            raise ValueError("'for_years' goes with 'in': held one of these for at least so many years")
        if self.relative is not None and self.in_ is not None:
            raise ValueError("'relative: as-of' goes with 'min' or 'max', a distance in years from the year scored")
        return self


GateTest = Annotated[
    Annotated[Literal["present"], Tag("text")] | Annotated[bool, Tag("bool")]
    | Annotated[Bound, Tag("mapping")],
    Discriminator(
        _by_type,
        custom_error_type="gate_require",
        custom_error_message="must be present, true, false, {min: x}, {max: x} or {in: [...]}",
    ),
]


class Window(Strict):
    """Several years of a flow read as one value: ``{years: 3, aggregate: mean}``."""

    years: int = Field(ge=1, le=50)
    aggregate: Literal["mean", "sum", "max", "latest"] = "mean"


class Gate(Strict):
    """A hard requirement: passes or fails, no points.

    Either a test on one indicator (``indicator`` + ``require``, and a ``window`` to test several
    years of a flow as one value) or a composite of gates defined above it (``any_of``, or
    ``at_least`` with ``of``).
    """

    title: Text
    indicator: Id | None = None
    require: GateTest | None = None
    any_of: list[Id] | None = Field(default=None, min_length=1)
    at_least: int | None = Field(default=None, ge=1)
    of: list[Id] | None = Field(default=None, min_length=1)
    window: Window | None = None
    rationale: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Gate:
        simple = self.indicator is not None or self.require is not None
        any_of = self.any_of is not None
        at_least = self.at_least is not None or self.of is not None
        if simple + any_of + at_least != 1:
            raise ValueError("give either 'indicator' with 'require', or 'any_of', or 'at_least' with 'of'")
        if simple and (self.indicator is None or self.require is None):
            raise ValueError("a gate on an indicator needs both 'indicator' and 'require'")
        if self.window is not None and not simple:
            raise ValueError("a window reads several years of one indicator; a composite gate has none")
        if at_least:
            if self.at_least is None or self.of is None:
                raise ValueError("'at_least' and 'of' go together")
            if self.at_least > len(self.of):
                raise ValueError(f"'at_least' is {self.at_least} but 'of' names only {len(self.of)} gates")
        return self

    @property
    def members(self) -> list[str]:
        """The gates a composite gate decides for (empty for a simple gate)."""
        return list(self.any_of or self.of or [])


RELATIVE_RULES = ("linear", "bands")


class RuleChoice(Strict):
    """The base of ``ScoreRule``, whose fields (one per rule) come from the rule registry.

    ``relative: as-of`` scores a year by its distance from the as-of year (``linear`` or
    ``bands`` on ``value - as_of``): a plan of action "until 2027" has two years left as of 2025.
    """

    relative: Literal["as-of"] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> RuleChoice:
        given = [name for name in RULES if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one scoring rule: {', '.join(RULES)}")
        problem = RULES[given[0]].check(getattr(self, given[0]))
        if problem is not None:
            raise ValueError(problem)
        if self.relative is not None and given[0] not in RELATIVE_RULES:
            raise ValueError(f"'relative: as-of' goes with {' or '.join(RELATIVE_RULES)}, not '{given[0]}'")
        return self

    @property
    def kind(self) -> str:
        """The name of the rule in use."""
        return next(name for name in RULES if getattr(self, name) is not None)

    @property
    def params(self) -> Any:
        """The parameters of the rule in use."""
        return getattr(self, self.kind)


if TYPE_CHECKING:
    ScoreRule = RuleChoice
else:
    ScoreRule = create_model(
        "ScoreRule", __base__=RuleChoice, __module__=__name__,
        __doc__="How a value becomes 0..100 points; exactly one key.",
        **{name: (rule.params | None, None) for name, rule in RULES.items()},
    )


class Criterion(Strict):
    """One scored criterion: an indicator, a rule, a weight within its pillar."""

    title: Text
    pillar: Id
    indicator: Id
    weight: Weight
    score: ScoreRule
    rationale: str | None = None
    missing: Literal["exclude", "zero"] | None = None
    max_age_years: int | None = Field(default=None, ge=0)
    window: Window | None = None


GateList = Annotated[
    Annotated[Literal["all"], Tag("text")] | Annotated[list[Id], Tag("list")],
    Discriminator(
        _by_type,
        custom_error_type="gates_require",
        custom_error_message="must be all or a list of gate ids",
    ),
]
PillarTest = Annotated[
    Annotated[Points, Tag("number")] | Annotated[dict[Id, Points], Tag("mapping")],
    Discriminator(
        _by_type,
        custom_error_type="pillars_require",
        custom_error_message="must be a number (every pillar) or a mapping of pillar ids to numbers",
    ),
]


class Requirements(Strict):
    """What must hold for an outcome; every key given must hold."""

    gates: GateList | None = None
    score: Points | None = None
    pillars: PillarTest | None = None
    criteria: dict[Id, Points] | None = None
    completeness: Share | None = None

    def is_empty(self) -> bool:
        """True when no requirement is given."""
        return all(getattr(self, k) is None for k in type(self).model_fields)


class Outcome(Strict):
    """A possible result; outcomes are checked in order and the first that holds wins.

    Outcomes naming one ``track`` form a ladder, best first; tracks are alternatives (a partner
    is assessed on the track of the status it asks for, or of the status it holds).
    """

    id: Id
    title: Text
    status: Id | None = None       # the status it recommends; default the id (the fallback: none)
    track: Id | None = None
    require: Requirements | None = None
    description: str | None = None


class Policy(Strict):
    """A standing decision of the organisation, in force over a span of years, that closes outcomes
    to partners that do not already hold them (a moratorium on new Dialogue Partners)."""

    title: Text
    in_force: Annotated[list[Year | None], Field(min_length=2, max_length=2)]
    closes: list[Id] = Field(min_length=1)
    source: Text
    url: Url | None = None
    rationale: str | None = None

    @model_validator(mode="after")
    def _span(self) -> Policy:
        start, end = self.in_force
        if start is None:
            raise ValueError("'in_force' needs its first year: [1999, null] for a policy still in force")
        if end is not None and end < start:
            raise ValueError(f"'in_force' ends in {end}, before it starts in {start}")
        return self

    def in_force_at(self, year: int) -> bool:
        """True when the policy holds in ``year``."""
        start, end = self.in_force
        return start is not None and start <= year and (end is None or year <= end)


class CriteriaSet(Strict):
    """``criteria/<set-id>.yaml``: pillars, gates, criteria and outcomes."""

    id: Id
    title: Text
    version: Text
    status: Literal["draft", "adopted", "superseded"]
    basis: list[Text] = Field(default_factory=list)
    description: str | None = None
    missing: Literal["exclude", "zero"] = "exclude"
    max_age_years: int | None = Field(default=None, ge=0)
    data_lag_years: int | None = Field(default=None, ge=0, le=50)
    published_after_years: dict[Id, Annotated[int, Field(ge=0, le=50)]] = Field(default_factory=dict)
    min_completeness: Share = 0.0
    status_from: Id | None = None
    pillars: dict[Id, Pillar] = Field(min_length=1)
    gates: dict[Id, Gate] = Field(default_factory=dict)
    criteria: dict[Id, Criterion] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    policies: dict[Id, Policy] = Field(default_factory=dict)

    def outcome_status(self, k: int) -> str:
        """The status outcome ``k`` recommends: its ``status:``, else its id; the fallback (the last
        outcome, which has no requirements) recommends ``none``."""
        outcome = self.outcomes[k]
        return outcome.status or ("none" if k == len(self.outcomes) - 1 else outcome.id)


# --- partner --------------------------------------------------------------------------------


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
        _by_type,
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
