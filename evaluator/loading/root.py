"""A root: finding it, the names of what it holds, and the safety of its paths (a data file is a
regular file inside the root; nothing is written through a link that leads out of it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..base.errors import OutputError, Problem, UsageError, display_path

CATALOGUE = "indicators.yaml"
TESTS_SUFFIX = ".tests.yaml"
DECISIONS_SUFFIX = ".decisions.yaml"
DATA_FOLDERS = ("criteria", "partners", "reviews", "members")
DEFAULTS = "evaluator.yaml"


def exists_as(path: Path, kind: str) -> bool:
    """``path.is_dir()`` / ``is_file()`` that answers False, not an error, for a name the system refuses
    (too long, not a folder on the way, no permission)."""
    try:
        return path.is_dir() if kind == "dir" else path.is_file()
    except OSError:
        return False


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, from ``start`` upwards, that holds ``criteria/`` and ``partners/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if exists_as(folder / "criteria", "dir") and exists_as(folder / "partners", "dir"):
            return folder
    raise UsageError(f"no folder holding criteria/ and partners/ found from {here} upwards; "
                     "run inside a root or give --root DIR")


def resolve_root(root: str | Path | None) -> Path:
    """``--root DIR`` checked, or the root found from the working directory."""
    if root is None:
        return find_root()
    path = Path(root)
    if not exists_as(path / "criteria", "dir") or not exists_as(path / "partners", "dir"):
        raise UsageError(f"{root} does not hold criteria/ and partners/")
    return path


def _inside(root: Path, target: Path) -> bool:
    real = root.resolve()
    return target == real or real in target.parents


def entry_problem(path: Path, root: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` cannot be read as a data file (or data folder) of ``root``, or None.

    A symbolic link is followed only to a file inside the root; a pipe, device or folder named
    ``*.yaml`` is named as such, never opened.
    """
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            target = path.resolve()
            if not target.exists():
                return f"is a symbolic link to {os.readlink(path)}, which does not exist"
            if not _inside(root, target):
                return (f"is a symbolic link that leads outside the root (to {target}); data stays inside "
                        "the root")
            found = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if folder and not stat.S_ISDIR(found.st_mode):
        return "is not a folder"
    if not folder and not stat.S_ISREG(found.st_mode):
        return "is not a regular file (a folder, pipe or device); data files are regular files"
    return None


def yaml_files(folder: Path, problems: list[Problem], root: Path) -> list[Path]:
    """The ``*.yaml`` data files of ``folder`` that are safe to read, sorted; a ``.yml`` file, a link
    out of the root, a pipe or a folder named ``*.yaml`` is a problem added to ``problems``."""
    if not os.path.lexists(folder):
        return []
    why = entry_problem(folder, root, folder=True)
    if why is not None:
        problems.append(Problem(display_path(folder), 1, 1, f"{folder.name}/ {why}"))
        return []
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(display_path(folder), 1, 1, f"cannot read the folder: {exc.strerror or exc}"))
        return []
    for path in entries:
        if path.suffix == ".yml":
            problems.append(Problem(display_path(path), 1, 1, "data files end in .yaml; rename the file"))
        elif path.suffix == ".yaml":
            why = entry_problem(path, root)
            if why is None:
                found.append(path)
            else:
                problems.append(Problem(display_path(path), 1, 1, why))
    return found


def stray(root: Path, path: Path) -> bool:
    """True when a path given to ``validate`` is neither the root, a data folder, nor a data file in one."""
    data = [(root / d).resolve() for d in DATA_FOLDERS]
    real = path.resolve()
    if real in (root.resolve(), (root / DEFAULTS).resolve()) or real in data:
        return False
    return not (real.parent in data and real.suffix == ".yaml" and not real.is_dir())


def inside_root(root: Path, path: Path) -> None:
    """Refuse to write ``path`` when a symbolic link carries it out of ``root``."""
    folder = path.parent.resolve()
    if not _inside(root, folder):
        raise OutputError(f"{display_path(path.parent)} leads outside the root (to {folder}) through a symbolic "
                          "link; nothing was written")


def criteria_target(root: Path, path: Path) -> None:
    """Refuse to write a criteria set inside the root anywhere but ``criteria/`` (where every command
    would then read it as another kind of file), wherever the folder named leads. Outside the root,
    anywhere the user names; the file itself is refused if it is a link, as every output is."""
    real = Path(os.path.abspath(path.parent)).resolve()
    if _inside(root, real) and real != (root / "criteria").resolve():
        raise OutputError(f"{display_path(path)} is inside the root but not in criteria/: a criteria set there would "
                          "be read as another kind of file; write it to criteria/ or outside the root; nothing was "
                          "written")


