"""`evaluator export`: formats, existing files, invalid input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from tests.helpers import run


def test_existing_file_is_kept_without_force(root: Path, runner: CliRunner) -> None:
    (root / "s.csv").write_text("keep me")
    result = runner.invoke(cli, ["export", "-o", "s.csv"])
    assert result.exit_code == 1
    assert result.stderr == "Error: s.csv exists; give --force to replace it\n"
    assert (root / "s.csv").read_text() == "keep me"


def test_an_existing_file_is_refused_before_the_data_is_read(root: Path, runner: CliRunner) -> None:
    """A mistake in ``-o`` is said at once, not after the loading and scoring: the data here has a
    mistake of its own, which is not reached."""
    (root / "partners" / "beta.yaml").write_text("id: beta\nname: Beta\nkind: country\nstatus: [x]\n")
    (root / "s.csv").write_text("keep me")
    for args in (["export", "-o", "s.csv"], ["report", "alpha", "-o", "s.csv"], ["book", "-o", "s.csv"],
                 ["document", "-o", "s.csv"]):
        result = runner.invoke(cli, args)
        assert (result.exit_code, result.stderr) == (1, "Error: s.csv exists; give --force to replace it\n")
    result = runner.invoke(cli, ["export", "-o", "missing/s.csv"])
    assert (result.exit_code, result.stderr) == (1, "Error: the folder missing does not exist\n")
    assert (root / "s.csv").read_text() == "keep me"


def test_invalid_input_writes_nothing(root: Path, runner: CliRunner) -> None:
    (root / "partners" / "beta.yaml").write_text("id: beta\nname: Beta\nkind: country\nstatus: [x]\n")
    for args in (["export", "-o", "s.csv"], ["report", "alpha", "-o", "r.html"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1
    assert not (root / "s.csv").exists() and not (root / "r.html").exists()
    assert [p.name for p in root.iterdir() if p.is_file()] == []


def test_format_from_suffix_or_option(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "s.txt"])
    assert result.exit_code == 2
    run(runner, "export", "-o", "s.txt", "--format", "json", "--as-of", "2024")
    json.loads((root / "s.txt").read_text())


def test_standard_output_for_a_format_that_allows_it(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "-", "--format", "json", "--summary", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"][0]["partner_id"] == "alpha"
    assert result.stderr == "wrote standard output (json, 4 partners)\n"
    assert [p.name for p in root.iterdir() if p.is_file()] == []
    result = runner.invoke(cli, ["report", "alpha", "-o", "-"])
    assert result.exit_code == 2 and "cannot tell the format from '-'; use a suffix (.md, .html, .pdf)" in result.stderr


def test_a_repeated_partner_is_counted_once(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "s.csv", "--partner", "alpha", "--partner", "alpha"])
    assert result.exit_code == 0 and result.stderr == "wrote s.csv (csv, 1 partner)\n"


def test_a_force_over_a_device_is_refused(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "/dev/null", "--format", "csv", "--force"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: /dev/null exists and is not a regular file")


OUTPUTS = {"report": ["report", "alpha", "--as-of", "2024", "-o"], "export": ["export", "--as-of", "2024", "-o"],
           "book": ["book", "--as-of", "2024", "-o"], "document": ["document", "-o"],
           "site": ["site", "--as-of", "2024", "-o"]}
SUFFIX = {"report": "r.html", "export": "e.csv", "book": "b.html", "document": "d.md", "site": "site"}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_one_rule_for_o_the_folder_named_is_honoured_a_file_that_is_a_link_is_refused(
        root: Path, tmp_path: Path, runner: CliRunner, command: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "out").symlink_to(elsewhere)                   # a folder the user names, wherever it leads
    done = runner.invoke(cli, [*OUTPUTS[command], f"out/{SUFFIX[command]}"])
    assert done.exit_code == 0, done.output
    assert (elsewhere / SUFFIX[command]).exists()
    target = elsewhere / f"other-{SUFFIX[command]}"
    (root / SUFFIX[command]).symlink_to(target)          # the file named is a link: it would redirect the write
    refused = runner.invoke(cli, [*OUTPUTS[command], SUFFIX[command], "--force"])
    assert refused.exit_code == 1 and "is a symbolic link" in refused.stderr
    assert not target.exists()
