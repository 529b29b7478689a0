"""``evaluator book``: every partner in one document for the meeting: a cover with the summary of
all partners and a table of contents, one brief per partner, and the criteria as an annex; HTML,
or PDF printed by headless Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..scoring.standing import MARKS
from .document import DocumentView, articles
from .printing import print_pdf
from .report import Brief, brief, today
from .templating import render_template

if TYPE_CHECKING:
    from ..loading.models import Catalogue
    from ..loading.records import Rates
    from ..scoring.result import Result
    from ..scoring.sensitivity import Sensitivity
    from ..workflow.reviews import ReviewState
    from .views import ReportView


@dataclass(frozen=True)
class Page:
    """One partner's page of the book."""

    card: Any
    brief: Brief
    robustness: Sensitivity | None
    consensus: str
    review: ReviewState | None


@dataclass(frozen=True)
class BookView:
    """Every partner's report view, in rank order, and the catalogue for the annex (``book``)."""

    result: Result
    views: list[ReportView]
    catalogue: Catalogue
    record: str | None = None      # how the set fares against the organisation's decisions
    rates: Rates | None = None     # the root's exchange rates, for the annex


def cover_rows(result: Result, views: list[ReportView]) -> list[dict[str, Any]]:
    """One row per partner in rank order, as the book's cover and the site's index show it: the
    summary columns, the rank, the mark against the status held, the robustness verdict of the
    partner's view and the pillar scores in order."""
    verdicts = {v.partner_id: v.robustness.verdict for v in views if v.robustness is not None}
    pillars = result.pillar_ids
    return [{**r, "rank": n, "mark": MARKS.get(r["status_change"], ""),
             "robustness": verdicts.get(r["partner_id"], ""), "pillar_scores": [r[p] for p in pillars]}
            for n, r in enumerate(result.summary_rows(), start=1)]


def book_html(view: BookView) -> str:
    """The book as one self-contained HTML file."""
    result = view.result
    rows = cover_rows(result, view.views)
    pages = [Page(v.card, brief(v), v.robustness, v.consensus, v.review) for v in view.views]
    return render_template("book.html.j2", cset=result.criteria.model, as_of=result.as_of, rows=rows, pages=pages,
                           articles=articles(DocumentView(result.criteria, view.catalogue, today(), view.rates)),
                           generated=today().isoformat(), in_book=True, record=view.record,
                           left_out=sorted({p.path for p in result.left_out}))


def book_pdf(view: BookView) -> bytes:
    """The book printed to an A4 PDF by headless Chromium."""
    return print_pdf(book_html(view))
