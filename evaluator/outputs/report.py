"""The reviewable recommendation: one partner, one file, Markdown or self-contained HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..workflow.provenance import provenance
from .templating import render_template
from .views import ReportView


@dataclass(frozen=True)
class Marker:
    """A threshold on the chart: the score an outcome asks for."""

    value: float
    outcome: str


@dataclass(frozen=True)
class Bar:
    """One row of the chart: the overall score or a pillar score, with the thresholds."""

    label: str
    score: float | None
    markers: list[Marker] = field(default_factory=list)


def chart_rows(view: ReportView) -> list[Bar]:
    """The overall score and each pillar score, with every outcome's threshold for it."""
    card = view.card
    outcomes = view.result.table.spec.outcomes
    overall = [Marker(limit, o.id) for o in outcomes if (limit := o.score_limit()) is not None]
    rows = [Bar("Overall", card.overall, overall)]
    rows += [Bar(p.title, p.score, [Marker(o.pillar_limits()[p.id], o.id) for o in outcomes
                                    if p.id in o.pillar_limits()]) for p in card.pillars]
    return rows


def _context(view: ReportView) -> dict[str, Any]:
    return {"card": view.card, "chart": chart_rows(view), "provenance": provenance(view.result),
            "robustness": view.robustness, "review": view.review, "outcomes": view.result.table.spec.outcomes}


def report_markdown(view: ReportView) -> str:
    """The report as Markdown, every input escaped."""
    return render_template("report.md.j2", **_context(view))


def report_html(view: ReportView) -> str:
    """The report as one self-contained HTML page that prints on A4."""
    return render_template("report.html.j2", **_context(view))
