"""A new partner file: every catalogue indicator listed, and it validates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evaluator.cli import cli


def test_new_partner_writes_a_template_that_validates(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["new-partner", "delta", "--name", "Đelta Land"])
    assert result.exit_code == 0, result.output
    text = (root / "partners" / "delta.yaml").read_text()
    for key in ("tac", "centrality", "level"):                           # states: one observation
        assert f"  # {key}: {{value:" in text
    for key in ("trade", "fdi", "share", "projects", "visits"):           # flows: a series
        assert f"  # {key}:\n  #   - {{value:" in text
    assert runner.invoke(cli, ["validate"]).exit_code == 0
    lines = text.splitlines()
    trade = lines.index("  # trade:")
    for k in (trade, trade + 1, next(k for k, line in enumerate(lines) if line.startswith("  # tac: "))):
        lines[k] = lines[k].replace("  # ", "  ", 1)
    (root / "partners" / "delta.yaml").write_text("\n".join(lines) + "\n")
    assert runner.invoke(cli, ["validate"]).exit_code == 0, "the template's forms, filled in, validate"
    again = runner.invoke(cli, ["new-partner", "delta", "--name", "Delta"])
    assert again.exit_code == 1 and "exists" in again.stderr
    bad = runner.invoke(cli, ["new-partner", "Delta Land", "--name", "x"])
    assert bad.exit_code == 2


def _new(runner: CliRunner, ident: str, name: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["new-partner", ident, "--name", name])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("ident", "name", "message"), [
    ("abc\n", "Abc", "Error: ID: 'abc\\n' is not a valid id"),
    ("abc", "", "Error: --name: must not be blank"),
    ("abc", "A\x7fb", "Error: --name: holds the control character '\\x7f'; write plain text"),
])
def test_an_id_or_name_that_would_not_load_is_refused(root: Path, runner: CliRunner, ident: str, name: str,
                                                      message: str) -> None:
    code, err = _new(runner, ident, name)
    assert code == 2 and err.startswith(message)
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["alpha.yaml", "beta.yaml", "gamma.yaml",
                                                                     "hostile.yaml"]


def test_an_existing_partner_is_named_without_a_force_hint(root: Path, runner: CliRunner) -> None:
    code, err = _new(runner, "alpha", "Alpha")
    assert code == 1 and "alpha.yaml exists; new-partner never replaces a partner file" in err
    assert "--force" not in err


def test_catalogue_text_cannot_become_a_value_in_the_template(root: Path, runner: CliRunner) -> None:
    catalogue = root / "criteria" / "indicators.yaml"
    text = catalogue.read_text()
    injected = 'title: "Trade\\ntrade: {value: 9.9e11, year: 2024, source: x}"'
    catalogue.write_text(text.replace("title: Trade in goods", injected, 1))
    assert injected in catalogue.read_text()
    code, err = _new(runner, "delta", "Delta")
    assert code == 0, err
    written = yaml.safe_load((root / "partners" / "delta.yaml").read_text())
    assert written["indicators"] is None
    assert "# Trade\\ntrade: {value: 9.9e11" in (root / "partners" / "delta.yaml").read_text()


@pytest.mark.slow
def test_twenty_racing_runs_write_one_file(root: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "evaluator", "new-partner", "race", "--name", "Race"]
    procs = [subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(20)]
    outputs = [p.communicate(timeout=60)[1] for p in procs]
    assert sum("wrote" in out for out in outputs) == 1
    assert sum("race.yaml exists; new-partner never replaces" in out for out in outputs) == 19
    assert yaml.safe_load((root / "partners" / "race.yaml").read_text())["name"] == "Race"


def test_the_template_says_which_indicators_are_flows_and_which_states(root: Path, runner: CliRunner) -> None:
    assert _new(runner, "delta", "Delta")[0] == 0
    lines = (root / "partners" / "delta.yaml").read_text().splitlines()
    tac = lines.index("  # Treaty accession year; year")
    assert lines[tac + 1].startswith("  #   a state: holds from the year it became true")
    assert lines[tac + 2] == '  # tac: {value: 2024, source: "...", grade: official-statement, url: "https://..."}'
    trade = lines.index("  # Trade in goods (USD); number")
    assert lines[trade + 1].startswith("  #   a flow: the amount of one year")
    assert lines[trade + 2:trade + 4] == ["  # trade:", '  #   - {value: 1.0e9, year: 2023, source: "...", '
                                         'grade: official-statistics, url: "https://..."}']


def test_a_name_another_partner_has_is_refused(root: Path, runner: CliRunner) -> None:
    code, err = _new(runner, "delta", "ALPHA  Republic")
    assert code == 2
    assert err == ("Error: --name: 'ALPHA  Republic' is already the name of the partner in partners/alpha.yaml; "
                   "give the new partner its own name, or edit that file\n")
    assert not (root / "partners" / "delta.yaml").exists()
