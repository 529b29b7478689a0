"""Officials' decisions on recommendations (``reviews/<partner-id>.yaml``).

A review is bound to the SHA-256 of the scorecard it was given on; when today's scorecard
differs (the data or the criteria changed), the review is shown as stale. The computed result
is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .errors import UsageError
from .models import Review
from .project import Project
from .result import Result, Scorecard
from .views import clean


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


def add_review(project: Project, result: Result, partner_id: str, **fields: Any) -> tuple[Path, bytes]:
    """The review file of a partner with one more review bound to today's scorecard."""
    outcomes = {o.id for o in result.criteria.model.outcomes} | {"insufficient-evidence"}
    if fields.get("outcome") is not None and fields["outcome"] not in outcomes:
        raise UsageError(f"unknown outcome '{fields['outcome']}'; choose one of: {', '.join(sorted(outcomes))}")
    if fields.get("decision") == "amend" and fields.get("outcome") is None:
        raise UsageError("a review that amends must give --outcome")
    review = Review.model_validate({**fields, "scorecard": scorecard_hash(result[partner_id])})
    path = project.root / "reviews" / f"{partner_id}.yaml"
    old = path.read_bytes() if path.exists() else b"reviews:\n"
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return path, old + review_entry(review).encode("utf-8")
