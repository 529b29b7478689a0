"""A recommendation next to the status a partner held as of the same year: an upgrade, a
downgrade or unchanged.

Statuses are ranked by the set's outcomes, best first: the rank of a status is the place of
the first outcome that recommends it, and ``none`` ranks below every outcome that does not
recommend it. A status no outcome recommends (a title the set does not grant) cannot be
compared, and neither can a partner whose status that year is not known or whose evidence is
insufficient: the change is then empty.
"""

from __future__ import annotations

from .compile import Spec

UPGRADE, DOWNGRADE, UNCHANGED = "upgrade", "downgrade", "unchanged"
MARKS = {UPGRADE: "▲", DOWNGRADE: "▼", UNCHANGED: "=", "": ""}
STANDING_WORDS = {UPGRADE: "the outcome recommends more", DOWNGRADE: "the outcome is below it",
                  UNCHANGED: "the outcome matches it"}


def status_rank(spec: Spec, status: str) -> int | None:
    """The place of the first outcome recommending ``status`` (``none``: after every outcome)."""
    for outcome in spec.outcomes:
        if outcome.status == status:
            return outcome.index
    return len(spec.outcomes) if status == "none" else None


def status_change(spec: Spec, outcome: int, held: str | None) -> str:
    """``upgrade``, ``downgrade`` or ``unchanged`` for outcome index ``outcome`` against the status
    ``held``; empty when they cannot be compared."""
    if outcome < 0 or held is None:
        return ""
    recommended = status_rank(spec, spec.outcomes[outcome].status)
    now = status_rank(spec, held)
    if recommended is None or now is None:
        return ""
    return UNCHANGED if recommended == now else UPGRADE if recommended < now else DOWNGRADE
