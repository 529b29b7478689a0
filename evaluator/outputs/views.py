"""What the renderers receive: a result together with what one command asked of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..scoring.result import Result, Scorecard
    from ..scoring.sensitivity import Sensitivity
    from ..workflow.reviews import ReviewState


@dataclass(frozen=True)
class PartnerView:
    """One partner's scorecard within its result (``score``)."""

    result: Result
    partner_id: str

    @property
    def card(self) -> Scorecard:
        """The partner's scorecard."""
        return self.result[self.partner_id]


@dataclass(frozen=True)
class SensitivityView:
    """A sensitivity analysis within its result (``sensitivity``)."""

    result: Result
    sensitivity: Sensitivity


@dataclass(frozen=True)
class ReportView:
    """Everything the recommendation report shows for one partner (``report``)."""

    result: Result
    partner_id: str
    robustness: Sensitivity | None
    review: ReviewState | None
    trend: list[dict[str, Any]] = field(default_factory=list)   # the partner's history rows, oldest first
    consensus: str = ""         # the verdict under the member states' weights, when members/ exists

    @property
    def card(self) -> Scorecard:
        """The partner's scorecard."""
        return self.result[self.partner_id]


@dataclass(frozen=True)
class ExportView:
    """The scorecards (or the summary) of some or all partners (``export``)."""

    result: Result
    partners: list[str] | None
    summary: bool
    currency: str           # the base currency of the root's rates: amounts in it are shown in millions

    def wanted(self, partner_id: str) -> bool:
        """True when ``partner_id`` is to be exported."""
        return self.partners is None or partner_id in self.partners

