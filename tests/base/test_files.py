"""Files are written whole or not at all, and an existing file only with force."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


def test_a_failed_write_leaves_no_partial_file(root: Path, runner: CliRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.base.files as output

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", boom)
    with pytest.raises(OSError):
        output.write_atomic(root / "x.csv", b"data")
    assert list(root.glob("*x.csv*")) == []


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
