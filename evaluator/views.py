"""Renderers for the terminal and for documents: each returns a string, none prints.

``score`` renders as text (optionally coloured), Markdown or JSON; ``rank`` as text or JSON
(its CSV form is the summary export, in ``tabular.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from .formatting import fmt_points, fmt_value
from .result import Result, Scorecard

Style = Callable[..., str]


def plain(text: str, **_: Any) -> str:
    """A style that adds nothing (no colour)."""
    return text


def md(text: Any) -> str:
    """Text made inert in Markdown: no table breaks, no raw HTML, no line breaks."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    value = value.replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
    return " ".join(value.split())


def _year(year: int | None) -> str:
    return "" if year is None else str(year)


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def _status_colour(status: str) -> str:
    return {"pass": "green", "scored": "green", "fail": "red", "missing": "yellow",
            "stale": "yellow"}.get(status, "white")


def scorecard_text(card: Scorecard, style: Style = plain) -> str:
    """The scorecard for a terminal: outcome and reason first, then the detail."""
    out: list[str] = []
    out.append(style(f"{card.partner_name} ({card.partner_id})", bold=True))
    out.append(f"Criteria: {card.criteria_title}, version {card.criteria_version} "
               f"({card.criteria_status}); as of {card.as_of}")
    out.append("")
    colour = "green" if card.next_outcome is None and card.outcome != "insufficient-evidence" else "yellow"
    out.append(style(f"Outcome: {card.outcome_title} [{card.outcome}]", bold=True, fg=colour))
    out.append(f"Why: {card.reason}")
    out.append(f"Overall {fmt_points(card.overall)}   Completeness {card.completeness:.3f}   "
               f"Gates {card.gates_passed}/{len(card.gates)}")
    if card.gates:
        out.append("")
        out.append(style("Gates", bold=True))
        width = max(len(g.id) for g in card.gates)
        for g in card.gates:
            tag = style(f"{g.status:<4}", fg=_status_colour(g.status))
            out.append(f"  {tag}  {g.id:<{width}}  {g.title}")
            out.append(f"        {' ' * width}  {g.explanation}")
    out.append("")
    out.append(style("Pillars", bold=True))
    width = max(len(p.id) for p in card.pillars)
    for p in card.pillars:
        score = fmt_points(p.score) if p.score is not None else "— (no data; drops out)"
        out.append(f"  {p.id:<{width}}  weight {p.weight:g}  score {score}")
    out.append("")
    out.append(style("Criteria", bold=True))
    for c in card.criteria:
        tag = style(f"{c.status:<7}", fg=_status_colour(c.status))
        out.append(f"  {tag} {c.id}: {c.title} ({c.pillar}, weight {_pct(c.effective_weight)}) "
                   f"— {fmt_points(c.points)} points")
        out.append(f"          {c.explanation}")
        if c.source:
            out.append(f"          source: {c.source}" + (f" <{c.url}>" if c.url else ""))
    if card.caveats:
        out.append("")
        out.append(style("Caveats", bold=True))
        out.extend(f"  - {c}" for c in card.caveats)
    if card.next_outcome_title:
        out.append("")
        out.append(style(f"To reach: {card.next_outcome_title}", bold=True))
        for item in card.gap:
            out.append(f"  - {item.requirement} (now {item.now})")
            for option in item.options[:5]:
                out.append(f"      {option}")
            if len(item.options) > 5:
                out.append(f"      ... and {len(item.options) - 5} other ways")
            if not item.options:
                out.append("      not reachable by changing one criterion alone")
    return "\n".join(out) + "\n"


