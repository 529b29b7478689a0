"""Outputs: one renderer per format behind one switch, ``render(kind, fmt, view)``.

``RENDERERS`` names, for every kind of output a command produces, each format it can take and
the function that renders it (a string, or bytes for files). Its keys feed the command line's
``--format`` choices, so a format exists in one place. The renderer modules are imported only
when used: ``evaluator --help`` stays light.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from ..base.errors import UsageError

RENDERERS: dict[str, dict[str, str]] = {
    "score": {"table": "text:scorecard_text", "json": "payload:score_json", "markdown": "markdown:score_markdown"},
    "rank": {"table": "text:rank_text", "csv": "spreadsheet:rank_csv", "json": "payload:rank_json"},
    "history": {"table": "text:history_text", "csv": "spreadsheet:history_csv", "json": "payload:history_json"},
    "sensitivity": {"table": "text:sensitivity_text", "json": "payload:sensitivity_json"},
    "diff": {"table": "review_text:diff_text", "markdown": "markdown:diff_markdown", "csv": "spreadsheet:diff_csv"},
    "test": {"table": "review_text:cases_text"},
    "import": {"table": "review_text:import_text"},
    "sources": {"table": "review_text:sources_text", "json": "payload:sources_json"},
    "backtest": {"table": "review_text:backtest_text", "json": "payload:backtest_json"},
    "calibrate": {"table": "review_text:calibrate_text", "json": "payload:calibrate_json"},
    "consensus": {"table": "review_text:consensus_text", "json": "payload:consensus_json"},
    "export": {"csv": "spreadsheet:export_csv", "xlsx": "workbook:export_xlsx", "json": "payload:export_json"},
    "report": {"md": "report:report_markdown", "html": "report:report_html", "pdf": "report:report_pdf"},
    "document": {"md": "document:document_markdown", "html": "document:document_html"},
    "book": {"html": "book:book_html", "pdf": "book:book_pdf"},
}

#: other spellings of a file suffix
SUFFIXES = {"htm": "html", "markdown": "md"}


def formats(kind: str) -> tuple[str, ...]:
    """The formats an output of ``kind`` can take, the default first."""
    return tuple(RENDERERS[kind])


def render(kind: str, fmt: str, view: Any, *, color: bool = False) -> Any:
    """The output of ``kind`` in ``fmt``: text for a terminal, or bytes or text for a file."""
    module, name = RENDERERS[kind][fmt].split(":")
    function = getattr(importlib.import_module(f".{module}", __name__), name)
    if module in ("text", "review_text"):
        import click

        from .text import plain

        return function(view, click.style if color else plain)
    return function(view)


def format_for(path: Path, given: str | None, kind: str, *, option: bool = True) -> str:
    """The format of an output file: ``given``, or read from the file's suffix."""
    if given is not None:
        return given
    suffix = path.suffix.lower().lstrip(".")
    suffix = SUFFIXES.get(suffix, suffix)
    if suffix in RENDERERS[kind]:
        return suffix
    choices = ", ".join("." + c for c in RENDERERS[kind])
    raise UsageError(f"cannot tell the format from '{path.name}'; use a suffix ({choices})"
                     + (" or --format" if option else ""))


def color_wanted() -> bool:
    """Colour on a terminal only, and never with ``NO_COLOR`` set."""
    import os

    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()
