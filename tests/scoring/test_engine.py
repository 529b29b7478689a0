"""Hand-worked examples for every rule, gate form, policy and outcome path (SPEC section 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import build, one_criterion, score, value


def points_of(tmp_path: Path, rule: str, raw: str, indicator: str = "x") -> float | None:
    line = f"  {indicator}: {{value: {raw}, source: s, year: 2024}}\n"
    result = score(build(tmp_path, one_criterion(rule, indicator), {"a": line}))
    return result["a"].criteria[0].points


@pytest.mark.parametrize(("rule", "raw", "expected"), [
    ("{linear: [0, 20]}", "15", 75.0),
    ("{linear: [0, 20]}", "-5", 0.0),
    ("{linear: [0, 20]}", "25", 100.0),
    ("{linear: [2020, 2000]}", "2004", 80.0),          # lower is better
    ("{linear: [2020, 2000]}", "1990", 100.0),
    ("{linear: [0, 1000]}", "812.5", 81.3),           # 81.25: half away from zero
    ("{linear: [0, 1000]}", "-812.5", 0.0),
    ("{log: [1.0e9, 1.0e11]}", "5.0e10", 84.9),        # (10.699 - 9) / 2
    ("{log: [1.0e9, 1.0e11]}", "1.0e9", 0.0),
    ("{log: [1.0e9, 1.0e11]}", "0", 0.0),              # a value <= 0 scores 0 when a < b
    ("{log: [1.0e11, 1.0e9]}", "0", 100.0),            # and 100 when a > b
    ("{log: [1.0e11, 1.0e9]}", "1.0e10", 50.0),
    ("{bands: [[1, 25], [5, 50], [10, 100]]}", "12.5", 100.0),
    ("{bands: [[1, 25], [5, 50], [10, 100]]}", "5", 50.0),  # the threshold itself counts
    ("{bands: [[1, 25], [5, 50], [10, 100]]}", "4.99", 25.0),
    ("{bands: [[1, 25], [5, 50], [10, 100]]}", "0.5", 0.0),
])
def test_numeric_rules(tmp_path: Path, rule: str, raw: str, expected: float) -> None:
    assert points_of(tmp_path, rule, raw) == expected


@pytest.mark.parametrize(("rule", "raw", "expected"), [
    ("{boolean: true}", "true", 100.0),
    ("{boolean: true}", "false", 0.0),
    ("{boolean: false}", "false", 100.0),
    ("{boolean: false}", "true", 0.0),
])
def test_boolean_rule(tmp_path: Path, rule: str, raw: str, expected: float) -> None:
    assert points_of(tmp_path, rule, raw, "flag") == expected


@pytest.mark.parametrize(("raw", "expected"), [("low", 0.0), ("mid", 40.0), ("high", 100.0)])
def test_categories_rule(tmp_path: Path, raw: str, expected: float) -> None:
    rule = "{categories: {low: 0, mid: 40, high: 100}}"
    assert points_of(tmp_path, rule, raw, "cat") == expected


def test_percentile_with_ties(tmp_path: Path) -> None:
    partners = {"a": value("10"), "b": value("20"), "c": value("20"), "d": value("30")}
    result = score(build(tmp_path, one_criterion("{percentile: higher}"), partners))
    got = {p: result[p].criteria[0].points for p in partners}
    # b: one peer lower, one equal, three peers: 100 * (1 + 0.5) / 3
    assert got == {"a": 0.0, "b": 50.0, "c": 50.0, "d": 100.0}
    assert result["b"].criteria[0].peers == ["a", "c", "d"]


def test_peer_lists_share_one_pool_per_group(tmp_path: Path) -> None:
    """Every card's peers are the other partners of its group with a usable value, and the cards of a
    group read one shared pool (building every card stays linear in partners)."""
    partners = {p: ("group: east\n" if p in "abcd" else "") + (value(str(k)) if p != "c" else "")
                for k, p in enumerate("abcdefg")}
    result = score(build(tmp_path, one_criterion("{percentile: higher}"), partners))
    cards = {p: result[p].criteria[0] for p in partners}
    assert cards["c"].peers is None                          # no value: ranked with nobody
    assert cards["a"].peers == ["b", "d"] and cards["d"].peers == ["a", "b"]
    assert cards["e"].peers == ["f", "g"] and len(cards["g"].peers or []) == 2
    assert result.table.peer_pool(0, "east") is result.table.peer_pool(0, "east")
    assert result["a"].to_dict()["criteria"][0]["peers"] == ["b", "d"]


def test_percentile_lower_is_better(tmp_path: Path) -> None:
    partners = {"a": value("10"), "b": value("20"), "c": value("30")}
    result = score(build(tmp_path, one_criterion("{percentile: lower}"), partners))
    assert [result[p].criteria[0].points for p in "abc"] == [100.0, 50.0, 0.0]


def test_percentile_lone_peer_and_groups(tmp_path: Path) -> None:
    partners = {"a": "group: east\n" + value("10"), "b": "group: east\n" + value("20"),
                "c": "group: west\n" + value("5"), "d": value("1")}
    result = score(build(tmp_path, one_criterion("{percentile: higher}"), partners))
    assert result["a"].criteria[0].points == 0.0
    assert result["b"].criteria[0].points == 100.0
    assert result["c"].criteria[0].points == 100.0    # alone in its group
    assert result["c"].criteria[0].peers == []
    assert "ranked among 0 other partners of group 'west'" in result["c"].criteria[0].explanation
    assert "ranked among 1 other partner of group 'east'" in result["a"].criteria[0].explanation


def test_percentile_ignores_peers_without_usable_values(tmp_path: Path) -> None:
    crit = one_criterion("{percentile: higher}", extra="max_age_years: 2\n")
    partners = {"a": value("10", "2024"), "b": value("50", "2010"), "c": ""}
    result = score(build(tmp_path, crit, partners))
    assert result["a"].criteria[0].points == 100.0
    assert result["b"].criteria[0].status == "stale"


TWO_PILLARS = """\
missing: {policy}
max_age_years: 5
min_completeness: {minc}
pillars:
  p: {{title: P, weight: 3}}
  q: {{title: Q, weight: 1}}
