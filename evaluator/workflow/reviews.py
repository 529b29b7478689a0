"""Officials' decisions on recommendations (``reviews/<partner-id>.yaml``).

A review is bound to the SHA-256 of the scorecard it was given on; when today's scorecard
differs (the data or the criteria changed), the review is shown as stale. The computed result
is never overwritten.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import UsageError
from ..base.fields import check_date
from ..base.files import write_atomic
from ..base.text import clean
from ..loading.models import INSUFFICIENT, Review
from ..loading.project import Project
from ..scoring.result import Result, Scorecard


@dataclass(frozen=True)
class ReviewState:
    """The last review of a partner and whether it still applies (``current`` or ``stale``)."""

    state: str
    last: Review


def scorecard_hash(card: Scorecard) -> str:
    """SHA-256 of the scorecard in its canonical JSON form (sorted keys, no provenance)."""
    text = json.dumps(clean(card.to_dict()), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest(project: Project, partner_id: str) -> Review | None:
    """The last review recorded for a partner, if any."""
    entry = project.reviews.get(partner_id)
    return entry[0].reviews[-1] if entry else None


def state(project: Project, result: Result, partner_id: str) -> str:
    """``none``, ``current`` (the reviewed scorecard is today's) or ``stale``."""
    review = latest(project, partner_id)
    if review is None:
        return "none"
    return "current" if review.scorecard == scorecard_hash(result[partner_id]) else "stale"


def states(project: Project, result: Result) -> dict[str, str]:
    """The review state of every partner."""
    return {pid: state(project, result, pid) for pid in result.table.inputs.partner_ids}


def review_state(project: Project, result: Result, partner_id: str) -> ReviewState | None:
    """The last review of a partner with its state, or None when it has none."""
    last = latest(project, partner_id)
    return ReviewState(state(project, result, partner_id), last) if last is not None else None


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def review_entry(review: Review) -> str:
    """One review as YAML text to append to a review file."""
    lines = [f"  - reviewer: {_quote(review.reviewer)}", f"    date: {_quote(review.date)}",
             f"    decision: {review.decision}"]
    if review.outcome is not None:
        lines.append(f"    outcome: {review.outcome}")
    lines += [f"    reason: {_quote(review.reason)}", f"    scorecard: {review.scorecard}"]
    return "\n".join(lines) + "\n"


def review_date(when: str | None) -> str:
    """``when`` checked as a real date written YYYY-MM-DD, or today."""
    if when is None:
        return datetime.date.today().isoformat()
    try:
        return check_date(when)
    except ValueError as exc:
        raise UsageError(f"--date {exc}") from None


def add_review(project: Project, result: Result, partner_id: str, **fields: Any) -> tuple[Path, bytes]:
    """The review file of a partner with one more review bound to today's scorecard."""
    outcomes = {o.id for o in result.criteria.model.outcomes} | {INSUFFICIENT}
    if fields.get("outcome") is not None and fields["outcome"] not in outcomes:
        raise UsageError(f"unknown outcome '{fields['outcome']}'; choose one of: {', '.join(sorted(outcomes))}")
    if fields.get("decision") == "amend" and fields.get("outcome") is None:
        raise UsageError("a review that amends must give --outcome")
    fields["date"] = review_date(fields.get("date"))
    review = Review.model_validate({**fields, "scorecard": scorecard_hash(result[partner_id])})
    path = project.root / "reviews" / f"{partner_id}.yaml"
    old = path.read_bytes() if path.exists() else b"reviews:\n"
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return path, old + review_entry(review).encode("utf-8")


def record_review(project: Project, result: Result, partner_id: str, **fields: Any) -> Path:
    """Append a review to ``reviews/PARTNER.yaml``, written whole; returns the file's path."""
    path, data = add_review(project, result, partner_id, **fields)
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, data, force=True)
    return path
