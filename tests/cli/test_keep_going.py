"""``--keep-going`` on ``rank``, ``export`` and ``book``: the partners whose files load, the others
named, exit 1; without it, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli

BROKEN = ("partners/cuba.yaml:9:3: YAML syntax error: this line is not indented under line 8 above it, which "
          "opens a mapping; indent it like line 10 below it")


@pytest.fixture
def broken(asean: Path) -> Path:
    """A copy of the bundled ASEAN root with one broken partner file, the working directory."""
    root = asean
    cuba = root / "partners" / "cuba.yaml"
    text = cuba.read_text()
    cuba.write_text(text.replace("  partnership_level:\n    value: none", "  partnership_level:\n  value: none"))
    return root


def _left_out_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("wrote ")]


def test_without_keep_going_nothing_is_written(broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["book", "-o", "book.html"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [BROKEN, "1 problem; nothing was written"]
    assert not (broken / "book.html").exists()


def test_book_keep_going_writes_the_others_and_names_the_broken_file_on_the_cover(
        broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["book", "-o", "book.html", "--keep-going"])
    assert result.exit_code == 1
    assert "wrote book.html (html, 29 partners)" in result.stderr
    assert _left_out_lines(result.stderr) == [BROKEN, "left out 1 partner file that did not load: partners/cuba.yaml"]
    html = (broken / "book.html").read_text()
    assert ('<p class="left-out" id="left-out"><strong>Not in this book:</strong> 1 partner file did not load and is '
            "left out: partners/cuba.yaml.") in html
    assert 'id="p-cuba"' not in html and 'id="p-united-kingdom"' in html
    assert "Not replayed against the organisation&#39;s past decisions: the file of cuba, which decisions name, " \
           "did not load." in html


def test_rank_keep_going_ranks_the_others(broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rank", "--keep-going", "--format", "csv"])
    assert result.exit_code == 1
    ids = [line.split(",")[0] for line in result.stdout.lstrip("\ufeff").splitlines()[1:]]
    assert len(ids) == 29 and "cuba" not in ids
    assert _left_out_lines(result.stderr)[-1] == "left out 1 partner file that did not load: partners/cuba.yaml"


def test_export_keep_going_names_the_file_in_the_provenance(broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-o", "cards.json", "--keep-going"])
    assert result.exit_code == 1
    data = json.loads((broken / "cards.json").read_text())
    assert data["provenance"]["partner_files_left_out"] == "partners/cuba.yaml"
    assert "cuba" not in {card["partner_id"] for card in data["scorecards"]}


def test_a_broken_criteria_set_still_stops_everything(broken: Path, runner: CliRunner) -> None:
    cset = broken / "criteria" / "asean-dialogue-partner.yaml"
    cset.write_text(cset.read_text().replace("    indicator: tac_accession_year\n    weight: 20",
                                             "    indicator: tac_accession_year\n    weight: 0"))
    result = runner.invoke(cli, ["book", "-o", "book.html", "--keep-going"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "2 problems; nothing was written"
    assert not (broken / "book.html").exists()
