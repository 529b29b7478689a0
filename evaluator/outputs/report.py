"""The reviewable recommendation: one partner, one file, Markdown or self-contained HTML."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base.errors import UsageError
from ..scoring.standing import FALLS_SHORT, MARKS, MEETS, MOVES
from ..workflow.provenance import provenance
from .templating import render_template

if TYPE_CHECKING:
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

    @property
    def lines(self) -> list[str]:
        """The label on one line, or two when long, broken at a space: never cut."""
        import textwrap

        return textwrap.wrap(self.label, 32, break_on_hyphens=False) if len(self.label) > 32 else [self.label]


def chart_rows(view: ReportView) -> list[Bar]:
    """The overall score and each pillar score, with every outcome's threshold for it."""
    card = view.card
    outcomes = view.result.outcomes
    overall = [Marker(limit, o.id) for o in outcomes if (limit := o.score_limit()) is not None]
    rows = [Bar("Overall", card.overall, overall)]
    rows += [Bar(p.title, p.score, [Marker(o.pillar_limits()[p.id], o.id) for o in outcomes
                                    if p.id in o.pillar_limits()]) for p in card.pillars]
    return rows


@dataclass(frozen=True)
class Point:
    """One as-of year of the trend: the overall score and the recommendation, marked where it moved."""

    year: int
    overall: float | None
    outcome: str        # the recommendation in words: the outcome's title, or what it says of the status held
    mark: str           # ▲ better than the year before, ▼ worse, else empty
    x: float            # where the year sits across the chart, 0..1


#: what a year's recommendation says of the status held, by its review (``status_change``)
HELD_WORDS = {MEETS: "meets its status", FALLS_SHORT: f"{MARKS[FALLS_SHORT]} short of its status, for review",
              "too-thin": "status stands: too little evidence to review it"}


def trend_points(view: ReportView) -> list[Point]:
    """The partner's history, for the report's trend chart and table."""
    rows = view.trend
    titles = {o.id: o.title for o in view.result.outcomes}
    last = max(len(rows) - 1, 1)

    def words(r: dict[str, Any]) -> str:
        title = str(titles.get(r["outcome"], r["outcome"].replace("-", " ")))
        review = str(r.get("status_change", ""))
        return f"eligible for {title}" if review == "eligible" else HELD_WORDS.get(review, title)

    return [Point(r["as_of"], r["overall"], words(r), MOVES.get(r["change"], ""),
                  k / last if len(rows) > 1 else 0.5) for k, r in enumerate(rows)]


@dataclass(frozen=True)
class Span:
    """Consecutive years with the same recommendation."""

    outcome: str
    first: int
    last: int
    mark: str           # how it moved from the span before: ▲, ▼ or empty


def trend_spans(points: list[Point]) -> list[Span]:
    """The trend as runs of one recommendation: ``2017–2024: meets its status``."""
    spans: list[Span] = []
    for p in points:
        if spans and spans[-1].outcome == p.outcome:
            spans[-1] = Span(p.outcome, spans[-1].first, p.year, spans[-1].mark)
        else:
            spans.append(Span(p.outcome, p.year, p.year, p.mark))
    return spans


def held_line(view: ReportView) -> str:
    """The status held, from the partner's own history: ``Dialogue Partner since 1975``."""
    partner = view.result.partners[view.partner_id]
    year = view.result.as_of
    status = partner.status_at(year)
    if status is None:
        return "not known"
    since = partner.held_since(year)
    words = view.result.status_name(status)
    return f"{words} since {since}" if since is not None and status != "none" else words


