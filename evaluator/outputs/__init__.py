"""Outputs: one renderer per format behind one switch, ``render(kind, fmt, view)``.

``FORMATS`` names, for every kind of output a command produces, each format it can take; it feeds
the command line's ``--format`` choices. ``registry.RENDERERS`` holds the function that renders
each, by reference; ``render`` returns its output as bytes whatever the function returns. The
renderer modules are imported only when something is rendered: ``evaluator --help`` stays light.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..base.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

#: every kind of output a command produces and the formats it takes, the default first: the command
#: line's ``--format`` choices and the suffixes of its files. ``registry.RENDERERS`` holds the
#: renderer of each (a test holds the two equal); this table stays here so that ``--help`` loads none.
FORMATS: dict[str, tuple[str, ...]] = {
    "score": ("table", "json", "markdown"),
    "rank": ("table", "csv", "json"),
    "history": ("table", "csv", "json"),
    "sensitivity": ("table", "json"),
    "diff": ("table", "markdown", "csv"),
    "test": ("table",),
    "import": ("table",),
    "sources": ("table", "json"),
    "backtest": ("table", "json"),
    "calibrate": ("table", "json"),
    "consensus": ("table", "json"),
    "export": ("csv", "xlsx", "json"),
    "report": ("md", "html", "pdf"),
    "document": ("md", "html"),
    "book": ("html", "pdf"),
}

#: the formats whose bytes are not text: written as they are, never shown as escapes
BINARY = frozenset({"xlsx", "pdf"})

#: other spellings of a file suffix
SUFFIXES = {"htm": "html", "markdown": "md"}


def formats(kind: str) -> tuple[str, ...]:
    """The formats an output of ``kind`` can take, the default first."""
    return FORMATS[kind]


def render(kind: str, fmt: str, view: Any, *, color: bool = False) -> bytes:
    """The output of ``kind`` in ``fmt`` as bytes (text in UTF-8): for a terminal (coloured with
    ``color``), a pipe or a file. Every renderer is reached here, by reference (``registry``)."""
    from .registry import RENDERERS

    renderer = RENDERERS[kind][fmt]
    if renderer.styled:
        import click

        from .text import plain

        out = renderer.function(view, click.style if color else plain)
    else:
        out = renderer.function(view)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def format_for(path: Path, given: str | None, kind: str, *, option: bool = True) -> str:
    """The format of an output file: ``given``, or read from the file's suffix."""
    if given is not None:
        return given
    suffix = path.suffix.lower().lstrip(".")
    suffix = SUFFIXES.get(suffix, suffix)
    if suffix in FORMATS[kind]:
        return suffix
    choices = ", ".join("." + c for c in FORMATS[kind])
    raise UsageError(f"cannot tell the format from '{path.name}'; use a suffix ({choices})"
                     + (" or --format" if option else ""))


def color_wanted() -> bool:
    """Colour on a terminal only, and never with ``NO_COLOR`` set."""
    import os

    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()
