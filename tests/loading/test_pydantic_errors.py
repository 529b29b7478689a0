"""Pydantic errors placed at the YAML line of the node, worded for people."""

from __future__ import annotations

from pathlib import Path

from evaluator.base.errors import Problem
from evaluator.loading.pydantic_errors import dotted, parse, short
from evaluator.loading.records import Partner
from evaluator.loading.yamlfile import read_document


def test_dotted_paths_and_short_values() -> None:
    assert dotted(("criteria", "trade", "score")) == "criteria.trade.score"
    assert dotted(("outcomes", 2, "require")) == "outcomes[2].require"
    assert short("x" * 100) == "'" + "x" * 36 + "..."
    assert short(True) == "true" and short(None) == "an empty value" and short([1]) == "a list"


def test_errors_are_placed_at_their_node_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("id: p\nname: P\nkind: countri\nindicators:\n  x: {value: 1, yaer: 2020, source: s}\n")
    problems: list[Problem] = []
    assert parse(read_document(path), Partner, problems) is None
    messages = sorted((p.line, p.column, p.message) for p in problems)
    assert messages[0][:2] == (3, 7) and messages[0][2].startswith("kind: must be 'country'")
    assert messages[1] == (5, 17, "indicators.x.yaer: unknown key 'yaer' (did you mean 'year'?)")
