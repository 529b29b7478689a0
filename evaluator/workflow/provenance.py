"""Where a result comes from: criteria file, as-of year, tool version, git commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base import __version__
from .git import head_commit, uncommitted

if TYPE_CHECKING:
    from ..scoring.history import History
    from ..scoring.result import Result
    from .backtest import Backtest
    from .calibrate import Calibration
    from .sources import Sources


def tool_identity(folder: object) -> tuple[str, str | None, bool]:
    """The tool's version, the git commit of the data (``folder``), and whether the data has changes
    not committed since; tests replace it."""
    from pathlib import Path

    where = Path(str(folder))
    commit = head_commit(where)
    return __version__, commit, commit is not None and uncommitted(where)


def provenance(result: Result | History | Backtest | Sources | Calibration) -> dict[str, Any]:
    """The provenance block every output carries (for a history, ``as_of`` is its last year)."""
    cset = result.criteria.model
    version, commit, changed = tool_identity(result.criteria.doc.path.parent)
    found = {
        "criteria_set": cset.id,
        "criteria_title": cset.title,
        "criteria_version": cset.version,
        "criteria_status": cset.status,
        "criteria_sha256": result.criteria.sha256,
        "as_of": result.as_of,
        "tool": "evaluator",
        "tool_version": version,
        "git_commit": commit,
        "git_uncommitted_changes": changed,
    }
    problems = getattr(result, "left_out", ())      # a scoring Result's; a calibration's left_out is another thing
    left_out = sorted({p.path for p in problems}) if isinstance(problems, tuple) else []
    if left_out:            # --keep-going: the partner files that did not load are not in this output
        found["partner_files_left_out"] = ", ".join(left_out)
    return found
