"""How an organisation decides beyond one score on one ladder (SPEC section 4b): what a partner
holds and asks for, the policies in force, the tracks, and the review of an incumbent.

For each partner row this module works out, from its status history and requests as known at
the row's point in time (``held.held_at``, ``held.open_request``):

- the outcomes it may be given (``allowed``): a partner with an open request is assessed for the
  requested outcome and those after it on its track, then the fallback; a partner holding a
  status is reviewed on the track of that status; any other partner as the outcomes are listed;
  an outcome a policy in force closes is skipped for a partner that does not hold its status;
- the outcome of the status it holds (``held``), below which ``engine.decide`` never goes: the
  organisation reviews an incumbent, it does not demote it for want of a record.

``review`` then says, for an incumbent, whether it meets its status (=), is eligible for a
higher one (▲), falls short on sufficient evidence (▽, for review) or has too little evidence to
be reviewed (no mark: the status stands); for any other partner, ``new`` when an outcome other
than the fallback is given. ``answer`` says what an open request gets: grant, a lower status,
not yet, or insufficient evidence to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..loading.records import PartnerData, Request
from .aggregate import Mask, Scores
from .compile import Spec
from .evidence import Cutoff
from .held import held_at, open_request
from .requirements import (
    CompletenessRequirement,
    CriteriaRequirement,
    GatesRequirement,
    PillarsRequirement,
    Requirement,
)

MEETS, ELIGIBLE, FALLS_SHORT, TOO_THIN, NEW = "meets", "eligible", "falls-short", "too-thin", "new"
MARKS = {MEETS: "=", ELIGIBLE: "▲", FALLS_SHORT: "▽", TOO_THIN: "", NEW: "", "": ""}
STANDING_WORDS = {MEETS: "meets its status", ELIGIBLE: "eligible for a higher status",
                  FALLS_SHORT: "does not meet its status on the evidence: for review",
                  TOO_THIN: "evidence too thin to review it; the status stands",
                  NEW: "a status it does not hold", "": ""}
#: what each review says to an official, for rank, the book, the brief and the workbook (its mark: MARKS)
REVIEW_WORDS = {MEETS: "meets its status", ELIGIBLE: "eligible for more", FALLS_SHORT: "for review",
                TOO_THIN: "evidence too thin to review", NEW: "new status", "": ""}
GRANT, LOWER, NOT_YET, UNDECIDED = "grant", "a lower status", "not yet", "insufficient evidence to decide"
#: the marks against the status held, in words: one legend for rank, the book, the site and the brief
REVIEW_LEGEND = ("= meets it, ▲ eligible for a higher status of its track, ▽ short of it on sufficient "
                 "evidence (for review, never a downgrade); where the evidence is too thin to review it, the status "
                 "stands")
#: how a year's outcome moved from the year before (history, the report's trend), and the legend of the marks
MOVES = {"up": "▲", "down": "▼", "across": "↔"}
MOVE_LEGEND = "▲ a better outcome than the year before, ▼ a worse one (insufficient evidence lowest)"

IntArray = npt.NDArray[np.intp]


def status_index(spec: Spec, status: str | None) -> int:
    """The first outcome recommending ``status`` other than the fallback; -1 for none or a status no
    outcome recommends (a partner holding it is not an incumbent of this set)."""
    if status is None or status == "none":
        return -1
    return next((o.index for o in spec.outcomes[:-1] if o.status == status), -1)


def candidates(spec: Spec, held: int, requested: int) -> list[int]:
    """The outcomes a partner is assessed for, in order: those after the request on its track, else
    those of the held status's track, else every outcome; the fallback always last."""
    last = len(spec.outcomes) - 1
    if requested >= 0:
        track = spec.tracks[requested]
        return [k for k in range(requested, last) if spec.tracks[k] == track] + [last]
    if held >= 0:
        track = spec.tracks[held]
        return [k for k in range(last) if spec.tracks[k] == track] + [last]
    return list(range(last + 1))


def closing(spec: Spec, k: int, year: int, held_status: str | None) -> list[str]:
    """The policies in force in ``year`` that close outcome ``k`` to a partner holding
    ``held_status``: none when it holds that outcome's status."""
    outcome = spec.outcomes[k]
    if held_status == outcome.status:
        return []
    return [pid for pid, p in spec.cset.policies.items() if outcome.id in p.closes and p.in_force_at(year)]


@dataclass(frozen=True)
class Standing:
    """What each partner row holds and asks for, and which outcomes it may be given."""

    held_status: list[str | None]   # (n,) the status held; None when not known
    held: IntArray                  # (n,) the outcome of the status held; -1 when none or not one of the set
    requests: list[Request | None]  # (n,) the open request
    requested: IntArray             # (n,) the outcome requested; -1 when none
    allowed: Mask                   # (K, n) outcome k may be given
    closed: Mask                    # (K, n) outcome k is closed by a policy in force
    years: IntArray                 # (n,) the year each row is scored as of

    def rows(self, rows: npt.NDArray[np.intp]) -> Standing:
        """The standing of some rows only (sensitivity, consensus)."""
        return Standing([self.held_status[r] for r in rows], self.held[rows], [self.requests[r] for r in rows],
                        self.requested[rows], self.allowed[:, rows], self.closed[:, rows], self.years[rows])


