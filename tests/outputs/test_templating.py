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


@pytest.mark.parametrize(("text", "inert"), [
    ("@octocat", "@&#8203;octocat"), ("see #123 and !45", "see #&#8203;123 and !&#8203;45"),
    ("https://evil.example", "https:&#8203;//evil.example"), ("www.Evil.example", "www&#8203;.Evil.example"),
    ("a :tada: b", "a :&#8203;tada: b"), ("~~gone~~ ~bug", "\\~\\~&#8203;gone\\~\\~ \\~&#8203;bug"),
    ("x\x1b[2Jy\u202ez", "x\\\\x1b\\[2Jy\\\\u202ez"), ("mail me@example.org", "mail me@&#8203;example.org"),
    ("overall 88.1 ≥ 70; 10:30", "overall 88.1 ≥ 70; 10:30"),
    ("fixes GH-1, gh-22; HIGH-1 stays", "fixes GH&#8203;-1, gh&#8203;-22; HIGH-1 stays"),
])
def test_nothing_a_pull_request_page_acts_on_survives(text: str, inert: str) -> None:
    assert md(text) == inert


def test_the_diff_comment_keeps_data_inert() -> None:
    from evaluator.outputs.markdown import diff_markdown
    from evaluator.workflow.diff import Diff, PartnerChange

    change = PartnerChange("p", ("a", "b"), (1.0, 2.0), [], ["value of x: @team #9 https://x.example :x: ~~y~~"])
    text = diff_markdown(Diff("main", "HEAD", "s", 2024, [], [change]))
    for live in ("@team", "#9", "https://", ":x:", "~~y~~"):
        assert live not in text
