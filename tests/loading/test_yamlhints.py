"""``loading.yamlhints``: a YAML syntax error said as what was typed wrong, at the line it was typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.loading.yamlfile import parse_bytes

CASES = {
    "a colon inside a value": (
        "id: delta\nnote: Report: 2020 figures\n",
        "2:13: YAML syntax error: mapping values are not allowed in this context; the value holds ': ', which "
        "YAML reads as a new key: put the whole value in double quotes"),
    "a line that lost its indentation": (
        "id: delta\nindicators:\n  level:\n  value: none\n    year: 2020\n",
        "4:3: YAML syntax error: this line is not indented under line 3 above it, which opens a mapping; indent "
        "it like line 5 below it"),
    "a line indented too deep": (
        "id: delta\nindicators:\n  level:\n    value: none\n      year: 2020\n",
        "5:7: YAML syntax error: this line is indented deeper than line 4 above it, which already has a value; "
        "keys of one mapping start in the same column"),
    "a line indented too little": (
        "id: delta\nindicators:\n  level:\n    value: none\n   year: 2020\n",
        "5:4: YAML syntax error: did not find expected key; this line does not line up with the lines above it: "
        "keys of one mapping, and items of one list, start in the same column"),
    "a list item out of line": (
        "id: delta\ncodes:\n  - A\n - B\n",
        "4:2: YAML syntax error: did not find expected key; this line does not line up with the lines above it: "
        "keys of one mapping, and items of one list, start in the same column"),
    "a key without its colon": (
        "id: delta\nname Delta\nkind: country\n",
        "2:1: YAML syntax error: this line has no ':' after its key; write 'key: value' (a text that runs on "
        "over several lines goes in double quotes)"),
    "a quote never closed": (
        'id: delta\nname: "Delta\nkind: country\n',
        "2:7: YAML syntax error: this quoted text is never closed; end it with the same quote mark on the same "
        "line"),
    "a comment between the lines": (
        "id: delta\nindicators:\n  level:\n  # the level\n  value: none\n    year: 2020\n",
        "5:3: YAML syntax error: this line is not indented under line 3 above it, which opens a mapping; indent "
        "it like line 6 below it"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_syntax_mistake_is_explained_at_its_line(case: str) -> None:
    text, expected = CASES[case]
    with pytest.raises(DataError) as caught:
        parse_bytes(text.encode(), Path("delta.yaml"), "delta.yaml")
    assert [str(p) for p in caught.value.problems] == [f"delta.yaml:{expected}"]
