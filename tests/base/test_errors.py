"""One error hierarchy: problems sort by file and line, and print as FILE:LINE:COL: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError, EvaluatorError, GitError, OutputError, Problem, UsageError, display_path


def test_problems_print_and_sort_by_file_line_and_column() -> None:
    a = Problem("b.yaml", 1, 1, "x")
    b = Problem("a.yaml", 9, 2, "y")
    c = Problem("a.yaml", 9, 1, "z")
    error = DataError([a, b, c, a])
    assert [str(p) for p in error.problems] == ["a.yaml:9:1: z", "a.yaml:9:2: y", "b.yaml:1:1: x"]
    assert str(error).splitlines()[0] == "a.yaml:9:1: z"


@pytest.mark.parametrize("kind", [DataError, UsageError, OutputError, GitError])
def test_every_error_is_an_evaluator_error(kind: type[Exception]) -> None:
    assert issubclass(kind, EvaluatorError)


def test_display_path_is_relative_inside_the_working_directory(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "partners" / "x.yaml") == "partners/x.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert display_path(outside) == str(outside)
