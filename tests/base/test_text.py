"""How numbers, values and words are written: one place, so every output agrees."""

from __future__ import annotations

import math

import pytest

from evaluator.base.text import clean, fmt_money, fmt_percent, fmt_points, fmt_value, plural, suggest


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (3.57e10, "USD", "USD 35.7 bn"), (1e8, "USD", "USD 100 m"), (950000, "USD", "USD 0.95 m"),
    (95000, "USD", "USD 95,000"),
    (-9.4073e7, "USD", "net outflow of USD 94.1 m"),
    (2012, "year", "2012"), (True, None, "yes"), (12.5, "percent", "12.5 %"), (None, "USD", "—"),
    ("dialogue-partner", None, "dialogue-partner"), (3000000, "visitors", "3 million visitors"),
    (1997508.604, "visitors", "2 million visitors"), (950000.4, "visitors", "950,000 visitors"),
])
def test_values_in_their_units(value: object, unit: str | None, shown: str) -> None:
    assert fmt_value(value, unit) == shown


def test_points_percent_money_and_plurals() -> None:
    assert fmt_points(81.3) == "81.3" and fmt_points(100.0) == "100.0"
    assert fmt_points(None) == "—" and fmt_points(math.nan) == "—"
    assert fmt_percent(0.125) == "12.5 %" and fmt_percent(1 / 3, 2) == "33.33 %"
    assert fmt_money(1.5e12, "EUR") == "EUR 1.5 tn"
    assert plural(1, "partner") == "1 partner" and plural(2, "partner") == "2 partners"
    assert plural(0, "analysis", "analyses") == "0 analyses"


def test_suggest_and_clean() -> None:
    assert suggest("centralty", ["centrality", "trade"]) == " (did you mean 'centrality'?)"
    assert suggest("zzz", ["centrality"]) == ""
    assert clean({"a": [math.nan, 1.0], "b": {"c": math.nan}}) == {"a": [None, 1.0], "b": {"c": None}}


def test_text_for_a_terminal_keeps_line_ends_and_tabs_and_shows_the_rest() -> None:
    from evaluator.base.text import for_terminal

    assert for_terminal("a\tb\r\nc\x1b[2J\rd\u202ee\n") == "a\tb\r\nc\\x1b[2J\\rd\\u202ee\n"