criteria:
  c1: {{title: C1, pillar: p, indicator: x, weight: 1, score: {{linear: [0, 1000]}}}}
  c2: {{title: C2, pillar: p, indicator: y, weight: 1, score: {{linear: [0, 1000]}}}}
  c3: {{title: C3, pillar: q, indicator: z, weight: 1, score: {{linear: [0, 100]}}}}
outcomes:
  - {{id: good, title: Good, require: {{score: 60, pillars: 10}}}}
  - {{id: fair, title: Fair, require: {{criteria: {{c3: 50}}}}}}
  - {{id: poor, title: Poor}}
"""


def two_pillars(tmp: Path, partners: dict[str, str], policy: str = "exclude", minc: str = "0") -> Path:
    return build(tmp, TWO_PILLARS.format(policy=policy, minc=minc), partners)


def lines(**values: str) -> str:
    return "".join(f"  {k}: {{value: {v}, source: s, year: 2024}}\n" for k, v in values.items())


def test_pillar_score_is_rounded_half_away_from_zero(tmp_path: Path) -> None:
    # (81.2 + 81.3) / 2 = 81.25 -> 81.3, where Python's round() gives 81.2
    result = score(two_pillars(tmp_path, {"a": lines(x="812", y="813", z="50")}))
    assert result["a"].pillars[0].score == 81.3
    assert round(81.25, 1) == 81.2


def test_overall_from_rounded_pillars(tmp_path: Path) -> None:
    # p = (81.2 + 81.3) / 2 = 81.25 -> 81.3; overall = (3 * 81.3 + 1 * 50.0) / 4 = 73.475 -> 73.5
    result = score(two_pillars(tmp_path, {"a": lines(x="812", y="813", z="50")}))
    assert result["a"].overall == 73.5
    assert result["a"].outcome == "good"


def test_exclude_policy_drops_a_missing_criterion(tmp_path: Path) -> None:
    result = score(two_pillars(tmp_path, {"a": lines(x="800", z="50")}))
    card = result["a"]
    assert card.pillars[0].score == 80.0          # c2 drops out of p
    assert card.criteria[1].status == "missing" and card.criteria[1].points is None
    assert card.completeness == 0.625              # 0.375 + 0.25
    assert card.overall == 72.5


def test_zero_policy_scores_a_missing_criterion_zero(tmp_path: Path) -> None:
    result = score(two_pillars(tmp_path, {"a": lines(x="800", z="50")}, policy="zero"))
    card = result["a"]
    assert card.criteria[1].points == 0.0
    assert card.pillars[0].score == 40.0
    assert card.completeness == 0.625              # zero is not evidence


def test_stale_value_counts_as_missing(tmp_path: Path) -> None:
    partner = "  x: {value: 800, source: s, year: 2010}\n" + lines(y="600", z="50")
    card = score(two_pillars(tmp_path, {"a": partner}))["a"]
    assert card.criteria[0].status == "stale"
    assert card.criteria[0].explanation == ("value from 2010 is older than 5 years before 2024: "
                                            "left out, its weight shared by the other criteria of its pillar")
    assert card.pillars[0].score == 60.0


def test_a_state_without_a_year_is_never_stale_and_a_flow_needs_one(tmp_path: Path) -> None:
    from evaluator.base.errors import DataError

    crit = one_criterion("{linear: [2000, 2020]}", indicator="yr", extra="max_age_years: 1\n")
    assert score(build(tmp_path, crit, {"a": "  yr: {value: 2010, source: s}\n"}))["a"].criteria[0].points == 50.0
    with pytest.raises(DataError, match="indicators.x: a flow needs the year of its data; add 'year:'"):
        score(build(tmp_path / "2", one_criterion("{linear: [0, 10]}"), {"a": "  x: {value: 5, source: s}\n"}))


def test_criterion_max_age_override(tmp_path: Path) -> None:
    crit = one_criterion("{linear: [0, 10]}", extra="max_age_years: 10\n").replace(
        "score: {linear: [0, 10]}", "score: {linear: [0, 10]}, max_age_years: 1")
    result = score(build(tmp_path, crit, {"a": value("5", "2022")}))
    assert result["a"].criteria[0].status == "stale"


def test_dropped_pillar_fails_a_pillars_requirement(tmp_path: Path) -> None:
    # no z: pillar q drops out; overall is p alone; 'pillars: 10' cannot hold for q
    card = score(two_pillars(tmp_path, {"a": lines(x="900", y="900")}))["a"]
    assert card.pillars[1].score is None
    assert card.overall == 90.0
    assert card.outcome == "poor"
    assert card.reasons[0] == "Good: not met (Q has no data (needs 10))."


def test_criteria_requirement_needs_a_usable_value(tmp_path: Path) -> None:
    card = score(two_pillars(tmp_path, {"a": lines(x="100", y="100", z="60")}))["a"]
    assert card.outcome == "fair"
    card = score(two_pillars(tmp_path / "2", {"a": lines(x="100", y="100")}, policy="zero"))["a"]
    assert card.outcome == "poor"                  # c3 scores 0 under zero: 0 < 50


def test_completeness_exactly_at_the_threshold(tmp_path: Path) -> None:
    # x and y are each 0.375 of the weight, z 0.25: x + z = 0.625
    card = score(two_pillars(tmp_path, {"a": lines(x="100", z="10")}, minc="0.625"))["a"]
    assert card.completeness == 0.625
    assert card.outcome != "insufficient-evidence"
    card = score(two_pillars(tmp_path / "2", {"a": lines(x="100", z="10")}, minc="0.626"))["a"]
    assert card.outcome == "insufficient-evidence"
    assert card.reason.startswith("Evidence for 62.5 % of the weight, below the 62.6 % needed")


GATES = """\
pillars:
  p: {title: P, weight: 1}
