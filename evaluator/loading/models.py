"""The indicator catalogue and the criteria sets as pydantic models: strict, frozen, unknown keys
forbidden (the partner files and the files beside them are in ``records.py``).

Checks that need one file only live here (bounds, exactly-one-of); checks across files
(an indicator named by a criterion exists, a value fits its indicator's type) live in
``checks.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    Tag,
    create_model,
    model_validator,
)

from ..base.fields import (
    Id,
    Number,
    Points,
    Scalar,
    Share,
    Strict,
    Text,
    Url,
    Weight,
    Year,
    json_shape,
)
from ..base.indicators import BOUNDED_TYPES, TYPES
from ..rules import RULES

INSUFFICIENT = "insufficient-evidence"

#: what a gate names as its indicator to test the status a partner holds (its ``history:``)
STATUS = "status"

if TYPE_CHECKING:
    TypeName = str
else:       # the names of the registry's types, as a Literal: pydantic's errors and the JSON Schema list them
    TypeName = Literal[tuple(TYPES)]



# --- indicator catalogue --------------------------------------------------------------------


class Indicator(Strict):
    """One measurable indicator: what it is, its type and unit, and whether it is a flow or a state.

    A *flow* is an amount for one year (trade in 2022): it goes stale. A *state* is a fact that
    holds from the year it is dated until a later value replaces it (a treaty accession, a
    mission): it never goes stale. Numbers, integers and percents are flows unless the
    catalogue says ``kind: state``; years, booleans and categories are states unless it says
    ``kind: flow``.
    """

    title: Text
    type: TypeName
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
        if (self.min is not None or self.max is not None) and self.type not in BOUNDED_TYPES:
            raise ValueError(f"'min' and 'max' are only for {', '.join(BOUNDED_TYPES[:-1])} and {BOUNDED_TYPES[-1]}, "
                             f"not {self.type}")
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
        return self.kind == "flow" if self.kind is not None else TYPES[self.type].flows

    @property
    def dated_by_value(self) -> bool:
        """True when an observation without ``year:`` is dated by its value (a year state)."""
        return TYPES[self.type].dated_by_value and not self.flows


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
        json_shape,
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
        json_shape,
        custom_error_type="gates_require",
        custom_error_message="must be all or a list of gate ids",
    ),
]
PillarTest = Annotated[
    Annotated[Points, Tag("number")] | Annotated[dict[Id, Points], Tag("mapping")],
    Discriminator(
        json_shape,
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
