"""The calibrated set as written: a new set beside the old, its id the file's name, marked calibrated,
loading, and replaying to the count calibration reported."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from evaluator.cli import cli


def test_the_calibrated_set_is_written_loads_and_backtests_to_the_same_count(decided: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["calibrate", "-o", "criteria/fixture-calibrated.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout)["reproduced_after"]
    text = (decided / "criteria" / "fixture-calibrated.yaml").read_text()
    assert "id: fixture-calibrated" in text and 'version: "1.0-calibrated"' in text
    assert "Calibrated by evaluator calibrate (--fit both) on criteria/fixture.decisions.yaml" in text
    assert runner.invoke(cli, ["validate"]).exit_code == 0
    replay = runner.invoke(cli, ["backtest", "--criteria", "fixture-calibrated", "--decisions", "fixture"])
    assert replay.exit_code == 0, replay.output
    assert f"\n{after} of 6 decisions agree" in replay.stdout
    again = runner.invoke(cli, ["calibrate", "--criteria", "fixture", "-o", "criteria/fixture-calibrated.yaml"])
    assert again.exit_code == 1 and "exists; give --force" in again.stderr
