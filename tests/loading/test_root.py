"""A root: found upwards from the working directory, and its paths safe: a data file is a regular
file inside the root, whatever links, pipes or folders are named like one."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import UsageError
from evaluator.loading.reading import collect
from evaluator.loading.root import find_root, resolve_root


def test_root_is_found_upwards_and_checked(root: Path) -> None:
    (root / "partners" / "sub").mkdir()
    assert find_root(root / "partners" / "sub") == root
    with pytest.raises(UsageError, match="does not hold criteria/ and partners/"):
        resolve_root(root / "partners")


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


def test_an_unreadable_folder_is_a_problem(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.iterdir

    def denied(self: Path) -> object:
        if self.name == "partners":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    assert _messages(root) == ["partners:1:1: cannot read the folder: Permission denied"]


def test_a_rates_file_linked_out_of_the_root_is_named_once(root: Path) -> None:
    (root / "criteria" / "rates.yaml").symlink_to("/etc/passwd")
    assert _messages(root) == ["criteria/rates.yaml:1:1: is a symbolic link that leads outside the root "
                               "(to /etc/passwd); data stays inside the root"]
