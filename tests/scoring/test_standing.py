"""How a set decides beyond one ladder: standing policies, tracks, tenures, requests, and the review
of a partner that holds a status (never a downgrade for want of a record)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import evaluator
from evaluator.scoring.compile import compile_set
from evaluator.scoring.standing import candidates, status_index, status_rank

CATALOGUE = """\
indicators:
  x: {title: Cooperation, type: number, unit: USD}
  y: {title: Presence, type: number}
  level: {title: Level, type: category, categories: [none, strategic]}
"""

#: top and mid are a ladder; dev is a track of its own; a moratorium closes top from 2000 to 2020
SET = """\
id: decide
title: Deciding
version: "1"
status: draft
min_completeness: 0.6
policies:
  moratorium:
    title: Moratorium on new top partners
    in_force: [2000, 2020]
    closes: [top]
    source: A published decision
gates:
  tenure: {title: Mid partner for five years, indicator: status, require: {in: [mid], for_years: 5}}
  level-tenure: {title: Strategic for three years, indicator: level, require: {in: [strategic], for_years: 3}}
pillars:
  all: {title: All, weight: 1}
criteria:
  x-c: {title: Cooperation, pillar: all, indicator: x, weight: 1, score: {linear: [0, 100]}}
  y-c: {title: Presence, pillar: all, indicator: y, weight: 1, score: {linear: [0, 100]}}
outcomes:
  - {id: top, title: Top partner, track: main, require: {score: 70}}
  - {id: mid, title: Mid partner, track: main, require: {score: 40}}
  - {id: dev, title: Development partner, track: development, require: {score: 10}}
  - {id: none, title: No status}
