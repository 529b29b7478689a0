"""Past decisions replayed as of their years: agreement, and the cause of each disagreement."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.outputs.review_text import backtest_text
from evaluator.workflow.backtest import Backtest


def test_each_decision_is_replayed_with_what_was_known_before_it(decided: Path) -> None:
    test = evaluator.backtest(evaluator.load(decided))
    assert [(r.partner_id, r.year, r.recommended, r.agree) for r in test.replays] == [
        ("alpha", 2024, "dialogue-partner", True),    # the 2023 figures were known by 2024
        ("alpha", 2020, "dialogue-partner", True),    # too little known in 2020: its status stands
        ("gamma", 2025, "development-partner", False),
        ("beta", 2025, "none", True),
        ("hostile", 2025, "none", False),
        ("gamma", 2024, "development-partner", False)]    # too little known: its status stands
    assert test.summary() == "3 of 6 decisions agree (50.0 %)"


def test_a_decision_sees_its_own_year_only_through_dates_before_it(decided: Path) -> None:
    """gamma's 2024 figures carry no date: a decision of 2024 may have come before them. Dated
    before the decision's day, the same fact is seen; dated the day after, it is not."""
    gamma = decided / "partners" / "gamma.yaml"
    text = gamma.read_text()
    assert "year: 2024, source" in text
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: gamma, year: 2024, date: 2024-08-02, status: development-partner, source: s}\n")
    gamma.write_text(text.replace("status: development-partner", "status: none"))     # a newcomer
    before = evaluator.backtest(evaluator.load(decided)).replays[0]
    assert before.recommended == "" and before.date == "2024-08-02"
    gamma.write_text(text.replace("status: development-partner", "status: none")
                     .replace("year: 2024, source", "year: 2024, date: 2024-08-01, source"))
    dated = evaluator.backtest(evaluator.load(decided)).replays[0]
    assert dated.recommended != ""
    gamma.write_text(text.replace("status: development-partner", "status: none")
                     .replace("year: 2024, source", "year: 2024, date: 2024-08-03, source"))
    assert evaluator.backtest(evaluator.load(decided)).replays[0].recommended == ""


def test_a_disagreement_names_the_first_unmet_requirement(decided: Path) -> None:
    why = {(r.partner_id, r.year): r.why for r in evaluator.backtest(evaluator.load(decided)).replays}
    assert why[("alpha", 2020)] == ""
    assert why[("gamma", 2025)] == "Recommend sectoral partnership: no data for “Has acceded to the treaty”"
    assert why[("hostile", 2025)] == "Recommend development partnership: Social has no data (needs 30)"
    assert why[("gamma", 2024)].startswith("the status it held stands under the criteria, which never demote: "
                                           "Evidence for 24.2 % of the weight, below the 30 % needed")


def test_a_disagreement_for_want_of_records_is_told_apart(decided: Path) -> None:
    """A gate or a pillar without data is a missing record, which the replay says; a status that
    stands is not a record missing. The text names them after the count."""
    test = evaluator.backtest(evaluator.load(decided))
    assert {(r.partner_id, r.year): r.wanting for r in test.replays if not r.agree} == {
        ("gamma", 2025): True,        # no data for the treaty gate
        ("hostile", 2025): True,      # the Social pillar has no data
        ("gamma", 2024): False}       # its status stands under the criteria
    assert [(r.partner_id, r.year) for r in test.wanting()] == [("gamma", 2025), ("hostile", 2025)]
    assert ("For want of records: 2 of the 3 not reproduced stopped at a requirement without data"
            in " ".join(backtest_text(test).split()))
    assert test.to_dict()["wanting"] == 2


def test_a_holder_decided_below_its_status_keeps_it_under_the_criteria(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: alpha, year: 2024, status: development-partner, source: s}\n")
    replay = evaluator.backtest(evaluator.load(decided)).replays[0]
    # alpha holds Dialogue Partner status: a decision below it is one the criteria never make
    assert not replay.agree and replay.why.startswith("the status it held stands under the criteria, which never "
                                                      "demote: Recommend full partnership")


