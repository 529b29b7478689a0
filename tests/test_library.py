"""The library: one module holds every public function of the package, project first and keyword
arguments after; the package re-exports it and the command line calls it."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import evaluator
from evaluator import library
from evaluator.base.errors import UsageError
from tests.conftest import REPO


def _public_functions() -> list[str]:
    return sorted(name for name, value in vars(library).items()
                  if inspect.isfunction(value) and value.__module__ == library.__name__ and not name.startswith("_"))


def test_the_package_re_exports_every_library_function_and_no_other() -> None:
    functions = {name for name in evaluator.__all__ if inspect.isfunction(getattr(evaluator, name))}
    assert functions == set(_public_functions())
    for name in functions:
        assert getattr(evaluator, name) is getattr(library, name), name


@pytest.mark.parametrize("name", _public_functions())
def test_every_function_takes_what_it_is_about_first_and_keywords_after(name: str) -> None:
    params = list(inspect.signature(getattr(library, name)).parameters.values())
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert positional[0] in {"project", "root", "paths", "kind"}, name
    assert len(positional) <= 4, f"{name}: {positional}"
    assert all(p.kind is p.KEYWORD_ONLY for p in params[len(positional):]), name
    assert (getattr(library, name).__doc__ or "").strip(), f"{name} has no docstring"


def test_no_module_of_the_package_imports_the_package_itself() -> None:
    found = []
    for path in sorted((REPO / "evaluator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name == "evaluator" for a in node.names):
                found.append(str(path.relative_to(REPO)))
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "evaluator":
                found.append(str(path.relative_to(REPO)))
    assert found == []


def test_the_command_line_calls_only_the_library() -> None:
    """Every command reaches the engine through ``library``; none imports a scoring, loading or
    workflow function itself (``outputs`` renders, ``base`` holds the choices, ``loading`` finds the
    root for shell completion)."""
    reached = set()
    for path in sorted((REPO / "evaluator" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                reached.add(node.module.split(".")[0])
    assert reached <= {"base", "library", "outputs", "loading"}, reached


def test_scoring_calls_return_views(root: Path) -> None:
    project = evaluator.load(root)
    assert evaluator.scorecard(project, "alpha", as_of=2024).card.outcome == "full"
    ranked = evaluator.rank(project, as_of=2024, robustness=True)
    assert set(ranked.robustness) == set(ranked.review) == {"alpha", "beta", "gamma", "hostile"}
    assert evaluator.sensitivity(project, "alpha", as_of=2024, draws=100).sensitivity.draws == 100
    with pytest.raises(UsageError, match="unknown partner"):
        evaluator.scorecard(project, "nobody")
    with pytest.raises(UsageError, match="--concentration must be a finite number of at least 0.001, got 4.94066e-324"):
        evaluator.sensitivity(project, "alpha", concentration=5e-324)
    rows = evaluator.history(project, "alpha", start=2022, end=2024).rows()
    assert [(r["partner_id"], r["as_of"]) for r in rows] == [("alpha", 2022), ("alpha", 2023), ("alpha", 2024)]


def test_writing_calls_return_what_they_wrote(root: Path) -> None:
    project = evaluator.load(root)
    done = evaluator.export(project, root / "s.csv", partners=("alpha", "alpha"), as_of=2024)
    assert (done.fmt, done.partners) == ("csv", 1) and done.path.exists()
    summary = evaluator.export(project, root / "s.xlsx", summary=True, as_of=2024)
    assert (summary.fmt, summary.partners) == ("xlsx", 4) and summary.path.exists()
    report = evaluator.report(project, "gamma", root / "g.md", as_of=2024)
    assert report.path.read_text().startswith("# Recommendation: ")
    path = evaluator.review(project, "alpha", as_of=2024, decision="endorse", reason="r", reviewer="R",
                            date="2026-01-02")
    assert path == root / "reviews" / "alpha.yaml"
    assert [c.passed for c in evaluator.run_tests(project)] == []


def test_validate_and_new_partner_take_a_root_and_work_when_the_project_does_not_load(root: Path) -> None:
    (root / "partners" / "beta.yaml").write_text("name: [\n", encoding="utf-8")
    files, problems = evaluator.validate(root=root)
    assert files > 0 and [p.path for p in problems if not p.warning] == ["partners/beta.yaml"]
    path = evaluator.new_partner(root, "delta", name="Delta", kind="country")
    assert path == root / "partners" / "delta.yaml" and path.exists()
