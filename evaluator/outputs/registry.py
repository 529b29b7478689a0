"""Every renderer, by reference: for each kind of output and format, the function that renders it.

A renderer takes the view (and, when ``styled``, the terminal's style) and returns text or bytes;
``outputs.render`` returns bytes either way. Imported only when something is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import book, document, markdown, payload, report, review_text, spreadsheet, text, workbook


@dataclass(frozen=True)
class Renderer:
    """One format of one kind of output."""

    function: Callable[..., str | bytes]
    styled: bool = False        # takes the terminal's style (colour) after the view


def _styled(function: Callable[..., str]) -> Renderer:
    return Renderer(function, styled=True)


RENDERERS: dict[str, dict[str, Renderer]] = {
    "score": {"table": _styled(text.scorecard_text), "json": Renderer(payload.score_json),
              "markdown": Renderer(markdown.score_markdown)},
    "rank": {"table": _styled(text.rank_text), "csv": Renderer(spreadsheet.rank_csv),
             "json": Renderer(payload.rank_json)},
    "history": {"table": _styled(text.history_text), "csv": Renderer(spreadsheet.history_csv),
                "json": Renderer(payload.history_json)},
    "sensitivity": {"table": _styled(text.sensitivity_text), "json": Renderer(payload.sensitivity_json)},
    "diff": {"table": _styled(review_text.diff_text), "markdown": Renderer(markdown.diff_markdown),
             "csv": Renderer(spreadsheet.diff_csv)},
    "test": {"table": _styled(review_text.cases_text)},
    "import": {"table": _styled(review_text.import_text)},
    "sources": {"table": _styled(review_text.sources_text), "json": Renderer(payload.sources_json)},
    "backtest": {"table": _styled(review_text.backtest_text), "json": Renderer(payload.backtest_json)},
    "calibrate": {"table": _styled(review_text.calibrate_text), "json": Renderer(payload.calibrate_json)},
    "consensus": {"table": _styled(review_text.consensus_text), "json": Renderer(payload.consensus_json)},
    "export": {"csv": Renderer(spreadsheet.export_csv), "xlsx": Renderer(workbook.export_xlsx),
               "json": Renderer(payload.export_json)},
    "report": {"md": Renderer(report.report_markdown), "html": Renderer(report.report_html),
               "pdf": Renderer(report.report_pdf)},
    "document": {"md": Renderer(document.document_markdown), "html": Renderer(document.document_html)},
    "book": {"html": Renderer(book.book_html), "pdf": Renderer(book.book_pdf)},
}


def kinds() -> dict[str, tuple[str, ...]]:
    """Each kind of output with its formats, as the registry holds them."""
    return {kind: tuple(found) for kind, found in RENDERERS.items()}


__all__ = ["RENDERERS", "Renderer", "kinds"]
