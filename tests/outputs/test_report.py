"""Exports (CSV, Excel, JSON) and reports (Markdown, HTML): golden files, safety, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from evaluator.scoring.result import LONG_COLUMNS

HOSTILE_NAME = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script> | pipe'


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stderr


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert data.count(b"\r\n") == len(rows)          # every record ends in CRLF
    return rows


@pytest.mark.parametrize(("name", "args"), [
    ("scorecards.csv", []),
    ("summary.csv", ["--summary"]),
    ("scorecards.json", []),
    ("summary.json", ["--summary"]),
    ("alpha-beta.csv", ["--partner", "beta", "--partner", "alpha"]),
])
def test_exports_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                    name: str, args: list[str]) -> None:
    run(runner, "export", "-o", name, "--as-of", "2024", *args)
    golden(f"export-{name}", (root / name).read_bytes())


def test_scorecard_csv_has_the_contract_columns_and_order(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--as-of", "2024")
    rows = read_csv(root / "s.csv")
    assert rows[0] == LONG_COLUMNS
    body = rows[1:]
    assert [r[0] for r in body] == sorted(r[0] for r in body)            # by partner id
    alpha = [r for r in body if r[0] == "alpha"]
    assert [r[7] for r in alpha] == ["gate"] * 6 + ["criterion"] * 8     # gates, then criteria
    assert [r[8] for r in alpha][:6] == ["tac", "centrality", "trade-floor", "fdi-floor", "ties", "either"]
    gate = alpha[0]
    assert gate[6] == gate[16] == gate[17] == gate[18] == ""             # no pillar or points for gates
    trade = next(r for r in alpha if r[8] == "trade-c")
    assert trade[16:19] == ["84.9", "25.00", "21.23"]                    # points, weight %, weighted
    assert trade[15] == "scored" and trade[11] == "50000000000"


def test_summary_csv_columns_and_order(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--summary", "--as-of", "2024")
    rows = read_csv(root / "s.csv")
    assert rows[0] == ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256",
                       "as_of", "overall", "political", "economic", "social", "completeness", "gates_passed",
                       "gates_total", "outcome", "outcome_title", "robustness", "review"]
    assert [r[0] for r in rows[1:]] == ["alpha", "gamma", "beta", "hostile"]
    beta = rows[3]
    assert beta[9] == ""                                                 # a dropped pillar is empty


def test_hostile_text_is_inert_in_csv(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--as-of", "2024")
    rows = [r for r in read_csv(root / "s.csv")[1:] if r[0] == "hostile"]
    assert rows[0][1] == "'" + HOSTILE_NAME
    sources = {r[8]: r[14] for r in rows}
    assert sources["tac"] == "'@SUM(A1:A2)"
    assert sources["fdi-floor"] == "'+cmd"
    assert sources["trade-c"].startswith("'-2+3")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for r in rows for cell in r
               if cell and not cell.lstrip("-").replace(".", "").isdigit())


def test_exports_are_byte_identical_on_rerun(root: Path, runner: CliRunner) -> None:
    for name in ("a.csv", "a.xlsx", "a.json"):
        run(runner, "export", "-o", name, "--as-of", "2024")
        first = (root / name).read_bytes()
        run(runner, "export", "-o", name, "--as-of", "2024", "--force")
        assert (root / name).read_bytes() == first


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


def test_json_export_holds_full_scorecards_with_provenance(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.json", "--as-of", "2024")
    data = json.loads((root / "s.json").read_text())
    assert data["provenance"]["criteria_version"] == "1.0"
    first = data["scorecards"][0]
    assert first["partner_id"] == "alpha"
    assert {"gates", "criteria", "reasons", "caveats", "gap", "outcome", "reason"} <= set(first)


def test_existing_file_is_kept_without_force(root: Path, runner: CliRunner) -> None:
    (root / "s.csv").write_text("keep me")
    result = runner.invoke(cli, ["export", "-o", "s.csv"])
    assert result.exit_code == 1
    assert result.stderr == "Error: s.csv exists; give --force to replace it\n"
    assert (root / "s.csv").read_text() == "keep me"


def test_invalid_input_writes_nothing(root: Path, runner: CliRunner) -> None:
    (root / "partners" / "beta.yaml").write_text("id: beta\nname: Beta\nkind: country\nstatus: [x]\n")
    for args in (["export", "-o", "s.csv"], ["report", "alpha", "-o", "r.html"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1
    assert not (root / "s.csv").exists() and not (root / "r.html").exists()
    assert [p.name for p in root.iterdir() if p.is_file()] == []


def test_a_failed_write_leaves_no_partial_file(root: Path, runner: CliRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.base.files as output

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", boom)
    with pytest.raises(OSError):
        output.write_atomic(root / "x.csv", b"data")
    assert list(root.glob("*x.csv*")) == []


def test_format_from_suffix_or_option(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "s.txt"])
    assert result.exit_code == 2
    run(runner, "export", "-o", "s.txt", "--format", "json", "--as-of", "2024")
    json.loads((root / "s.txt").read_text())


@pytest.mark.parametrize("partner", ["alpha", "gamma", "hostile"])
@pytest.mark.parametrize("suffix", ["md", "html"])
def test_reports_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                    partner: str, suffix: str) -> None:
    run(runner, "report", partner, "-o", f"r.{suffix}", "--as-of", "2024")
    golden(f"report-{partner}.{suffix}", (root / f"r.{suffix}").read_bytes())


def test_hostile_text_is_inert_in_reports(root: Path, runner: CliRunner) -> None:
    run(runner, "report", "hostile", "-o", "r.html", "--as-of", "2024")
    html = (root / "r.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;bold" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.org/a%20b%22onmouseover=%22x"]   # javascript: is never linked
    run(runner, "report", "hostile", "-o", "r.md", "--as-of", "2024")
    text = (root / "r.md").read_text()
    assert "<script>" not in text and "<b>" not in text
    assert "](javascript" not in text.replace("\\]", "")
    for line in text.splitlines():
        if line.startswith("| Trade |"):
            assert line.count(" | ") == 6                      # the pipe and newline stay inside the cell


def test_html_report_is_self_contained(root: Path, runner: CliRunner) -> None:
    run(runner, "report", "gamma", "-o", "r.html", "--as-of", "2024")
    html = (root / "r.html").read_text()
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "src=" not in html
    assert "ประเทศแกมมา" in html
    assert "@page { size: A4" in html and '<svg class="chart"' in html


def test_report_on_the_shipped_data(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    out = tmp_path / "uk.md"
    run(runner, "report", "united-kingdom", "-o", str(out), "--as-of", "2026")
    text = out.read_text()
    assert text.startswith("# Recommendation: United Kingdom\n\n**Recommend recognition as Dialogue Partner**")
    assert "## Review" in text and "| Reviewer | |" in text
