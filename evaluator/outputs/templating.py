"""The Jinja2 environments every template renders in: HTML with autoescape, Markdown with
every expression passed through the Markdown escaper (``finalize``), so that no input can add
markup, a link or a table cell. Filters format numbers the same way in both."""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote

from ..base.text import fmt_percent, fmt_points, fmt_value, plural, visible
from ..scoring.standing import MARKS, MOVE_LEGEND, MOVES, REVIEW_LEGEND


class Raw(str):
    """Markdown the template builds itself, or an id known to be plain: not escaped again."""


ZWSP = "&#8203;"   # a zero-width space, written as an entity: it parts a token without showing
#: tokens GitHub and GitLab would turn into a mention, a reference, a link or an emoji
_LIVE = re.compile(r"(?<=[@#!$%~])(?=[\w'\"])|(?<=:)(?=//|[\w+-]+:)|(?i:(?<=www)(?=\.))|(?i:(?<=\bgh)(?=-\d))")


def md(text: Any) -> str:
    """Text made inert in Markdown: no table breaks, no raw HTML, no line breaks, and nothing a
    pull-request page would act on (``@user``, ``#123``, ``GH-1``, ``!1``, ``~label``, ``https://``,
    ``www.``, ``:emoji:``, ``~~strike~~``, control and direction characters)."""
    value = visible("" if text is None else str(text), keep="\n")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    value = value.replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
    value = _LIVE.sub(ZWSP, value.replace("~", "\\~"))
    return " ".join(value.split())


def safe_url(url: str | None) -> str | None:
    """An http(s) address with unsafe characters encoded, or None (no javascript: or data: links)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Raw):
        return value
    return "" if value is None else md(value)


def _md_link(url: str | None) -> Raw:
    safe = safe_url(url)
    return Raw(f"<{safe}>") if safe else Raw("")


def _md_bar(score: float | None) -> Raw:
    if score is None or math.isnan(score):
        return Raw("no data")
    filled = int(round(score / 5))
    return Raw("█" * filled + "░" * (20 - filled))


def _outcome_change(change: Any) -> Raw:
    """The outcome column of the diff table, what changed in bold, every piece escaped."""
    a, b = change.outcome
    text = f"**{md(a or 'absent')} → {md(b or 'absent')}**" if a != b else f"{md(b)} (unchanged)"
    if change.review_changed:
        text += f"; **review {md(change.review[0] or 'none')} → {md(change.review[1] or 'none')}**"
    return Raw(text)


def css_string(text: Any) -> Any:
    """Text as the inside of a CSS string in a <style> element: every character outside letters,
    digits, spaces and plain punctuation written as a CSS escape, so nothing closes the string or
    the element, and nothing is shown as an HTML entity."""
    from markupsafe import Markup

    value = visible("" if text is None else str(text))
    out = "".join(c if c.isalnum() or c in " .,-()·" else f"\\{ord(c):x} " for c in value)
    return Markup(out)


FILTERS: dict[str, Any] = {
    "points": fmt_points,
    "value": lambda v, unit=None: fmt_value(v, unit),
    "pct": fmt_percent,
    "year": lambda y: "" if y is None else str(y),
    "g": lambda x: f"{x:g}",
    "plural": plural,
    "outcome_change": _outcome_change,
    "css_string": css_string,
}


def environment(markdown: bool) -> Any:
    """The Markdown or the HTML environment, loading ``outputs/templates``."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    loader = PackageLoader("evaluator.outputs", "templates")
    common: dict[str, Any] = {"loader": loader, "undefined": StrictUndefined, "keep_trailing_newline": True,
                              "trim_blocks": True, "lstrip_blocks": True}
    if markdown:
        env = Environment(autoescape=False, finalize=_md_finalize, **common)
        env.filters.update(link=_md_link, bar=_md_bar, raw=Raw)
    else:
        env = Environment(autoescape=select_autoescape(["html", "j2"], default=True),
                          extensions=["jinja2.ext.do"], **common)
        env.filters["url"] = safe_url
    env.filters.update(FILTERS)
    env.globals.update(review_legend=REVIEW_LEGEND, move_legend=MOVE_LEGEND, marks=MARKS, moves=MOVES)
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``outputs/templates/NAME`` (Markdown when it ends in ``.md.j2``)."""
    return str(environment(name.endswith(".md.j2")).get_template(name).render(**context))
