"""The files beside the partners and sets checked across files: a review names a partner and outcomes
the root has."""

from __future__ import annotations

from pathlib import Path

from evaluator.base.errors import Problem
from evaluator.loading.record_checks import check_reviews
from evaluator.loading.records import ReviewFile
from evaluator.loading.yamlfile import read_document

REVIEW = ("reviews:\n  - {decision: amend, outcome: ful, reviewer: R, date: '2026-01-02', reason: r,\n"
          "     scorecard: '%s'}\n" % ("0" * 64))


def test_a_review_names_a_partner_and_an_outcome_of_the_root(tmp_path: Path) -> None:
    path = tmp_path / "alpah.yaml"
    path.write_text(REVIEW, encoding="utf-8")
    doc = read_document(path)
    problems: list[Problem] = []
    check_reviews(ReviewFile.model_validate(doc.data), doc, {"alpha": object()}, {"full", "none"}, problems)
    assert [(p.line, p.message) for p in problems] == [
        (1, "no partner 'alpah' for this review file (did you mean 'alpha'?)"),
        (2, "reviews[0].outcome: unknown outcome 'ful' (did you mean 'full'?)")]
