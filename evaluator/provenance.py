"""Where a result comes from: criteria file, as-of year, tool version, git commit."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .result import Result


def git_commit(folder: Path) -> str | None:
    """The commit checked out in the repository holding ``folder``, or None outside git."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def provenance(result: Result) -> dict[str, Any]:
    """The provenance block every output carries."""
    cset = result.criteria.model
    return {
        "criteria_set": cset.id,
        "criteria_title": cset.title,
        "criteria_version": cset.version,
        "criteria_status": cset.status,
        "criteria_sha256": result.criteria.sha256,
        "as_of": result.as_of,
        "tool": "evaluator",
        "tool_version": __version__,
        "git_commit": git_commit(result.criteria.doc.path.parent),
    }
