"""Shared fixtures: the fixture root, a CLI runner, golden files (``pytest --update-golden``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"

#: the tool version and git commit every output's provenance shows in tests: the golden files
#: carry these, not whatever version is installed or commit is checked out
TOOL_IDENTITY = ("0.1.0", None, False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output instead of comparing")


@pytest.fixture(autouse=True)
def terminal_of_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terminal output is laid out for the terminal's width; tests read it at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(autouse=True)
def fixed_generation_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Briefs show the day they were made; golden files fix it through SOURCE_DATE_EPOCH, as a
    reproducible build would (2026-01-02 00:00 UTC)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")


@pytest.fixture(autouse=True)
def fixed_tool_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Provenance reports ``TOOL_IDENTITY``, so golden files do not change with a release or commit."""
    monkeypatch.setattr("evaluator.workflow.provenance.tool_identity", lambda folder: TOOL_IDENTITY)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the fixture root, which is also the working directory."""
    target = tmp_path / "root"
    shutil.copytree(DATA / "root", target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def asean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled ASEAN root (criteria, partners, evaluator.yaml), the working directory."""
    copy = tmp_path / "asean"
    for folder in ("criteria", "partners"):
        shutil.copytree(REPO / folder, copy / folder)
    shutil.copy(REPO / "evaluator.yaml", copy / "evaluator.yaml")
    monkeypatch.chdir(copy)
    return copy


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes | str], None]:
    """Compare output with ``tests/golden/NAME``; rewrite it with ``--update-golden``."""
    update = request.config.getoption("--update-golden")

    def check(name: str, output: bytes | str) -> None:
        data = output.encode("utf-8") if isinstance(output, str) else output
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {name}; run pytest --update-golden"
        assert data == path.read_bytes(), f"{name} differs from the golden file"

    return check
