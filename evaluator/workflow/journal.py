"""The journal that makes an import of many partner files all or nothing, even when killed.

Before ``import`` moves its new partner files into place, it writes ``.evaluator-import.journal``
in the root: the path and the old bytes of every file it will replace, and the names of its
temporary files. When every file is in place the journal is removed. If the program is
stopped in between (SIGTERM, SIGHUP, Ctrl-C: rolled back at once; SIGKILL or a power cut:
left as it was), the next command finds the journal, puts every listed file back as it was,
removes the temporary files, removes the journal and says so. Rolling back is repeatable:
stopped again during it, the next command does it again.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from pathlib import Path

from ..base.errors import DataError, Problem
from ..base.files import locked, write_atomic

JOURNAL = ".evaluator-import.journal"


def journal_entries(root: Path, files: list[tuple[Path, bytes, str]]) -> list[dict[str, str]]:
    """The journal's entries: each file to be replaced, its old bytes and its temporary file."""
    return [{"path": os.path.relpath(path, root), "old": base64.b64encode(old).decode("ascii"),
             "temp": os.path.relpath(temp, root)} for path, old, temp in files]


def write(root: Path, files: list[tuple[Path, bytes, str]]) -> None:
    """Record, before any move, each file to be replaced with its old bytes and its temporary file."""
    data = {"files": journal_entries(root, files)}
    write_atomic(root / JOURNAL, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"), force=True)


def clear(root: Path) -> None:
    """Remove the journal: every file is in place, or every file is back as it was."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / JOURNAL)


def _inside(root: Path, name: str) -> Path:
    path = (root / name).resolve()
    if root.resolve() not in path.parents:
        raise DataError([Problem(JOURNAL, 1, 1, f"names '{name}', outside the root; remove the journal by "
                                                "hand after checking the partner files with git status")])
    return root / name


def rollback(root: Path, entries: list[dict[str, str]]) -> int:
    """Put every listed file back and remove the temporary files; how many files were restored."""
    restored = 0
    for entry in entries:
        path = _inside(root, entry["path"])
        old = base64.b64decode(entry["old"])
        if not path.exists() or path.read_bytes() != old:
            write_atomic(path, old, force=True)
            restored += 1
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_inside(root, entry["temp"]))
    return restored


class RootJournal:
    """The journal of one root, as ``base.files.write_all`` records the files it moves."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, files: list[tuple[Path, bytes, str]]) -> None:
        """Record every file about to be moved."""
        write(self.root, files)

    def rollback(self, files: list[tuple[Path, bytes, str]]) -> None:
        """Put every recorded file back as it was."""
        rollback(self.root, journal_entries(self.root, files))

    def clear(self) -> None:
        """Remove the journal."""
        clear(self.root)


def recover(root: Path) -> str | None:
    """Roll back an import that was stopped before it finished; what was done, or None."""
    path = root / JOURNAL
    if not os.path.lexists(path):
        return None
    with locked(root / "partners"):
        if not os.path.lexists(path):          # the import that held the lock finished meanwhile
            return None
        try:
            entries = json.loads(path.read_bytes())["files"]
            assert isinstance(entries, list)
        except (ValueError, KeyError, TypeError, AssertionError, OSError):
            raise DataError([Problem(JOURNAL, 1, 1, "an interrupted import left a journal that cannot be read; "
                                                    "check the partner files with git status, then remove "
                                                    "the journal")]) from None
        restored = rollback(root, entries)
        clear(root)
    return (f"An import was stopped before it finished; it was rolled back: {restored} of "
            f"{len(entries)} partner files put back as they were, and nothing of it kept.")
