"""Checks across files of the files beside the partners and sets: criteria tests, decisions, reviews
and member states' weights, each against the sets, partners and outcomes it names."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..base.errors import Problem
from ..base.text import suggest
from .checks import NOTHING_UNREAD, Unread, ref, stem_matches
from .models import INSUFFICIENT, Catalogue, CriteriaSet
from .partner_checks import check_partner
from .records import Case, DecisionFile, Member, Rates, ReviewFile
from .yamlfile import Document, Loc


def check_cases(cases: list[Case], doc: Document, cset: CriteriaSet | None, partners: Mapping[str, Any],
                catalogue: Catalogue | None, problems: list[Problem], rates: Rates | None = None,
                unread: Unread = NOTHING_UNREAD) -> None:
    """The cases of a criteria tests file against its set and the partners of the root."""
    stem = doc.path.name.removesuffix(".tests.yaml")
    if cset is None and stem not in unread.sets:
        problems.append(doc.problem((), f"no criteria set '{stem}' for this tests file; "
                                        f"expected criteria/{stem}.yaml"))
    outcomes = [o.id for o in cset.outcomes] + [INSUFFICIENT] if cset is not None else None
    for i, case in enumerate(cases):
        loc: Loc = ("cases", i)
        if case.partner is not None:
            ref(doc, (*loc, "partner"), "partner", case.partner, partners, problems, unread=unread.partners)
        if case.partner_data is not None:
            if case.partner_id in partners:
                problems.append(doc.problem((*loc, "name"), f"the inline case name '{case.partner_id}' "
                                                            "is the id of a partner file; choose another"))
            check_partner(doc, catalogue, problems, base=(*loc, "partner_data"), file_id=False, rates=rates)
        if outcomes is not None and cset is not None:
            ref(doc, (*loc, "outcome"), "outcome", case.outcome, outcomes, problems)
            for gid in case.gates or {}:
                ref(doc, (*loc, "gates", gid), "gate", gid, cset.gates, problems, key=True)


def check_decisions(decisions: DecisionFile, doc: Document, cset: CriteriaSet | None,
                    partners: Mapping[str, Any], problems: list[Problem], unread: Unread = NOTHING_UNREAD) -> None:
    """Each decision names a partner of the root and a status an outcome of its set recommends, once
    per partner and year, and no earlier than the partner's first dated observation."""
    stem = doc.path.name.removesuffix(".decisions.yaml")
    if cset is None:
        if stem not in unread.sets:
                problems.append(doc.problem((), f"no criteria set '{stem}' for this decisions file; "
                                            f"expected criteria/{stem}.yaml"))
        return
    statuses = list(dict.fromkeys(cset.outcome_status(k) for k in range(len(cset.outcomes))))
    seen: dict[tuple[str, int], int] = {}
    for i, decision in enumerate(decisions.decisions):
        loc: Loc = ("decisions", i)
        if not ref(doc, (*loc, "partner"), "partner", decision.partner, partners, problems,
                    unread=unread.partners):
            continue
        for field_name in ("status", "requested"):
            value = getattr(decision, field_name)
            if value is not None and value not in statuses:
                problems.append(doc.problem((*loc, field_name), f"decisions[{i}].{field_name}: '{value}' is not a "
                                                                "status the set's outcomes recommend; choose one "
                                                                f"of: {', '.join(statuses)}"))
        if decision.year > datetime.date.today().year:
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}].year: {decision.year} is after "
                                                        f"{datetime.date.today().year}; a decision cannot be from "
                                                        "the future"))
        key = (decision.partner, decision.year)
        if key in seen:
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}]: {decision.partner} in {decision.year} "
                                                        f"again (also decisions[{seen[key]}]); keep one decision "
                                                        "per partner and year"))
        seen.setdefault(key, i)
        first = _first_year(partners[decision.partner])
        if first is not None and decision.year < first and not _undated(partners[decision.partner]):
            problems.append(doc.problem((*loc, "year"), f"decisions[{i}].year: {decision.year} is before any "
                                                        f"evidence on {decision.partner} (its first dated "
                                                        f"observation is from {first}); a backtest could only "
                                                        "replay an empty file"))


def _undated(partner: Any) -> bool:
    """True when a partner has an observation without a year (a timeless fact, or a year state)."""
    model = getattr(partner, "model", partner)
    return any(o.year is None for name in model.indicators for o in model.observations(name))


def _first_year(partner: Any) -> int | None:
    """The year of a partner's earliest dated observation, if any."""
    model = getattr(partner, "model", partner)
    years = [o.year for name in model.indicators for o in model.observations(name) if o.year is not None]
    return min(years) if years else None


def check_reviews(reviews: ReviewFile, doc: Document, partners: Mapping[str, Any],
                  outcome_ids: set[str], problems: list[Problem], unread: Unread = NOTHING_UNREAD) -> None:
    """A review file names a partner of the root and outcomes of its criteria sets."""
    stem = doc.path.name.removesuffix(".yaml")
    if stem not in partners and stem not in unread.partners:
        problems.append(doc.problem((), f"no partner '{stem}' for this review file{suggest(stem, partners)}"))
    for i, review in enumerate(reviews.reviews):
        if review.outcome is not None and not unread.sets:
            ref(doc, ("reviews", i, "outcome"), "outcome", review.outcome, sorted(outcome_ids | {INSUFFICIENT}),
                 problems)


def check_member(member: Member, doc: Document, sets: Mapping[str, CriteriaSet], problems: list[Problem],
                 unread: Unread = NOTHING_UNREAD) -> None:
    """A member file: its id is its file name; every pillar and criterion it names exists in a set;
    a ranking names each pillar once; pairwise comparisons cover each pair of pillars once.

    While a criteria set does not load, its pillars and criteria are not known: names are not
    checked against the others, whose lists would call them unknown."""
    stem_matches(doc, ("id",), member.id, "member", problems)
    if unread.sets:
        return
    pillars = sorted({p for s in sets.values() for p in s.pillars})
    criteria = sorted({c for s in sets.values() for c in s.criteria})
    if member.weights is not None:
        for pid in member.weights.pillars:
            ref(doc, ("weights", "pillars", pid), "pillar", pid, pillars, problems, key=True)
        for cid in member.weights.criteria:
            ref(doc, ("weights", "criteria", cid), "criterion", cid, criteria, problems, key=True)
    if member.ranking is not None:
        for i, pid in enumerate(member.ranking):
            if ref(doc, ("ranking", i), "pillar", pid, pillars, problems) and member.ranking.index(pid) < i:
                problems.append(doc.problem(("ranking", i), f"ranking: '{pid}' is ranked twice; name each "
                                                            "pillar once, most important first"))
    if member.pairwise is not None:
        seen: set[frozenset[str]] = set()
        for i, c in enumerate(member.pairwise):
            a, b = c.more, c.than
            known = all([ref(doc, ("pairwise", i, n), "pillar", p, pillars, problems)
                         for n, p in (("more", a), ("than", b))])
            pair = frozenset((a, b))
            if known and (a == b or pair in seen):
                problems.append(doc.problem(("pairwise", i), f"pairwise: the pair {a}, {b} is "
                                            + ("one pillar twice" if a == b else "compared twice")
                                            + "; compare each pair of pillars once"))
            seen.add(pair)
