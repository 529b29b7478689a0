"""Criteria under version control: criteria tests, reviews, schemas, new partners, hooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evaluator.cli import cli
from evaluator.workflow.schemas import KINDS, schema_for
from tests.conftest import REPO

CASES = """\
as_of: 2024
cases:
  - partner: alpha
    outcome: full
    overall: [85, 90]
    gates: {tac: pass, ties: pass}
  - partner: gamma
    outcome: development
  - name: inline
    partner_data:
      name: Inline candidate
      kind: country
      indicators:
        tac: {value: 2010, source: test}
        projects: {value: 20, year: 2024, source: test}
        visits: {value: 5, year: 2024, source: test}
        share: {value: 0.5, year: 2024, source: test}
    outcome: development
"""


def test_criteria_tests_pass(root: Path, runner: CliRunner) -> None:
    (root / "criteria" / "fixture.tests.yaml").write_text(CASES)
    result = runner.invoke(cli, ["test"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "PASS fixture: alpha\nPASS fixture: gamma\nPASS fixture: inline\n"
    assert result.stderr == "3 passed, 0 failed\n"


def test_moving_a_threshold_fails_with_a_readable_message(root: Path, runner: CliRunner) -> None:
    (root / "criteria" / "fixture.tests.yaml").write_text(CASES)
    path = root / "criteria" / "fixture.yaml"
    path.write_text(path.read_text().replace("require: {gates: all, score: 70,", "require: {gates: all, score: 90,"))
    result = runner.invoke(cli, ["test"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "FAIL fixture: alpha: outcome expected full, got sectoral (Recommend sectoral partnership "
        "(gates passed: tac; overall 88.1 ≥ 40; criterion trade-c 84.9 ≥ 20); Recommend full partnership "
        "is not met: overall 88.1 < 90.)")
    assert result.stderr == "2 passed, 1 failed\n"


def test_overall_range_and_gates_are_checked(root: Path, runner: CliRunner) -> None:
    (root / "criteria" / "fixture.tests.yaml").write_text(CASES.replace("[85, 90]", "[90, 95]").replace(
        "ties: pass", "ties: fail"))
    result = runner.invoke(cli, ["test"])
    assert result.stdout.splitlines()[0] == ("FAIL fixture: alpha: overall expected in [90, 95], got 88.1; "
                                             "gate ties expected fail, got pass")


def test_tests_file_is_validated(root: Path, runner: CliRunner) -> None:
    (root / "criteria" / "fixture.tests.yaml").write_text(CASES.replace("partner: gamma", "partner: gama").replace(
        "outcome: full", "outcome: ful"))
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "criteria/fixture.tests.yaml:4:14: cases[0].outcome: unknown outcome 'ful' (did you mean 'full'?)",
        "criteria/fixture.tests.yaml:7:14: cases[1].partner: unknown partner 'gama' (did you mean 'gamma'?)",
    ]


def test_shipped_criteria_tests_pass(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["test"])
    assert result.exit_code == 0, result.output


def review(runner: CliRunner, *extra: str) -> None:
    result = runner.invoke(cli, ["review", "alpha", "--decision", "endorse", "--reviewer", "SOM Leader",
                                 "--reason", "Agreed", "--date", "2026-11-20", "--as-of", "2024", *extra])
    assert result.exit_code == 0, result.output


def review_state(runner: CliRunner) -> str:
    result = runner.invoke(cli, ["rank", "--as-of", "2024", "--format", "json"])
    rows = json.loads(result.stdout)["partners"]
    return str(next(r["review"] for r in rows if r["partner_id"] == "alpha"))


def test_a_review_becomes_stale_when_a_value_it_covered_changes(root: Path, runner: CliRunner) -> None:
    assert review_state(runner) == "none"
    review(runner)
    assert review_state(runner) == "current"
    data = yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())
    assert data["reviews"][0]["decision"] == "endorse" and len(data["reviews"][0]["scorecard"]) == 64
    path = root / "partners" / "alpha.yaml"
    path.write_text(path.read_text().replace("value: 15,", "value: 16,"))
    assert review_state(runner) == "stale"
    review(runner)
    assert review_state(runner) == "current"
    assert len(yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())["reviews"]) == 2


def test_review_state_in_summary_export_and_report(root: Path, runner: CliRunner) -> None:
    review(runner)
    runner.invoke(cli, ["export", "-o", "s.csv", "--summary", "--as-of", "2024"])
    first = (root / "s.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert first.startswith("alpha,") and first.endswith(",current")
    runner.invoke(cli, ["report", "alpha", "-o", "r.md", "--as-of", "2024"])
    assert "Last recorded review (current): endorse by SOM Leader on 2026-11-20: Agreed" in (root / "r.md").read_text()


def test_amend_needs_an_outcome(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["review", "alpha", "--decision", "amend", "--reviewer", "x", "--reason", "y"])
    assert result.exit_code == 2
    assert result.stderr == "Error: a review that amends must give --outcome\n"
    assert not (root / "reviews").exists()


def test_committed_schemas_equal_the_generated_ones() -> None:
    for kind in KINDS:
        committed = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
        assert committed == schema_for(kind), f"schemas/{kind}.schema.json is out of date"


def test_shipped_files_point_editors_at_the_schemas() -> None:
    expected = {"indicators.yaml": "indicators", "asean-dialogue-partner.yaml": "criteria",
                "asean-dialogue-partner.tests.yaml": "tests"}
    for name, kind in expected.items():
        first = (REPO / "criteria" / name).read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    for path in (REPO / "partners").glob("*.yaml"):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schemas/partner.schema.json\n")


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


def test_pre_commit_hooks_run_validate_and_test() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {"evaluator-validate": "evaluator validate",
                                                    "evaluator-test": "evaluator test"}