def scorecard_markdown(card: Scorecard) -> str:
    """The scorecard as Markdown, every input escaped."""
    out = [f"# {md(card.partner_name)}: {md(card.outcome_title)}", "",
           f"**Outcome:** {md(card.outcome_title)} (`{card.outcome}`)  ",
           f"**Why:** {md(card.reason)}  ",
           f"**Overall:** {fmt_points(card.overall)} · **Completeness:** {card.completeness:.3f} · "
           f"**Gates passed:** {card.gates_passed} of {len(card.gates)}", "",
           f"Criteria: {md(card.criteria_title)}, version {md(card.criteria_version)} "
           f"({card.criteria_status}), SHA-256 `{card.criteria_sha256[:12]}`; as of {card.as_of}.", ""]
    if card.gates:
        out += ["## Gates", "", "| Gate | Result | Why |", "|---|---|---|"]
        out += [f"| {md(g.title)} | {g.status} | {md(g.explanation)} |" for g in card.gates]
        out.append("")
    out += ["## Pillars", "", "| Pillar | Weight | Score |", "|---|---:|---:|"]
    out += [f"| {md(p.title)} | {p.weight:g} | {fmt_points(p.score)} |" for p in card.pillars]
    out += ["", "## Criteria", "",
            "| Criterion | Pillar | Value | Year | Points | Weight | Why | Source |",
            "|---|---|---|---|---:|---:|---|---|"]
    for c in card.criteria:
        out.append(f"| {md(c.title)} | {md(c.pillar)} | {md(fmt_value(c.value, c.unit))} | {_year(c.year)} | "
                   f"{fmt_points(c.points)} | {_pct(c.effective_weight)} | {md(c.explanation)} | "
                   f"{md(c.source)} |")
    if card.caveats:
        out += ["", "## Caveats", ""] + [f"- {md(c)}" for c in card.caveats]
    if card.next_outcome_title:
        out += ["", f"## To reach: {md(card.next_outcome_title)}", ""]
        for item in card.gap:
            out.append(f"- {md(item.requirement)} (now {md(item.now)})")
            out += [f"    - {md(o)}" for o in item.options]
    return "\n".join(out) + "\n"


def to_json(data: Any) -> str:
    """Deterministic JSON: fixed indentation, UTF-8 kept, NaN refused."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def rank_text(result: Result, style: Style = plain) -> str:
    """All partners, best first, as an aligned table."""
    rows = result.summary_rows()
    pillars = list(result.table.spec.pillar_ids)
    head = ["#", "partner", "overall", *pillars, "complete", "gates", "outcome"]
    has_robust = any(r["robustness"] for r in rows)
    has_review = any(r["review"] for r in rows)
    head += ["robustness"] * has_robust + ["review"] * has_review
    body = []
    for n, r in enumerate(rows, start=1):
        line = [str(n), r["partner_id"], fmt_points(r["overall"]),
                *[fmt_points(r[p]) for p in pillars], f"{r['completeness']:.3f}",
                f"{r['gates_passed']}/{r['gates_total']}", r["outcome"]]
        line += [r["robustness"]] * has_robust + [r["review"]] * has_review
        body.append(line)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    numeric = {0, 2, *range(3, 3 + len(pillars) + 2)}

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if k in numeric else c.ljust(w)
                         for k, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    cset = result.criteria.model
    lines = [f"{cset.title}, version {cset.version} ({cset.status}); as of {result.as_of}",
             style(fmt(head), bold=True)]
    lines += [fmt(b) for b in body]
    return "\n".join(lines) + "\n"


def clean(value: Any) -> Any:
    """NaN to None, recursively, so JSON never carries NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def sensitivity_text(result: Result, sens: Any, style: Style = plain) -> str:
    """A sensitivity analysis for a terminal."""
    card = result[sens.partner_id]
    out = [style(f"{card.partner_name} ({card.partner_id}): {card.outcome_title} [{card.outcome}]", bold=True),
           f"{sens.draws:,} weight draws (Dirichlet, concentration {sens.concentration:g}, seed {sens.seed})",
           "",
           style(f"Verdict: {sens.verdict} — {sens.keep_share * 100:.1f} % of draws keep the outcome", bold=True,
                 fg={"robust": "green", "moderate": "yellow", "fragile": "red"}[sens.verdict])]
    if sens.others:
        out.append("Other outcomes: " + ", ".join(f"{k} {v * 100:.1f} %" for k, v in sens.others.items()))
    else:
        out.append("Other outcomes: none")
    out.append(f"Overall score: 5th {fmt_points(sens.overall_p5)}, median {fmt_points(sens.overall_p50)}, "
               f"95th {fmt_points(sens.overall_p95)} (with the set's weights {fmt_points(sens.overall_now)})")
    if sens.flips:
        out += ["", style("Flip points: one weight alone, as a factor of its value (0..10)", bold=True)]
        width = max(len(f"{f.kind} {f.id}") for f in sens.flips)
        for f in sens.flips:
            down = f"x {f.down:.3f} -> {f.down_outcome}" if f.down is not None else "none"
            up = f"x {f.up:.3f} -> {f.up_outcome}" if f.up is not None else "none"
            out.append(f"  {f'{f.kind} {f.id}':<{width}}  lower: {down:<40} higher: {up}")
    return "\n".join(out) + "\n"
