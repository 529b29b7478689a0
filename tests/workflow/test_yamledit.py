"""Data files edited as YAML: one round-trip factory, which keeps comments, order and layout."""

from __future__ import annotations

import re

from evaluator.workflow.yamledit import YamlNumber, dumped, round_trip
from tests.conftest import REPO

FILE = b"""# a partner file, written by hand
id: p
indicators:
  trade_goods_usd:   # ASEAN data
    - {value: 1.5e9, year: 2021, source: "A, B"}
"""


def test_an_unchanged_file_is_written_back_byte_for_byte_and_a_change_keeps_the_rest() -> None:
    loaded = round_trip(FILE)
    assert loaded is not None
    yaml, data = loaded
    assert dumped(yaml, data) == FILE
    data["indicators"]["trade_goods_usd"][0]["value"] = YamlNumber("2.25e9")
    assert dumped(yaml, data) == FILE.replace(b"1.5e9", b"2.25e9")


def test_a_hand_laid_out_file_gets_the_nearest_layout_when_none_is_exact() -> None:
    odd = b"reviews:\n    -   reviewer: a\n        reason: b\n"
    exact = round_trip(odd)
    assert exact is None or dumped(*exact) == odd          # exact only if a candidate layout writes it back
    loaded = round_trip(odd, exact=False)
    assert loaded is not None and loaded[1]["reviews"][0]["reviewer"] == "a"


def test_files_are_edited_through_the_one_factory() -> None:
    made = re.compile(r"\bYAML\(")
    found = [str(p.relative_to(REPO)) for p in sorted((REPO / "evaluator").rglob("*.py"))
             for line in p.read_text(encoding="utf-8").splitlines() if made.search(line)]
    assert found == ["evaluator/workflow/yamledit.py"]
