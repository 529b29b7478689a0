"""The benchmark data generator writes roots the tool accepts and scores."""

from __future__ import annotations

from pathlib import Path

import evaluator
from benchmarks.generate import make_root


def test_generated_root_validates_and_scores(tmp_path: Path) -> None:
    root = make_root(tmp_path / "bench", partners=30, m=14, seed=1)
    project = evaluator.load(root)
    assert len(project.partners) == 30
    result = evaluator.score(project, as_of=2024)
    statuses = {c.status for pid in result for c in result[pid].criteria}
    assert statuses == {"scored", "missing", "stale"}          # a realistic mix
    kinds = {crit.score.kind for crit in project.sets["bench"].model.criteria.values()}
    assert kinds == {"linear", "log", "bands", "boolean", "categories", "percentile"}
