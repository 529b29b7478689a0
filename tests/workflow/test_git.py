"""The one git helper: output, a clear error naming what failed, no commit outside git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evaluator.base.errors import GitError
from evaluator.workflow.git import git, head_commit


def _repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    (path / "f").write_text("x")
    for args in (["add", "f"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c"]):
        subprocess.run(["git", "-C", str(path), *args], check=True)
    return path


def test_head_commit_inside_and_outside_a_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    commit = head_commit(repo)
    assert commit is not None and len(commit) == 40
    assert git(repo, "rev-parse", "HEAD").decode().strip() == commit
    (tmp_path / "plain").mkdir()
    assert head_commit(tmp_path / "plain") is None


def test_a_failing_git_command_says_which(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    with pytest.raises(GitError, match="^git rev-parse --verify: "):
        git(repo, "rev-parse", "--verify", "no-such-revision")


def test_a_configured_fsmonitor_command_is_never_run(tmp_path: Path) -> None:
    from evaluator.workflow.git import uncommitted

    repo = _repo(tmp_path / "repo")
    (repo / "partners").mkdir()
    witness = tmp_path / "ran"
    for key, value in (("core.fsmonitor", f"touch {witness}; false"), ("core.pager", f"touch {witness}")):
        subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)
    assert head_commit(repo) is not None
    assert uncommitted(repo) is False
    assert not witness.exists()
