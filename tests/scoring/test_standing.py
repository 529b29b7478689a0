"""A recommendation against the status held: upgrade, downgrade, unchanged, or not comparable."""

from __future__ import annotations

from pathlib import Path

import evaluator
from evaluator.scoring.compile import compile_set
from evaluator.scoring.standing import status_change, status_rank


def _spec(root: Path):  # type: ignore[no-untyped-def]
    project = evaluator.load(root)
    return compile_set(project.criteria_set().model, project.catalogue)


def test_statuses_rank_by_the_outcomes_that_recommend_them(root: Path) -> None:
    spec = _spec(root)     # full → dialogue-partner, sectoral, development, none (the fallback)
    assert [o.status for o in spec.outcomes] == ["dialogue-partner", "sectoral-dialogue-partner",
                                                 "development-partner", "none"]
    assert status_rank(spec, "dialogue-partner") == 0 and status_rank(spec, "none") == 3
    assert status_rank(spec, "strategic-partner") is None


def test_upgrade_downgrade_unchanged_and_not_comparable(root: Path) -> None:
    spec = _spec(root)
    assert status_change(spec, 0, "sectoral-dialogue-partner") == "upgrade"
    assert status_change(spec, 2, "dialogue-partner") == "downgrade"
    assert status_change(spec, 3, "dialogue-partner") == "downgrade"
    assert status_change(spec, 3, "none") == "unchanged"
    assert status_change(spec, 1, "none") == "upgrade"
    assert status_change(spec, -1, "none") == ""                       # insufficient evidence
    assert status_change(spec, 0, None) == ""                          # status not known that year
    assert status_change(spec, 0, "strategic-partner") == ""           # a status no outcome grants


def test_the_scorecard_compares_with_the_status_held_in_the_as_of_year(root: Path) -> None:
    gamma = root / "partners" / "gamma.yaml"
    gamma.write_text(gamma.read_text().replace("status: development-partner",
                                               "status: none"))
    card = evaluator.score(evaluator.load(root), as_of=2024)["gamma"]
    assert (card.outcome, card.status_as_of, card.status_change) == ("development", "none", "upgrade")
    assert card.standing == "Status in 2024: none; the outcome recommends more (▲ upgrade)"
    alpha = evaluator.score(evaluator.load(root), as_of=2024)["alpha"]
    assert alpha.standing == "Status in 2024: dialogue-partner; the outcome matches it (= unchanged)"
