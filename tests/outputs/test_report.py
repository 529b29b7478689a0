"""Exports (CSV, Excel, JSON) and reports (Markdown, HTML): golden files, safety, atomic writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from tests.helpers import run


@pytest.mark.parametrize("partner", ["alpha", "gamma", "hostile"])
@pytest.mark.parametrize("suffix", ["md", "html"])
def test_reports_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                    partner: str, suffix: str) -> None:
    run(runner, "report", partner, "-o", f"r.{suffix}", "--as-of", "2024")
    output = (root / f"r.{suffix}").read_bytes()
    if suffix == "html":
        output, shared = split_stylesheet(output)
        golden("report.css", shared)          # one stylesheet for every report: a change of style shows once
    golden(f"report-{partner}.{suffix}", output)


def split_stylesheet(html: bytes) -> tuple[bytes, bytes]:
    """A report's page without the stylesheet every report shares, and that stylesheet; the rule
    that names the partner in the page footer stays with the page."""
    head, rest = html.decode("utf-8").split("<style>\n", 1)
    style, tail = rest.split("</style>", 1)
    lines = style.splitlines(keepends=True)
    own = "".join(line for line in lines if line.startswith("@page { @bottom-left"))
    shared = "".join(line for line in lines if not line.startswith("@page { @bottom-left"))
    page = f"{head}<style>\n/* the stylesheet every report shares: tests/golden/report.css */\n{own}</style>{tail}"
    return page.encode("utf-8"), shared.encode("utf-8")


def test_every_report_shares_one_stylesheet_and_only_its_footer_differs(root: Path, runner: CliRunner) -> None:
    sheets = {}
    for partner in ("alpha", "gamma"):
        run(runner, "report", partner, "-o", f"{partner}.html", "--as-of", "2024")
        page, sheets[partner] = split_stylesheet((root / f"{partner}.html").read_bytes())
        assert b"@page { @bottom-left" in page and b"@page { @bottom-left" not in sheets[partner]
    assert sheets["alpha"] == sheets["gamma"] and b"@page { size: A4" in sheets["alpha"]


def test_hostile_text_is_inert_in_reports(root: Path, runner: CliRunner) -> None:
    run(runner, "report", "hostile", "-o", "r.html", "--as-of", "2024")
    html = (root / "r.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;bold" in html
    hrefs = [h for h in re.findall(r'href="([^"]*)"', html) if not h.startswith("#note-")]
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
    assert text.startswith("# Recommendation: United Kingdom\n\n**Dialogue Partner**")
    assert "## Review" in text and "| Reviewer | |" in text


def test_a_brief_shows_what_outcomes_ask_of_scores_only_when_one_asks(root: Path, runner: CliRunner,
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO

    run(runner, "report", "alpha", "-o", "a.html", "--as-of", "2024")
    fixture = (root / "a.html").read_text()
    assert "Scores against the thresholds and the peers" in fixture and "What each outcome asks" in fixture
    assert 'id="no-bars"' not in fixture
    monkeypatch.chdir(REPO)                # the bundled set decides on gates: no outcome asks a score
    out = tmp_path / "uk.html"
    run(runner, "report", "united-kingdom", "-o", str(out))
    html = out.read_text()
    assert "<h2>Scores against the peers</h2>" in html and "What each outcome asks" not in html
    assert 'id="no-bars">No outcome of this set asks for a score' in html


def test_the_report_shows_the_last_ten_years_with_the_moves_marked(root: Path, runner: CliRunner) -> None:
    run(runner, "report", "hostile", "-o", "r.md", "--as-of", "2024")
    text = (root / "r.md").read_text()
    trend = text.split("## Over the years\n")[1].split("\n## ")[0]
    rows = [line for line in trend.splitlines() if line.startswith("| 20")]
    assert [line.split(" | ")[0] for line in rows] == [f"| {y}" for y in range(2015, 2025)]
    assert "| 2022 | 1.9 | insufficient evidence |" in rows and "| 2023 | 5.2 | ▲ Do not recommend |" in rows
    run(runner, "report", "alpha", "-o", "alpha.md", "--as-of", "2024")
    # alpha has held the status 'full' recommends since 1990: every year it keeps it, never marked down
    assert "| 2019 | 33.8 | status stands: too little evidence to review it |" in (root / "alpha.md").read_text()
    run(runner, "report", "alpha", "-o", "r.html", "--as-of", "2024")
    html = (root / "r.html").read_text()
    assert '<svg class="chart" id="trend"' in html and html.count("<circle ") == 10
    assert "<title>2023: 88.1, meets its status</title>" in html


def test_the_generation_date_is_that_of_source_date_epoch_else_today(root: Path, runner: CliRunner,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    from evaluator.outputs.report import today

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    assert today() == datetime.date(2026, 1, 2)
    run(runner, "report", "alpha", "-o", "a.html", "--as-of", "2024")
    assert "generated 2026-01-02" in (root / "a.html").read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today() == datetime.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = runner.invoke(cli, ["report", "alpha", "-o", "b.html", "--as-of", "2024"])
    assert result.exit_code == 2 and "Traceback" not in result.output      # wrong usage, as an option would be
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970" in result.output
    assert not (root / "b.html").exists()
