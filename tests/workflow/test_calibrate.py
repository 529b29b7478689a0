"""``evaluator calibrate`` on the fixture root: counts, the file it writes, and what it refuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli


def test_calibration_reproduces_at_least_as_many_and_names_what_rules_decide(decided: Path) -> None:
    cal = evaluator.calibrate(evaluator.load(decided))
    assert cal.before.agreeing == 3 and cal.after.agreeing >= cal.before.agreeing
    data = cal.to_dict()
    assert data["total"] == 6 and data["reproduced_before"] == 3
    beyond = {(u["partner"], u["year"]) for u in data["unexplained"] if u["beyond_weights"]}
    assert beyond == {("gamma", 2025), ("hostile", 2025)}    # a gate and a pillar without data
    assert set(data) >= {"total", "reproduced_before", "reproduced_after", "unexplained", "weights", "thresholds",
                         "ranges"}


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json")])
def test_calibrate_output_matches_golden_files(decided: Path, golden: Callable[..., None], fmt: str,
                                               suffix: str) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"calibrate-fixture.{suffix}", result.stdout)
    assert all(len(line) <= 80 for line in result.stdout.splitlines()) or fmt == "json"


def test_no_decisions_is_refused_with_the_file_and_line(decided: Path) -> None:
    (decided / "criteria" / "fixture.decisions.yaml").write_text("decisions: []\n")
    result = CliRunner().invoke(cli, ["calibrate"])
    assert result.exit_code == 1 and result.stderr.startswith("criteria/fixture.decisions.yaml:1:12: ")


MCC_CATALOGUE = """\
indicators:
  corruption: {title: Control of corruption, type: boolean, timeless: true,
               timeless_reason: The scorecard of one fiscal year}
  rights: {title: Political rights, type: boolean, timeless: true, timeless_reason: The scorecard of one fiscal year}
  health: {title: Health expenditure, type: boolean, timeless: true, timeless_reason: The scorecard of one fiscal year}
  growth: {title: Inflation, type: boolean, timeless: true, timeless_reason: The scorecard of one fiscal year}
"""
MCC_SET = """\
id: mcc
title: Millennium Challenge scorecard
version: "2020"
status: draft
gates:
  corruption-hurdle: {title: Passes the control of corruption hurdle, indicator: corruption, require: true}
pillars:
  all: {title: Indicators, weight: 1}
criteria:
  rights-c: {title: Rights, pillar: all, indicator: rights, weight: 1, score: {boolean: true}}
  health-c: {title: Health, pillar: all, indicator: health, weight: 1, score: {boolean: true}}
  growth-c: {title: Inflation, pillar: all, indicator: growth, weight: 1, score: {boolean: true}}
outcomes:
  - {id: passes, title: Passes the scorecard, require: {gates: all, score: 50}}
  - {id: none, title: Does not pass}
