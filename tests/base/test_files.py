"""Files are written whole or not at all, and an existing file only with force."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import OutputError


def test_a_full_disk_is_a_message_and_leaves_no_partial_file(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OutputError, match="cannot write .*x.csv: No space left on device; nothing was written"):
        files.write_atomic(tmp_path / "x.csv", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_replaces_only_with_force(tmp_path: Path) -> None:
    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    target = tmp_path / "x.txt"
    files.write_atomic(target, b"one")
    with pytest.raises(OutputError, match="exists; give --force"):
        files.write_atomic(target, b"two")
    files.write_atomic(target, b"two", force=True)
    assert target.read_bytes() == b"two" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
    with pytest.raises(OutputError, match="does not exist"):
        files.write_atomic(tmp_path / "no" / "x.txt", b"")


@pytest.mark.parametrize("kind", ["fifo", "folder", "link", "device"])
def test_force_never_replaces_anything_but_a_regular_file(tmp_path: Path, kind: str) -> None:
    import os
    import stat

    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    target = tmp_path / "out.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "link":
        (tmp_path / "real.csv").write_text("keep")
        target.symlink_to(tmp_path / "real.csv")
    else:
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device needs root")
    before = os.lstat(target)
    with pytest.raises(OutputError, match="out.csv (exists and is not a regular file|is a symbolic link)"):
        files.write_atomic(target, b"data", force=True)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.csv"] + (["real.csv"] if kind == "link" else []))


def test_new_files_follow_the_umask_and_replaced_files_keep_their_permissions(tmp_path: Path) -> None:
    import os

    import evaluator.base.files as files

    old = os.umask(0o027)
    try:
        files.write_atomic(tmp_path / "a.csv", b"x")
        assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o640
        os.umask(0o002)
        files.write_atomic(tmp_path / "b.csv", b"x")
        os.chmod(tmp_path / "b.csv", 0o600)
        files.write_atomic(tmp_path / "b.csv", b"y", force=True)
    finally:
        os.umask(old)
    assert (tmp_path / "b.csv").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b.csv").read_bytes() == b"y"


def test_a_lock_file_that_is_a_link_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / ".japan.yaml.lock").symlink_to(outside / "x")
    with pytest.raises(OutputError, match=r"\.japan\.yaml\.lock is a symbolic link; a lock file must be "
                                          "a regular file: remove the link and run the command again"):
        with files.locked(root / "japan.yaml"):
            pass
    assert list(outside.iterdir()) == []
    with files.locked(root / "korea.yaml"):
        assert (root / ".korea.yaml.lock").is_file()


@pytest.mark.parametrize("length", [246, 250, 255])
def test_the_longest_file_names_can_be_written(tmp_path: Path, length: int) -> None:
    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    name = "r" * (length - 4) + ".csv"
    files.write_atomic(tmp_path / name, b"x")
    assert (tmp_path / name).read_bytes() == b"x"
    with pytest.raises(OutputError, match="cannot write .*: File name too long; nothing was written"):
        files.write_atomic(tmp_path / ("r" * 256 + ".csv"), b"x")


@pytest.mark.slow
def test_only_one_of_two_writers_without_force_wins(tmp_path: Path) -> None:
    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    target = tmp_path / "p.yaml"
    files._place(_temp(tmp_path, b"first"), target, force=False)
    with pytest.raises(OutputError, match="exists; give --force"):
        files._place(_temp(tmp_path, b"second"), target, force=False)
    assert target.read_bytes() == b"first"


def _temp(folder: Path, data: bytes) -> str:
    import tempfile

    handle, name = tempfile.mkstemp(dir=folder)
    with open(handle, "wb") as stream:
        stream.write(data)
    return name


@pytest.mark.slow
def test_a_terminating_signal_removes_the_temporary_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "import evaluator.base.files as files\n"
        "from evaluator.cli import install_signal_handlers\n"
        "install_signal_handlers()\n"
        "def slow(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(30)\n"
        "files.os.fsync = slow\n"
        "files.write_atomic(Path(sys.argv[1]), b'data')\n"
    )
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "out.csv")],
                              stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
            assert [p.name for p in tmp_path.iterdir()][0].endswith(".tmp")
            proc.send_signal(sig)
            assert proc.wait(timeout=20) == 128 + sig
        assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_can_be_read_under_a_reading_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import evaluator.base.files as files
    from evaluator.base.errors import OutputError

    def read_only(path: object, flags: int, mode: int = 0o777) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.os, "open", read_only)
    with files.locked(tmp_path / "partners", reading=True):
        pass
    with pytest.raises(OutputError, match="cannot lock .*partners: Read-only file system"):
        with files.locked(tmp_path / "partners"):
            pass


def test_write_tree_writes_a_folder_whole_and_replaces_only_its_own(tmp_path: Path) -> None:
    from evaluator.base.files import TREE_MARK, write_tree

    site = tmp_path / "site"
    write_tree(site, {"index.html": b"one", "partners/a.html": b"a"})
    assert (site / "index.html").read_bytes() == b"one" and (site / "partners" / "a.html").read_bytes() == b"a"
    assert (site / TREE_MARK).is_file()
    with pytest.raises(OutputError, match="exists; give --force to replace it"):
        write_tree(site, {"index.html": b"two"})
    write_tree(site, {"index.html": b"two"}, force=True)
    assert sorted(p.name for p in site.iterdir()) == [TREE_MARK, "index.html"]     # the old pages are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]                    # nothing left beside it
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(OutputError, match="was not written by evaluator"):
        write_tree(mine, {"index.html": b"x"}, force=True)
    assert (mine / "notes.txt").read_text() == "keep"
    link = tmp_path / "link"
    link.symlink_to(site)
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_tree(link, {"index.html": b"x"}, force=True)


def test_write_tree_leaves_nothing_when_a_file_cannot_be_written(tmp_path: Path) -> None:
    from evaluator.base.files import write_tree

    with pytest.raises(OutputError, match="nothing was written"):
        write_tree(tmp_path / "site", {"index.html": b"x", "x" * 300 + ".html": b"z"})
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError, match="not a path inside the folder"):
        write_tree(tmp_path / "site", {"../escape.html": b"y"})
    assert list(tmp_path.iterdir()) == []


def test_every_file_is_staged_in_one_place_with_one_permission_rule() -> None:
    import re

    from tests.conftest import REPO

    staging = re.compile(r"mkstemp\(|os\.fsync\(|os\.chmod\(")
    found = sorted({str(p.relative_to(REPO)) for p in (REPO / "evaluator").rglob("*.py")
                    for line in p.read_text(encoding="utf-8").splitlines() if staging.search(line)})
    assert found == ["evaluator/base/files.py"]


class _Record:
    """A journal that notes what it is told."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def write(self, files: list[tuple[Path, bytes, str]]) -> None:
        self.said.append(f"write {len(files)}")

    def rollback(self, files: list[tuple[Path, bytes, str]]) -> None:
        self.said.append("rollback")
        for dest, old, _ in files:
            dest.write_bytes(old)

    def clear(self) -> None:
        self.said.append("clear")


