"""The reviewable recommendation: one partner, one file, Markdown or self-contained HTML.

Jinja2 renders both; HTML with autoescape, Markdown with every expression passed through the
Markdown escaper (``finalize``), so no input can add markup, a link or a table cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .formatting import fmt_points, fmt_value
from .provenance import provenance
from .result import Result, Scorecard
from .views import md


class Raw(str):
    """Markdown the template builds itself (never an input): not escaped again."""


@dataclass(frozen=True)
class Marker:
    """A threshold on the chart: the score an outcome asks for."""

    value: float
    outcome: str


@dataclass(frozen=True)
class Bar:
    """One row of the chart: the overall score or a pillar score, with the thresholds."""

    label: str
    score: float | None
    markers: list[Marker] = field(default_factory=list)


def chart_rows(result: Result, card: Scorecard) -> list[Bar]:
    """The overall score and each pillar score, with every outcome's threshold for it."""
    cset = result.table.spec.cset
    overall: list[Marker] = []
    by_pillar: dict[str, list[Marker]] = {p: [] for p in cset.pillars}
    for outcome in cset.outcomes:
        req = outcome.require
        if req is None:
            continue
        if req.score is not None:
            overall.append(Marker(req.score, outcome.id))
        if isinstance(req.pillars, dict):
            for pid, limit in req.pillars.items():
                by_pillar[pid].append(Marker(limit, outcome.id))
        elif req.pillars is not None:
            for pid in by_pillar:
                by_pillar[pid].append(Marker(float(req.pillars), outcome.id))
    rows = [Bar("Overall", card.overall, overall)]
    rows += [Bar(p.title, p.score, by_pillar[p.id]) for p in card.pillars]
    return rows


def safe_url(url: str | None) -> str | None:
    """An http(s) address with unsafe characters encoded, or None (no javascript: or data: links)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Raw):
        return value
    if value is None:
        return ""
    return md(value)


def _md_link(url: str | None) -> Raw:
    safe = safe_url(url)
    return Raw(f"<{safe}>") if safe else Raw("")


def _md_bar(score: float | None) -> Raw:
    if score is None or math.isnan(score):
        return Raw("no data")
    filled = int(round(score / 5))
    return Raw("█" * filled + "░" * (20 - filled))


def _environment(markdown: bool) -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    if markdown:
        env = Environment(loader=PackageLoader("evaluator", "templates"), autoescape=False,
                          undefined=StrictUndefined, finalize=_md_finalize, keep_trailing_newline=True,
                          trim_blocks=True, lstrip_blocks=True)
        env.filters["link"] = _md_link
        env.filters["bar"] = _md_bar
    else:
        env = Environment(loader=PackageLoader("evaluator", "templates"),
                          autoescape=select_autoescape(["html", "j2"], default=True),
                          undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                          lstrip_blocks=True, extensions=["jinja2.ext.do"])
        env.filters["url"] = safe_url
    env.filters["points"] = fmt_points
    env.filters["value"] = lambda v, unit=None: fmt_value(v, unit)
    env.filters["pct"] = lambda share: f"{share * 100:.1f} %"
    env.filters["year"] = lambda y: "" if y is None else str(y)
    return env


def render_report(result: Result, partner_id: str, fmt: str, *, robustness: Any = None,
                  review: Any = None) -> str:
    """The recommendation report of one partner as ``markdown`` or ``html``."""
    card = result[partner_id]
    context = {
        "card": card,
        "chart": chart_rows(result, card),
        "provenance": provenance(result),
        "robustness": robustness,
        "review": review,
        "outcomes": result.table.spec.cset.outcomes,
    }
    template = "report.md.j2" if fmt == "markdown" else "report.html.j2"
    return str(_environment(fmt == "markdown").get_template(template).render(**context))
