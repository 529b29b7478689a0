"""``evaluator document``: a criteria set as a document for leaders, in numbered articles and plain
words: purpose and basis, how evidence is read, the gates, the pillars and criteria with their
rationale and how each is scored, the outcomes, and the version. No YAML in it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..base.text import plural, status_words
from ..loading.models import STATUS, Bound, Catalogue, CriteriaSet, Gate, Requirements, Window
from ..rules import RULES
from ..scoring.compile import compile_set, lag
from ..scoring.structure import gate_test_text, unit_of

if TYPE_CHECKING:
    from ..loading.project import LoadedSet
    from ..loading.records import Rates


@dataclass(frozen=True)
class DocumentView:
    """A criteria set and the catalogue its indicators come from (``document``)."""

    criteria: LoadedSet
    catalogue: Catalogue
    date: datetime.date = field(default_factory=datetime.date.today)
    rates: Rates | None = None      # the root's exchange rates, when amounts in other currencies are converted


@dataclass(frozen=True)
class Section:
    """One numbered paragraph: its number, an optional heading, and its sentences."""

    number: str
    heading: str
    text: list[str]


@dataclass(frozen=True)
class Article:
    """One article: a number, a title, an introduction and its numbered paragraphs."""

    number: int
    title: str
    intro: list[str]
    sections: list[Section]


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %"


def _words(ident: str) -> str:
    return ident.replace("-", " ")


def _gate_test(gate: Gate, catalogue: Catalogue, status_from: str | None = None) -> str:
    """The test of a simple gate as a sentence, from its test in words (``gate_test_text``)."""
    if gate.indicator == STATUS and isinstance(gate.require, Bound) and gate.require.in_ is not None:
        names = [status_words(str(s)) for s in gate.require.in_]
        held = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        years = (f", without a break for at least {plural(gate.require.for_years, 'year')}"
                 if gate.require.for_years else "")
        where = (f" (as “{catalogue.indicators[status_from].title}” records it, else as the partner's history "
                 "does)" if status_from in catalogue.indicators else " (as the partner's history records it)"
                 ) if status_from else " (as the partner's history records it)"
        return f"It passes when the partner holds the status of {held}{where}{years}."
    indicator = catalogue.indicators.get(gate.indicator) if gate.indicator else None
    if indicator is None:
        return ""
    name = f"“{indicator.title}”"
    if gate.require == "present":
        return f"It passes when a value of {name} is on record."
    if isinstance(gate.require, bool):
        return f"It passes when the answer to {name} is {'yes' if gate.require else 'no'}."
    return f"It passes when {name} is {gate_test_text(gate.require, unit_of(indicator))}."


def _window_text(window: Window, how: str) -> str:
    """``The mean of the last 3 years with figures is used, since ...``"""
    return (f"The {window.aggregate} of the last {plural(window.years, 'year')} with figures is {how}, since a "
            "single year of this flow varies much.")


def _gates(cset: CriteriaSet, catalogue: Catalogue) -> list[Section]:
    out = []
    for n, gate in enumerate(cset.gates.values(), start=1):
        if gate.indicator is not None:
            text = [_gate_test(gate, catalogue, cset.status_from)]
            if gate.window is not None:
                text.append(_window_text(gate.window, "tested"))
        else:
            members = [f"“{cset.gates[m].title}”" for m in gate.members]
            need = "any one" if gate.any_of is not None else f"at least {gate.at_least}"
            text = [f"It passes when {need} of the following pass: {'; '.join(members)}. It decides for them: "
                    "an outcome that asks for every gate asks for this one in their place."]
        if gate.rationale:
            text.append(f"Basis: {gate.rationale.strip()}")
        out.append(Section(f"3.{n}", gate.title, text))
    return out


def _criterion_text(cset: CriteriaSet, catalogue: Catalogue, cid: str, effective: float) -> list[str]:
    crit = cset.criteria[cid]
    indicator = catalogue.indicators[crit.indicator]
    unit = unit_of(indicator)
    rule = RULES[crit.score.kind]
    how = rule.describe(crit.score.params, None if crit.score.relative else unit)
    if crit.score.relative:
        how = f"counted in years from the year of assessment: {how.replace(' earns', ' years earns')}"
    measured = f"Measured by: {indicator.title}" + (f" ({unit})" if unit and unit != "year" else "") + "."
    if crit.window is not None:
        measured += " " + _window_text(crit.window, "used")
    text = [measured, f"Weight: {_percent(effective)} of the overall score.", f"Scoring: {how}."]
    missing = crit.missing or cset.missing
    if crit.missing is not None and crit.missing != cset.missing:
        text.append("Without evidence it " + ("scores 0 points." if missing == "zero" else "is left out."))
    if crit.max_age_years is not None:
        text.append(f"A figure older than {plural(crit.max_age_years, 'year')} counts as missing.")
    if crit.rationale:
        text.append(f"Basis: {crit.rationale.strip()}")
    return text


def _requirements(req: Requirements, cset: CriteriaSet) -> str:
    parts = []
    if req.gates == "all":
        parts.append("every gate passes")
    elif req.gates:
        names = "; ".join(f"“{cset.gates[g].title}”" for g in req.gates)
        parts.append(f"the gate {names} passes" if len(req.gates) == 1 else f"the gates {names} pass")
    if req.score is not None:
        parts.append(f"the overall score is at least {req.score:g}")
    if isinstance(req.pillars, dict):
        parts += [f"the pillar “{cset.pillars[p].title}” scores at least {x:g}" for p, x in req.pillars.items()]
    elif req.pillars is not None:
        parts.append(f"every pillar scores at least {req.pillars:g}")
    if req.criteria:
        parts += [f"the criterion “{cset.criteria[c].title}” earns at least {x:g} points"
                  for c, x in req.criteria.items()]
    if req.completeness is not None:
        parts.append(f"evidence covers at least {_percent(req.completeness)} of the weight")
    return "; ".join(parts)


def _replay_text(cset: CriteriaSet, catalogue: Catalogue) -> str:
    """What a replay sees, in words: every fact dated, each yearly figure from its publication."""
    lags: dict[int, list[str]] = {}
    for crit in cset.criteria.values():
        lag_years = lag(cset, catalogue, crit.indicator)
        title = catalogue.indicators[crit.indicator].title
        if lag_years and title not in lags.get(lag_years, []):
            lags.setdefault(lag_years, []).append(title)
    return ("Every fact is dated, and an assessment of a past year or decision uses only what was known "
            "before it." + "".join(f" {'; '.join(titles)}: a figure for a year is used from "
                                   f"{plural(n, 'year')} after it, when it is published."
                                   for n, titles in sorted(lags.items())))


def articles(view: DocumentView) -> list[Article]:
    """The document's articles, numbered."""
    cset = view.criteria.model
    catalogue = view.catalogue
    pillar_total = sum(p.weight for p in cset.pillars.values())
    purpose = [cset.description.strip()] if cset.description else []
    if cset.basis:
        purpose.append("It draws on: " + "; ".join(cset.basis) + ".")
    evidence = [
        "Every figure is recorded with the year it is for and its source, and is graded by how authoritative "
        "the source is.",
        ("Where a criterion has no current evidence it is left out, and the remaining criteria of its pillar "
         "count in its place; the share of the weight that has current figures is reported as the evidence on record."
         if cset.missing == "exclude" else "Where a criterion has no current evidence it scores 0 points."),
    ]
    if cset.max_age_years is not None:
        evidence.append(f"A yearly figure older than {plural(cset.max_age_years, 'year')} before the year of "
                        "assessment counts as missing; facts such as a treaty accession do not age.")
    evidence.append(_replay_text(cset, catalogue))
    if cset.min_completeness:
        evidence.append(f"When evidence covers less than {_percent(cset.min_completeness)} of the weight, no "
                        "recommendation is made: the evidence is insufficient.")
    rates = view.rates
    if rates is not None and rates.rates:
        sources = sorted({str(r.source).split(",")[0] for by_year in rates.rates.values() for r in by_year.values()})
        evidence.append(f"Amounts in other currencies ({', '.join(sorted(rates.rates))}) are converted to "
                        f"{rates.base} at the rate of their own year ({'; '.join(sources)}).")
    pillars = []
    effective = dict(zip(cset.criteria, compile_set(cset, catalogue).effective.tolist(), strict=True))
    for k, (pid, pillar) in enumerate(cset.pillars.items(), start=1):
        pillars.append(Section(f"4.{k}", f"{pillar.title} ({_percent(pillar.weight / pillar_total)} of the score)",
                               [pillar.description.strip()] if pillar.description else []))
        members = [cid for cid, c in cset.criteria.items() if c.pillar == pid]
        for n, cid in enumerate(members, start=1):
            pillars.append(Section(f"4.{k}.{n}", cset.criteria[cid].title,
                                   _criterion_text(cset, catalogue, cid, effective[cid])))
    outcomes = []
    for n, outcome in enumerate(cset.outcomes, start=1):
        status = cset.outcome_status(n - 1)
        when = (f"It is given when {_requirements(outcome.require, cset)}." if outcome.require
                else "It is given when no outcome above it is.")
        text = [when, "It recommends " + ("no new status." if status == "none" else f"the status of {_words(status)}.")]
        if outcome.description:
            text.append(outcome.description.strip())
        outcomes.append(Section(f"5.{n}", outcome.title, text))
    version = [f"This is version {cset.version} of “{cset.title}” ({cset.id}), status: {cset.status}.",
               f"The text of the criteria has the SHA-256 fingerprint {view.criteria.sha256}.",
               f"This document was prepared on {view.date.isoformat()}."]
    return [
        Article(1, "Purpose and basis", purpose, []),
        Article(2, "How evidence is read", evidence, []),
        Article(3, "Gates", ["A gate is a requirement that passes or fails; it earns no points."],
                _gates(cset, catalogue)),
        Article(4, "Pillars and criteria",
                ["Each criterion earns 0 to 100 points. A pillar's score is the weighted mean of its criteria, "
                 "and the overall score the weighted mean of the pillars, each rounded to one decimal."], pillars),
        Article(5, "Outcomes", ["The outcomes are considered in this order; the first whose conditions all hold "
                                "is the recommendation."], outcomes),
        Article(6, "Version and status", version, []),
    ]


def document_markdown(view: DocumentView) -> str:
    """The document as Markdown, every text from the data escaped."""
    from .templating import md

    cset = view.criteria.model
    lines = [f"# {md(cset.title)}", "", f"Version {md(cset.version)} ({cset.status})", ""]
    for article in articles(view):
        lines += [f"## Article {article.number}. {md(article.title)}", ""]
        lines += [p for text in article.intro for p in (md(text), "")]
        for section in article.sections:
            lines += [f"**{section.number}** {md(section.heading)}", ""]
            lines += [p for text in section.text for p in (md(text), "")]
    return "\n".join(lines).rstrip("\n") + "\n"


def document_html(view: DocumentView) -> str:
    """The document as one self-contained HTML file that prints on A4."""
    from .templating import render_template

    return render_template("document.html.j2", cset=view.criteria.model, articles=articles(view))