def today() -> datetime.date:
    """The generation date a brief, a book or a site shows: the day of ``SOURCE_DATE_EPOCH`` (seconds
    since 1970, UTC) when it is set, the reproducible-builds convention that makes two runs on
    different days write the same bytes; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return datetime.date.today()
    if not epoch.isdigit() or len(epoch) > 12:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970; set it to one "
                         "(for example $(git log -1 --format=%ct)) or unset it to date outputs today")
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()


KIND_WORDS = {"recommend": "Recommended", "retain": "Meets its status", "review": "For review: short of its status",
              "too-thin": "Status stands: evidence too thin to review", "none": "Not recommended",
              "insufficient": "Insufficient evidence"}


@dataclass(frozen=True)
class ScoreLine:
    """One row of the brief's score table: a score, the peers' median, what each outcome asks."""

    label: str
    score: float | None
    median: float | None
    limits: list[str]


@dataclass(frozen=True)
class Brief:
    """The first page: what a senior official reads in two minutes."""

    kind: str                  # recommend | lower | none | insufficient: the banner's colour
    kind_words: str
    mark: str                  # ▲ ▼ = or empty
    held: str
    rank: int
    partners: int
    scores: list[ScoreLine]
    spans: list[Span]
    held_since: str            # the status held and since when, from the partner's history
    hurdles: list[str]
    next_title: str | None
    next_steps: list[str]
    generated: str


def _median(values: Any) -> float | None:
    import numpy as np

    found = np.asarray(values, dtype=float)
    found = found[~np.isnan(found)]
    return None if found.size == 0 else round(float(np.median(found)), 1)


def _hurdles(card: Any, result: Any) -> list[str]:
    """The gates not passed, each once: a composite gate whose every named gate is already listed
    (it fails because they do) is left to them."""
    failing = {g.id for g in card.gates if g.status != "pass"}
    members = result.gate_members
    return [f"{g.title}: {g.explanation}" for g in card.gates
            if g.status != "pass" and not (members.get(g.id) and members[g.id] <= failing)]


def brief(view: ReportView, spans: list[Span] | None = None) -> Brief:
    """The brief of the report's first page (``spans``: the trend, when already computed)."""
    card, result = view.card, view.result
    k = result.outcome_index(view.partner_id)
    kind = ("too-thin" if card.status_change == "too-thin" else "insufficient" if k < 0
            else "review" if card.status_change == "falls-short"
            else "retain" if card.status_change == "meets"
            else "none" if result.outcomes[k].status == "none" else "recommend")
    lines = [ScoreLine("Overall score", card.overall, _median(result.scores()),
                       [f"{result.status_name(o.status)} {limit:g}" for o in result.outcomes
                        if (limit := o.score_limit()) is not None])]
    for n, pillar in enumerate(card.pillars):
        lines.append(ScoreLine(pillar.title, pillar.score, _median(result.scores(n)),
                               [f"{result.status_name(o.status)} {o.pillar_limits()[pillar.id]:g}"
                                for o in result.outcomes
                                if pillar.id in o.pillar_limits()]))
    hurdles = _hurdles(card, result)
    steps = [f"{item.requirement} (now {item.now})" + (f": for example {item.options[0]}" if item.options else "")
             for item in card.gap[:4]]
    ranked = result.ranked
    return Brief(kind, KIND_WORDS[kind], MARKS.get(card.status_change, ""), card.status_as_of or "not known",
                 ranked.index(view.partner_id) + 1, len(ranked), lines,
                 spans if spans is not None else trend_spans(trend_points(view)), held_line(view), hurdles,
                 card.next_outcome_title, steps, today().isoformat())


@dataclass(frozen=True)
class Note:
    """One source of the report's endnotes: what the criteria table shows of it, and in full."""

    number: int
    short: str          # a short title for the table
    source: str
    url: str | None
    grade: str | None


#: a source's short title in the criteria table is cut at a word to about this many characters
SHORT_SOURCE = 34


def _short(source: str) -> str:
    if len(source) <= SHORT_SOURCE:
        return source
    cut = source[:SHORT_SOURCE].rsplit(" ", 1)[0].rstrip(",;:(")
    return cut + " …"


def source_notes(card: Any) -> tuple[list[Note], dict[str, int]]:
    """Each distinct source of the partner's criteria, numbered in the order the table first names
    it, and each criterion's number."""
    notes: dict[tuple[str, str | None], Note] = {}
    refs: dict[str, int] = {}
    for c in card.criteria:
        if not c.source:
            continue
        key = (c.source, c.url)
        if key not in notes:
            notes[key] = Note(len(notes) + 1, _short(c.source), c.source, c.url, c.grade)
        refs[c.id] = notes[key].number
    return list(notes.values()), refs


def report_context(view: ReportView) -> dict[str, Any]:
    """What the report's templates show of one partner."""
    trend = trend_points(view)
    spans = trend_spans(trend)
    notes, refs = source_notes(view.card)
    return {"card": view.card, "chart": chart_rows(view), "trend": trend, "spans": spans,
            "brief": brief(view, spans),
            "provenance": provenance(view.result),
            "robustness": view.robustness, "review": view.review,
            "consensus": view.consensus, "outcomes": view.result.outcomes,
            "notes": notes, "refs": refs}


def report_markdown(view: ReportView) -> str:
    """The report as Markdown, every input escaped."""
    return render_template("report.md.j2", **report_context(view))


def report_html(view: ReportView) -> str:
    """The report as one self-contained HTML page that prints on A4."""
    return render_template("report.html.j2", **report_context(view))


def report_pdf(view: ReportView) -> bytes:
    """The report printed on A4 by headless Chromium (at most three pages for the bundled partners)."""
    from .printing import print_pdf

    return print_pdf(report_html(view), "report")
