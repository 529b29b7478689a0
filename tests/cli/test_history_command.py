"""``evaluator history`` through the CLI: formats, one or all partners, ranges, mistakes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json"), ("csv", "csv")])
def test_history_formats_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                            fmt: str, suffix: str) -> None:
    result = runner.invoke(cli, ["history", "alpha", "--from", "2019", "--to", "2024", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"history-alpha.{suffix}", result.stdout)


def test_history_of_all_partners_names_each_once_per_block(root: Path, runner: CliRunner,
                                                           golden: Callable[..., None]) -> None:
    result = runner.invoke(cli, ["history", "--from", "2022", "--to", "2024"])
    assert result.exit_code == 0, result.output
    golden("history-all.txt", result.stdout)
    heads = [line.rsplit("(", 1)[1] for line in result.stdout.splitlines()
             if line.endswith(("(alpha)", "(beta)", "(gamma)", "(hostile)"))]
    assert heads == ["alpha)", "beta)", "gamma)", "hostile)"]


def test_history_csv_has_one_row_per_partner_and_year(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["history", "--from", "2020", "--to", "2024", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4 * 5 and rows[0]["partner_id"] == "alpha" and rows[0]["as_of"] == "2020"
    assert list(rows[0])[:11] == ["partner_id", "partner_name", "criteria_set", "criteria_version",
                                  "criteria_sha256", "as_of", "status", "outcome", "change", "status_change", "overall"]


def test_history_json_records_the_years_and_the_last_as_of_year(root: Path, runner: CliRunner) -> None:
    data = json.loads(runner.invoke(cli, ["history", "beta", "--from", "2023", "--to", "2024",
                                          "--format", "json"]).stdout)
    assert data["years"] == [2023, 2024] and data["provenance"]["as_of"] == 2024
    assert [r["partner_id"] for r in data["rows"]] == ["beta", "beta"]


def test_history_defaults_to_the_project_as_of_year(root: Path, runner: CliRunner) -> None:
    (root / "evaluator.yaml").write_text("as_of: 2021\n")
    result = runner.invoke(cli, ["history", "alpha", "--format", "csv"])
    assert result.stdout.splitlines()[-1].split(",")[5] == "2021"


def test_an_unknown_partner_is_a_usage_error_with_a_suggestion(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["history", "alpah"])
    assert result.exit_code == 2 and "unknown partner 'alpah'" in result.stderr and "alpha" in result.stderr


def test_a_backward_range_is_a_usage_error(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["history", "--from", "2024", "--to", "2020"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --from 2024 is after --to 2020; give a range that runs forwards\n"