def _second_move_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.replace`` fails on its second call, as on a full disk."""
    import os

    real, calls = os.replace, []

    def second_fails(src: str, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)


def test_many_files_are_written_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    from evaluator.base.errors import OutputError
    from evaluator.base.files import write_all

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"a0")
    b.write_bytes(b"b0")
    record = _Record()
    write_all([(a, b"a0", b"a1"), (b, b"b0", b"b1")], record)
    assert (a.read_bytes(), b.read_bytes(), record.said) == (b"a1", b"b1", ["write 2", "clear"])
    _second_move_fails(monkeypatch)
    record = _Record()
    with pytest.raises(OutputError, match="cannot write the files: No space left on device; nothing was written"):
        write_all([(a, b"a1", b"a2"), (b, b"b1", b"b2")], record)
    assert (a.read_bytes(), b.read_bytes(), record.said) == (b"a1", b"b1", ["write 2", "rollback", "clear"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_without_a_journal_the_files_moved_are_put_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    from evaluator.base.errors import OutputError
    from evaluator.base.files import write_all

    new, old = tmp_path / "new.yaml", tmp_path / "old.yaml"
    old.write_bytes(b"o0")
    _second_move_fails(monkeypatch)
    with pytest.raises(OutputError, match="cannot write the files: No space left on device"):
        write_all([(old, b"o0", b"o1"), (new, None, b"n1")])
    assert old.read_bytes() == b"o0" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.yaml"]
