"""``evaluator document``: the criteria set in numbered articles and plain words, no YAML."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.outputs.document import DocumentView, document_markdown

REPO = Path(__file__).resolve().parents[2]
YAML_KEY = re.compile(r"^\s*-?\s*[a-z_]+:\s|\{|\}|^\s*- [a-z_]+:")


@pytest.mark.parametrize("set_id", ["asean-dialogue-partner", "asean-strategic-partnership"])
@pytest.mark.parametrize("suffix", ["md", "html"])
def test_every_gate_criterion_and_outcome_of_the_bundled_sets_is_in_words(
        set_id: str, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / f"criteria.{suffix}"
    result = CliRunner().invoke(cli, ["document", "--criteria", set_id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    body = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", text, flags=re.S)) if suffix == "html" else text
    cset = evaluator.load(REPO).sets[set_id].model
    titles = [g.title for g in cset.gates.values()] + [c.title for c in cset.criteria.values()]
    titles += [o.title for o in cset.outcomes] + [p.title for p in cset.pillars.values()]
    plain = body.replace("\\", "")
    assert [t for t in titles if t not in plain] == []
    for n in range(1, 7):
        assert f"Article {n}." in plain
    assert [line for line in plain.splitlines() if YAML_KEY.search(line)] == []


def test_the_fixture_document_matches_its_golden_file(root: Path, golden: Callable[..., None]) -> None:
    project = evaluator.load(root)
    view = DocumentView(project.sets["fixture"], project.catalogue, datetime.date(2026, 1, 2))
    golden("document-fixture.md", document_markdown(view))
