"""Why a partner got its outcome, in words: the outcomes it was assessed for in order, each not
met or closed by a policy, the one given, the review of the status it holds, the answer to its
request, and the next outcome it could reach with what it would take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..base.text import fmt_limit_percent, fmt_percent
from .engine import Table
from .gap import GapItem, completeness_gap
from .standing import FALLS_SHORT, TOO_THIN, answer, candidates, closing


@dataclass(frozen=True)
class Path:
    """The outcomes partner row ``i`` was assessed for, and where it stopped."""

    candidates: list[int]
    chosen: int          # -1: too little evidence
    held: int            # the outcome of the status held; -1 none
    requested: int       # the outcome asked for; -1 none
    review: str


def path_of(t: Table, i: int) -> Path:
    """The assessment path of partner row ``i``."""
    held = int(t.standing.held[i]) if t.standing is not None else -1
    requested = int(t.standing.requested[i]) if t.standing is not None else -1
    return Path(candidates(t.spec, held, requested), int(t.outcome[i]), held, requested,
                t.review[i] if t.review else "")


def _requirement_texts(t: Table, i: int, k: int) -> list[tuple[bool, str]]:
    outcome = t.spec.outcomes[k]
    checks = t.checks[outcome.id]
    row = t.row(i)
    return [(bool(checks[req.key][i]), req.explain(t.spec, row, bool(checks[req.key][i])))
            for req in outcome.requirements]


def thin(t: Table, i: int) -> bool:
    """True when partner row ``i``'s evidence is below the set's minimum completeness."""
    return bool(t.completeness[i] < t.spec.min_completeness)


def policies_closing(t: Table, i: int, k: int) -> list[str]:
    """The ids of the policies that closed outcome ``k`` to partner row ``i``."""
    if t.standing is None:
        return []
    return closing(t.spec, k, int(t.standing.years[i]), t.standing.held_status[i])


def closed_text(t: Table, i: int, k: int) -> str:
    """``Dialogue Partner status is closed to partners that do not hold it by the Moratorium on new
    Dialogue Partners (in force since 1999; ISEAS Perspective 2017/36)``."""
    names = []
    for pid in policies_closing(t, i, k):
        policy = t.spec.cset.policies[pid]
        start, end = policy.in_force
        span = f"in force since {start}" if end is None else f"in force {start}–{end}"
        names.append(f"the {policy.title} ({span}; {policy.source})")
    return f"closed to partners that do not hold it by {' and '.join(names)}"


def applied(t: Table, i: int) -> list[dict[str, Any]]:
    """The policies that shaped partner row ``i``'s outcome: each closed an outcome it was assessed
    for before the one given."""
    p = path_of(t, i)
    before = p.candidates if p.chosen < 0 else p.candidates[:p.candidates.index(p.chosen)] \
        if p.chosen in p.candidates else p.candidates
    found: dict[str, list[str]] = {}
    for k in before:
        for pid in policies_closing(t, i, k):
            found.setdefault(pid, []).append(t.spec.outcomes[k].id)
    out = []
    for pid, closed in found.items():
        policy = t.spec.cset.policies[pid]
        out.append({"id": pid, "title": policy.title, "closed": closed, "in_force": list(policy.in_force),
                    "source": policy.source, "url": policy.url})
    return out


def reasons(t: Table, i: int) -> tuple[str, list[str]]:
    """The one-line reason and the full list: each outcome assessed before the one given, then it."""
    spec = t.spec
    p = path_of(t, i)
    if p.chosen < 0:
        line = (f"Evidence for {fmt_percent(float(t.completeness[i]))} of the weight, below the "
                f"{fmt_limit_percent(spec.min_completeness)} needed: too little current data to judge.")
        return line, [line]
    if thin(t, i):
        line = (f"Evidence for {fmt_percent(float(t.completeness[i]))} of the weight, below the "
                f"{fmt_limit_percent(spec.min_completeness)} needed: too thin to review the status it holds "
                f"({spec.outcomes[p.held].title}), which stands.")
        return line, [line]
    out: list[str] = []
    last_missed = ""
    before = p.candidates[:p.candidates.index(p.chosen)] if p.chosen in p.candidates else []
    for k in before:
        title = spec.outcomes[k].title
        if policies_closing(t, i, k):
            last_missed = f"{title} is {closed_text(t, i, k)}"
            out.append(f"{last_missed}.")
            continue
        failed = "; ".join(text for ok, text in _requirement_texts(t, i, k) if not ok)
        last_missed = f"{title} is not met: {failed}"
        out.append(f"{title}: not met ({failed}).")
    texts = _requirement_texts(t, i, p.chosen)
    chosen = spec.outcomes[p.chosen].title
    if p.review in (FALLS_SHORT, TOO_THIN):
        unmet = "; ".join(text for ok, text in texts if not ok)
        line = (f"{chosen}: not met on the evidence ({unmet}); the status it holds stands, for review."
                if p.review == FALLS_SHORT else
                f"{chosen}: not shown for want of records ({unmet}); the evidence is too thin to review the "
                "status it holds, which stands.")
        return line, [*out, line]
    met = "; ".join(text for _, text in texts)
    out.append(f"{chosen}: {'met (' + met + ')' if met else 'no better outcome is met'}.")
    if not before:
        line = f"{chosen}: every requirement is met ({met})." if met else f"{chosen}."
    elif met:
        line = f"{chosen} ({met}); {last_missed}."
    else:
        line = f"{chosen}: the nearest outcome, {last_missed}."
    request = t.standing.requests[i] if t.standing is not None else None
    if request is not None:
        reply = answer(spec, p.chosen, p.requested, thin(t, i))
        line += f" Request of {request.date or request.year} for {spec.status_name(request.status)}: {reply}."
    return line, out


def gap(t: Table, i: int) -> tuple[str | None, str | None, list[GapItem]]:
    """The next outcome (id, title) partner row ``i`` could reach, and what it would take: the
    nearest outcome before the one given that no policy closes to it, or, for an incumbent that
    falls short, its own status."""
    spec = t.spec
    p = path_of(t, i)
    row = t.row(i)
    if p.chosen < 0 or thin(t, i):
        return None, "enough evidence to judge", [completeness_gap(spec, row, spec.min_completeness)]
    if p.review in (FALLS_SHORT, TOO_THIN):
        target = spec.outcomes[p.chosen]
    else:
        before = p.candidates[:p.candidates.index(p.chosen)] if p.chosen in p.candidates else []
        open_ = [k for k in before if not policies_closing(t, i, k)]
        if not open_:
            return None, None, []
        target = spec.outcomes[open_[-1]]
    return target.id, target.title, [item for req in target.requirements for item in req.gap(spec, row)]
