"""One partner's explained scorecard: reasons, criteria, gates, caveats, as plain data."""

from __future__ import annotations

from pathlib import Path

import evaluator


def test_reasons_name_each_better_outcome_missed_then_the_one_given(root: Path) -> None:
    card = evaluator.score(evaluator.load(root), as_of=2024)["gamma"]
    assert card.outcome == "development" and len(card.reasons) == 3
    assert card.reasons[0].startswith("Recommend full partnership: not met (")
    assert card.reasons[-1].startswith(card.outcome_title + ": met (")
    assert card.reason.startswith(card.outcome_title)


def test_criteria_and_gates_carry_value_source_and_why(root: Path) -> None:
    card = evaluator.score(evaluator.load(root), as_of=2024)["beta"]
    scored = [c for c in card.criteria if c.status == "scored"]
    assert scored and all(c.source and c.explanation and c.points is not None for c in scored)
    missing = [c for c in card.criteria if c.status != "scored"]
    assert missing and all("left out" in c.explanation or "scored 0" in c.explanation for c in missing)
    assert all(f"{c.title}: {c.explanation}" in card.caveats for c in missing)
    assert card.gates_passed == sum(g.status == "pass" for g in card.gates)
    data = card.to_dict()
    assert data["partner_id"] == "beta" and isinstance(data["criteria"][0], dict)


def test_a_result_built_without_its_init_equals_one_built_with_it(root: Path) -> None:
    from dataclasses import astuple

    from evaluator.scoring.scorecard import CriterionResult, GateResult, _built

    for card in (evaluator.score(evaluator.load(root), as_of=2024)[p] for p in ("alpha", "hostile")):
        for item in [*card.criteria, *card.gates]:
            assert _built(type(item), *astuple(item)) == item
    assert _built(GateResult, "g", "G", None, None, None, None, None, None, "pass", "why") == GateResult(
        "g", "G", None, None, None, None, None, None, "pass", "why")
    assert _built(CriterionResult, *astuple(card.criteria[0])[:14]).grade is None
