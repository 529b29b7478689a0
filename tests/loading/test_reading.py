"""Reading a root: every file read and checked, every problem collected, never raised by ``collect``."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.loading.reading import check_root as validate
from evaluator.loading.reading import collect
from evaluator.loading.reading import load_root as load


def test_collect_never_raises_and_validate_counts_the_files(root: Path) -> None:
    (root / "partners" / "broken.yaml").write_text("id: broken\nname: [\n")
    project, problems = collect(root)
    assert project is not None and "broken" not in project.partners
    assert [p.path for p in problems] == ["partners/broken.yaml"]
    with pytest.raises(DataError):
        load(root)
    files, only = validate([root / "partners" / "alpha.yaml"])
    assert files == 1 and only == []


def test_validate_names_a_file_that_is_not_data(root: Path) -> None:
    (root / "notes.yaml").write_text("a: 1\n")
    files, problems = validate([root / "notes.yaml"])
    assert [str(p) for p in problems] == ["notes.yaml:1:1: is not a data file of this root: evaluator checks "
                                          "criteria/*.yaml, partners/*.yaml, reviews/*.yaml and members/*.yaml"]


def test_project_defaults_give_the_as_of_year_and_the_set(root: Path) -> None:
    import evaluator

    (root / "evaluator.yaml").write_text("as_of: 2019\ncriteria: fixture\n")
    project = load(root)
    assert project.defaults.as_of == 2019 and project.criteria_set().model.id == "fixture"
    assert evaluator.score(project).as_of == 2019
    assert evaluator.score(project, as_of=2024).as_of == 2024
    files, problems = validate([root / "evaluator.yaml"])
    assert (files, problems) == (1, [])
