"""Renderers for the terminal of the review workflow: diff, criteria tests, import, backtest, sources,
calibration and consensus. Like those of ``text``, each returns a string and every text from data
passes through ``v`` (``visible``)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..base.text import fmt_percent, fmt_points, fmt_value, plural, status_words
from ..base.text import visible as v
from .text import Style, aligned, columns, consensus_words, plain, wrapped

if TYPE_CHECKING:
    from ..workflow.backtest import Backtest
    from ..workflow.calibrate import Calibration
    from ..workflow.casetests import CaseResult
    from ..workflow.consensus import Consensus
    from ..workflow.diff import Diff
    from ..workflow.importer import ImportReport
    from ..workflow.sources import Sources


def diff_text(d: Diff, style: Style = plain) -> str:
    """Every changed partner with its causes, for a terminal, wrapped to its width."""
    width = columns()
    lines = wrapped(f"{d.criteria_set}: {d.base} → {d.head}, as of {d.as_of}", width)
    if d.set_changes:
        lines += ["", "Criteria changes:"]
        for text in d.set_changes:
            lines += wrapped(text, width, "  - ", "    ")
    lines.append("")
    if not d.partners:
        lines.append("No partner's outcome, overall or pillar score changed.")
    for change in d.partners:
        lines += wrapped(f"{change.partner_id}: {change.outcome_text()}; overall "
                         f"{fmt_points(change.overall[0])} → {fmt_points(change.overall[1])}", width, "", "    ")
        lines += [f"    pillar {pid}: {fmt_points(a)} → {fmt_points(b)}" for pid, a, b in change.pillars]
        for cause in change.causes:
            lines += wrapped(f"because {cause}", width, "    ", "      ")
    if d.partners:
        outcomes = sum(c.outcome[0] != c.outcome[1] for c in d.partners)
        reviews = sum(c.review_changed and c.outcome[0] == c.outcome[1] for c in d.partners)
        lines += ["", style(f"{plural(len(d.partners), 'partner')} changed: {plural(outcomes, 'outcome')}, "
                            f"{plural(reviews, 'review')} of a status held, "
                            f"{plural(len(d.partners) - outcomes - reviews, 'score')} only", bold=True)]
    return "\n".join(lines) + "\n"


def cases_text(cases: list[CaseResult], style: Style = plain) -> str:
    """One line per case that passes; a case that fails says where it is in its tests file, then each
    difference on its own lines, fitted to the terminal."""
    width = columns()
    lines: list[str] = []
    for case in cases:
        if case.passed:
            lines += wrapped(case.line(), width, "", "     ")
            continue
        at = f"{case.where}: " if case.where else ""
        lines += wrapped(f"FAIL {at}{case.criteria_set}: {case.partner}", width, "", "     ")
        for difference in case.differences:
            lines += wrapped(difference, width, "  - ", "    ")
    return "".join(line + "\n" for line in lines)


def import_text(report: ImportReport, style: Style = plain) -> str:
    """What an import did (or would do) to each partner file, then what deserves a look."""
    verb = "" if report.written else "would be "
    width = columns()
    lines: list[str] = []
    for change in report.changes:
        parts = []
        if change.added:
            parts.append(f"{len(change.added)} {verb}added ({_span(change.added)})")
        if change.replaced:
            parts.append(f"{len(change.replaced)} {verb}replaced: " + "; ".join(change.replaced))
        if change.unchanged:
            parts.append(f"{len(change.unchanged)} unchanged")
        lines += wrapped(f"{change.partner_id}: " + ", ".join(parts), width, "", "    ")
    changed = sum(c.changed for c in report.changes)
    lines += wrapped(f"{plural(len(report.changes), 'partner')} matched in {report.table} ({report.layout}); "
                     f"{plural(changed, 'file')} "
                     f"{'written' if report.written else 'to change (dry run: nothing written)'}", width, "", "    ")
    for note in report.notes:
        lines += wrapped(f"note: {note}", width, "", "    ")
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
    width = columns()
    cset = test.criteria.model
    lines = wrapped(f"{cset.title}, version {cset.version} ({cset.status}): each past decision replayed with "
                    "only what was known before it (what is dated before its day, or before its year when it has "
                    "no date)", width)
    for r in test.replays:
        recommended = r.recommended or "no status (insufficient evidence)"
        early = test.early(r)
        verdict = "the criteria agree" if r.agree else f"the criteria recommend {recommended}"
        if early is not None:
            verdict += (f", granted {early} {'year' if early == 1 else 'years'} later: early, counted as "
                        f"agreeing (--allow-early {test.allow_early})")
        mark = (style("=", fg="green") if r.agree else style("≈", fg="green") if early is not None
                else style("≠", fg="yellow"))
        lines.append("")
        when = r.date or str(r.year)
        asked = f" (asked for {r.requested})" if r.requested and r.requested != r.decided else ""
        negative = f" [{r.kind}]" if r.negative else ""
        lines += wrapped(f"{r.partner_id}, {when}: decided {r.decided}{asked}{negative}; {verdict}", width,
                         f"{mark} ", "  ")
        if not r.agree and early is None:
            lines += wrapped(f"why: {r.why}", width, "  ", "       ")
    lines += ["", *(style(line, bold=True) for line in wrapped(test.summary(), width))]
    wanting = test.wanting()
    if wanting:
        missed = len(test.replays) - test.agreeing
        named = "; ".join(f"{r.partner_id}, {r.date or r.year}" for r in wanting)
        lines += wrapped(f"For want of records: {len(wanting)} of the {missed} not reproduced stopped at a "
                         "requirement without data, which the missing records could meet, not at one failed: "
                         f"{named}.", width)
    return "\n".join(lines + _backtest_comparison(test, width)) + "\n"


def _backtest_comparison(test: Backtest, width: int) -> list[str]:
    """Agreement on grants and negatives, the baselines, the margin, the split and the confusion table."""
    lines = [""] + wrapped(f"The criteria: {test.criteria_tally().text()}.", width, "", "  ")
    lines += wrapped("Baselines that use no evidence:", width)
    for b in test.baselines():
        lines += wrapped(f"{b.name}: {b.text()}", width, "  - ", "    ")
    margin = test.margin
    lines += wrapped(f"Margin over the best baseline: {margin:+d} " + ("decision" if abs(margin) == 1 else "decisions")
                     + ".", width)
    halves = test.halves()
    if halves is not None:
        lines += wrapped(f"Before {test.split}: {halves[0].text()}; from {test.split} on (out of sample for "
                         f"criteria written before it): {halves[1].text()}.", width)
    lines += ["", "Decided (how many) → recommended:"]
    for decided, row in test.confusion().items():
        said = ", ".join(f"{status} {n}" for status, n in row.items())
        lines += wrapped(f"{decided} ({sum(row.values())}) → {said}", width, "  ", "    ")
    return lines


def sources_text(report: Sources, style: Style = plain) -> str:
    """The share of each source grade: over every observation, over the observations scored (a
    window's every year), and over the values scored (a window once, at its lowest grade)."""
    total = sum(r.observations for r in report.rows) or 1
    read = sum(r.scored_observations for r in report.rows) or 1
    scored = sum(r.scored for r in report.rows) or 1
    head = ["source grade", "observations", "share", "scored", "share", "values scored", "share"]
    body = [[r.grade.replace("-", " "), str(r.observations), fmt_percent(r.observations / total),
             str(r.scored_observations), fmt_percent(r.scored_observations / read), str(r.scored),
             fmt_percent(r.scored / scored)] for r in report.rows]
    cset = report.criteria.model
    lines = [v(f"{cset.title}: scored as of {report.as_of}"),
             *aligned(head, body, {1, 2, 3, 4, 5, 6}, style),
             f"official statistics or statements: {fmt_percent(report.official_share_observations)} of the "
             "observations scored,",
             f"{fmt_percent(report.official_share)} of the values scored (a window of years counts once, "
             "at its lowest grade)"]
    return "\n".join(lines) + "\n"


def calibrate_text(cal: Calibration, style: Style = plain) -> str:
    """Before and after, the weights and thresholds beside the old with their ranges, then the
    decisions no weights of this form explain, each with what it would have needed."""
    from ..workflow.calibrate import described

    width = columns()
    cset = cal.criteria.model
    fit = cal.fit
    how = described(cal)
    lines = wrapped(f"{cset.title}, version {cset.version}: calibrated on the {cal.total} decisions of "
                    f"{cal.decisions_file}", width)
    lines += wrapped(f"Solved by {how['how']}; {how['proof']}.", width)
    lines += ["", style(f"Reproduced: {cal.before.agreeing} of {cal.total} decisions before, "
                        f"{cal.after.agreeing} of {cal.total} after.", bold=True), ""]
    old, new, ranges = cal.weights(fit.before), cal.weights(fit.after), cal.ranges()

    def span(kind: str, key: str) -> str:
        found = ranges[kind].get(key)
        return "—" if found is None else f"{found[0]:.1f}–{found[1]:.1f}"

    body = []
    for pid, criteria in cal.criteria_by_pillar():
        body.append([v(pid), f"{old['pillars'][pid]:.1f}", f"{new['pillars'][pid]:.1f}", span("pillars", pid)])
        for cid in criteria:
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
    lines += wrapped("A range is what the value can take, the other values of its block free to adjust, while "
                     "every decision reproduced stays reproduced" + ("; — where the time limit ran out before it "
                                                                    "was proven." if fit.extras_cut else "."), width)
    changes = cal.limit_changes()
    if changes:
        lines += ["", "Floors, completeness and gate bounds (fitted one at a time, each exactly):"]
        lines += aligned(["outcome", "limit", "before", "after"],
                         [[v(c["outcome"] or "any"), c["limit"], fmt_value(c["before"], c.get("unit"), approx=True),
                           fmt_value(c["after"], c.get("unit"), approx=True)] for c in changes], {2, 3}, style)
    lines += _unexplained(cal, style, width)
    for check in cal.out_of_sample:
        lines += [""] + wrapped(check.text() + ".", width)
    lines += ["", *wrapped(f"Calibrated set: {cal.calibrated.model.id}, version {cal.calibrated.model.version}.",
                           width)]
    return "\n".join(lines) + "\n"


def _unexplained(cal: Calibration, style: Style, width: int) -> list[str]:
    """The decisions the calibrated set does not reproduce, each with what it would have needed."""
    lines: list[str] = []
    fit = cal.fit
    missed = [r for r in cal.after.replays if not r.agree]
    if missed:
        title = (f"Unexplained ({len(missed)}): no weights of this form reproduce "
                 f"{'it' if len(missed) == 1 else 'them'} with the others" if cal.fit.exact else
                 f"Not reproduced ({len(missed)})")
        lines += ["", style(title, bold=True)]
        reasons = {(r.partner_id, r.year): why for r, why in zip(cal.after.replays, cal.beyond, strict=True) if why}
        for r in missed:
            recommended = r.recommended or "no status (insufficient evidence)"
            lines += [""] + wrapped(f"{r.partner_id}, {r.year}: decided {r.decided}; the calibrated criteria "
                                    f"recommend {recommended}", width, style("≠", fg="yellow") + " ", "  ")
            lines += wrapped(f"needed: {r.why}", width, "  ", "          ")
            if (r.partner_id, r.year) in reasons:
                lines += wrapped(f"(beyond any parameters of this form: {reasons[(r.partner_id, r.year)]})", width,
                                 "  ", "   ")
        if fit.unique is False and fit.alternative is not None:
            other = ", ".join(f"{d['partner']} {d['year']}" for d in cal.left_out(fit.alternative))
            lines += [""] + wrapped(f"Not the only such set: leaving out {other} instead explains as many.", width)
        elif fit.unique:
            lines += [""] + wrapped("No other set of decisions this small could be left out instead.", width)
    return lines


def consensus_text(found: Consensus, style: Style = plain) -> str:
    """Each partner's outcome under every member's weights, the verdict, and each dissenter's distance."""
    width = columns()
    cset = found.criteria.model
    lines = wrapped(f"{cset.title}, version {cset.version}; as of {found.as_of}: every partner scored under the "
                    f"weights of {plural(len(found.members), 'member')}", width)
    for m in found.members:
        form = {"weights": "weights", "ranking": "a ranking of the pillars (rank-order centroid)",
                "pairwise": "pairwise comparisons (AHP)"}[m.form]
        text = f"{m.id}: {m.name}, from {form}"
        if m.consistency is not None:
            text += f", consistency ratio {m.consistency:.2f}" + (" (above 0.10: the comparisons contradict "
                                                                  "each other)" if m.inconsistent else "")
        if m.ignored:
            text += f"; not in this set: {', '.join(m.ignored)}"
        lines += wrapped(text, width, "  ", "    ")
    titles = {o.id: o.title for o in found.result.outcomes}
    for verdict in found.verdicts:
        mark = style("=", fg="green") if verdict.verdict == "unanimous" else style("≠", fg="yellow")
        name = found.result.partners[verdict.partner_id].name
        outcome = titles.get(verdict.outcome) or status_words(verdict.outcome)
        lines += [""] + wrapped(f"{name}: {consensus_words(verdict.verdict)}; the majority's outcome is "
                                f"{outcome}", width, f"{mark} ", "  ")
        for d in verdict.dissenters:
            shift = ("no straight line to an agreeing member's weights reaches it" if d.shift is None else
                     f"moving {d.shift * 100:.1f} % of its weight towards {d.toward}'s weights gives "
                     f"{outcome}")
            lines += wrapped(f"{d.member} gives {titles.get(d.outcome) or status_words(d.outcome)}; {shift}",
                             width, "  ", "    ")
    counts = Counter(verdict.verdict for verdict in found.verdicts)
    order = sorted(counts, key=lambda k: (k != "unanimous", k == "no-consensus", k))
    lines += ["", style(f"{plural(len(found.verdicts), 'partner')}: "
                        + ", ".join(f"{counts[k]} {consensus_words(k)}" for k in order), bold=True)]
    return "\n".join(lines) + "\n"
