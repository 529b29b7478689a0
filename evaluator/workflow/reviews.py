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

from pydantic import ValidationError

from ..base.choices import YEAR_MIN
from ..base.errors import UsageError
from ..base.fields import check_date
from ..base.files import locked, write_atomic
from ..base.text import clean
from ..loading.models import INSUFFICIENT
from ..loading.project import Project, would_load
from ..loading.records import Review
from ..loading.root import inside_root
from ..scoring.result import Result, Scorecard
from .yamledit import dumped, round_trip


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


def decision_words(project: Project, result: Result) -> dict[str, str]:
    """What the officials last decided on each reviewed partner, in words: ``endorsed``, ``amended to
    Sectoral Dialogue Partner``, ``rejected``, with the date."""
    found = {}
    for pid in result.table.inputs.partner_ids:
        review = latest(project, pid)
        if review is None:
            continue
        verb = {"endorse": "endorsed", "amend": "amended", "reject": "rejected"}[review.decision]
        to = f" to {result.table.spec.status_name(review.outcome)}" if review.outcome else ""
        found[pid] = f"{verb}{to} on {review.date}"
    return found


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
    """``text`` as a YAML double-quoted scalar; the characters YAML reads as line breaks (U+0085,
    U+2028, U+2029) are written as escapes, so that the spaces around them survive."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u0085", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


def review_entry(review: Review) -> str:
    """One review as YAML text, an item of the ``reviews:`` list of a new file."""
    lines = [f"  - reviewer: {_quote(review.reviewer)}", f"    date: {_quote(review.date)}",
             f"    decision: {review.decision}"]
    if review.outcome is not None:
        lines.append(f"    outcome: {review.outcome}")
    lines += [f"    reason: {_quote(review.reason)}", f"    scorecard: {review.scorecard}"]
    return "\n".join(lines) + "\n"


def appended(old: bytes | None, review: Review) -> bytes:
    """The review file with one more review; an existing file keeps its comments and layout."""
    if old is None:
        return ("reviews:\n" + review_entry(review)).encode("utf-8")
    loaded = round_trip(old, exact=False)
    assert loaded is not None                      # there is always a nearest layout
    yaml, data = loaded
    data["reviews"].append(review.model_dump(exclude_none=True))
    return dumped(yaml, data)


OPTIONS = {"reviewer": "--reviewer", "reason": "--reason", "date": "--date", "decision": "--decision",
           "outcome": "--outcome"}


def _review(fields: dict[str, Any], scorecard: str) -> Review:
    try:
        return Review.model_validate({**fields, "scorecard": scorecard})
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        name = OPTIONS.get(str(error["loc"][0]), str(error["loc"][0])) if error["loc"] else "review"
        message = str((error.get("ctx") or {}).get("error", error["msg"]))
        raise UsageError(f"{name}: {message}") from None


def review_date(when: str | None) -> str:
    """``when`` checked as a real date written YYYY-MM-DD, from 1900 to today; or today."""
    today = datetime.date.today().isoformat()
    if when is None:
        return today
    try:
        given = check_date(when)
    except ValueError as exc:
        raise UsageError(f"--date {exc}") from None
    if given > today:
        raise UsageError(f"--date {given} is after today ({today}); a review is dated the day it was made")
    if int(given[:4]) < YEAR_MIN:
        raise UsageError(f"--date {given} is before {YEAR_MIN}; give the day the review was made")
    return given


def record_review(project: Project, result: Result, partner_id: str, **fields: Any) -> Path:
    """Append a review bound to today's scorecard to ``reviews/PARTNER.yaml``; returns the file's path.

    The file is locked from reading to writing, so that reviews recorded at the same moment are
    all kept, and what is written must load as every review file does before it replaces the file.
    """
    outcomes = {o.id for o in result.criteria.model.outcomes} | {INSUFFICIENT}
    if fields.get("outcome") is not None and fields["outcome"] not in outcomes:
        raise UsageError(f"unknown outcome '{fields['outcome']}'; choose one of: {', '.join(sorted(outcomes))}")
    if fields.get("decision") == "amend" and fields.get("outcome") is None:
        raise UsageError("a review that amends must give --outcome")
    recommended = result[partner_id].outcome
    if fields.get("decision") == "endorse" and fields.get("outcome") not in (None, recommended):
        raise UsageError(f"--outcome {fields['outcome']} is not the recommended outcome ({recommended}); a review "
                         f"that endorses keeps the recommendation: give --decision amend to decide "
                         f"{fields['outcome']} instead")
    review = _review({**fields, "date": review_date(fields.get("date"))}, scorecard_hash(result[partner_id]))
    path = project.root / "reviews" / f"{partner_id}.yaml"
    path.parent.mkdir(exist_ok=True)
    inside_root(project.root, path)
    all_outcomes = {o.id for s in project.sets.values() for o in s.model.outcomes}
    with locked(path):
        data = appended(path.read_bytes() if path.exists() else None, review)
        would_load(path, data, kind="reviews", catalogue=project.catalogue, partners=project.partners,
                   outcome_ids=all_outcomes)
        write_atomic(path, data, force=True)
    return path
