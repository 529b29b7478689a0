"""The one way the tool runs git: a fixed timeout, errors as ``GitError`` naming what failed.

A root may arrive as an archive with its own ``.git/config``; git is run so that nothing
configured there runs: no fsmonitor command, hooks, pager, external diff or text conversion.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..base.errors import GitError

TIMEOUT = 60

# Settings that make git run a command named in a repository's configuration, turned off.
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat",
         "-c", "diff.external=", "-c", "core.untrackedCache=false", "--no-pager")
_ENV = {"GIT_PAGER": "cat", "GIT_EXTERNAL_DIFF": "", "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0"}


def git(folder: Path, *args: str) -> bytes:
    """The output of ``git -C folder ARGS``; ``GitError`` when git cannot run or fails."""
    try:
        done = subprocess.run(["git", *_SAFE, "-C", str(folder), *args], capture_output=True,
                              timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL,
                              env={**os.environ, **_ENV})
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def uncommitted(folder: Path) -> bool:
    """True when the data files of the repository holding ``folder`` have changes not committed
    (criteria, partners, reviews, members, evaluator.yaml); False outside git."""
    try:
        top = Path(git(folder, "rev-parse", "--show-toplevel").decode().strip())
        root = folder if (folder / "partners").is_dir() else folder.parent
        rel = os.path.relpath(root.resolve(), top.resolve())
        paths = [os.path.join(rel, p) for p in ("criteria", "partners", "reviews", "members", "evaluator.yaml")]
        return bool(git(top, "status", "--porcelain", "--", *paths).strip())
    except (GitError, OSError, ValueError):
        return False


def head_commit(folder: Path) -> str | None:
    """The commit checked out in the repository holding ``folder``, or None outside git."""
    try:
        commit = git(folder, "rev-parse", "HEAD").decode().strip()
    except GitError:
        return None
    return commit if len(commit) == 40 else None
