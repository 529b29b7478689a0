"""Every partner scored as of every year, stacked: equal to scoring each year on its own."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import evaluator
from evaluator.base.choices import GRADES
from evaluator.loading.project import Project
from evaluator.loading.records import Partner
from evaluator.scoring.history import history_partners, history_project
from evaluator.scoring.result import score_partners
from tests.conftest import DATA

#: a set that reads series: a window mean over three years, a publication lag of one year for
#: every flow but visits (none) and trade (two, from the catalogue, overridden here), a peer
#: rule, a year scored relative to the as-of year (a year state dated by its value when it has no
#: year), a gate on a flow and one on a window of a flow, money in pounds
SERIES_SET = """\
id: series
title: Series
version: "1"
status: draft
max_age_years: 3
data_lag_years: 1
published_after_years: {visits: 0, trade: 2}
min_completeness: 0.3
pillars:
  economic: {title: Economic, weight: 2}
  political: {title: Political, weight: 1}
policies:
  pause: {title: Pause on new high partners, in_force: [2012, 2016], closes: [high], source: test}
gates:
  tac: {title: Treaty, indicator: tac, require: present}
  tac-before: {title: Treaty a year before, indicator: tac, require: {max: -1, relative: as-of}}
  tenure: {title: Low for three years, indicator: status, require: {in: [low, high], for_years: 3}}
  trade-floor: {title: Trade floor, indicator: trade, require: {min: 1.0e9}}
  fdi-floor: {title: Investment floor, indicator: fdi, require: {min: 1.0e9}, window: {years: 2, aggregate: mean}}
criteria:
  trade-c: {title: Trade, pillar: economic, indicator: trade, weight: 2, score: {log: [1.0e8, 1.0e11]}}
  fdi-c: {title: Investment, pillar: economic, indicator: fdi, weight: 2, score: {linear: [0, 1.0e10]},
          window: {years: 3, aggregate: mean}}
  fdi-rank: {title: Investment rank, pillar: economic, indicator: fdi, weight: 1, score: {percentile: higher}}
  visits-c: {title: Visits, pillar: political, indicator: visits, weight: 1, score: {bands: [[1, 40], [3, 100]]},
             window: {years: 2, aggregate: max}}
  tac-c: {title: Years since accession, pillar: political, indicator: tac, weight: 1,
          score: {linear: [0, -20], relative: as-of}}
outcomes:
  - {id: high, title: High, track: a, require: {gates: all, score: 60}}
  - {id: low, title: Low, track: a, require: {score: 30}}
  - {id: side, title: Side, track: b, require: {score: 20, gates: [trade-floor]}}
  - {id: none, title: None}
