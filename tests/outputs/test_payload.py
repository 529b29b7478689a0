"""JSON documents: scorecards and summaries with their provenance."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.helpers import run


def test_json_export_holds_full_scorecards_with_provenance(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.json", "--as-of", "2024")
    data = json.loads((root / "s.json").read_text())
    assert data["provenance"]["criteria_version"] == "1.0"
    first = data["scorecards"][0]
    assert first["partner_id"] == "alpha"
    assert {"gates", "criteria", "reasons", "caveats", "gap", "outcome", "reason"} <= set(first)
