"""The import journal: files put back as they were, repeatably; a journal that cannot be trusted
is named, never followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.workflow import journal


def _half_done(tmp_path: Path) -> Path:
    (tmp_path / "partners").mkdir()
    a, b = tmp_path / "partners" / "a.yaml", tmp_path / "partners" / "b.yaml"
    a.write_bytes(b"old a\n")
    b.write_bytes(b"old b\n")
    temp = tmp_path / "partners" / ".evaluator-x.tmp"
    temp.write_bytes(b"new b\n")
    journal.write(tmp_path, [(a, b"old a\n", str(tmp_path / "partners" / ".evaluator-w.tmp")),
                             (b, b"old b\n", str(temp))])
    a.write_bytes(b"new a\n")                      # the first file was moved in, then the process died
    return tmp_path


def test_recovery_puts_every_file_back_removes_the_temporaries_and_the_journal(tmp_path: Path) -> None:
    root = _half_done(tmp_path)
    said = journal.recover(root)
    assert said == ("An import was stopped before it finished; it was rolled back: 1 of 2 partner files put "
                    "back as they were, and nothing of it kept.")
    assert (root / "partners" / "a.yaml").read_bytes() == b"old a\n"
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["a.yaml", "b.yaml"]
    assert not (root / journal.JOURNAL).exists()
    assert journal.recover(root) is None           # nothing left to do


def test_rolling_back_twice_gives_the_same_files(tmp_path: Path) -> None:
    import json

    root = _half_done(tmp_path)
    entries = json.loads((root / journal.JOURNAL).read_bytes())["files"]
    assert journal.rollback(root, entries) == 1
    assert journal.rollback(root, entries) == 0
    assert (root / "partners" / "a.yaml").read_bytes() == b"old a\n"


@pytest.mark.parametrize(("text", "message"), [
    (b"{not json", "an interrupted import left a journal that cannot be read; check the partner files with git "
                   "status, then remove the journal"),
    (b'{"files": [{"path": "../outside.yaml", "old": "", "temp": "x"}]}',
     "names '../outside.yaml', outside the root; remove the journal by hand after checking the partner files "
     "with git status"),
])
def test_a_journal_that_cannot_be_trusted_is_named_and_not_followed(tmp_path: Path, text: bytes,
                                                                     message: str) -> None:
    (tmp_path / "partners").mkdir()
    (tmp_path / journal.JOURNAL).write_bytes(text)
    with pytest.raises(DataError) as caught:
        journal.recover(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{journal.JOURNAL}:1:1: {message}"]
    assert not (tmp_path / "outside.yaml").exists()
