"""Finding a root, reading every file of it, and choosing a criteria set or a partner."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError, UsageError
from evaluator.loading.project import collect, find_root, load, resolve_root, validate


def test_root_is_found_upwards_and_checked(root: Path) -> None:
    (root / "partners" / "sub").mkdir()
    assert find_root(root / "partners" / "sub") == root
    with pytest.raises(UsageError, match="does not hold criteria/ and partners/"):
        resolve_root(root / "partners")


def test_criteria_set_by_id_path_or_default(root: Path) -> None:
    project = load(root)
    assert project.criteria_set().model.id == "fixture"
    assert project.criteria_set("criteria/fixture.yaml").model.id == "fixture"
    with pytest.raises(UsageError, match="unknown criteria set 'fixtur' \\(did you mean 'fixture'\\?\\)"):
        project.criteria_set("fixtur")
    with pytest.raises(UsageError, match="unknown partner 'alpah' \\(did you mean 'alpha'\\?\\)"):
        project.partner("alpah")


def test_collect_never_raises_and_validate_counts_the_files(root: Path) -> None:
    (root / "partners" / "broken.yaml").write_text("id: broken\nname: [\n")
    project, problems = collect(root)
    assert project is not None and "broken" not in project.partners
    assert [p.path for p in problems] == ["partners/broken.yaml"]
    with pytest.raises(DataError):
        load(root)
    files, only = validate([root / "partners" / "alpha.yaml"])
    assert files == 1 and only == []


def test_a_yml_file_is_named_as_a_problem(root: Path) -> None:
    (root / "partners" / "x.yml").write_text("id: x\n")
    _, problems = collect(root)
    assert [p.message for p in problems] == ["data files end in .yaml; rename the file"]
