"""Properties of the arithmetic (hypothesis): bounds, monotonicity, scale and order invariance."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evaluator.loading.models import Catalogue, CriteriaSet
from evaluator.loading.records import Partner
from evaluator.scoring import engine
from evaluator.scoring.compile import compile_set

N_IND = 5
CATALOGUE = Catalogue.model_validate(
    {"indicators": {f"i{k}": {"title": f"I{k}", "type": "number"} for k in range(N_IND)}})

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)


@st.composite
def rules(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["linear", "log", "bands", "percentile", "threshold"]))
    if kind == "linear":
        a, b = draw(st.lists(finite, min_size=2, max_size=2, unique=True))
        return {"linear": [a, b]}
    if kind == "log":
        a, b = draw(st.lists(positive, min_size=2, max_size=2, unique=True))
        return {"log": [a, b]}
    if kind == "bands":
        ts = sorted(draw(st.lists(finite, min_size=1, max_size=4, unique=True)))
        ps = draw(st.lists(st.integers(0, 100), min_size=len(ts), max_size=len(ts)))
        return {"bands": [[t, p] for t, p in zip(ts, ps, strict=True)]}
    if kind == "threshold":
        return {"threshold": {draw(st.sampled_from(["min", "max"])): draw(finite)}}
    return {"percentile": draw(st.sampled_from(["higher", "lower"]))}


@st.composite
def criteria_sets(draw: Any) -> CriteriaSet:
    n_pillars = draw(st.integers(1, 3))
    n_crit = draw(st.integers(n_pillars, N_IND))
    owners = list(range(n_pillars)) + draw(st.lists(st.integers(0, n_pillars - 1),
                                                    min_size=n_crit - n_pillars, max_size=n_crit - n_pillars))
    return CriteriaSet.model_validate({
        "id": "t", "title": "T", "version": "1", "status": "draft",
        "missing": draw(st.sampled_from(["exclude", "zero"])),
        "max_age_years": draw(st.sampled_from([None, 3, 10])),
        "min_completeness": draw(st.sampled_from([0, 0.3, 0.8])),
        "pillars": {f"p{k}": {"title": "P", "weight": draw(st.integers(1, 100))} for k in range(n_pillars)},
        "criteria": {f"c{j}": {"title": "C", "pillar": f"p{owners[j]}", "indicator": f"i{j}",
                               "weight": draw(st.integers(1, 100)), "score": draw(rules())}
                     for j in range(n_crit)},
        "outcomes": [{"id": "hi", "title": "Hi", "require": {"score": draw(st.integers(0, 100))}},
                     {"id": "mid", "title": "Mid", "require": {"pillars": draw(st.integers(0, 100))}},
                     {"id": "lo", "title": "Lo"}],
    })


@st.composite
def partner_lists(draw: Any) -> list[Partner]:
    n = draw(st.integers(1, 6))
    out = []
    for i in range(n):
        values = {}
        for k in range(N_IND):
            if draw(st.booleans()):
                entry: dict[str, Any] = {"value": draw(finite), "source": "s"}
                year = draw(st.sampled_from([None, 2000, 2015, 2023]))
                if year is not None:
                    entry["year"] = year
                values[f"i{k}"] = entry
        out.append(Partner.model_validate({"id": f"p{i}", "name": "P", "kind": "country",
                                           "indicators": values}))
    return out


def run(cset: CriteriaSet, partners: list[Partner]) -> engine.Table:
    spec = compile_set(cset, CATALOGUE)
    return engine.score_table(spec, engine.extract(spec, partners, 2024), 2024)


@settings(max_examples=150, deadline=None)
@given(criteria_sets(), partner_lists())
def test_points_and_scores_stay_in_range(cset: CriteriaSet, partners: list[Partner]) -> None:
    t = run(cset, partners)
    assert np.all(np.isnan(t.points) == ~t.counted)
    assert np.all((t.points[t.counted] >= 0) & (t.points[t.counted] <= 100))
    for scores in (t.pillar, t.overall):
        ok = scores[~np.isnan(scores)]
        assert np.all((ok >= 0) & (ok <= 100))
    assert np.all((t.completeness >= 0) & (t.completeness <= 1))
    assert np.all(np.isnan(t.overall) == np.all(np.isnan(t.pillar), axis=1))


@settings(max_examples=60, deadline=None)
@given(criteria_sets(), partner_lists())
def test_no_nan_reaches_an_output(cset: CriteriaSet, partners: list[Partner]) -> None:
    from evaluator.loading.project import LoadedSet
    from evaluator.loading.yamlfile import Document
    from evaluator.scoring.result import Result

    t = run(cset, partners)
    doc = Document(__import__("pathlib").Path("t.yaml"), "t.yaml", {}, "0" * 64)
    result = Result(LoadedSet(cset, doc), t, {p.id: p for p in partners})
    for row in result.summary_rows() + result.long_rows():
        for value in row.values():
            assert not (isinstance(value, float) and math.isnan(value))


def _higher_is_better(rule: Any) -> bool:
    if rule.linear is not None:
        return bool(rule.linear[0] < rule.linear[1])
    if rule.log is not None:
        return bool(rule.log[0] < rule.log[1])
    if rule.bands is not None:
        points = [p for _, p in rule.bands]
        return points == sorted(points)
    if rule.threshold is not None:
        return rule.threshold.max is None
    return rule.percentile == "higher"


@settings(max_examples=150, deadline=None)
@given(criteria_sets(), partner_lists(), st.data())
def test_raising_a_value_never_lowers_the_score(cset: CriteriaSet, partners: list[Partner], data: Any) -> None:
    crit_ids = [c for c, crit in cset.criteria.items() if _higher_is_better(crit.score)]
    who = data.draw(st.integers(0, len(partners) - 1))
    candidates = [c for c in crit_ids if cset.criteria[c].indicator in partners[who].indicators]
    assume(candidates)
    cid = data.draw(st.sampled_from(candidates))
    ind = cset.criteria[cid].indicator
    old = partners[who].indicators[ind]
    raised = old.model_copy(update={"value": old.value + data.draw(st.floats(1e-3, 1e11))})
    changed = partners[who].model_copy(update={"indicators": {**partners[who].indicators, ind: raised}})
    before = run(cset, partners)
    after = run(cset, [*partners[:who], changed, *partners[who + 1:]])
    row = sorted(p.id for p in partners).index(partners[who].id)
    b, a = before.overall[row], after.overall[row]
    assert (np.isnan(b) and np.isnan(a)) or a >= b


@settings(max_examples=100, deadline=None)
@given(criteria_sets(), partner_lists(), st.sampled_from([2, 3, 7, 10]))
def test_scaling_every_weight_changes_nothing(cset: CriteriaSet, partners: list[Partner], factor: int) -> None:
    scaled = cset.model_copy(update={
        "pillars": {k: p.model_copy(update={"weight": p.weight * factor}) for k, p in cset.pillars.items()},
        "criteria": {k: c.model_copy(update={"weight": c.weight * factor}) for k, c in cset.criteria.items()},
    })
    a, b = run(cset, partners), run(scaled, partners)
    for name in ("points", "pillar", "overall", "completeness"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.outcome, b.outcome)


@settings(max_examples=100, deadline=None)
@given(criteria_sets(), partner_lists(), st.randoms())
def test_the_order_of_partner_files_changes_nothing(cset: CriteriaSet, partners: list[Partner], rnd: Any) -> None:
    shuffled = list(partners)
    rnd.shuffle(shuffled)
    a, b = run(cset, partners), run(cset, shuffled)
    assert a.inputs.partner_ids == b.inputs.partner_ids
    for name in ("points", "pillar", "overall", "completeness", "outcome"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def _exact(x: Fraction) -> float:
    q = Decimal(x.numerator) / Decimal(x.denominator)
    return float(q.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))   # half away from zero for |x|


@settings(max_examples=150, deadline=None)
@given(criteria_sets(), partner_lists())
def test_pillar_scores_match_exact_rational_arithmetic(cset: CriteriaSet, partners: list[Partner]) -> None:
    t = run(cset, partners)
    spec = t.spec
    for i in range(len(partners)):
        for k in range(len(spec.pillar_ids)):
            js = [j for j in range(len(spec.criterion_ids)) if spec.pillar_of[j] == k and t.counted[i, j]]
            if not js:
                assert np.isnan(t.pillar[i, k])
                continue
            num = sum(Fraction(int(spec.weight[j])) * Fraction(str(t.points[i, j])) for j in js)
            den = sum(Fraction(int(spec.weight[j])) for j in js)
            assert t.pillar[i, k] == _exact(num / den)


@settings(max_examples=150, deadline=None)
@given(criteria_sets(), partner_lists())
def test_sensitivity_under_the_sets_own_weights_equals_the_table(cset: CriteriaSet, partners: list[Partner]) -> None:
    from evaluator.scoring.aggregate import Weights
    from evaluator.scoring.sensitivity import outcomes_under, scores_under

    table = run(cset, partners)
    spec = table.spec
    rows = np.arange(len(partners))
    own = Weights.single(spec.pillar_weight, spec.weight)
    scores = scores_under(table, rows, own)
    np.testing.assert_array_equal(scores.pillar[:, 0], table.pillar)
    np.testing.assert_array_equal(scores.overall[:, 0], table.overall)
    np.testing.assert_array_equal(scores.completeness[:, 0], table.completeness)
    np.testing.assert_array_equal(outcomes_under(table, rows, own)[:, 0], table.outcome)


def test_shares_normalise_pillars_and_criteria_within_their_pillar() -> None:
    from evaluator.scoring.aggregate import shares

    pillar, within = shares(np.array([2.0, 6.0]), np.array([1.0, 3.0, 5.0]), np.array([0, 0, 1], dtype=np.intp))
    assert pillar.tolist() == [0.25, 0.75] and within.tolist() == [0.25, 0.75, 1.0]


@given(st.lists(st.floats(min_value=0.01, max_value=1e6), min_size=1, max_size=12),
       st.integers(min_value=1, max_value=4))
def test_normalised_weights_are_shares_of_their_sum_row_by_row(weights: list[float], rows: int) -> None:
    from evaluator.scoring.aggregate import normalised

    one = normalised(np.array(weights))
    assert one.shape == (len(weights),) and abs(one.sum() - 1.0) < 1e-12
    assert np.allclose(one * sum(weights), weights, rtol=1e-12)
    many = normalised(np.tile(weights, (rows, 1)) * np.arange(1, rows + 1)[:, None], axis=1)
    assert np.allclose(many, np.tile(one, (rows, 1)), rtol=1e-12)


def test_weights_are_normalised_in_one_place() -> None:
    import re

    from tests.conftest import REPO

    division = re.compile(r"/\s*[\w.\[\]]+\.sum\(")
    found = [f"{p.relative_to(REPO)}:{n}" for p in sorted((REPO / "evaluator").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if division.search(line)]
    assert [f.split(":")[0] for f in found] == ["evaluator/scoring/aggregate.py"]     # normalised() alone
