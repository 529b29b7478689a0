"""``evaluator book``: every partner in one document, HTML or PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.outputs import printing

REPO = Path(__file__).resolve().parents[2]


def test_the_book_holds_a_summary_a_brief_per_partner_and_the_criteria(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "book.html"
    result = CliRunner().invoke(cli, ["book", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    partners = evaluator.load(REPO).partners
    summary = html.split('<table id="summary">')[1].split("</table>")[0]
    assert summary.count("<tr><td") == len(partners) == 30
    for pid in partners:
        assert f'<div class="partner-page" id="p-{pid}">' in html and f'href="#p-{pid}"' in html
    assert html.count('<section class="brief"') == 30
    assert '<section class="annex" id="annex">' in html and "Article 5. Outcomes" in html
    assert "<script" not in html
    cover = html.split('<table id="summary">')[0]
    assert "ASEAN has not published its criteria for partner status. This draft, revised in 2026 with the " \
           "decisions in its decisions file known, is written from its record" in " ".join(cover.split())
    record = cover.split('id="record">')[1].split("</p>")[0]
    assert record.startswith("Replayed against 25 past decisions with only what was known before each, this draft "
                             "agrees with 22 of 25 (88.0 %): grants 10 of 12, negatives 12 of 13")
    assert "the best rule that uses no evidence, every partner keeps its status, with 13" in record
    assert record.endswith("Of the decisions from 2020 on (out of sample for criteria written or fitted before "
                           "2020): 14 of 17 (82.4 %): grants 5 of 7, negatives 9 of 10.")


@pytest.mark.browser
@pytest.mark.skipif(printing.browser() is None, reason="no Chromium installed")
def test_a_pdf_book_is_printed_by_chromium(root: Path) -> None:
    result = CliRunner().invoke(cli, ["book", "-o", "book.pdf", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    data = (root / "book.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1 + 4 + 1
