"""Renderers for the terminal of what is scored (scorecard, history, rank, sensitivity, the partner
list; ``review_text`` has those of the review workflow): each returns a string (coloured by ``style`` on a colour
terminal), none prints. Every text that comes from data passes through ``v`` (``visible``):
a control or direction character in a name, source or note is shown as its escape, never
sent to the terminal to act on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..base.text import fmt_percent, fmt_points, plural, status_words
from ..base.text import visible as v
from ..scoring.standing import FALLS_SHORT, MARKS, MOVE_LEGEND, MOVES, REVIEW_LEGEND, REVIEW_WORDS

if TYPE_CHECKING:
    from ..scoring.history import History
    from ..scoring.result import Result
    from .views import PartnerView, SensitivityView

Style = Callable[..., str]

#: the width terminal outputs written as prose wrap to
WIDTH = 80


def columns() -> int:
    """The terminal's width (``COLUMNS`` first), 80 when it is not known, never under 60."""
    import shutil

    return max(60, shutil.get_terminal_size((WIDTH, 24)).columns)


def wrapped(text: str, width: int, indent: str = "", later: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``: at spaces, never at hyphens (ids stay whole); a word longer
    than a line (an address) is broken where it must be."""
    import textwrap

    return textwrap.wrap(v(text), width, initial_indent=indent,
                         subsequent_indent=indent if later is None else later, break_on_hyphens=False) or [indent]


def plain(text: str, **_: Any) -> str:
    """A style that adds nothing (no colour)."""
    return text


def _status_colour(status: str) -> str:
    return {"pass": "green", "scored": "green", "fail": "red", "missing": "yellow",
            "stale": "yellow", "no-data": "yellow"}.get(status, "white")


def scorecard_text(view: PartnerView, style: Style = plain) -> str:
    """The scorecard for a terminal: outcome and reason first, then the detail, wrapped to its width."""
    card = view.card
    width = columns()
    out: list[str] = [style(v(f"{card.partner_name} ({card.partner_id})"), bold=True)]
    out += wrapped(f"Criteria: {card.criteria_title}, version {card.criteria_version} ({card.criteria_status}); "
                   f"as of {card.as_of}", width)
    out.append("")
    colour = "green" if card.next_outcome is None and card.outcome != "insufficient-evidence" else "yellow"
    out += [style(line, bold=True, fg=colour) for line in wrapped(f"Outcome: {card.outcome_title} [{card.outcome}]",
                                                                  width)]
    out += wrapped(f"Why: {card.reason}", width, later="     ")
    out += wrapped(card.standing, width)
    out.append(f"Overall {fmt_points(card.overall)}   Evidence {fmt_percent(card.completeness)}   "
               f"Gates {card.gates_passed}/{len(card.gates)}")
    if card.gates:
        out += ["", style("Gates", bold=True)]
        gate_width = max(4, *(len(g.status) for g in card.gates))
        for g in card.gates:
            tag = style(f"{g.status:<{gate_width}}", fg=_status_colour(g.status))
            pad = " " * (gate_width + 4)
            out += [f"  {tag}  " + line[len(pad):] if n == 0 else line
                    for n, line in enumerate(wrapped(f"{g.id}: {g.title}", width, pad))]
            out += wrapped(g.explanation, width, pad + "  ")
    out += ["", style("Pillars", bold=True)]
    pillar_width = max(len(p.id) for p in card.pillars)
    for p in card.pillars:
        score = fmt_points(p.score) if p.score is not None else "— (no data; drops out)"
        out.append(f"  {p.id:<{pillar_width}}  weight {p.weight:g}  score {score}")
    out += ["", style("Criteria", bold=True)]
    for c in card.criteria:
        tag = style(f"{c.status:<7}", fg=_status_colour(c.status))
        head = wrapped(f"{c.id}: {c.title} ({c.pillar}, weight {fmt_percent(c.effective_weight)}) — "
                       f"{fmt_points(c.points)} points", width, " " * 10)
        out += [f"  {tag} " + head[0][10:], *head[1:]]
        out += wrapped(c.explanation, width, " " * 10)
        if c.source:
            grade = f" ({c.grade.replace('-', ' ')})" if c.grade else ""
            out += wrapped(f"source{grade}: {c.source}", width, " " * 10)
            if c.url:
                out += wrapped(f"<{c.url}>", width, " " * 10)
    if card.caveats:
        out += ["", style("Caveats", bold=True)]
        for caveat in card.caveats:
            out += wrapped(caveat, width, "  - ", "    ")
    if card.next_outcome_title:
        out += [""] + [style(line, bold=True) for line in wrapped(f"To reach: {card.next_outcome_title}", width)]
        for item in card.gap:
            out += wrapped(f"{item.requirement} (now {item.now})", width, "  - ", "    ")
            for option in item.options[:5]:
                out += wrapped(option, width, "      ", "        ")
            if len(item.options) > 5:
                more = len(item.options) - 5
                out.append(f"      ... and {more} other {'way' if more == 1 else 'ways'}")
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
    """Each partner's outcome and scores year by year; ▲▼ where the outcome moved; the status held
    under the table, where it changed."""
    pillars = list(history.pillar_ids)
    heads = short_names(pillars)
    rows = history.rows()
    many = history.partner is None
    head = ["as of", "outcome", "overall", *[heads[p] for p in pillars], "evidence"]
    body, held, starts = [], [], {}
    for n, r in enumerate(rows):
        first = n == 0 or rows[n - 1]["partner_id"] != r["partner_id"]
        if first:
            starts[n] = r["partner_id"]
        mark = MOVES.get(r["change"], " ")
        shown = "status stands" if r["status_change"] == "too-thin" else r["outcome"]
        review = f" {MARKS[FALLS_SHORT]}" if r["status_change"] == FALLS_SHORT else ""
        body.append([str(r["as_of"]), f"{mark} {shown}{review}", fmt_points(r["overall"]),
                     *[fmt_points(r[p]) for p in pillars], fmt_percent(r["completeness"], 0)])
        if first or r["status"] != rows[n - 1]["status"]:
            since = history.partners[r["partner_id"]].held_since(r["as_of"])
            when = f"since {since}" if since is not None else f"in {r['as_of']}"
            held.append(f"{r['partner_id'] + ' ' if many else ''}{status_words(r['status']) if r['status'] else '?'} "
                        f"{when}")
    cset = history.criteria.model
    years = history.years
    lines = wrapped(f"{cset.title}, version {cset.version} ({cset.status}); as of {years[0]} to {years[-1]}",
                    columns())
    if history.partner is not None:
        lines.append(style(v(f"{history.partners[history.partner].name} ({history.partner})"), bold=True))
    table = aligned(head, body, {0, *range(2, 2 + len(pillars) + 2)}, style)
    lines.append(table[0])
    for n, line in enumerate(table[1:]):
        if many and n in starts:
            lines.append(style(v(f"{history.partners[starts[n]].name} ({starts[n]})"), bold=True))
        lines.append(line)
    legend = ", ".join(f"{h} {p}" for p, h in heads.items() if h != p)
    lines += wrapped(f"Status held: {'; '.join(held)}.", columns())
    lines += wrapped((f"{legend}. " if legend else "") + MOVE_LEGEND
                     + (f", {MOVES['across']} another track" if history.tracks > 1 else "")
                     + f"; {MARKS[FALLS_SHORT]} short of the status held (for review); status stands: too little "
                     "evidence to review "
                     "it; ? not known",
                     columns())
    lines += wrapped(replay_rule(history.publication_lags()), columns())
    first = history.left_out_at(years[0])
    lines += wrapped(first[0], columns()) if first else []
    return "\n".join(lines) + "\n"


def replay_rule(by_lag: dict[int, list[str]]) -> str:
    """``Each year sees only what was dated by its end; a yearly figure from the year it is published
    (1 year after its year: Trade, Investment).`` (``by_lag``: ``History.publication_lags``)"""
    text = "Each year sees only what was dated by its end"
    if by_lag:
        shown = [f"{plural(lag, 'year')} after its year: {', '.join(titles)}" for lag, titles in by_lag.items()]
        text += "; a yearly figure from the year it is published (" + "; ".join(shown) + ")"
    return text + "."


def elide(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis when longer."""
    return text if len(text) <= width else text[:width - 1] + "…"


def short_names(ids: list[str]) -> dict[str, str]:
    """Short column heads for long ids: the initials of their words (``socio-cultural`` → ``SC``),
    the id itself when that is short or the initials would repeat."""
    heads = {i: "".join(w[0] for w in i.split("-")).upper() if len(i) > 8 else i for i in ids}
    return heads if len(set(heads.values())) == len(heads) else {i: i for i in ids}


def rank_text(result: Result, style: Style = plain) -> str:
    """All partners, best first: the scores on one line, the outcome against the status held on the
    next, so that names and outcomes are whole at 80 columns."""
    rows = result.summary_rows()
    pillars = list(result.pillar_ids)
    heads = short_names(pillars)
    head = ["#", "partner", "overall", *[heads[p] for p in pillars], "evidence", "gates"]
    body, notes = [], []
    room = columns() - (len(head) - 1) * 2 - 2 - sum(max(len(h), 5) for h in head[2:]) - 3
    for n, r in enumerate(rows, start=1):
        body.append([str(n), elide(v(r["partner_name"]), max(12, room)), fmt_points(r["overall"]),
                     *[fmt_points(r[p]) for p in pillars],
                     fmt_percent(r["completeness"], 0), f"{r['gates_passed']}/{r['gates_total']}"])
        extra = [f"robustness: {r['robustness']}"] if r.get("robustness") else []
        extra += [f"member states: {consensus_words(r['consensus'])}"] if r.get("consensus") else []
        if r.get("review") not in (None, "", "none"):
            said = result.decisions.get(r["partner_id"], "reviewed")
            extra.append(f"officials {said}" + ("" if r["review"] == "current"
                                                 else "; the scorecard has changed since: review stale"))
        change = r["status_change"]
        words = REVIEW_WORDS[change] if change not in ("", "new") else ""
        shown = "status stands" if change == "too-thin" else r["outcome_title"]
        held = status_words(r["status"]) if r["status"] else "?"
        notes.append(f"{MARKS[change] or ' '} {shown}; holds {held}" + (f"; {words}" if words else "")
                     + "".join(f"; {e}" for e in extra))
    table = aligned(head, body, {0, *range(2, 3 + len(pillars) + 2)}, style)
    lines = wrapped(f"{result.criteria.model.title}, version {result.criteria.model.version} "
                    f"({result.criteria.model.status}); as of {result.as_of}", columns())
    lines.append(table[0])
    for line, note in zip(table[1:], notes, strict=True):
        lines += [line, *wrapped(note, columns(), "    ", "      ")]
    legend = ", ".join(f"{h} {p}" for p, h in heads.items() if h != p)
    lines += wrapped((f"{legend}. " if legend else "") + f"Under each partner: the outcome and the status held in "
                     f"{result.as_of} (? not known): {REVIEW_LEGEND}.", columns())
    return "\n".join(lines) + "\n"


def sensitivity_text(view: SensitivityView, style: Style = plain) -> str:
    """A sensitivity analysis for a terminal."""
    sens = view.sensitivity
    card = view.result[sens.partner_id]
    out = [*(style(line, bold=True) for line in wrapped(f"{card.partner_name} ({card.partner_id}): "
                                                        f"{card.outcome_title} [{card.outcome}]", columns())),
           f"{sens.draws:,} weight draws (Dirichlet, concentration {sens.concentration:g}, seed {sens.seed})",
           "",
           style(f"Verdict: {sens.verdict} — {fmt_percent(sens.keep_share)} of draws keep the outcome"
                 if sens.verdict != "—" else "Verdict: none — no usable evidence, so no weights can support or "
                 "move the outcome", bold=True,
                 fg={"robust": "green", "moderate": "yellow", "fragile": "red"}.get(sens.verdict))]
    if sens.others:
        out.append("Other outcomes: " + ", ".join(f"{k} {fmt_percent(v)}" for k, v in sens.others.items()))
    else:
        out.append("Other outcomes: none")
    out.append(f"Overall score: 5th {fmt_points(sens.overall_p5)}, median {fmt_points(sens.overall_p50)}, "
               f"95th {fmt_points(sens.overall_p95)} (with the set's weights {fmt_points(sens.overall_now)})")
    if sens.flips:
        out += ["", style("Flip points: one weight alone, as a factor of its value (0..10)", bold=True)]
        steady = [f"{f.kind} {f.id}" for f in sens.flips if f.down is None and f.up is None]
        for f in sens.flips:
            moves = [f"times {x:.3f} gives {o}" for x, o in ((f.down, f.down_outcome), (f.up, f.up_outcome))
                     if x is not None]
            if moves:
                out += wrapped(f"{f.kind} {f.id}: {'; '.join(moves)}", columns(), "  ", "    ")
        if steady:
            out += wrapped(f"No change within 0..10 times: {', '.join(steady)}", columns(), "  ", "    ")
    return "\n".join(out) + "\n"


def partner_list(project: Any) -> str:
    """``evaluator partners``: id, status held, codes and name of every partner, fitted to the
    terminal (a long name wraps under its column)."""
    rows = [(v(pid), v(lp.model.status.replace("-", " ")), v(" ".join(lp.model.codes)), lp.model.name)
            for pid, lp in sorted(project.partners.items())]
    rows.insert(0, ("ID", "Status", "Codes", "Name"))
    widths = [max(len(r[k]) for r in rows) for k in range(3)]
    width = columns()
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  "
        room = width - len(head)
        if room < 20:           # ids too long to share a line: the name on its own lines below
            lines.append(head.rstrip())
            head, room = "    ", width - 4
        lines += [((head if k == 0 else " " * len(head)) + part).rstrip()
                  for k, part in enumerate(wrapped(row[3], room))]
    return "".join(line + "\n" for line in lines)      # the name is made visible by ``wrapped``


def consensus_words(verdict: str) -> str:
    """A consensus verdict in words: ``unanimous``, ``all but 1 agree``, ``no consensus``."""
    if verdict.startswith("consensus-minus-"):
        return f"all but {verdict.removeprefix('consensus-minus-')} agree"
    return verdict.replace("-", " ")
