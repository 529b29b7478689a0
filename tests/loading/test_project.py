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


def _messages(root: Path) -> list[str]:
    return [str(p) for p in collect(root)[1]]


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling"])
def test_an_entry_named_yaml_that_is_not_a_file_is_a_problem_never_a_hang(root: Path, kind: str) -> None:
    import os

    entry = root / "partners" / "odd.yaml"
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.symlink_to(root / "partners" / "gone.yaml")
    why = {"fifo": "is not a regular file (a folder, pipe or device); data files are regular files",
           "folder": "is not a regular file (a folder, pipe or device); data files are regular files",
           "dangling": f"is a symbolic link to {root / 'partners' / 'gone.yaml'}, which does not exist"}[kind]
    assert _messages(root) == [f"partners/odd.yaml:1:1: {why}"]


def test_links_out_of_the_root_are_refused_and_links_inside_it_are_read(root: Path, tmp_path: Path) -> None:
    (root / "partners" / "passwd.yaml").symlink_to("/etc/passwd")
    (root / "partners" / "alias.yaml").symlink_to(root / "partners" / "alpha.yaml")
    assert _messages(root) == [
        "partners/alias.yaml:1:5: the partner id 'alpha' does not match the file name 'alias.yaml'; "
        "rename one to match the other",
        "partners/passwd.yaml:1:1: is a symbolic link that leads outside the root (to /etc/passwd); "
        "data stays inside the root"]


def test_a_data_folder_linked_out_of_the_root_is_refused(root: Path, tmp_path: Path) -> None:
    import shutil

    outside = tmp_path / "elsewhere"
    shutil.move(root / "partners", outside)
    (root / "partners").symlink_to(outside)
    assert _messages(root) == [f"partners:1:1: partners/ is a symbolic link that leads outside the root "
                               f"(to {outside}); data stays inside the root"]


def test_validate_names_a_file_that_is_not_data(root: Path) -> None:
    (root / "notes.yaml").write_text("a: 1\n")
    files, problems = validate([root / "notes.yaml"])
    assert [str(p) for p in problems] == ["notes.yaml:1:1: is not a data file of this root: evaluator checks "
                                          "criteria/*.yaml, partners/*.yaml, reviews/*.yaml and members/*.yaml"]


def test_an_unreadable_folder_is_a_problem(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.iterdir

    def denied(self: Path) -> object:
        if self.name == "partners":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    assert _messages(root) == ["partners:1:1: cannot read the folder: Permission denied"]


def test_project_defaults_give_the_as_of_year_and_the_set(root: Path) -> None:
    import evaluator

    (root / "evaluator.yaml").write_text("as_of: 2019\ncriteria: fixture\n")
    project = load(root)
    assert project.defaults.as_of == 2019 and project.criteria_set().model.id == "fixture"
    assert evaluator.score(project).as_of == 2019
    assert evaluator.score(project, as_of=2024).as_of == 2024
    files, problems = validate([root / "evaluator.yaml"])
    assert (files, problems) == (1, [])


def test_a_rates_file_linked_out_of_the_root_is_named_once(root: Path) -> None:
    (root / "criteria" / "rates.yaml").symlink_to("/etc/passwd")
    assert _messages(root) == ["criteria/rates.yaml:1:1: is a symbolic link that leads outside the root "
                               "(to /etc/passwd); data stays inside the root"]
