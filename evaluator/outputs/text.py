"""Renderers for the terminal: each returns a string (coloured by ``style`` on a colour
terminal), none prints. Every text that comes from data passes through ``v`` (``visible``):
a control or direction character in a name, source or note is shown as its escape, never
sent to the terminal to act on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..base.text import fmt_percent, fmt_points, plural
from ..base.text import visible as v
from ..scoring.history import History
from ..scoring.result import Result
from ..scoring.standing import MARKS
from ..workflow.backtest import Backtest
from ..workflow.calibrate import Calibration
from ..workflow.casetests import CaseResult
from ..workflow.consensus import Consensus
from ..workflow.diff import Diff, PartnerChange
from ..workflow.importer import ImportReport
from ..workflow.sources import Sources
from .views import PartnerView, SensitivityView

Style = Callable[..., str]

#: the width terminal outputs written as prose wrap to
WIDTH = 80


def plain(text: str, **_: Any) -> str:
    """A style that adds nothing (no colour)."""
    return text


def _status_colour(status: str) -> str:
    return {"pass": "green", "scored": "green", "fail": "red", "missing": "yellow",
            "stale": "yellow", "no-data": "yellow"}.get(status, "white")


def scorecard_text(view: PartnerView, style: Style = plain) -> str:
    """The scorecard for a terminal: outcome and reason first, then the detail."""
    card = view.card
    out: list[str] = []
    out.append(style(v(f"{card.partner_name} ({card.partner_id})"), bold=True))
    out.append(v(f"Criteria: {card.criteria_title}, version {card.criteria_version} "
                 f"({card.criteria_status}); as of {card.as_of}"))
    out.append("")
    colour = "green" if card.next_outcome is None and card.outcome != "insufficient-evidence" else "yellow"
    out.append(style(v(f"Outcome: {card.outcome_title} [{card.outcome}]"), bold=True, fg=colour))
    out.append(v(f"Why: {card.reason}"))
    out.append(v(card.standing))
    out.append(f"Overall {fmt_points(card.overall)}   Completeness {card.completeness:.3f}   "
               f"Gates {card.gates_passed}/{len(card.gates)}")
    if card.gates:
        out.append("")
        out.append(style("Gates", bold=True))
        width = max(len(g.id) for g in card.gates)
        gate_width = max(4, *(len(g.status) for g in card.gates))
        for g in card.gates:
            tag = style(f"{g.status:<{gate_width}}", fg=_status_colour(g.status))
            out.append(f"  {tag}  {g.id:<{width}}  {v(g.title)}")
            out.append(f"    {' ' * gate_width}{' ' * width}  {v(g.explanation)}")
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
        out.append(f"  {tag} {c.id}: {v(c.title)} ({c.pillar}, weight {fmt_percent(c.effective_weight)}) "
                   f"— {fmt_points(c.points)} points")
        out.append(f"          {v(c.explanation)}")
        if c.source:
            grade = f" ({c.grade.replace('-', ' ')})" if c.grade else ""
            out.append(f"          source{grade}: {v(c.source)}" + (f" <{v(c.url)}>" if c.url else ""))
    if card.caveats:
        out.append("")
        out.append(style("Caveats", bold=True))
        out.extend(f"  - {v(c)}" for c in card.caveats)
    if card.next_outcome_title:
        out.append("")
        out.append(style(v(f"To reach: {card.next_outcome_title}"), bold=True))
        for item in card.gap:
            out.append(v(f"  - {item.requirement} (now {item.now})"))
            for option in item.options[:5]:
                out.append(f"      {v(option)}")
            if len(item.options) > 5:
                out.append(f"      ... and {len(item.options) - 5} other ways")
            if not item.options:
                out.append("      not reachable by changing one criterion alone")
    return "\n".join(out) + "\n"


def aligned(head: list[str], body: list[list[str]], numeric: set[int], style: Style) -> list[str]:
    """A table as lines: the bold header, then the rows; columns in ``numeric`` right-aligned."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if k in numeric else c.ljust(w)
                         for k, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [style(fmt(head), bold=True), *(fmt(b) for b in body)]


