"""One error hierarchy for everything the library refuses.

The library raises only these; ``cli.py`` translates them once, at the edge, into exit codes.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one data file, at a line and column (both 1-based); a warning names a likely
    mistake that does not stop the file from loading."""

    path: str
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {'warning: ' if self.warning else ''}{self.message}"


def display_path(path: Path) -> str:
    """The path as a user should see it: relative to the working directory when inside it, as
    named (links kept), else as resolved. String operations: a root of 3,000 partner files asks
    this of each, and pathlib's would cost a tenth of a second."""
    here = os.getcwd()
    shown = _inside(os.path.abspath(path), here)
    if shown is None:
        shown = _inside(os.path.realpath(path), os.path.realpath(here))
    return str(path) if shown is None else shown


def _inside(candidate: str, base: str) -> str | None:
    """``candidate`` relative to ``base`` (both absolute and normalised), or None when outside it."""
    if os.path.normcase(candidate) == os.path.normcase(base):
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not os.path.normcase(candidate).startswith(os.path.normcase(prefix)):
        return None
    return candidate[len(prefix):]


class EvaluatorError(Exception):
    """Base of every error the library raises for bad input or bad usage."""


class DataError(EvaluatorError):
    """One or more data files are invalid; holds every problem, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(EvaluatorError):
    """The request does not fit the data: an unknown partner, an ambiguous criteria set."""


class OutputError(EvaluatorError):
    """An output file cannot be written as asked (it exists and --force was not given)."""


class CalibrationError(EvaluatorError):
    """The decisions cannot calibrate the set: too few outcomes, one category, a status no outcome gives."""


class GitError(EvaluatorError):
    """A git revision could not be read."""
