"""Checks of how a set decides: the statuses a set grants, and requests in partner files (the
one-error fixtures in tests/data/invalid hold the exact messages)."""

from __future__ import annotations

from pathlib import Path

import evaluator
from evaluator.loading.deciding import granted, statuses_of
from evaluator.loading.models import Outcome


def test_the_statuses_of_a_set_are_its_outcomes_statuses_and_none() -> None:
    outcomes = [Outcome(id="top", title="Top", status="dialogue-partner"), Outcome(id="mid", title="Mid"),
                Outcome(id="fallback", title="None")]
    assert statuses_of(outcomes) == ["dialogue-partner", "mid", "none"]


def test_requests_may_name_a_status_any_set_grants(root: Path) -> None:
    project = evaluator.load(root)
    assert granted(project.sets) == {"dialogue-partner", "sectoral-dialogue-partner", "development-partner"}


def test_a_request_for_a_status_not_yet_held_is_accepted(root: Path) -> None:
    gamma = root / "partners" / "gamma.yaml"
    gamma.write_text(gamma.read_text() + "requests:\n  - {year: 2024, status: dialogue-partner, source: Letter}\n")
    assert evaluator.load(root).partners["gamma"].model.requests[0].status == "dialogue-partner"