def history_text(history: History, style: Style = plain) -> str:
    """Each partner's outcome and scores year by year; ▲▼ where the outcome moved."""
    pillars = list(history.spec.pillar_ids)
    rows = history.rows()
    many = history.partner is None
    head = ["partner"] * many + ["as of", "status", "outcome", "overall", *pillars, "complete"]
    body = []
    for n, r in enumerate(rows):
        first = n == 0 or rows[n - 1]["partner_id"] != r["partner_id"]
        mark = {"up": "▲", "down": "▼"}.get(r["change"], " ")
        body.append([v(r["partner_id"]) if first else ""] * many
                    + [str(r["as_of"]), r["status"] or "?", f"{mark} {r['outcome']}", fmt_points(r["overall"]),
                       *[fmt_points(r[p]) for p in pillars], f"{r['completeness']:.3f}"])
    cset = history.criteria.model
    years = history.years
    title = f"{cset.title}, version {cset.version} ({cset.status}); as of {years[0]} to {years[-1]}"
    lines = [v(title)]
    if history.partner is not None:
        lines.append(style(v(f"{history.partners[history.partner].name} ({history.partner})"), bold=True))
    lines += aligned(head, body, {int(many), *range(3 + many, 3 + many + len(pillars) + 2)}, style)
    lines.append("▲ better than the year before, ▼ worse (insufficient evidence lowest); ? not known")
    return "\n".join(lines) + "\n"


def rank_text(result: Result, style: Style = plain) -> str:
    """All partners, best first, as an aligned table."""
    rows = result.summary_rows()
    pillars = list(result.table.spec.pillar_ids)
    head = ["#", "partner", "overall", *pillars, "complete", "gates", "status", "outcome"]
    has_robust = any(r["robustness"] for r in rows)
    has_review = any(r["review"] for r in rows)
    has_consensus = bool(result.consensus)
    head += ["robustness"] * has_robust + ["review"] * has_review + ["consensus"] * has_consensus
    body = []
    for n, r in enumerate(rows, start=1):
        line = [str(n), r["partner_id"], fmt_points(r["overall"]),
                *[fmt_points(r[p]) for p in pillars], f"{r['completeness']:.3f}",
                f"{r['gates_passed']}/{r['gates_total']}", r["status"] or "?",
                f"{MARKS[r['status_change']] or ' '} {r['outcome']}"]
        line += [r["robustness"]] * has_robust + [r["review"]] * has_review + [r.get("consensus", "")] * has_consensus
        body.append(line)
    cset = result.criteria.model
    lines = [v(f"{cset.title}, version {cset.version} ({cset.status}); as of {result.as_of}"),
             *aligned(head, body, {0, 2, *range(3, 3 + len(pillars) + 2)}, style)]
    lines.append(f"status: held in {result.as_of} (? not known); outcome against it: ▲ upgrade, ▼ downgrade, "
                 "= unchanged")
    return "\n".join(lines) + "\n"


def sensitivity_text(view: SensitivityView, style: Style = plain) -> str:
    """A sensitivity analysis for a terminal."""
    sens = view.sensitivity
    card = view.result[sens.partner_id]
    out = [style(v(f"{card.partner_name} ({card.partner_id}): {card.outcome_title} [{card.outcome}]"), bold=True),
           f"{sens.draws:,} weight draws (Dirichlet, concentration {sens.concentration:g}, seed {sens.seed})",
           "",
           style(f"Verdict: {sens.verdict} — {fmt_percent(sens.keep_share)} of draws keep the outcome", bold=True,
                 fg={"robust": "green", "moderate": "yellow", "fragile": "red"}[sens.verdict])]
    if sens.others:
        out.append("Other outcomes: " + ", ".join(f"{k} {fmt_percent(v)}" for k, v in sens.others.items()))
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


def _outcome_text(change: PartnerChange) -> str:
    a, b = change.outcome
    return f"{a or 'absent'} → {b or 'absent'}" if change.outcome_changed else f"{b} (unchanged)"


def diff_text(d: Diff, style: Style = plain) -> str:
    """Every changed partner with its causes, for a terminal."""
    lines = [v(f"{d.criteria_set}: {d.base} → {d.head}, as of {d.as_of}")]
    if d.set_changes:
        lines += ["", "Criteria changes:"] + [f"  - {v(c)}" for c in d.set_changes]
    lines.append("")
    if not d.partners:
        lines.append("No partner's outcome, overall or pillar score changed.")
    for change in d.partners:
        lines.append(f"{change.partner_id}: {_outcome_text(change)}; overall "
                     f"{fmt_points(change.overall[0])} → {fmt_points(change.overall[1])}")
        lines += [f"    pillar {pid}: {fmt_points(a)} → {fmt_points(b)}" for pid, a, b in change.pillars]
        lines += [f"    because {v(cause)}" for cause in change.causes]
    return "\n".join(lines) + "\n"


def cases_text(cases: list[CaseResult], style: Style = plain) -> str:
    """One line per criteria test case: PASS, or FAIL with what was expected and what came out."""
    return "".join(v(case.line()) + "\n" for case in cases)


