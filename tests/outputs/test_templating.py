"""Templates: Markdown escapes every input, HTML autoescapes, filters format as everywhere."""

from __future__ import annotations

import pytest

from evaluator.outputs.templating import Raw, environment, md, safe_url


@pytest.mark.parametrize(("text", "inert"), [
    ("a | b", "a \\| b"), ("<script>", "&lt;script&gt;"), ("[x](y)", "\\[x\\](y)"),
    ("*bold* _it_", "\\*bold\\* \\_it\\_"), ("two\nlines", "two lines"), (None, ""),
])
def test_markdown_text_is_inert(text: str | None, inert: str) -> None:
    assert md(text) == inert


def test_only_http_links_survive() -> None:
    assert safe_url("https://a.example/x y") == "https://a.example/x%20y"
    assert safe_url("javascript:alert(1)") is None and safe_url(None) is None


def test_markdown_environment_escapes_expressions_but_not_raw() -> None:
    env = environment(markdown=True)
    out = env.from_string("{{ a }} {{ b|raw }} {{ 0.125|pct }} {{ 3|plural('partner') }}").render(a="x|y", b="x|y")
    assert out == "x\\|y x|y 12.5 % 3 partners"
    assert isinstance(Raw("x"), str)


def test_html_environment_autoescapes() -> None:
    env = environment(markdown=False)
    assert env.from_string("{{ a }}").render(a="<b>") == "&lt;b&gt;"
