"""A criteria set compiled once: weights, gates with their needs, requirements resolved."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

import evaluator
from evaluator.scoring.compile import compile_set
from evaluator.scoring.requirements import (
    CompletenessRequirement,
    GatesRequirement,
    PillarsRequirement,
    ScoreRequirement,
)


def _spec(root: Path):  # type: ignore[no-untyped-def]
    project = evaluator.load(root)
    return compile_set(project.criteria_set().model, project.catalogue)


def test_effective_weights_sum_to_one_and_follow_the_file(root: Path) -> None:
    spec = _spec(root)
    assert math.isclose(float(spec.effective.sum()), 1.0)
    assert spec.criterion_ids == list(spec.cset.criteria) and spec.pillar_ids == list(spec.cset.pillars)
    assert all(c.rule.name == c_model.score.kind for c, c_model in zip(spec.criteria, spec.cset.criteria.values(),
                                                                         strict=True))
    assert np.array_equal(spec.pillar_of, [spec.pillar_ids.index(c.pillar) for c in spec.criteria])


def test_gates_all_leaves_out_what_a_composite_decides(root: Path) -> None:
    spec = _spec(root)
    composite = next(g for g in spec.gates if g.composite)
    first = spec.outcomes[0]
    gates = next(r for r in first.requirements if isinstance(r, GatesRequirement))
    assert not set(composite.member_ids) & set(gates.names)
    assert composite.need >= 1 and all(spec.gate_ids[m] in composite.member_ids for m in composite.members)


def test_requirements_are_compiled_in_a_fixed_order(root: Path) -> None:
    spec = _spec(root)
    kinds = [type(r) for r in spec.outcomes[0].requirements]
    assert kinds == [GatesRequirement, ScoreRequirement, PillarsRequirement, CompletenessRequirement]
    pillars = next(r for r in spec.outcomes[0].requirements if isinstance(r, PillarsRequirement))
    assert pillars.every and set(pillars.limits) == set(spec.pillar_ids)
    assert spec.outcomes[-1].requirements == ()
    assert spec.outcomes[0].score_limit() == 70.0


def test_an_outcome_position_becomes_its_id_in_one_place() -> None:
    import re

    from tests.conftest import REPO

    turned = re.compile(r"INSUFFICIENT if \w+ < 0 else")
    found = [str(p.relative_to(REPO)) for p in sorted((REPO / "evaluator").rglob("*.py"))
             for line in p.read_text(encoding="utf-8").splitlines() if turned.search(line)]
    assert found == ["evaluator/scoring/compile.py"]


def test_an_outcome_id_is_read_from_its_position(root: Path) -> None:
    project = evaluator.load(root)
    spec = compile_set(project.criteria_set(None).model, project.catalogue)
    assert [spec.outcome_id(k) for k in range(-1, len(spec.outcomes))] == \
        ["insufficient-evidence", *[o.id for o in spec.outcomes]]