def test_a_set_without_decisions_is_a_usage_error(root: Path) -> None:
    with pytest.raises(evaluator.UsageError) as caught:
        evaluator.backtest(evaluator.load(root))
    assert str(caught.value) == ("no decisions file for the set 'fixture'; write criteria/fixture.decisions.yaml "
                                 "listing under decisions: one {partner, year, status, source} per decision")


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json")])
def test_backtest_output_matches_golden_files(decided: Path, golden: Callable[..., None], fmt: str,
                                              suffix: str) -> None:
    result = CliRunner().invoke(cli, ["backtest", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"backtest-fixture.{suffix}", result.stdout)


def test_the_json_reads_like_a_classifier_with_baselines_and_margin(decided: Path) -> None:
    result = CliRunner().invoke(cli, ["backtest", "--format", "json", "--split", "2025"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["confusion"] == {
        "development-partner": {"none": 1},
        "dialogue-partner": {"dialogue-partner": 2},
        "none": {"development-partner": 1, "none": 1},
        "sectoral-dialogue-partner": {"development-partner": 1}}
    # alpha kept the status it held twice and beta kept none: three negatives, which the criteria get;
    # the three grants (changes of status) they miss, as the baselines do
    assert [(r["partner_id"], r["year"], r["kind"]) for r in data["replays"] if r["negative"]] == [
        ("alpha", 2024, "no-change"), ("alpha", 2020, "no-change"), ("beta", 2025, "no-change")]
    criteria = data["criteria"]
    assert (criteria["agree"], criteria["grants_agree"], criteria["grants"], criteria["negatives_agree"],
            criteria["negatives"]) == (3, 0, 3, 3, 3)
    assert [b["name"] for b in data["baselines"]] == [
        "the most common decided status (Dialogue Partner)", "every request granted as asked",
        "every partner keeps its status"]
    assert [b["agree"] for b in data["baselines"]] == [2, 3, 3]
    assert data["margin"] == 0
    assert data["split"]["year"] == 2025 and data["split"]["from"]["total"] == 3


def test_a_decision_kind_is_derived_from_the_status_held_and_the_request(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n"
        "  - {partner: beta, year: 2025, status: none, requested: development-partner, source: s}\n"
        "  - {partner: alpha, year: 2024, status: dialogue-partner, source: s}\n"
        "  - {partner: hostile, year: 2025, status: none, requested: development-partner, kind: pending, "
        "source: s}\n")
    replays = evaluator.backtest(evaluator.load(decided)).replays
    assert [(r.partner_id, r.kind, r.negative, r.held) for r in replays] == [
        ("beta", "refusal", True, "none"), ("alpha", "no-change", True, "dialogue-partner"),
        ("hostile", "pending", True, "none")]


def test_a_decision_replays_the_request_it_answered(decided: Path) -> None:
    """beta asked for development partner status: it is assessed on that outcome and those after it."""
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: beta, year: 2025, status: none, requested: full, source: s}\n")
    assert "requested: 'full' is not a status" in CliRunner().invoke(cli, ["validate"]).output
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n  - {partner: beta, year: 2025, status: none, requested: development-partner, source: s}\n")
    replay = evaluator.backtest(evaluator.load(decided)).replays[0]
    assert replay.requested == "development-partner" and replay.recommended == "none" and replay.agree


def test_a_negative_recommended_early_counts_only_when_allowed_and_says_so(decided: Path) -> None:
    """beta: no status in 2024 (a negative) and, say, a Development Partner two years later; had the
    criteria recommended it in 2024, that is early on when and right on whether: strictly a
    disagreement, allowed two years, an agreement the output names. Later grants come from the file."""
    (decided / "criteria" / "fixture.decisions.yaml").write_text(
        "decisions:\n"
        "  - {partner: beta, year: 2024, status: none, source: s}\n"
        "  - {partner: beta, year: 2026, status: development-partner, source: s}\n")
    project = evaluator.load(decided)
    replays = evaluator.backtest(project).replays
    assert [(r.negative, r.later) for r in replays] == [(True, (("development-partner", 2),)), (False, ())]
    early = replace(replays[0], recommended="development-partner", agree=False, why="w")
    strict = Backtest(evaluator.backtest(project).criteria, [early], allow_early=0)
    one, two = (replace(strict, allow_early=n) for n in (1, 2))
    assert strict.early(early) is None and one.early(early) is None and two.early(early) == 2
    assert (strict.agreeing, two.agreeing, two.criteria_tally().negatives_agree) == (0, 1, 1)
    assert two.summary() == ("1 of 1 decisions agree (100.0 %), 1 of them early: a status recommended before "
                             "it was granted, within 2 years")
    text = " ".join(backtest_text(two).split())
    assert ("≈ beta, 2024: decided none [no-change]; the criteria recommend development-partner, granted 2 "
            "years later: early, counted as agreeing (--allow-early 2)") in text and "why: w" not in text
    assert "why: w" in backtest_text(strict)
    assert two.to_dict()["replays"][0]["early"] == 2 and "later" not in two.to_dict()["replays"][0]
    result = CliRunner().invoke(cli, ["backtest", "--allow-early", "2", "--format", "json"])
    assert json.loads(result.stdout)["allow_early"] == 2