def standing(spec: Spec, partners: Sequence[PartnerData], cutoffs: Sequence[Cutoff],
             asked: Sequence[Request | None] | None = None) -> Standing:
    """The standing of each partner at its row's cutoff (``asked``: a request that holds open for a
    row whatever the partner file records, as a decision under replay answers it)."""
    n, count = len(partners), len(spec.outcomes)
    held_status = [held_at(p, c, spec.status_column) for p, c in zip(partners, cutoffs, strict=True)]
    requests = [open_request(p, c) for p, c in zip(partners, cutoffs, strict=True)]
    if asked is not None:
        requests = [a if a is not None else r for a, r in zip(asked, requests, strict=True)]
    held = np.array([status_index(spec, s) for s in held_status], dtype=np.intp).reshape(n)
    requested = np.array([status_index(spec, r.status) if r is not None else -1 for r in requests],
                         dtype=np.intp).reshape(n)
    allowed = np.zeros((count, n), dtype=bool)
    closed = np.zeros((count, n), dtype=bool)
    policies = bool(spec.cset.policies)
    for i in range(n):
        allowed[candidates(spec, int(held[i]), int(requested[i])), i] = True
        if policies:
            for k in range(count - 1):
                closed[k, i] = bool(closing(spec, k, cutoffs[i].year, held_status[i]))
    allowed &= ~closed
    return Standing(held_status, held, requests, requested, allowed, closed,
                    np.array([c.year for c in cutoffs], dtype=np.intp).reshape(n))


def floor(spec: Spec, chosen: IntArray, held: IntArray) -> IntArray:
    """An incumbent never goes below the status it holds on its track, nor to the fallback: the
    outcome is then its own status (reviewed, never demoted)."""
    last = len(spec.outcomes) - 1
    codes = spec.track_codes
    incumbent = held >= 0
    safe_held = np.maximum(held, 0)
    lower = incumbent & ((chosen == last) | ((codes[chosen] == codes[safe_held]) & (chosen > safe_held)))
    return np.where(lower, safe_held, chosen)


def _short_on_record(req: Requirement, s: Scores, gate_usable: Mask, spec: Spec) -> Mask:
    """(n,) where requirement ``req`` fails on the evidence recorded: it would fail whatever the
    missing records said (a gate with no data, a pillar or criterion without evidence, a
    completeness below its limit are for want of a record, not a shortfall)."""
    n = s.overall.shape[0]
    if isinstance(req, GatesRequirement):
        out = np.zeros(n, dtype=bool)
        for g in req.index:
            gate = spec.gates[g]
            if gate.composite:
                members = list(gate.members)
                could = (s.gate_pass[:, members] | ~gate_usable[:, members]).sum(axis=1)
                out |= ~s.gate_pass[:, g] & (could < gate.need)
            else:
                out |= ~s.gate_pass[:, g] & gate_usable[:, g]
        return out
    if isinstance(req, PillarsRequirement):
        idx = list(req.index)
        with np.errstate(invalid="ignore"):
            return np.asarray((s.pillar[:, idx] < req.values).any(axis=1))
    if isinstance(req, CriteriaRequirement):
        idx = list(req.index)
        limits = np.array(list(req.limits.values()), dtype=float)
        with np.errstate(invalid="ignore"):
            return np.asarray((s.points[:, idx] < limits).any(axis=1))
    if isinstance(req, CompletenessRequirement):
        return np.zeros(n, dtype=bool)
    return ~np.asarray(req.holds(s), dtype=bool)


def held_verdict(spec: Spec, s: Scores, gate_usable: Mask, held: IntArray) -> tuple[Mask, Mask]:
    """(n,) whether each incumbent meets every requirement of the outcome of its status, and
    whether one of them fails on the evidence recorded (not only for want of a record)."""
    meets = np.zeros(held.shape, dtype=bool)
    short = np.zeros(held.shape, dtype=bool)
    for outcome in spec.outcomes:
        rows = held == outcome.index
        if not rows.any():
            continue
        ok = np.ones(held.shape, dtype=bool)
        failing = np.zeros(held.shape, dtype=bool)
        for req in outcome.requirements:
            ok &= np.asarray(req.holds(s), dtype=bool)
            failing |= _short_on_record(req, s, gate_usable, spec)
        meets[rows], short[rows] = ok[rows], failing[rows]
    return meets, short


def review_status(spec: Spec, chosen: IntArray, held: IntArray, meets_held: Mask, short_on_record: Mask,
           thin: Mask) -> list[str]:
    """The review of each row: meets, eligible, falls-short (on the evidence recorded), too-thin
    (completeness below the minimum, or short only for want of a record) for an incumbent; new or
    empty for any other partner (``chosen`` -1: too little evidence)."""
    last = len(spec.outcomes) - 1
    out = []
    for k, h, ok, short, few in zip(chosen.tolist(), held.tolist(), meets_held.tolist(), short_on_record.tolist(),
                                    thin.tolist(), strict=True):
        if h < 0:
            out.append(NEW if 0 <= k < last else "")
        elif few:
            out.append(TOO_THIN)
        elif k == h:
            out.append(MEETS if ok else FALLS_SHORT if short else TOO_THIN)
        else:
            out.append(ELIGIBLE)
    return out


def answer(spec: Spec, chosen: int, requested: int, thin: bool = False) -> str:
    """What an open request for outcome ``requested`` gets when ``chosen`` is given (``thin``: the
    evidence is below the minimum)."""
    if requested < 0:
        return ""
    if chosen < 0 or thin:
        return UNDECIDED
    if chosen == requested:
        return GRANT
    if chosen < len(spec.outcomes) - 1 and spec.tracks[chosen] == spec.tracks[requested] and chosen > requested:
        return LOWER
    return NOT_YET


def status_rank(spec: Spec, status: str) -> int | None:
    """The place of the first outcome recommending ``status`` (``none``: after every outcome)."""
    for outcome in spec.outcomes:
        if outcome.status == status:
            return outcome.index
    return len(spec.outcomes) if status == "none" else None