"""
#: partner → (corruption, rights, health, growth); MCC's rule: the hurdle and half the indicators
MCC_PARTNERS = {"ana": (True, True, True, False), "bel": (True, False, False, True), "cor": (False, True, True, True),
                "dun": (True, True, False, False), "eri": (True, False, False, False),
                "fal": (False, False, True, True)}


def test_mcc_precedent_of_undated_pass_fail_facts_is_replayed_and_kept(tmp_path: Path) -> None:
    root = tmp_path / "mcc"
    (root / "criteria").mkdir(parents=True)
    (root / "partners").mkdir()
    (root / "criteria" / "indicators.yaml").write_text(MCC_CATALOGUE)
    (root / "criteria" / "mcc.yaml").write_text(MCC_SET)
    decisions = []
    for pid, facts in MCC_PARTNERS.items():
        values = dict(zip(("corruption", "rights", "health", "growth"), facts, strict=True))
        indicators = "".join(f"  {k}: {{value: {str(v).lower()}, source: MCC scorecard FY2020}}\n"
                             for k, v in values.items())
        (root / "partners" / f"{pid}.yaml").write_text(f"id: {pid}\nname: {pid.title()}\nkind: country\n"
                                                       f"indicators:\n{indicators}")
        passes = facts[0] and sum(facts[1:]) >= 2
        decisions.append(f"  - {{partner: {pid}, year: 2020, status: {'passes' if passes else 'none'}, "
                         "source: MCC board}\n")
    (root / "criteria" / "mcc.decisions.yaml").write_text("decisions:\n" + "".join(decisions))
    project = evaluator.load(root)
    assert evaluator.backtest(project).agreeing == 6
    cal = evaluator.calibrate(project)
    assert (cal.before.agreeing, cal.after.agreeing) == (6, 6)


def test_holdout_and_leave_one_out_say_how_many_decisions_each_figure_rests_on(decided: Path) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--holdout-from", "2025", "--leave-one-out"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Out of sample: fitted on the 3 decisions before 2025, the calibrated set agrees with" in text
    assert "of the 3 from 2025 on (the set as it stands: 1)" in text
    assert "Leave-one-out: each decision left out of a fit on the other 5, the fit agrees with" in text
    data = evaluator.calibrate(evaluator.load(decided), leave_one_out=True).to_dict()["out_of_sample"]
    assert [(d["kind"], d["fitted_on"], d["tested"]) for d in data] == [("leave-one-out", 5, 6)]


def test_a_time_limit_stops_the_search_keeps_the_best_so_far_and_says_so(decided: Path) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--leave-one-out", "--time-limit", "1e-9", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stopped_at_time_limit"] == 1e-9 and data["exact"] is False
    assert data["reproduced_after"] >= data["reproduced_before"]
    assert [(d["tested"], d["planned"]) for d in data["out_of_sample"]] == [(0, 6)]
    text = CliRunner().invoke(cli, ["calibrate", "--leave-one-out", "--time-limit", "1e-9"]).stdout
    assert "stopped at the time limit (1e-09 s): the best found by then" in " ".join(text.split())
    assert "Leave-one-out (6 fits): not tested, the time limit ran out before the first fit" in " ".join(text.split())
    for bad in ("0", "nan", "-1", "1e9"):
        refused = CliRunner().invoke(cli, ["calibrate", "--time-limit", bad])
        assert refused.exit_code in (1, 2) and "--time-limit" in refused.stderr and "Traceback" not in refused.stderr


def test_auto_says_when_it_fell_back_to_the_lp(decided: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.scoring.fit as fitting

    monkeypatch.setattr(fitting, "AUTO_MILP_SECONDS", 1e-9)
    text = " ".join(CliRunner().invoke(cli, ["calibrate"]).stdout.split())
    assert ("the linear relaxation (UTADIS-style errors), not a proven maximum; the mixed-integer programme was "
            "not done within 1e-09 s, so --method auto used the linear relaxation, which reproduced as many or "
            "more (--method milp insists on the programme)") in text
    data = json.loads(CliRunner().invoke(cli, ["calibrate", "--format", "json"]).stdout)
    assert (data["method"], data["fell_back_to_lp_after"]) == ("lp", 1e-9)


def test_a_holdout_of_one_kind_of_decision_is_refused_with_the_reason(decided: Path) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--holdout-from", "2021"])
    assert result.exit_code == 1
    assert "the decisions a fit would learn from (1) are all of one status" in result.stderr


def test_calibrate_writes_outside_the_root_but_not_into_another_folder_of_it(decided: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    ok = CliRunner().invoke(cli, ["calibrate", "-o", str(outside / "fixture-draft.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "id: fixture-draft" in (outside / "fixture-draft.yaml").read_text()
    refused = CliRunner().invoke(cli, ["calibrate", "-o", "partners/x.yaml"])
    assert refused.exit_code == 1 and "is inside the root but not in criteria/" in refused.stderr
    assert not (decided / "partners" / "x.yaml").exists()
    (decided / "link").symlink_to(decided / "partners")          # a folder named that leads into partners/
    linked = CliRunner().invoke(cli, ["calibrate", "-o", "link/y.yaml"])
    assert linked.exit_code == 1 and "is inside the root but not in criteria/" in linked.stderr
    assert not (decided / "partners" / "y.yaml").exists()


def test_floors_completeness_and_gate_bounds_are_fitted_when_named_and_written(decided: Path) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--fit", "all", "--format", "json", "-o",
                                      "criteria/fixture-all.yaml"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {c["limit"] for c in data["limits"]} >= {"pillar political", "completeness", "min_completeness",
                                                  "gate trade-floor min", "gate fdi-floor min"}
    assert data["reproduced_after"] >= data["reproduced_before"]
    minimum = next(c["after"] for c in data["limits"] if c["limit"] == "min_completeness")
    assert f"min_completeness: {minimum:g}" in (decided / "criteria" / "fixture-all.yaml").read_text()
    wrong = CliRunner().invoke(cli, ["calibrate", "--criteria", "fixture", "--fit", "weights,floorz"])
    assert wrong.exit_code == 2 and "--fit 'floorz': name one or more of" in wrong.stderr


def test_an_out_of_sample_check_cut_short_says_how_much_it_tested() -> None:
    from evaluator.workflow.calibrate import OutOfSample

    assert OutOfSample("leave-one-out", None, 17, 5, 4, 3, 18).text() == (
        "Leave-one-out: each decision left out of a fit on the other 17, the fit agrees with 4 of 5 (the set as "
        "it stands: 3); stopped at the time limit: 5 of the 18 decisions were tested, the rest were not")
    assert OutOfSample("holdout", 2020, 12, 0, 0, 0, 6).text() == (
        "Out of sample (the decisions from 2020 on): not tested, the time limit ran out before the first fit")
