"""Exports (CSV, Excel, JSON) and reports (Markdown, HTML): golden files, safety, atomic writes."""

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
