"""The Excel workbook: sheets, number formats, defused text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from evaluator.scoring.result import LONG_COLUMNS
from tests.helpers import HOSTILE_NAME, run


def test_xlsx_sheets_formats_and_defusing(root: Path, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    run(runner, "export", "-o", "s.xlsx", "--as-of", "2024")
    book = load_workbook(root / "s.xlsx")
    assert book.sheetnames == ["Summary", "Scorecards", "Provenance"]
    summary = book["Summary"]
    assert summary.freeze_panes == "A2"
    header = [c.value for c in summary[1]]
    assert header[:7] == ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256",
                          "as_of", "overall"]
    alpha = [c for c in summary[2]]
    assert alpha[6].value == 88.1 and alpha[6].number_format == "0.0"
    assert summary.column_dimensions["A"].width > 8
    scorecards = book["Scorecards"]
    assert [c.value for c in scorecards[1]] == LONG_COLUMNS
    names = {row[1].value for row in scorecards.iter_rows(min_row=2)}
    assert "'" + HOSTILE_NAME in names
    assert all(cell.data_type != "f" for row in scorecards.iter_rows() for cell in row)
    provenance = {row[0].value: row[1].value for row in book["Provenance"].iter_rows(min_row=2)}
    assert provenance["criteria_set"] == "fixture" and provenance["as_of"] == 2024
    assert len(provenance["criteria_sha256"]) == 64