"""


def _partner(ident: str, x: float | None = None, y: float | None = None, **more: Any) -> dict[str, Any]:
    indicators: dict[str, Any] = {}
    if x is not None:
        indicators["x"] = {"value": x, "year": 2010, "source": "s"}
    if y is not None:
        indicators["y"] = {"value": y, "year": 2010, "source": "s"}
    return {"id": ident, "name": ident.title(), "kind": "country", "indicators": indicators, **more}


def build(tmp_path: Path, *partners: dict[str, Any], extra: str = "") -> Path:
    (tmp_path / "criteria").mkdir(parents=True)
    (tmp_path / "partners").mkdir()
    (tmp_path / "criteria" / "indicators.yaml").write_text(CATALOGUE)
    (tmp_path / "criteria" / "decide.yaml").write_text(SET + extra)
    for p in partners:
        (tmp_path / "partners" / f"{p['id']}.yaml").write_text(yaml.safe_dump(p, sort_keys=False))
    return tmp_path


def card(root: Path, pid: str, year: int) -> Any:
    return evaluator.score(evaluator.load(root), as_of=year)[pid]


def _holds(status: str, since: int) -> dict[str, Any]:
    return {"status": status, "since": since, "history": [{"year": since, "status": status, "source": "s"}]}


def test_a_policy_closes_the_top_outcome_to_newcomers_while_a_holder_keeps_it(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("newcomer", 90, 90), _partner("holder", 90, 90, **_holds("top", 1990)))
    newcomer, holder = card(root, "newcomer", 2015), card(root, "holder", 2015)
    assert (newcomer.outcome, newcomer.status_change) == ("mid", "new")       # qualifies for top; closed to it
    assert newcomer.policies_applied[0]["id"] == "moratorium"
    assert "Top partner is closed to partners that do not hold it by the Moratorium on new top partners " \
           "(in force 2000–2020; A published decision)" in newcomer.reason
    assert (holder.outcome, holder.status_change, holder.policies_applied) == ("top", "meets", [])
    after = card(root, "newcomer", 2021)              # the policy ended in 2020
    assert (after.outcome, after.policies_applied) == ("top", [])


def test_a_tenure_gate_passes_after_n_years_of_the_status_and_not_before(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("p", 50, 50, **_holds("mid", 2010)))
    gates = {year: {g.id: g.status for g in card(root, "p", year).gates}["tenure"] for year in (2012, 2014, 2015)}
    assert gates == {2012: "fail", 2014: "fail", 2015: "pass"}


def test_a_tenure_of_a_category_state_counts_the_years_without_a_break(tmp_path: Path) -> None:
    level = [{"value": "strategic", "year": 2010, "source": "s"}, {"value": "none", "year": 2012, "source": "s"},
             {"value": "strategic", "year": 2013, "source": "s"}]
    root = build(tmp_path, _partner("p", 50, 50, indicators={"level": level}))
    states = {year: {g.id: g.status for g in card(root, "p", year).gates}["level-tenure"]
              for year in (2011, 2015, 2016)}
    assert states == {2011: "fail", 2015: "fail", 2016: "pass"}     # since 2013, not 2010


def test_an_applicant_for_a_development_status_is_assessed_on_that_track(tmp_path: Path) -> None:
    request = {"requests": [{"year": 2015, "status": "dev", "source": "Letter of application"}]}
    root = build(tmp_path, _partner("applicant", 90, 90, **request), _partner("other", 90, 90))
    applicant = card(root, "applicant", 2022)
    assert applicant.outcome == "dev"                           # it would qualify for top on the main track
    assert applicant.request is not None and applicant.request["answer"] == "grant"
    assert card(root, "other", 2022).outcome == "top"


def test_a_request_is_answered_with_a_lower_status_not_yet_or_too_little_evidence(tmp_path: Path) -> None:
    asks_top = {"requests": [{"year": 2021, "status": "top", "source": "s"}]}
    root = build(tmp_path, _partner("lower", 50, 50, **asks_top), _partner("weak", 1, 1, **asks_top),
                 _partner("thin", 90, **asks_top))
    answers = {pid: card(root, pid, 2022).request["answer"] for pid in ("lower", "weak", "thin")}
    assert answers == {"lower": "a lower status", "weak": "not yet", "thin": "insufficient evidence to decide"}


def test_a_request_is_closed_by_a_later_decision(tmp_path: Path) -> None:
    answered = {"requests": [{"year": 2015, "status": "dev", "source": "s"}], **_holds("dev", 2016)}
    root = build(tmp_path, _partner("p", 90, 90, **answered))
    assert card(root, "p", 2015).request is not None and card(root, "p", 2017).request is None


def test_an_incumbent_with_too_little_evidence_is_too_thin_to_review_never_marked_down(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("thin", 5, **_holds("top", 1990)), _partner("weak", 5, 5, **_holds("top", 1990)))
    thin = card(root, "thin", 2022)
    assert (thin.outcome, thin.status_change) == ("top", "too-thin")             # the status stands
    assert "too thin to review the status it holds (Top partner), which stands" in thin.reason
    assert thin.next_outcome_title == "enough evidence to judge"
    assert thin.standing == "Status in 2022: Top; evidence too thin to review it; the status stands"
    weak = card(root, "weak", 2022)                 # enough evidence, and short of its status: for review
    assert (weak.outcome, weak.status_change) == ("top", "falls-short")
    assert weak.standing == "Status in 2022: Top; does not meet its status on the evidence: for review (▽)"
    assert weak.next_outcome == "top"


def test_an_incumbent_meets_its_status_or_is_eligible_for_more_on_its_track(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("meets", 50, 50, **_holds("mid", 2010)),
                 _partner("more", 90, 90, **_holds("mid", 2010)), _partner("dev", 90, 90, **_holds("dev", 2010)))
    assert card(root, "meets", 2022).status_change == "meets"
    more = card(root, "more", 2022)
    assert (more.outcome, more.status_change) == ("top", "eligible")
    assert more.standing == "Status in 2022: Mid; eligible for a higher status: Top partner (▲)"
    dev = card(root, "dev", 2022)                  # reviewed on its own track: not eligible for top
    assert (dev.outcome, dev.status_change) == ("dev", "meets")


def test_the_summary_export_says_the_review(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("thin", 5, **_holds("top", 1990)), _partner("newcomer", 90, 90))
    summary = {r["partner_id"]: r["status_change"]
               for r in evaluator.score(evaluator.load(root), as_of=2022).summary_rows()}
    assert summary == {"thin": "too-thin", "newcomer": "new"}


def test_a_decision_replay_does_not_see_the_status_it_granted(tmp_path: Path) -> None:
    root = build(tmp_path, _partner("p", 90, 90, **_holds("top", 2015)))
    project = evaluator.load(root)
    from evaluator.scoring.evidence import Cutoff
    from evaluator.scoring.result import score_partners

    partners = {pid: lp.model for pid, lp in project.partners.items()}
    at_decision = score_partners(project.criteria_set(), project, partners, Cutoff.decision(2015, "2015-08-02"))
    assert (at_decision["p"].status_as_of, at_decision["p"].outcome) == ("none", "mid")    # the moratorium held
    assert card(root, "p", 2015).status_as_of == "top"


def test_statuses_rank_and_candidates_follow_the_tracks(tmp_path: Path) -> None:
    project = evaluator.load(build(tmp_path))
    spec = compile_set(project.criteria_set().model, project.catalogue)
    assert spec.tracks == ("main", "main", "development", None)
    assert status_rank(spec, "top") == 0 and status_rank(spec, "none") == 3
    assert (status_index(spec, "dev"), status_index(spec, "none"), status_index(spec, "other")) == (2, -1, -1)
    assert candidates(spec, -1, -1) == [0, 1, 2, 3]
    assert candidates(spec, 1, -1) == [0, 1, 3]           # a mid partner is reviewed on its track
    assert candidates(spec, 1, 2) == [2, 3]               # asking for dev, on that track


def test_a_set_may_read_the_status_held_from_a_category_state(tmp_path: Path) -> None:
    # history: mid since 2000; the state `rank` records top from 2010: read from it, else from the history
    rank = [{"value": "top", "year": 2010, "source": "Summit statement"}]
    root = build(tmp_path, _partner("p", 90, 90, **_holds("mid", 2000), indicators={
        "x": {"value": 90, "year": 2005, "source": "s"}, "y": {"value": 90, "year": 2005, "source": "s"},
        "rank": rank}), extra="status_from: rank\n")
    with (root / "criteria" / "indicators.yaml").open("a") as f:
        f.write("  rank: {title: Rank, type: category, categories: [none, mid, top, dev]}\n")
    text = (root / "criteria" / "decide.yaml").read_text()
    (root / "criteria" / "decide.yaml").write_text(text.replace(
        "tenure: {title: Mid partner for five years, indicator: status, require: {in: [mid], for_years: 5}}",
        "tenure: {title: Top for two years, indicator: status, require: {in: [top], for_years: 2}}"))
    before, after = card(root, "p", 2009), card(root, "p", 2012)
    assert (before.outcome, before.status_change) == ("mid", "meets")      # the history: mid
    assert (after.outcome, after.status_change) == ("top", "meets")        # the state: top since 2010
    tenure = {year: {g.id: g.status for g in card(root, "p", year).gates}["tenure"] for year in (2011, 2012)}
    assert tenure == {2011: "fail", 2012: "pass"}
