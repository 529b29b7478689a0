"""The README, the help texts and CI stay true to the code."""

from __future__ import annotations

import re
import shlex

import click
import pytest
import yaml
from click.testing import CliRunner

from evaluator.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
#: the README and the description of the bundled data it links to, where outputs are shown
SHOWN = README + (REPO / "docs" / "bundled-data.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_ending_with_an_example(name: str) -> None:
    command = cli.commands[name]
    assert command.help, f"{name} has no help"
    assert "Example:" in command.help and f"evaluator {name}" in command.help.split("Example:")[-1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`evaluator {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()


def test_readme_rank_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = SHOWN.split("`evaluator rank --as-of 2026` on the bundled data:\n\n```text\n")[1].split("```")[0]
    result = CliRunner().invoke(cli, ["rank", "--as-of", "2026"])
    assert result.stdout == shown


def test_readme_history_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    marker = "`evaluator history new-zealand --from 2019` on the bundled data:\n\n```text\n"
    shown = SHOWN.split(marker)[1].split("```")[0]
    result = CliRunner().invoke(cli, ["history", "new-zealand", "--from", "2019"])
    assert result.stdout == shown


def test_readme_import_excerpts_are_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    section = README.split("## Importing official tables\n")[1].split("\n## ")[0]
    written, rerun = (block.split("```")[0] for block in section.split("```text\n")[1:3])
    partner = (REPO / "partners" / "new-zealand.yaml").read_text().splitlines()
    assert all(line in partner for line in written.splitlines() if line.strip() != "...")
    command = section.split("```sh\n")[1].split("```")[0].replace("\\\n", " ")
    result = CliRunner().invoke(cli, [*shlex.split(command)[1:], "--dry-run"])
    assert result.exit_code == 0, result.output
    assert all(line in result.stderr.splitlines() for line in rerun.splitlines())


def test_readme_sources_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = SHOWN.split("`evaluator sources` on the\nbundled data:\n\n```text\n")[1].split("```")[0]
    assert CliRunner().invoke(cli, ["sources"]).stdout == shown


def test_readme_backtest_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = SHOWN.split("each with its source), each with only what was\nknown before it:\n\n```text\n")[1]
    shown = shown.split("```")[0]
    assert CliRunner().invoke(cli, ["backtest"]).stdout == shown


def test_readme_scorecard_excerpt_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = README.split("`evaluator score united-kingdom --as-of 2026` (shortened):\n\n```text\n")[1]
    shown = shown.split("```")[0]
    result = CliRunner().invoke(cli, ["score", "united-kingdom", "--as-of", "2026"])
    assert result.stdout.startswith(shown)


def test_pre_commit_hooks_run_validate_and_test() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {"evaluator-validate": "evaluator validate",
                                                    "evaluator-test": "evaluator test"}


def test_readme_calibrate_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = SHOWN.split("missing-data policy are not changed. On the bundled recognition set:\n\n```text\n")[1]
    shown = shown.split("```")[0]
    assert CliRunner().invoke(cli, ["calibrate"]).stdout == shown


def test_readme_consensus_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = SHOWN.split("--members examples/consensus/members` prints:\n\n```text\n")[1].split("```")[0]
    result = CliRunner().invoke(cli, ["consensus", "france", "--members", "examples/consensus/members"])
    assert result.stdout == shown


def test_the_version_follows_the_changelog() -> None:
    import tomllib

    from evaluator import __version__

    heading = next(line for line in (REPO / "CHANGELOG.md").read_text().splitlines() if line.startswith("## "))
    released = heading.removeprefix("## ").split()[0]
    assert __version__ in (released, f"{released}.dev0")
    assert __version__.endswith(".dev0") == ("in development" in heading)
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"] == __version__


def test_readme_says_how_the_drafts_fare_with_the_real_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table of the ASEAN case and the two confusion tables are what backtest computes."""
    import evaluator

    monkeypatch.chdir(REPO)
    section = README.split("## The ASEAN case: a draft, and how it fares\n")[1].split("\n## ")[0]
    project = evaluator.load(REPO)
    rows, later = [], [0, 0]
    for name, criteria in (("recognition", "asean-dialogue-partner"), ("elevation", "asean-strategic-partnership")):
        test = evaluator.backtest(project, criteria=criteria)
        c, best, halves = test.criteria_tally(), max(b.agree for b in test.baselines()), test.halves()
        assert halves is not None
        rows.append(f"| {name} | {c.total} | {c.agree} ({c.share * 100:.1f} %) | {c.grants_agree} of {c.grants} | "
                    f"{c.negatives_agree} of {c.negatives} | {best} ({test.margin:+d}) | "
                    f"{halves[1].agree} of {halves[1].total} |")
        later = [later[0] + halves[1].agree, later[1] + halves[1].total]
        output = CliRunner().invoke(cli, ["backtest", "--criteria", criteria]).stdout
        confusion = "Decided (how many) → recommended:\n" + output.split("Decided (how many) → recommended:\n")[1]
        assert f"```text\n{confusion}```" in section
    for row in rows:
        assert row in section
    assert f"| {later[0]} of {later[1]} ({later[0] / later[1] * 100:.1f} %) |" in section
