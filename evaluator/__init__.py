"""evaluator: criteria-as-code for admitting and reviewing the partners of an organisation.

Everything the command line does is a call into this package::

    import evaluator
    project = evaluator.load("path/to/root")
    result = evaluator.score(project, criteria="asean-dialogue-partner", as_of=2024)
    result.summary()          # pandas DataFrame, one row per partner
    result["united-kingdom"].outcome
    evaluator.report(project, "united-kingdom", "uk.html", as_of=2024)

Every function is the library's (``evaluator.library``): the project first, then what the call is
about, then keyword arguments; the command line calls the same functions.

Importing the package is light: pandas and numpy load only when something is scored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import __version__
from .base.errors import DataError, EvaluatorError, OutputError, Problem, UsageError
from .library import (
    backtest,
    book,
    calibrate,
    consensus,
    diff,
    document,
    export,
    history,
    import_table,
    load,
    new_partner,
    rank,
    report,
    review,
    run_tests,
    schema,
    score,
    scorecard,
    sensitivity,
    site,
    sources,
    validate,
)

if TYPE_CHECKING:
    from .loading.project import Project
    from .scoring.history import History
    from .scoring.result import Result, Scorecard

# Why lazy: ``evaluator --help`` must not pay for building the pydantic models or numpy.
_LAZY = {"History": "scoring.history", "Project": "loading.project", "Result": "scoring.result",
         "Scorecard": "scoring.result"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = [
    "__version__",
    "backtest",
    "book",
    "calibrate",
    "consensus",
    "DataError",
    "diff",
    "document",
    "EvaluatorError",
    "export",
    "history",
    "History",
    "import_table",
    "load",
    "new_partner",
    "OutputError",
    "Problem",
    "Project",
    "rank",
    "report",
    "Result",
    "review",
    "run_tests",
    "schema",
    "score",
    "scorecard",
    "Scorecard",
    "sensitivity",
    "site",
    "sources",
    "UsageError",
    "validate",
]