def import_text(report: ImportReport, style: Style = plain) -> str:
    """What an import did (or would do) to each partner file, then what deserves a look."""
    verb = "" if report.written else "would be "
    lines = []
    for change in report.changes:
        parts = []
        if change.added:
            parts.append(f"{len(change.added)} {verb}added ({_span(change.added)})")
        if change.replaced:
            parts.append(f"{len(change.replaced)} {verb}replaced: " + "; ".join(change.replaced))
        if change.unchanged:
            parts.append(f"{len(change.unchanged)} unchanged")
        lines.append(v(f"{change.partner_id}: " + ", ".join(parts)))
    changed = sum(c.changed for c in report.changes)
    lines.append(f"{plural(len(report.changes), 'partner')} matched in {v(report.table)} ({report.layout}); "
                 f"{plural(changed, 'file')} {'written' if report.written else 'to change (dry run: nothing written)'}")
    lines += [v(f"note: {n}") for n in report.notes]
    return "\n".join(lines) + "\n"


def _span(years: list[int]) -> str:
    """The years as runs: ``2010-2013, 2015, 2017-2022``."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def backtest_text(test: Backtest, style: Style = plain) -> str:
    """Each decision replayed, in words that fit 80 columns: decided against recommended, the cause
    of each disagreement, then the count."""
    import textwrap

    cset = test.criteria.model
    lines = textwrap.wrap(v(f"{cset.title}, version {cset.version} ({cset.status}): each decision of "
                            f"ASEAN replayed as of its year"), WIDTH)
    for r in test.replays:
        recommended = r.recommended or "no status (insufficient evidence)"
        verdict = "the criteria agree" if r.agree else f"the criteria recommend {recommended}"
        mark = style("=", fg="green") if r.agree else style("≠", fg="yellow")
        lines.append("")
        lines += textwrap.wrap(v(f"{r.partner_id}, {r.year}: decided {r.decided}; {verdict}"), WIDTH,
                               initial_indent=f"{mark} ", subsequent_indent="  ")
        if not r.agree:
            lines += textwrap.wrap(v(f"why: {r.why}"), WIDTH, initial_indent="  ", subsequent_indent="       ")
    lines += ["", style(test.summary(), bold=True)]
    return "\n".join(lines) + "\n"


def sources_text(report: Sources, style: Style = plain) -> str:
    """The share of each source grade, over every observation and over the values scored."""
    total = sum(r.observations for r in report.rows) or 1
    scored = sum(r.scored for r in report.rows) or 1
    head = ["source grade", "observations", "share", "scored values", "share"]
    body = [[r.grade.replace("-", " "), str(r.observations), fmt_percent(r.observations / total), str(r.scored),
             fmt_percent(r.scored / scored)] for r in report.rows]
    cset = report.criteria.model
    lines = [v(f"{cset.title}: values scored as of {report.as_of}"), *aligned(head, body, {1, 2, 3, 4}, style),
             f"official statistics or statements: {fmt_percent(report.official_share)} of the values scored"]
    return "\n".join(lines) + "\n"


def calibrate_text(cal: Calibration, style: Style = plain) -> str:
    """Before and after, the weights and thresholds beside the old with their ranges, then the
    decisions no weights of this form explain, each with what it would have needed."""
    import textwrap

    from ..workflow.calibrate import described

    def wrap(text: str, indent: str = "", later: str = "") -> list[str]:
        return textwrap.wrap(v(text), WIDTH, initial_indent=indent, subsequent_indent=later or indent)

    cset = cal.criteria.model
    fit = cal.fit
    how = described(cal)
    lines = wrap(f"{cset.title}, version {cset.version}: calibrated on the {cal.total} decisions of "
                 f"{cal.decisions_file}")
    lines += wrap(f"Solved by {how['how']}; {how['proof']}.")
    lines += ["", style(f"Reproduced: {cal.before.agreeing} of {cal.total} decisions before, "
                        f"{cal.after.agreeing} of {cal.total} after.", bold=True), ""]
    old, new, ranges = cal.weights(fit.before), cal.weights(fit.after), cal.ranges()

    def span(kind: str, key: str) -> str:
        found = ranges[kind].get(key)
        return "—" if found is None else f"{found[0]:.1f}–{found[1]:.1f}"

    body = []
    for pid in cal.spec.pillar_ids:
        body.append([v(pid), f"{old['pillars'][pid]:.1f}", f"{new['pillars'][pid]:.1f}", span("pillars", pid)])
        for j, cid in enumerate(cal.spec.criterion_ids):
            if cal.spec.pillar_ids[cal.spec.pillar_of[j]] == pid:
                body.append([v(f"  {cid}"), f"{old['effective'][cid]:.1f}", f"{new['effective'][cid]:.1f}",
                             span("criteria", cid)])
    lines += ["Weights, as a share of the whole set (%):"]
    lines += aligned(["pillar / criterion", "before", "after", "range"], body, {1, 2, 3}, style)
    old_t, new_t = cal.thresholds(fit.before), cal.thresholds(fit.after)
    if new_t:
        lines += ["", "Overall score each outcome asks for:"]
        lines += aligned(["outcome", "before", "after", "range"],
                         [[v(o), f"{old_t[o]:.1f}", f"{new_t[o]:.1f}", span("thresholds", o)] for o in new_t],
                         {1, 2, 3}, style)
    lines += wrap("A range is what the value can take, the other values of its block free to adjust, while "
                  "every decision reproduced stays reproduced.")
    lines += _unexplained(cal, style, wrap)
    lines += ["", *wrap(f"Calibrated set: {cal.calibrated.model.id}, version {cal.calibrated.model.version}.")]
    return "\n".join(lines) + "\n"


def _unexplained(cal: Calibration, style: Style, wrap: Callable[..., list[str]]) -> list[str]:
    """The decisions the calibrated set does not reproduce, each with what it would have needed."""
    lines: list[str] = []
    fit = cal.fit
    missed = [r for r in cal.after.replays if not r.agree]
    if missed:
        title = (f"Unexplained ({len(missed)}): no weights of this form reproduce "
                 f"{'it' if len(missed) == 1 else 'them'} with the others" if cal.fit.exact else
                 f"Not reproduced ({len(missed)})")
        lines += ["", style(title, bold=True)]
        beyond = {(d["partner"], d["year"]) for d in cal.left_out(cal.fit.beyond)}
        for r in missed:
            recommended = r.recommended or "no status (insufficient evidence)"
            lines += [""] + wrap(f"{r.partner_id}, {r.year}: decided {r.decided}; the calibrated criteria "
                                 f"recommend {recommended}", style("≠", fg="yellow") + " ", "  ")
            lines += wrap(f"needed: {r.why}", "  ", "          ")
            if (r.partner_id, r.year) in beyond:
                lines += wrap("(a gate, a criteria requirement or missing evidence decides it: no weights "
                              "or thresholds can)", "  ")
        if fit.unique is False and fit.alternative is not None:
            other = ", ".join(f"{d['partner']} {d['year']}" for d in cal.left_out(fit.alternative))
            lines += [""] + wrap(f"Not the only such set: leaving out {other} instead explains as many.")
        elif fit.unique:
            lines += [""] + wrap("No other set of decisions this small could be left out instead.")
    return lines


def consensus_text(found: Consensus, style: Style = plain) -> str:
    """Each partner's outcome under every member's weights, the verdict, and each dissenter's distance."""
    import textwrap

    cset = found.criteria.model
    lines = textwrap.wrap(v(f"{cset.title}, version {cset.version}; as of {found.as_of}: every partner scored "
                            f"under the weights of {plural(len(found.members), 'member')}"), WIDTH)
    for m in found.members:
        form = {"weights": "weights", "ranking": "a ranking of the pillars (rank-order centroid)",
                "pairwise": "pairwise comparisons (AHP)"}[m.form]
        text = f"{m.id}: {m.name}, from {form}"
        if m.consistency is not None:
            text += f", consistency ratio {m.consistency:.2f}" + (" (above 0.10: the comparisons contradict "
                                                                  "each other)" if m.inconsistent else "")
        if m.ignored:
            text += f"; not in this set: {', '.join(m.ignored)}"
        lines += textwrap.wrap(v(text), WIDTH, initial_indent="  ", subsequent_indent="    ")
    for verdict in found.verdicts:
        mark = style("=", fg="green") if verdict.verdict == "unanimous" else style("≠", fg="yellow")
        lines += [""] + textwrap.wrap(v(f"{verdict.partner_id}: {verdict.verdict}; the majority's outcome is "
                                        f"{verdict.outcome}"), WIDTH, initial_indent=f"{mark} ",
                                      subsequent_indent="  ")
        for d in verdict.dissenters:
            shift = ("no straight line to an agreeing member's weights reaches it" if d.shift is None else
                     f"moving {d.shift * 100:.1f} % of its weight towards {d.toward}'s weights gives "
                     f"{verdict.outcome}")
            lines += textwrap.wrap(v(f"{d.member} gives {d.outcome}; {shift}"), WIDTH, initial_indent="  ",
                                   subsequent_indent="    ")
    counts = Counter(verdict.verdict for verdict in found.verdicts)
    order = sorted(counts, key=lambda k: (k != "unanimous", k == "no-consensus", k))
    lines += ["", style(f"{plural(len(found.verdicts), 'partner')}: "
                        + ", ".join(f"{counts[k]} {k}" for k in order), bold=True)]
    return "\n".join(lines) + "\n"
