"""The rule registry: ScoreRule is built from it, and type checks name the rule that fits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evaluator.loading.models import Criterion, Indicator
from evaluator.rules import RULES, type_problem


def test_every_rule_is_a_field_of_score_rule() -> None:
    fields = set(Criterion.model_fields["score"].annotation.model_fields)  # type: ignore[union-attr]
    assert fields == set(RULES) | {"relative"}             # relative: as-of modifies linear and bands


def test_exactly_one_rule_is_required() -> None:
    base = {"title": "C", "pillar": "p", "indicator": "x", "weight": 1}
    with pytest.raises(ValidationError, match="give exactly one scoring rule: linear, log, bands, boolean, "
                                              "categories, percentile, threshold"):
        Criterion.model_validate({**base, "score": {"linear": [0, 1], "log": [1, 10]}})
    crit = Criterion.model_validate({**base, "score": {"threshold": {"min": 5}}})
    assert crit.score.kind == "threshold" and crit.score.params.min == 5


@pytest.mark.parametrize(("kind", "rule", "message"), [
    ("boolean", "linear", "a boolean indicator is scored with 'boolean', not 'linear'"),
    ("category", "log", "a category indicator is scored with 'categories', not 'log'"),
    ("number", "boolean", "a number indicator cannot be scored with 'boolean'"),
])
def test_type_problem_names_the_rule_that_fits(kind: str, rule: str, message: str) -> None:
    extra = {"categories": ["a"]} if kind == "category" else {}
    indicator = Indicator.model_validate({"title": "I", "type": kind, **extra})
    assert type_problem(indicator, rule, None) == message


EXAMPLES = {"linear": [0, 100], "log": [1, 1000], "bands": [[10, 50], [100, 100]], "boolean": True,
            "categories": {"full": 100, "none": 0}, "percentile": "higher", "threshold": {"min": 5}}


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_rule_describes_itself_explains_and_names_what_it_needs(name: str) -> None:
    rule = RULES[name]
    params = rule.params.model_validate(EXAMPLES[name]) if hasattr(rule.params, "model_validate") \
        else EXAMPLES[name]
    described = rule.describe(params, "USD")
    assert described and "this rule" not in described
    assert callable(rule.explain) and callable(rule.needed)
