"""``outputs.printing``: a PDF printed by headless Chromium, or a clear refusal without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from evaluator.outputs import printing


@pytest.mark.parametrize("command", [["book", "-o", "out.pdf"], ["report", "alpha", "-o", "out.pdf"]])
def test_without_chromium_a_pdf_is_refused_and_nothing_written(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                               command: list[str]) -> None:
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    result = CliRunner().invoke(cli, [*command, "--as-of", "2024"])
    assert result.exit_code == 1
    assert "a PDF is printed by headless Chromium, and none is installed" in result.stderr
    assert f"write the {command[0]} as .html" in result.stderr
    assert not (root / "out.pdf").exists()


@pytest.mark.browser
@pytest.mark.skipif(printing.browser() is None, reason="no Chromium installed")
def test_a_pdf_report_of_one_partner_is_printed_on_a4(root: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "gamma", "-o", "gamma.pdf", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    data = (root / "gamma.pdf").read_bytes()
    assert data.startswith(b"%PDF") and 2 <= len(re.findall(rb"/Type\s*/Page[^s]", data)) <= 3
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]", data)          # A4: 595 x 842 points
