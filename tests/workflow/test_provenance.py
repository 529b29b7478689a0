"""The provenance block every output carries."""

from __future__ import annotations

from pathlib import Path

import pytest

import evaluator
from evaluator.workflow import provenance as module


def test_provenance_names_the_set_its_hash_the_year_and_the_tool(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    block = module.provenance(result)
    assert block["criteria_set"] == "fixture" and block["as_of"] == 2024
    assert block["criteria_sha256"] == result.criteria.sha256 and len(block["criteria_sha256"]) == 64
    assert (block["tool"], block["tool_version"], block["git_commit"]) == ("evaluator", "0.1.0", None)


def test_the_real_identity_is_the_package_version_and_the_data_commit(root: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()   # the suite fixes the identity for golden files; this test reads the real one
    version, commit, changed = module.tool_identity(root)
    assert version == evaluator.__version__
    assert commit is None or len(commit) == 40
    assert changed is False or commit is not None


def test_uncommitted_data_changes_are_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import subprocess

    monkeypatch.undo()
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "root", repo)
    run = {"cwd": repo, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "."], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data"], **run)
    assert module.tool_identity(repo / "criteria")[2] is False
    (repo / "partners" / "alpha.yaml").write_text((repo / "partners" / "alpha.yaml").read_text() + "\n")
    assert module.tool_identity(repo / "criteria")[2] is True
