"""The Excel workbook for people: plain headers, names, readable money, filters, print setup, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from tests.helpers import HOSTILE_NAME, run

REPO = Path(__file__).resolve().parents[2]


def test_xlsx_sheets_headers_formats_and_defusing(root: Path, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    run(runner, "export", "-o", "s.xlsx", "--as-of", "2024")
    book = load_workbook(root / "s.xlsx")
    assert book.sheetnames == ["Summary", "Scorecards", "Provenance"]
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    assert header[:6] == ["Rank", "Partner", "Current status (2024)", "Recommendation", "Against the status",
                          "Overall score"]
    assert "Political score" in header and "Robustness" in header
    assert "Evidence on record (share of the weight)" in header
    first = [c for c in summary[2]]
    assert first[0].value == 1 and first[1].value == "Alpha Republic"
    assert first[5].value == 88.1 and first[5].number_format == "0.0"
    assert first[header.index("Evidence on record (share of the weight)")].number_format == "0.0%"
    for sheet in (summary, book["Scorecards"]):
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.freeze_panes in ("B2", "C2")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    scorecards = book["Scorecards"]
    heads = [c.value for c in scorecards[1]]
    assert "Amount (USD million)" in heads and "partner_id" not in heads
    names = {row[0].value for row in scorecards.iter_rows(min_row=2)}
    assert "'" + HOSTILE_NAME in names
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    provenance = {row[0].value: row[1].value for row in book["Provenance"].iter_rows(min_row=2)}
    assert provenance["Criteria set"] == "fixture" and provenance["As of"] == 2024
    assert len(provenance["SHA-256 of the criteria file"]) == 64


def test_money_is_in_millions_with_the_unit_in_the_header_and_sources_are_links(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    monkeypatch.chdir(REPO)
    out = tmp_path / "book.xlsx"
    result = runner.invoke(cli, ["export", "-o", str(out), "--partner", "australia"])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Scorecards"]
    heads = [c.value for c in sheet[1]]
    trade = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "Trade in goods with ASEAN")
    assert trade[heads.index("Value")].value.startswith("USD ")
    amount = trade[heads.index("Amount (USD million)")]
    assert 1_000 < amount.value < 1_000_000 and amount.number_format == "#,##0.0"
    link = trade[heads.index("Address")]
    assert link.hyperlink is not None and link.hyperlink.target.startswith("http")


def test_the_summary_alone_can_be_a_workbook(root: Path, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    run(runner, "export", "-o", "s.xlsx", "--summary", "--as-of", "2024")
    assert load_workbook(root / "s.xlsx").sheetnames == ["Summary", "Provenance"]


@pytest.mark.parametrize(("address", "linked"), [
    ("https://asean.org/a", True), ("http://x.org", True), ("mailto:desk@example.org", True),
    ("file:///etc/passwd", False), ("\\\\host\\share\\x", False), ("javascript:alert(1)", False),
    ("https://x.org/\x07a", False), ("https://x.org/\u2028a", False), ("https://x.org/a b", False),
])
def test_only_web_and_mail_addresses_become_links(address: str, linked: bool) -> None:
    import io

    from openpyxl import Workbook, load_workbook

    from evaluator.outputs.workbook import SheetColumn, _sheet

    book = Workbook(write_only=True)
    _sheet(book, "Sources", [SheetColumn("Name", 10), SheetColumn("Address", 30)], [["a", address]], links=1)
    saved = io.BytesIO()
    book.save(saved)
    cell = load_workbook(saved)["Sources"]["B2"]
    assert (cell.hyperlink is not None) is linked
    if linked:
        assert cell.hyperlink.target == address
    assert "\x07" not in str(cell.value)


def test_openpyxl_writes_through_lxml() -> None:
    """lxml is a dependency so that openpyxl serialises a workbook in C: a third faster."""
    from openpyxl.xml import LXML

    assert LXML
