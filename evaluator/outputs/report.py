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


@dataclass(frozen=True)
class Point:
    """One as-of year of the trend: the overall score and the outcome, marked where it moved."""

    year: int
    overall: float | None
    outcome: str
    mark: str           # ▲ better than the year before, ▼ worse, else empty
    x: float            # where the year sits across the chart, 0..1


def trend_points(view: ReportView) -> list[Point]:
    """The partner's history, for the report's trend chart and table."""
    rows = view.trend
    last = max(len(rows) - 1, 1)
    return [Point(r["as_of"], r["overall"], r["outcome"], {"up": "▲", "down": "▼"}.get(r["change"], ""),
                  k / last if len(rows) > 1 else 0.5) for k, r in enumerate(rows)]


@dataclass(frozen=True)
class Span:
    """Consecutive years with the same outcome."""

    outcome: str
    first: int
    last: int
    mark: str           # how it moved from the span before: ▲, ▼ or empty


def trend_spans(points: list[Point]) -> list[Span]:
    """The trend as runs of one outcome: ``2017–2024: insufficient-evidence``."""
    spans: list[Span] = []
    for p in points:
        if spans and spans[-1].outcome == p.outcome:
            spans[-1] = Span(p.outcome, spans[-1].first, p.year, spans[-1].mark)
        else:
            spans.append(Span(p.outcome, p.year, p.year, p.mark))
    return spans


def _context(view: ReportView) -> dict[str, Any]:
    trend = trend_points(view)
    return {"card": view.card, "chart": chart_rows(view), "trend": trend, "spans": trend_spans(trend),
            "provenance": provenance(view.result),
            "robustness": view.robustness, "review": view.review,
            "consensus": view.consensus, "outcomes": view.result.table.spec.outcomes}


def report_markdown(view: ReportView) -> str:
    """The report as Markdown, every input escaped."""
    return render_template("report.md.j2", **_context(view))


def report_html(view: ReportView) -> str:
    """The report as one self-contained HTML page that prints on A4."""
    return render_template("report.html.j2", **_context(view))
