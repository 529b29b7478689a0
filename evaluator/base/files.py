"""Writing files: whole or not at all, only over a regular file, never over one unless asked.

Every file the tool writes goes through ``write_atomic``: a temporary file in the same folder,
written and flushed, given the permissions the user's umask gives any new file, then moved
into place in one step. ``locked`` serialises the read-change-write of one file between
processes (two officials recording reviews at the same moment).
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import OutputError, Problem
from .text import for_terminal

STDOUT = "-"


@dataclass(frozen=True)
class Written:
    """A file the tool wrote: where, in which format, for how many partners."""

    path: Path
    fmt: str
    partners: int
    left_out: tuple[Problem, ...] = ()      # the problems of partner files left out (--keep-going)

    @property
    def where(self) -> str:
        """The file's path, or ``standard output``."""
        return "standard output" if str(self.path) == STDOUT else str(self.path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The permissions for ``path``: those of the file it replaces, else what the umask gives (the
    one rule for every file written)."""
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _existing(path: Path, force: bool) -> None:
    """Refuse an existing ``path`` without ``force``, and anything but a regular file with it."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    if stat.S_ISLNK(found.st_mode):
        raise OutputError(f"{path} is a symbolic link; give the path of a regular file")
    if not stat.S_ISREG(found.st_mode):
        raise OutputError(f"{path} exists and is not a regular file (a folder, device or pipe); "
                          "give the path of a regular file")
    if not force:
        raise OutputError(f"{path} exists; give --force to replace it")


def _place(temp: str, path: Path, force: bool) -> None:
    """Move the written temporary file to ``path``: over it with ``force``, else only if absent."""
    if force:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)          # fails if path exists, even when it appeared a moment ago
    except FileExistsError:
        raise OutputError(f"{path} exists; give --force to replace it") from None
    except OSError:                   # a file system without hard links
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(temp, path)
    else:
        os.unlink(temp)


def staged(folder: Path, data: bytes, mode: int, keep: Callable[[str], None]) -> str:
    """``data`` written whole to a new temporary file in ``folder`` (flushed to disk, with ``mode``),
    ready to be moved into place; ``keep`` is told its name as soon as it exists, so that the
    caller removes it whatever happens next. Every file the program writes is staged here."""
    handle, temp = tempfile.mkstemp(prefix=".evaluator-", suffix=".tmp", dir=folder)
    keep(temp)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temp, mode)
    return temp