gates:
  has-x: {title: X present, indicator: x, require: present}
  flag-true: {title: Flag, indicator: flag, require: true}
  flag-false: {title: No flag, indicator: flag, require: false}
  x-min: {title: X at least 5, indicator: x, require: {min: 5}}
  x-max: {title: X at most 8, indicator: x, require: {max: 8}}
  cat-in: {title: Cat high or mid, indicator: cat, require: {in: [mid, high]}}
  any: {title: Any of flag or min, any_of: [flag-true, x-min]}
  two: {title: Two of three, at_least: 2, of: [x-min, x-max, cat-in]}
criteria:
  c: {title: C, pillar: p, indicator: x, weight: 1, score: {linear: [0, 10]}}
outcomes:
  - {id: all-gates, title: All gates, require: {gates: all}}
  - {id: some, title: Some, require: {gates: [has-x, two]}}
  - {id: none, title: None}
max_age_years: 3
"""


def gate_results(tmp: Path, body: str) -> dict[str, str]:
    card = score(build(tmp, GATES, {"a": body}))["a"]
    return {g.id: g.status for g in card.gates} | {"outcome": card.outcome}


def test_every_gate_form(tmp_path: Path) -> None:
    got = gate_results(tmp_path, "  x: {value: 6, source: s, year: 2024}\n"
                                 "  flag: {value: false, source: s, year: 2020}\n"
                                 "  cat: {value: mid, source: s, year: 2020}\n")
    assert got == {"has-x": "pass", "flag-true": "fail", "flag-false": "pass", "x-min": "pass",
                   "x-max": "pass", "cat-in": "pass", "any": "pass", "two": "pass", "outcome": "all-gates"}


def test_gates_all_leaves_out_the_gates_a_composite_decides(tmp_path: Path) -> None:
    # flag-true fails but 'any' decides for it; flag-false is not named by a composite
    got = gate_results(tmp_path, "  x: {value: 9, source: s, year: 2024}\n"
                                 "  flag: {value: false, source: s, year: 2020}\n"
                                 "  cat: {value: low, source: s, year: 2020}\n")
    assert got["flag-true"] == "fail" and got["any"] == "pass"
    assert got["x-max"] == "fail" and got["cat-in"] == "fail" and got["two"] == "fail"
    assert got["outcome"] == "none"
    got = gate_results(tmp_path / "2", "  x: {value: 6, source: s, year: 2024}\n"
                                       "  flag: {value: false, source: s, year: 2020}\n"
                                       "  cat: {value: high, source: s, year: 2020}\n")
    assert got["flag-true"] == "fail" and got["outcome"] == "all-gates"


def test_a_gate_with_a_stale_or_missing_value_has_no_data_and_does_not_pass(tmp_path: Path) -> None:
    got = gate_results(tmp_path, "  x: {value: 6, source: s, year: 2015}\n")
    assert got["has-x"] == "no-data" and got["x-min"] == "no-data" and got["flag-false"] == "no-data"
    assert got["any"] == "no-data" and got["outcome"] == "none"
    card = score(build(tmp_path / "2", GATES, {"a": "  x: {value: 6, source: s, year: 2015}\n"}))["a"]
    assert "no data for “X present”" in card.reason and "not passed: “Any" not in card.reason
    x_min = next(g for g in card.gates if g.id == "x-min")
    assert x_min.explanation == "value from 2015 is older than 3 years before 2024; required: at least 5: no data"


def test_a_composite_has_no_data_while_its_gates_without_data_could_still_pass_it(tmp_path: Path) -> None:
    # two of three: x-min and x-max pass on x = 6, cat-in has no data → decided, pass
    assert gate_results(tmp_path / "a", "  x: {value: 6, source: s, year: 2023}\n")["two"] == "pass"
    # x = 9: x-min passes, x-max fails, cat-in has no data: it could still make two → no data
    undecided = score(build(tmp_path / "b", GATES, {"a": "  x: {value: 9, source: s, year: 2023}\n"}))["a"]
    two = next(g for g in undecided.gates if g.id == "two")
    assert two.status == "no-data"
    assert two.explanation == "1 of 3 of the gates it names pass, 1 without data; 2 needed: no data"
    assert "no data for “Two of three”" in undecided.reason
    # x = 3 and cat low: x-min and cat-in fail on the record → fail, whatever else is missing
    failed = gate_results(tmp_path / "c", "  x: {value: 3, source: s, year: 2023}\n"
                                          "  cat: {value: low, source: s, year: 2020}\n")
    assert failed["two"] == "fail"


def test_a_gate_on_a_state_never_goes_stale(tmp_path: Path) -> None:
    got = gate_results(tmp_path, "  x: {value: 6, source: s, year: 2023}\n"
                                 "  flag: {value: false, source: s, year: 1990}\n"
                                 "  cat: {value: mid, source: s, year: 2020}\n")
    assert got["flag-false"] == "pass" and got["flag-true"] == "fail"


def test_a_state_criterion_never_goes_stale_and_a_flow_does(tmp_path: Path) -> None:
    crit = one_criterion("{linear: [2000, 2020]}", indicator="yr", extra="max_age_years: 3\n")
    result = score(build(tmp_path, crit, {"a": "  yr: {value: 2010, source: s, year: 1990}\n"}))
    assert result["a"].criteria[0].status == "scored" and result["a"].criteria[0].points == 50.0
    flows = score(build(tmp_path / "2", one_criterion("{linear: [0, 10]}", extra="max_age_years: 3\n"),
                        {"a": value("5", "2015")}))
    assert flows["a"].criteria[0].status == "stale"


def test_the_catalogue_kind_overrides_the_default(tmp_path: Path) -> None:
    from tests.helpers import INDICATORS

    catalogue = INDICATORS.replace("yr: {title: Year, type: year}", "yr: {title: Year, type: year, kind: flow}")
    crit = one_criterion("{linear: [2000, 2020]}", indicator="yr", extra="max_age_years: 3\n")
    result = score(build(tmp_path, crit, {"a": "  yr: {value: 2010, source: s, year: 1990}\n"}, catalogue))
    assert result["a"].criteria[0].status == "stale"


def test_outcomes_are_checked_in_order_and_first_wins(tmp_path: Path) -> None:
    crit = one_criterion("{linear: [0, 100]}").replace(
        "outcomes:\n  - {id: ok, title: OK}\n",
        "outcomes:\n  - {id: high, title: High, require: {score: 80}}\n"
        "  - {id: mid, title: Mid, require: {score: 50}}\n  - {id: also, title: Also, require: {score: 40}}\n"
        "  - {id: low, title: Low}\n")
    result = score(build(tmp_path, crit, {"a": value("85"), "b": value("60"), "c": value("10")}))
    assert [result[p].outcome for p in "abc"] == ["high", "mid", "low"]
    assert result["b"].next_outcome == "high"


def test_fixture_alpha_by_hand(root: Path) -> None:
    """Every number of one partner, worked by hand from the fixture files."""
    import evaluator

    card = evaluator.score(evaluator.load(root), as_of=2024)["alpha"]
    points = {c.id: c.points for c in card.criteria}
    # early-tac: 2004 on [2020 -> 2000] = 80; centrality true = 100; level dialogue-partner = 100
    # trade: log10(5e10) = 10.699 on [9, 11] = 84.9; fdi: peers gamma (equal), hostile (lower),
    # beta stale (2016 < 2024 - 5): (1 + 0.5) / 2 = 75; share 12.5 >= 10: 100
    # projects 15 on [0, 20] = 75; visits 4 >= 3: 100
    assert points == {"early-tac": 80.0, "centrality-c": 100.0, "level-c": 100.0, "trade-c": 84.9,
                      "fdi-c": 75.0, "share-c": 100.0, "projects-c": 75.0, "visits-c": 100.0}
    # political (80 + 100 + 2 * 100) / 4 = 95; economic (3 * 84.9 + 2 * 75 + 100) / 6 = 84.12 -> 84.1
    # social (75 + 100) / 2 = 87.5; overall (30 * 95 + 50 * 84.1 + 20 * 87.5) / 100 = 88.05 -> 88.1
    assert [p.score for p in card.pillars] == [95.0, 84.1, 87.5]
    assert card.overall == 88.1
    assert card.completeness == 1.0
    assert card.outcome == "full"
    weights = {c.id: round(c.effective_weight, 6) for c in card.criteria}
    assert weights["early-tac"] == 0.075 and weights["level-c"] == 0.15 and weights["trade-c"] == 0.25




def test_explanations_name_value_year_scale_and_points(root: Path) -> None:
    import evaluator

    card = evaluator.score(evaluator.load(root), as_of=2024)["alpha"]
    trade = next(c for c in card.criteria if c.id == "trade-c")
    assert trade.explanation == ("USD 50 bn (2023) on a log scale from USD 1 bn (0) to USD 100 bn (100): "
                                 "84.9 points")
    fdi = next(c for c in card.criteria if c.id == "fdi-c")
    assert fdi.explanation == ("USD 4 bn ranked among 2 other partners of group 'all' (higher is better): "
                               "75.0 points")


def test_threshold_rule_from_yaml_through_the_engine(tmp_path: Path) -> None:
    root = build(tmp_path, one_criterion("{threshold: {max: 5}}"),
                 {"a": value("3"), "b": value("5"), "c": value("7")})
    result = score(root)
    assert [result[p].criteria[0].points for p in ("a", "b", "c")] == [100.0, 100.0, 0.0]
    assert result["c"].criteria[0].explanation == "7 (2024) misses the threshold (at most 5): 0.0 points"


SERIES = ("  x:\n    - {value: 1, year: 2019, source: s}\n    - {value: 5, year: 2021, source: s}\n"
          "    - {value: 9, year: 2023, source: t}\n")


@pytest.mark.parametrize(("as_of", "lag", "points", "year"), [
    (2024, 0, 90.0, 2023), (2023, 0, 90.0, 2023), (2022, 0, 50.0, 2021), (2023, 1, 50.0, 2021),
    (2020, 0, 10.0, 2019), (2018, 0, None, None),
])
def test_scoring_as_of_a_year_sees_only_what_was_known_then(tmp_path: Path, as_of: int, lag: int,
                                                           points: float | None, year: int | None) -> None:
    crit = one_criterion("{linear: [0, 10]}", extra=f"data_lag_years: {lag}\n")
    card = score(build(tmp_path, crit, {"a": SERIES}), as_of=as_of)["a"].criteria[0]
    assert (card.points, card.year) == (points, year)
    if year is not None:
        assert f"({year})" in card.explanation and card.source == ("t" if year == 2023 else "s")


def test_a_state_applies_from_its_year_on(tmp_path: Path) -> None:
    crit = one_criterion("{boolean: true}", indicator="flag")
    series = "  flag:\n    - {value: false, year: 2015, source: s}\n    - {value: true, year: 2020, source: s}\n"
    root = build(tmp_path, crit, {"a": series})
    assert [score(root, as_of=y)["a"].criteria[0].points for y in (2014, 2016, 2020, 2030)] == [None, 0.0, 100.0,
                                                                                               100.0]


WINDOWED = ("  x:\n    - {value: 2, year: 2019, source: a}\n    - {value: 4, year: 2021, source: b}\n"
            "    - {value: 9, year: 2022, source: b}\n    - {value: 50, year: 2025, source: c}\n")


@pytest.mark.parametrize(("aggregate", "value", "points"), [
    ("mean", 6.5, 65.0), ("sum", 13, 100.0), ("max", 9, 90.0), ("latest", 9, 90.0)])
def test_a_window_over_three_years_with_one_missing(tmp_path: Path, aggregate: str, value: float,
                                                    points: float) -> None:
    # as of 2022 the window is 2020..2022: 2020 has no observation, 2019 and 2025 are outside it
    crit = one_criterion("{linear: [0, 10]}").replace(
        "score: {linear: [0, 10]}", f"score: {{linear: [0, 10]}}, window: {{years: 3, aggregate: {aggregate}}}")
    card = score(build(tmp_path, crit, {"a": WINDOWED}), as_of=2022)["a"].criteria[0]
    assert (card.value, card.year, card.points, card.source) == (value, 2022, points, "b")
    assert card.explanation.startswith(f"{aggregate} of 2021 and 2022: ")


def test_a_window_ends_at_the_latest_figure_known(tmp_path: Path) -> None:
    # as of 2024 the latest figure is 2022 (2025 is not known yet): the 2-year window is 2021..2022
    crit = one_criterion("{linear: [0, 10]}").replace("score: {linear: [0, 10]}",
                                                      "score: {linear: [0, 10]}, window: {years: 2}")
    card = score(build(tmp_path, crit, {"a": WINDOWED}), as_of=2024)["a"].criteria[0]
    assert (card.value, card.year, card.points) == (6.5, 2022, 65.0)
    assert card.explanation.startswith("mean of 2021 and 2022: ")


def test_a_window_with_nothing_known_yet_is_missing(tmp_path: Path) -> None:
    crit = one_criterion("{linear: [0, 10]}").replace("score: {linear: [0, 10]}",
                                                      "score: {linear: [0, 10]}, window: {years: 2}")
    card = score(build(tmp_path, crit, {"a": WINDOWED}), as_of=2018)["a"].criteria[0]
    assert card.status == "missing" and card.points is None


RATES = """\
base: USD
rates:
  GBP:
    2020: {rate: 1.2829, source: "Federal Reserve G.5A, 2021-01-04"}
    2021: {rate: 1.3757, source: "Federal Reserve G.5A, 2022-01-03"}