"""

RATES = "base: USD\nrates:\n  GBP:\n" + "".join(
    f"    {y}: {{rate: 1.5, source: test rate}}\n" for y in range(2008, 2022))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("series") / "root"
    shutil.copytree(DATA / "root", root)
    (root / "criteria" / "series.yaml").write_text(SERIES_SET)
    (root / "criteria" / "rates.yaml").write_text(RATES)
    return evaluator.load(root)


def _same(history: Any, t: int, i: int, result: Any, pid: str) -> None:
    row = result.row(pid)
    table = result.table
    assert history.outcome_id(t, i) == table.outcome_id(row)
    np.testing.assert_array_equal(history.overall[t, i], table.overall[row])
    np.testing.assert_array_equal(history.pillar[t, i], table.pillar[row])
    assert history.completeness[t, i] == table.completeness[row]
    assert history.review[t][i] == table.review[row]


def test_history_of_the_fixture_root_equals_scoring_each_year(root: Path) -> None:
    project = evaluator.load(root)
    history = history_project(project, start=2018, end=2026)
    assert history.years == list(range(2018, 2027))
    for t, year in enumerate(history.years):
        result = evaluator.score(project, as_of=year)
        for i, pid in enumerate(history.partner_ids):
            _same(history, t, i, result, pid)


def test_rows_mark_the_years_the_outcome_moved(root: Path) -> None:
    rows = history_project(evaluator.load(root), start=2019, end=2024).of("alpha").rows()
    # alpha has held Dialogue Partner status since 1990: short of it on the evidence of 2020-2022, it
    # keeps it, for review; the organisation does not demote for want of a record
    assert [(r["as_of"], r["outcome"], r["change"], r["status_change"]) for r in rows] == [
        (2019, "full", "", "too-thin"), (2020, "full", "", "falls-short"),
        (2021, "full", "", "falls-short"), (2022, "full", "", "falls-short"),
        (2023, "full", "", "meets"), (2024, "full", "", "meets")]
    assert [r["overall"] for r in rows] == [33.8, 35.6, 35.6, 35.6, 88.1, 88.1]
    assert {r["status"] for r in rows} == {"dialogue-partner"}


def test_an_incumbent_whose_flows_go_stale_is_reviewed_not_demoted(root: Path) -> None:
    rows = history_project(evaluator.load(root), start=2028, end=2029).of("alpha").rows()
    # 2023 flows: 6 years old in 2029, too old to count; what is left still covers the minimum, and
    # it falls short of its status: for review, never a downgrade
    assert [(r["outcome"], r["status_change"]) for r in rows] == [("full", "meets"), ("full", "falls-short")]


def test_the_default_range_runs_from_the_first_year_with_data_to_the_project_year(root: Path) -> None:
    history = history_project(evaluator.load(root), end=2024)
    assert (history.years[0], history.years[-1]) == (2016, 2024)     # beta's investment of 2016


def test_a_range_that_runs_backwards_is_refused(root: Path) -> None:
    with pytest.raises(evaluator.UsageError, match="--from 2025 is after --to 2020"):
        history_project(evaluator.load(root), start=2025, end=2020)


YEARS = st.lists(st.integers(2010, 2020), unique=True, max_size=5)


@st.composite
def partner(draw: st.DrawFn, ident: str) -> Partner:
    def series(values: st.SearchStrategy[Any], currency: bool = False) -> list[dict[str, Any]]:
        out = []
        for year in draw(YEARS):
            # one source, or two of different grades for the same year (the higher grade counts)
            for grade in draw(st.lists(st.sampled_from((*GRADES, None)), min_size=1, max_size=2, unique=True)):
                obs = {"value": draw(values), "year": year, "source": "s"} | ({"grade": grade} if grade else {})
                if draw(st.booleans()):
                    obs["date"] = f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
                if currency and draw(st.booleans()):
                    obs["currency"] = "GBP"
                out.append(obs)
        return out

    indicators: dict[str, Any] = {
        "trade": series(st.floats(1e7, 1e12), currency=True), "fdi": series(st.floats(-2e9, 2e10)),
        "visits": series(st.integers(0, 5))}
    tac = draw(st.one_of(st.none(), st.integers(1990, 2020)))
    if draw(st.booleans()):
        indicators["tac"] = {"value": tac or 2000, "source": "s"} | ({"year": tac} if tac else {})
    indicators = {k: v for k, v in indicators.items() if v}
    statuses = st.sampled_from(("high", "low", "side", "none"))
    history = [{"year": y, "status": draw(statuses), "source": "s"} for y in sorted(draw(YEARS))]
    requests = [{"year": y, "status": draw(statuses.filter(lambda s: s != "none")), "source": "s"}
                for y in sorted(draw(st.lists(st.integers(2008, 2022), unique=True, max_size=2)))]
    return Partner.model_validate({"id": ident, "name": ident, "kind": "country", "indicators": indicators,
                                   "history": history, "requests": requests,
                                   "status": history[-1]["status"] if history else "none"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from("abcdef"), min_size=1, max_size=5, unique=True).flatmap(
    lambda ids: st.tuples(*[partner(i) for i in ids])))
def test_history_equals_scoring_each_year_on_random_series(project: Project, partners: tuple[Partner, ...]) -> None:
    lset = project.criteria_set("series")
    by_id = {p.id: p for p in partners}
    history = history_partners(lset, project, by_id, range(2009, 2024))
    for t, year in enumerate(history.years):
        result = score_partners(lset, project, by_id, year)
        for i, pid in enumerate(history.partner_ids):
            _same(history, t, i, result, pid)
