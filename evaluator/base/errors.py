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
    """The path as a user should see it: relative to the working directory when inside it."""
    here = Path.cwd()
    for candidate, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(here))),   # links kept as named
                            (path.resolve(), here.resolve())):
        try:
            rel = candidate.relative_to(base)
        except ValueError:
            continue
        return rel.as_posix() if os.sep == "/" else str(rel)
    return str(path)


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