"""
MONEY = "  m: {title: Money, type: number, unit: USD}\n"


def _money_root(tmp_path: Path, rule: str, body: str) -> Path:
    from tests.helpers import INDICATORS

    root = build(tmp_path, one_criterion(rule, indicator="m"), {"a": body}, INDICATORS + MONEY)
    (root / "criteria" / "rates.yaml").write_text(RATES)
    return root


def test_an_amount_in_pounds_is_converted_with_its_years_rate(tmp_path: Path) -> None:
    body = "  m: {value: 2.5e7, year: 2020, currency: GBP, source: s}\n"
    card = score(_money_root(tmp_path, "{linear: [0, 1.0e8]}", body))["a"].criteria[0]
    assert card.value == 2.5e7 * 1.2829 and card.points == 32.1          # USD 32,072,500 of 100 m
    assert card.explanation == ("USD 32.1 m (2020) on a linear scale from USD 0 (0) to USD 100 m (100): 32.1 points; "
                                "converted from GBP 25 m at 1.2829 USD per GBP (2020 rate: Federal Reserve G.5A, "
                                "2021-01-04)")


def test_a_window_converts_each_year_with_its_own_rate(tmp_path: Path) -> None:
    body = ("  m:\n    - {value: 1.0e7, year: 2020, currency: GBP, source: s}\n"
            "    - {value: 1.0e7, year: 2021, currency: GBP, source: s}\n")
    root = _money_root(tmp_path, "{linear: [0, 1.0e8]}", body)
    crit = root / "criteria" / "t.yaml"
    crit.write_text(crit.read_text().replace("score: {linear: [0, 1.0e8]}",
                                             "score: {linear: [0, 1.0e8]}, window: {years: 2, aggregate: sum}"))
    card = score(root, as_of=2021)["a"].criteria[0]
    assert card.value == pytest.approx(1.0e7 * 1.2829 + 1.0e7 * 1.3757)
    assert "at 1.2829 USD per GBP (2020 rate" in card.explanation and "at 1.3757 USD per GBP (2021" in card.explanation


def test_a_missing_rate_is_refused_with_its_line(tmp_path: Path) -> None:
    from evaluator.base.errors import DataError

    body = "  m: {value: 2.5e7, year: 2019, currency: GBP, source: s}\n"
    with pytest.raises(DataError) as caught:
        score(_money_root(tmp_path, "{linear: [0, 1.0e8]}", body))
    assert [str(p).split("partners/")[1] for p in caught.value.problems] == [
        "a.yaml:5:43: indicators.m.currency: no GBP rate for 2019 in criteria/rates.yaml; add its annual "
        "average (USD per GBP) with its source"]


def test_relative_to_the_as_of_year_at_two_as_of_years(tmp_path: Path) -> None:
    # a plan of action until 2027: expired a year ago scores 0, two years left 100
    crit = one_criterion("{linear: [-1, 2], relative: as-of}", indicator="yr")
    root = build(tmp_path, crit, {"a": "  yr: {value: 2027, year: 2023, source: s}\n"})
    at_2026, at_2028 = score(root, as_of=2026)["a"].criteria[0], score(root, as_of=2028)["a"].criteria[0]
    assert (at_2026.points, at_2028.points) == (66.7, 0.0)
    assert at_2026.explanation == "2027 is 1 year after 2026: 1 on a linear scale from -1 (0) to 2 (100): 66.7 points"
    assert at_2028.explanation.startswith("2027 is 1 year before 2028: -1 on a linear scale")
    assert score(root, as_of=2027)["a"].criteria[0].explanation.startswith("2027 is the as-of year 2027: 0 on")
    assert score(root, as_of=2025)["a"].criteria[0].points == 100.0


def test_relative_needs_a_year_and_a_linear_or_bands_rule() -> None:
    from pydantic import ValidationError

    from evaluator.loading.models import Criterion

    base = {"title": "C", "pillar": "p", "indicator": "x", "weight": 1}
    with pytest.raises(ValidationError, match="'relative: as-of' goes with linear or bands, not 'log'"):
        Criterion.model_validate({**base, "score": {"log": [1, 10], "relative": "as-of"}})
