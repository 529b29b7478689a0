"""A new partner file: every catalogue indicator listed, and it validates."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from evaluator.cli import cli


def test_new_partner_writes_a_template_that_validates(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["new-partner", "delta", "--name", "Đelta Land"])
    assert result.exit_code == 0, result.output
    text = (root / "partners" / "delta.yaml").read_text()
    for key in ("trade", "fdi", "share", "projects", "tac", "centrality", "level", "visits"):
        assert f"  # {key}: {{value:" in text
    assert runner.invoke(cli, ["validate"]).exit_code == 0
    again = runner.invoke(cli, ["new-partner", "delta", "--name", "Delta"])
    assert again.exit_code == 1 and "exists" in again.stderr
    bad = runner.invoke(cli, ["new-partner", "Delta Land", "--name", "x"])
    assert bad.exit_code == 2