def write_atomic(path: Path, data: bytes, *, force: bool = False, binary: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all (``-``: standard output, where text that is
    not ``binary`` has its control characters shown as escapes, never acted on).

    Raises ``OutputError`` when the file exists and ``force`` is false, when it is not a
    regular file, or when the folder cannot be written (full disk, name too long, no
    permission); a temporary file is never left behind, even on SIGTERM (see ``cli.main``). A file
    is written by ``write_all``, as many are.
    """
    if str(path) == STDOUT:
        text = None if binary else data.decode("utf-8", "replace").removeprefix("\ufeff")   # no BOM down a pipe
        sys.stdout.buffer.write(data if text is None else for_terminal(text).encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    check_target(path, force)
    write_all([(path, None, data)], what=str(path), force=force)


def check_target(path: Path, force: bool) -> None:
    """Refuse what ``write_atomic`` refuses: an existing ``path`` without ``force``, anything but a
    regular file, a folder that does not exist (standard output is always there). The commands
    ask it before they load and score, so that a mistake in ``-o`` is said at once."""
    if str(path) == STDOUT:
        return
    _existing(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist")


#: a file staged to replace another: where it goes, the bytes it replaces, its temporary file
Staged = tuple[Path, bytes, str]


class Journal(Protocol):
    """Where the files being moved into place are recorded first, so that a stop midway, even a
    power cut, can be rolled back by the next run."""

    def write(self, files: list[Staged]) -> None:
        """Record every file about to be moved."""

    def rollback(self, files: list[Staged]) -> None:
        """Put every recorded file back as it was."""

    def clear(self) -> None:
        """Forget the record: every file is in place, or back as it was."""


def _note(temps: list[Staged], dest: Path, old: bytes, temp: str) -> None:
    """Note a staged file: where it goes, the bytes it replaces and its temporary name."""
    temps.append((dest, old, temp))


def write_all(files: Sequence[tuple[Path, bytes | None, bytes]], journal: Journal | None = None,
              what: str = "the files", *, force: bool = True) -> None:
    """The one all-or-nothing writer: every file ``(where, old bytes or None for a new file, new
    bytes)`` staged first (with the permission rule of every output), recorded in ``journal`` when
    there is one, then all moved into place (over the old file, or, without ``force``, only where
    none exists); if a move fails, or the program is stopped while moving, the files already moved
    get their old bytes back. ``what`` names the files in an error."""
    temps: list[Staged] = []
    moved: list[tuple[Path, bytes | None]] = []
    try:
        for dest, old, new in files:
            staged(dest.parent, new, file_mode(dest), functools.partial(_note, temps, dest, old or b""))
        if journal is not None:
            journal.write(temps)
        try:
            for (dest, _, temp), (_, old, _) in zip(temps, files, strict=True):
                _place(temp, dest, force)
                moved.append((dest, old))
        except BaseException:       # a failed move, or SIGTERM, SIGHUP or Ctrl-C while moving
            if journal is not None:
                journal.rollback(temps)
                journal.clear()
            else:
                _put_back(moved)
            raise
        if journal is not None:
            journal.clear()
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}; nothing was written") from None
    finally:
        for _, _, temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _put_back(moved: list[tuple[Path, bytes | None]]) -> None:
    """The files already moved as they were: the old bytes back, a new file removed."""
    for dest, old in reversed(moved):
        with contextlib.suppress(OSError):
            if old is None:
                os.unlink(dest)
            else:
                dest.write_bytes(old)


@contextlib.contextmanager
def locked(path: Path, *, reading: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (through ``.NAME.lock`` beside it) for a read-change-write;
    ``reading``: only to read (a dry run), which goes on unlocked where the folder is read-only."""
    import errno

    lock = path.with_name(f".{path.name}.lock")
    try:
        handle = os.open(lock, os.O_CREAT | os.O_RDWR | getattr(os, "O_NOFOLLOW", 0), 0o666 & ~_umask())
    except OSError as exc:
        if os.path.islink(lock):
            raise OutputError(f"{lock} is a symbolic link; a lock file must be a regular file: "
                              "remove the link and run the command again") from None
        if reading and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            yield                       # nothing will be written: a read-only root can be read
            return
        raise OutputError(f"cannot lock {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OutputError(f"{lock} is not a regular file; remove it and run the command again")
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


#: the file that marks a folder as one the tool wrote (``write_tree`` replaces only such a folder)
TREE_MARK = ".evaluator-site"


def _existing_tree(path: Path, force: bool) -> bool:
    """Whether ``path`` exists as a folder the tool wrote, to be replaced; refuse anything else."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    if stat.S_ISLNK(found.st_mode):
        raise OutputError(f"{path} is a symbolic link; give the path of a folder")
    if not stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path} exists and is not a folder; give the path of a new folder")
    if not (path / TREE_MARK).is_file():
        raise OutputError(f"{path} exists and was not written by evaluator; give the path of a new folder "
                          "(a folder evaluator wrote is replaced with --force)")
    if not force:
        raise OutputError(f"{path} exists; give --force to replace it")
    return True


def write_tree(path: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    """Write a folder of ``files`` (relative POSIX paths to bytes) at ``path``, whole or not at all.

    The folder is built beside ``path`` under a temporary name and moved into place in one
    step; with ``force``, a folder the tool wrote before (it holds ``TREE_MARK``) is replaced,
    never another folder. A partial folder is never left behind."""
    import shutil

    for name in files:
        parts = name.split("/")
        if name.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise OutputError(f"{name} is not a path inside the folder {path}; nothing was written")
    replace = _existing_tree(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist")
    temp = old = None
    try:
        temp = tempfile.mkdtemp(prefix=".evaluator-", suffix=".tmp", dir=parent)
        os.chmod(temp, 0o777 & ~_umask())
        for name, data in sorted({**files, TREE_MARK: b"written by evaluator; replaced whole by the next run\n"}
                                 .items()):
            target = Path(temp, *name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as stream:
                stream.write(data)
            os.chmod(target, 0o666 & ~_umask())
        if replace:
            old = tempfile.mkdtemp(prefix=".evaluator-", suffix=".old", dir=parent)
            os.replace(path, Path(old, "site"))
        os.rename(temp, path)
        temp = None
    except OSError as exc:
        if old is not None and not os.path.lexists(path):
            with contextlib.suppress(OSError):
                os.replace(Path(old, "site"), path)      # put the earlier folder back
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    finally:
        for leftover in (temp, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
