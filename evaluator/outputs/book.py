"""``evaluator book``: every partner in one document for the meeting: a cover with the summary of
all partners and a table of contents, one brief per partner, and the criteria as an annex; HTML,
or PDF printed by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import OutputError
from ..loading.models import Catalogue
from ..scoring.result import Result
from ..scoring.sensitivity import Sensitivity
from ..scoring.standing import MARKS
from ..workflow.reviews import ReviewState
from .document import DocumentView, articles
from .report import Brief, brief, today
from .templating import render_template
from .views import ReportView

#: the browsers that can print a page to PDF, in the order tried
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT = 300


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


def book_html(view: BookView) -> str:
    """The book as one self-contained HTML file."""
    result = view.result
    verdicts = {v.partner_id: v.robustness.verdict for v in view.views if v.robustness is not None}
    rows = [{**r, "mark": MARKS.get(r["status_change"], ""), "robustness": verdicts.get(r["partner_id"], "")}
            for r in result.summary_rows()]
    pages = [Page(v.card, brief(v), v.robustness, v.consensus, v.review) for v in view.views]
    return render_template("book.html.j2", cset=result.criteria.model, as_of=result.as_of, rows=rows, pages=pages,
                           articles=articles(DocumentView(result.criteria, view.catalogue, today())),
                           generated=today().isoformat(), in_book=True, record=view.record,
                           left_out=sorted({p.path for p in result.left_out}))


def browser() -> str | None:
    """The path of a Chromium that can print to PDF, if one is installed."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def book_pdf(view: BookView) -> bytes:
    """The book printed to an A4 PDF by headless Chromium."""
    return print_pdf(book_html(view))


def print_pdf(html: str) -> bytes:
    """An HTML page printed to PDF by headless Chromium; a clear error when none is installed."""
    found = browser()
    if found is None:
        raise OutputError("a PDF is printed by headless Chromium, and none is installed (looked for "
                          f"{', '.join(BROWSERS)}); install Chromium, or write the book as .html and print it "
                          "from a browser; nothing was written")
    with tempfile.TemporaryDirectory(prefix="evaluator-print-") as tmp:
        page, pdf = Path(tmp) / "book.html", Path(tmp) / "book.pdf"
        page.write_text(html, encoding="utf-8")
        command = [found, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                   page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.SubprocessError) as exc:
            raise OutputError(f"Chromium could not print the book: {exc}; nothing was written") from None
        if not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF"):
            raise OutputError("Chromium did not print the book to PDF; nothing was written")
        return pdf.read_bytes()
