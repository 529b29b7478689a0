"""``evaluator import`` through the CLI: the dry-run diff, the summary, mistakes and exit codes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from evaluator.workflow.importer import NO_GRADE
from tests.conftest import DATA

TABLE = str(DATA / "tables" / "pivot.csv")


def unwrapped(text: str) -> list[str]:
    """The lines of ``text`` with each wrapped continuation (indented four spaces) joined back."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("    ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


@pytest.fixture
def coded(root: Path) -> Path:
    for pid, code in (("alpha", "XA"), ("beta", "XB")):
        path = root / "partners" / f"{pid}.yaml"
        path.write_text(path.read_text().replace("\nkind:", f"\ncodes: [{code}]\nkind:", 1))
    return root


def _digest(root: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted((root / "partners").iterdir()))).hexdigest()


def _import(runner: CliRunner, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["import", TABLE, "--indicator", "fdi", "--source", "Test table", "--scale", "1e6",
                               *extra])


def test_dry_run_prints_a_unified_diff_and_writes_nothing(coded: Path, runner: CliRunner) -> None:
    before = _digest(coded)
    result = _import(runner, "--dry-run", "--years", "2022")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/partners/alpha.yaml\n+++ b/partners/alpha.yaml\n")
    assert "+    - {value: -7.1e6, year: 2022, source: \"Test table\"}\n" in result.stdout
    assert unwrapped(result.stderr) == [
        "alpha: 1 would be added (2022)", "beta: 1 would be added (2022)",
        f"2 partners matched in {TABLE} (pivot); 2 files to change (dry run: nothing written)",
        f"note: {NO_GRADE}"]
    assert _digest(coded) == before


def test_an_import_says_what_it_wrote(coded: Path, runner: CliRunner) -> None:
    result = _import(runner)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert unwrapped(result.stderr)[-2:] == [f"2 partners matched in {TABLE} (pivot); 2 files written",
                                               f"note: {NO_GRADE}"]
    again = _import(runner)
    assert unwrapped(again.stderr)[:2] == ["alpha: 2 unchanged", "beta: 3 unchanged"]


@pytest.mark.parametrize(("option", "message"), [
    (["--scale", "million"], "Error: --scale 'million' is not a number; give for example 1e6 for a table in "
                             "millions\n"),
    (["--scale", "-1"], "Error: --scale -1: give a positive number, for example 1e6 for a table in millions\n"),
    (["--years", "2022-2020"], "Error: --years 2022-2020: the range runs backwards\n"),
    (["--years", "last"], "Error: --years 'last': give a year (2019) or a range of years (2015-2022)\n"),
])
def test_wrong_options_are_usage_errors(coded: Path, runner: CliRunner, option: list[str], message: str) -> None:
    result = runner.invoke(cli, ["import", TABLE, "--indicator", "fdi", "--source", "s", *option])
    assert (result.exit_code, result.stderr) == (2, message)


def test_an_unknown_indicator_is_named_with_a_suggestion(coded: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", TABLE, "--indicator", "fdl", "--source", "s"])
    assert result.exit_code == 2 and "unknown indicator 'fdl'" in result.stderr and "fdi" in result.stderr


def test_a_bad_cell_exits_1_with_its_place_and_writes_nothing(coded: Path, runner: CliRunner) -> None:
    before = _digest(coded)
    result = runner.invoke(cli, ["import", str(DATA / "tables" / "bad_number.csv"), "--indicator", "fdi",
                                 "--source", "s"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith("bad_number.csv:3:4: 'n/a' (Alpha Republic [XA], 2021) is not a "
                                                  "number; correct the cell or leave it empty")
    assert _digest(coded) == before


def test_an_address_with_a_line_break_is_refused_before_anything_is_read(coded: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", str(TABLE), "--indicator", "fdi", "--source", "T",
                                 "--url", "https://example.org/a\u0085b"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: --url: an address holds '\\x85' at character 22; write it without line breaks "
                             "or control characters\n")
