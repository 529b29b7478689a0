"""Hold a criteria set against the organisation's own past decisions (``evaluator backtest``).

Each decision of ``criteria/<set-id>.decisions.yaml`` is replayed at its cutoff: its ``date:``,
else the start of its year. It sees only what is dated before then (SPEC section 5): a fact of
the decision's own year without a date may be one the decision created, and is not seen. The
replay decides as the set decides (SPEC section 4b): its policies, tracks and prerequisites, the
status the partner held, and the request the decision answered (``requested:``). It agrees when
the outcome the set gives recommends the decided status.

Agreement alone rewards permissiveness when nearly every decision on record is a grant, so the
report reads like a classifier's: a confusion table of decided against recommended statuses,
agreement on grants and on negatives (refusals, requests pending past their meeting,
anniversaries that passed without a change) apart, the same figures for three baselines that
use no evidence, and the margin of the criteria over the best of them; ``split`` reports the
decisions from a year on apart from those before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..base.errors import CalibrationError, UsageError
from ..base.text import status_words, suggest
from ..loading.project import LoadedSet, Project
from ..loading.records import Decision, Request
from ..scoring.engine import Table
from ..scoring.evidence import Cutoff
from ..scoring.reasons import closed_text, policies_closing
from ..scoring.result import Result, score_partners
from ..scoring.standing import FALLS_SHORT, MEETS, TOO_THIN, status_rank

NEGATIVE_KINDS = ("refusal", "pending", "no-change")
#: what the confusion table calls a recommendation of no status for want of evidence
INSUFFICIENT_WORDS = "insufficient evidence"


@dataclass(frozen=True)
class Replay:
    """One decision replayed: what was decided, what the criteria recommend, and why they differ."""

    partner_id: str
    partner_name: str
    year: int
    decided: str
    recommended: str          # the status the outcome recommends; "" when the evidence is insufficient
    outcome: str
    agree: bool
    why: str                  # empty when they agree
    source: str
    date: str | None = None   # the decision's date, when the record gives it
    requested: str | None = None   # the status asked for, when the record gives it
    held: str = "none"        # the status held before the decision
    kind: str = "grant"       # grant | refusal | pending | no-change
    later: tuple[tuple[str, int], ...] = ()   # statuses the file grants the partner later, and after how many years
    wanting: bool = False     # not reproduced for want of records: what it needs has no data, nothing failed

    @property
    def negative(self) -> bool:
        """True for a refusal, a pending request or an anniversary without a change."""
        return self.kind in NEGATIVE_KINDS

    def early(self, status: str, allow: int) -> int | None:
        """For a negative: the years until the file grants the partner ``status``, when that is within
        ``allow`` years (a recommendation early on *when*, right on *whether*); else None."""
        if not self.negative or allow <= 0 or status == self.decided:
            return None
        years = min((y for s, y in self.later if s == status), default=None)
        return years if years is not None and years <= allow else None


@dataclass(frozen=True)
class Tally:
    """Agreement over some decisions: all of them, the grants, the negatives."""

    name: str
    agree: int
    total: int
    grants_agree: int
    grants: int
    negatives_agree: int
    negatives: int

    @property
    def share(self) -> float:
        """The share of decisions agreed with (0..1)."""
        return self.agree / self.total if self.total else 0.0

    def text(self) -> str:
        """``9 of 12 (75.0 %): grants 8 of 9, negatives 1 of 3``."""
        return (f"{self.agree} of {self.total} ({self.share * 100:.1f} %): grants {self.grants_agree} of "
                f"{self.grants}, negatives {self.negatives_agree} of {self.negatives}")


def tally(name: str, replays: list[Replay], predicted: Callable[[Replay], str], allow_early: int = 0) -> Tally:
    """How many of ``replays`` a rule that predicts ``predicted(r)`` agrees with (``allow_early``: a
    negative counts as agreed with when the status predicted was granted within that many years)."""
    hits = [predicted(r) == r.decided or r.early(predicted(r), allow_early) is not None for r in replays]
    grants = [h for h, r in zip(hits, replays, strict=True) if not r.negative]
    negatives = [h for h, r in zip(hits, replays, strict=True) if r.negative]
    return Tally(name, sum(hits), len(hits), sum(grants), len(grants), sum(negatives), len(negatives))


def baselines(replays: list[Replay], allow_early: int = 0) -> list[Tally]:
    """Three rules that use no evidence: the most common decided status for every decision; every
    request granted as asked (no request on record: no change); every partner keeps its status.
    ``allow_early`` allows them what it allows the criteria."""
    counts = Counter(r.decided for r in replays)
    mode = sorted(counts, key=lambda s: (-counts[s], s))[0] if counts else "none"
    return [tally(f"the most common decided status ({status_words(mode)})", replays, lambda r: mode, allow_early),
            tally("every request granted as asked", replays, lambda r: r.requested or r.held, allow_early),
            tally("every partner keeps its status", replays, lambda r: r.held, allow_early)]


@dataclass(frozen=True)
class Backtest:
    """Every decision of a set's decisions file, replayed."""

    criteria: LoadedSet
    replays: list[Replay]
    split: int | None = None        # report the decisions from this year on apart
    allow_early: int = 0            # a negative agrees when the status recommended came within these years

    def early(self, r: Replay) -> int | None:
        """Years until the status the criteria recommend for negative ``r`` was granted, when allowed."""
        return None if r.agree else r.early(r.recommended, self.allow_early)

    def agrees(self, r: Replay) -> bool:
        """The criteria agree with ``r``, or recommended early what was granted within the allowance."""
        return r.agree or self.early(r) is not None

    @property
    def agreeing(self) -> int:
        """How many decisions the criteria reproduce (with ``allow_early``, early ones included)."""
        return sum(self.agrees(r) for r in self.replays)

    @property
    def share(self) -> float:
        """The share of decisions reproduced (0..1)."""
        return self.agreeing / len(self.replays) if self.replays else 0.0

    @property
    def as_of(self) -> int:
        """The latest decision year (for provenance)."""
        return max(r.year for r in self.replays)

    def summary(self) -> str:
        """``9 of 12 decisions agree (75.0 %)``, and how many of them early where that is allowed."""
        early = sum(self.early(r) is not None for r in self.replays)
        allowed = (f", {early} of them early: a status recommended before it was granted, within "
                   f"{self.allow_early} {'year' if self.allow_early == 1 else 'years'}" if early else "")
        return f"{self.agreeing} of {len(self.replays)} decisions agree ({self.share * 100:.1f} %){allowed}"

    def wanting(self) -> list[Replay]:
        """The decisions not reproduced for want of records alone: the decided status stopped at a
        requirement without data, which the missing records could meet (or too little evidence), not
        at one failed."""
        return [r for r in self.replays if r.wanting and not self.agrees(r)]

    def criteria_tally(self, replays: list[Replay] | None = None) -> Tally:
        """The criteria's agreement over ``replays`` (default: every decision)."""
        return tally("the criteria", self.replays if replays is None else replays,
                     lambda r: r.recommended if r.recommended else INSUFFICIENT_WORDS, self.allow_early)

    def baselines(self) -> list[Tally]:
        """The three baselines over every decision, with the same allowance."""
        return baselines(self.replays, self.allow_early)

    @property
    def margin(self) -> int:
        """Decisions the criteria agree with beyond the best baseline (negative when below it)."""
        return self.agreeing - max(b.agree for b in self.baselines())

    def confusion(self) -> dict[str, dict[str, int]]:
        """Decided status → recommended status (or insufficient evidence) → how many decisions."""
        out: dict[str, dict[str, int]] = {}
        for r in self.replays:
            row = out.setdefault(r.decided, {})
            said = r.recommended or INSUFFICIENT_WORDS
            row[said] = row.get(said, 0) + 1
        return {d: dict(sorted(row.items())) for d, row in sorted(out.items())}

    def halves(self) -> tuple[Tally, Tally] | None:
        """With ``split``: the criteria's agreement before the year and from it on."""
        if self.split is None:
            return None
        before = [r for r in self.replays if r.year < self.split]
        after = [r for r in self.replays if r.year >= self.split]
        return (self.criteria_tally(before), self.criteria_tally(after))

    def to_dict(self) -> dict[str, Any]:
        """The replays, the agreement, the confusion table, the baselines and the margin."""
        out: dict[str, Any] = {
            "agree": self.agreeing, "decisions": len(self.replays), "share": round(self.share, 4),
            "criteria": asdict(self.criteria_tally()), "confusion": self.confusion(),
            "baselines": [asdict(b) for b in self.baselines()], "margin": self.margin,
            "allow_early": self.allow_early, "wanting": len(self.wanting()),
            "replays": [{**{k: v for k, v in asdict(r).items() if k != "later"}, "negative": r.negative,
                         "early": self.early(r)} for r in self.replays]}
        halves = self.halves()
        if halves is not None:
            out["split"] = {"year": self.split, "before": asdict(halves[0]), "from": asdict(halves[1])}
        return out


def _first_unmet(table: Table, i: int, k: int) -> tuple[str, bool]:
    """The first requirement of outcome ``k`` that partner row ``i`` does not meet, in words, or the
    policy that closed it; and whether it is unmet for want of records alone (gates or criteria
    without data, which the missing records could meet; too little evidence)."""
    outcome = table.spec.outcomes[k]
    if policies_closing(table, i, k):
        return f"{outcome.title}: {closed_text(table, i, k)}", False
    row = table.row(i)
    for req in outcome.requirements:
        if not bool(table.checks[outcome.id][req.key][i]):
            return f"{outcome.title}: {req.explain(table.spec, row, False)}", req.wanting(row)
    return f"{outcome.title}: every requirement is met, but an earlier outcome came first", False


def _why(result: Result, pid: str, decided: str) -> tuple[str, bool]:
    """Why the outcome at the decision's cutoff does not recommend ``decided``, and whether it is for
    want of records (the evidence too thin to decide, or a gate it needs without data)."""
    table = result.table
    spec = table.spec
    i = result.row(pid)
    k = int(table.outcome[i])
    card = result[pid]
    if k < 0:
        return card.reason, True
    last = len(spec.outcomes) - 1
    wanted = status_rank(spec, decided)
    if wanted is None or wanted >= len(spec.outcomes):
        wanted = last
    if card.status_change in (MEETS, FALLS_SHORT, TOO_THIN) and wanted > k:
        return f"the status it held stands under the criteria, which never demote: {card.reason}", False
    if wanted < last and k < last and spec.tracks[wanted] != spec.tracks[k]:
        return f"the criteria recommend another track: {card.reason}", False
    if wanted < k:
        return _first_unmet(table, i, wanted)
    return f"the criteria recommend more: {card.reason}", False


def decisions_for(project: Project, lset: LoadedSet, decisions: str | None = None) -> tuple[str, list[Decision]]:
    """The decisions file a set is held against: its own, or the one of the set ``decisions`` names;
    every decided status must be one an outcome of the set recommends."""
    name = decisions or lset.model.id
    found = project.decisions.get(name)
    if found is None:
        raise UsageError(f"no decisions file for the set '{name}'; write criteria/{name}.decisions.yaml "
                         "listing under decisions: one {partner, year, status, source} per decision"
                         f"{suggest(name, project.decisions)}")
    statuses = {lset.model.outcome_status(k) for k in range(len(lset.model.outcomes))}
    for d in found[0].decisions:
        if d.status not in statuses:
            raise CalibrationError(f"criteria/{name}.decisions.yaml: {d.partner}, {d.year}: the status "
                                   f"'{d.status}' is not one an outcome of '{lset.model.id}' recommends "
                                   f"({', '.join(sorted(statuses))})")
    return name, list(found[0].decisions)


def cutoff_of(decision: Decision) -> Cutoff:
    """The point in time a decision is replayed at: its date, else the start of its year."""
    return Cutoff.decision(decision.year, decision.date)


def _asked(decision: Decision) -> Request | None:
    """The request a decision answered, as the replay assesses it."""
    if decision.requested is None:
        return None
    return Request(year=decision.year, date=decision.date, status=decision.requested, source=decision.source)


def scored_years(project: Project, lset: LoadedSet, decisions: list[Decision]) -> dict[Cutoff, Result]:
    """Every partner scored against ``lset`` at each cutoff a decision is replayed at, each partner
    a decision of that cutoff names assessed on the request it answered."""
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    out: dict[Cutoff, Result] = {}
    for cut in sorted({cutoff_of(d) for d in decisions}):
        asked = {d.partner: r for d in decisions if cutoff_of(d) == cut and (r := _asked(d)) is not None}
        out[cut] = score_partners(lset, project, partners, cut, asked)
    return out


def kind_of(decision: Decision, held: str) -> str:
    """The decision's ``kind``, or, when not given: a grant when the status changed; otherwise a
    refusal when another status was asked for, else no change."""
    if decision.kind is not None:
        return decision.kind
    if decision.status != held:
        return "grant"
    return "refusal" if decision.requested is not None and decision.requested != decision.status else "no-change"


def replay(project: Project, lset: LoadedSet, decisions: list[Decision],
           results: dict[Cutoff, Result] | None = None, split: int | None = None,
           allow_early: int = 0) -> Backtest:
    """Each decision scored against ``lset`` at its cutoff, with only the evidence visible then
    (``results``: the cutoffs already scored)."""
    results = results if results is not None else scored_years(project, lset, decisions)
    replays = []
    for d in decisions:
        result = results[cutoff_of(d)]
        table = result.table
        i = result.row(d.partner)
        k = int(table.outcome[i])
        recommended = "" if k < 0 else table.spec.outcomes[k].status
        held = table.held_status(i) or "none"
        if held not in {o.status for o in table.spec.outcomes}:
            held = "none"                 # a status of another set (a Dialogue Partner, to the elevation set)
        agree = recommended == d.status
        why, wanting = ("", False) if agree else _why(result, d.partner, d.status)
        replays.append(Replay(d.partner, project.partners[d.partner].model.name, d.year, d.status, recommended,
                              table.outcome_id(i), agree, why, d.source, d.date, d.requested, held,
                              kind_of(d, held), wanting=wanting))
    return Backtest(lset, [replace(r, later=_later(r, replays)) for r in replays], split, allow_early)


def _later(replay: Replay, replays: list[Replay]) -> tuple[tuple[str, int], ...]:
    """The statuses the decisions file grants the same partner after ``replay``'s decision (grants,
    not negatives), with the years until."""
    return tuple((r.decided, r.year - replay.year) for r in replays
                 if r.partner_id == replay.partner_id and r.year > replay.year and not r.negative)


def run_backtest(project: Project, criteria: str | None = None, decisions: str | None = None,
             split: int | None = None, allow_early: int = 0) -> Backtest:
    """Replay every decision of the set's decisions file (or of the set ``decisions`` names) at its
    cutoff; ``split``: report the decisions from that year on apart from those before (default: the
    project's ``split`` in evaluator.yaml)."""
    lset = project.criteria_set(criteria)
    split = split if split is not None else project.defaults.split
    return replay(project, lset, decisions_for(project, lset, decisions)[1], split=split, allow_early=allow_early)


def record_line(project: Project, result: Result) -> str | None:
    """How the set fares against the organisation's own decisions, for the book's cover: agreement on
    grants and negatives, the best baseline that uses no evidence; None without a decisions file."""
    cset = result.criteria.model
    found = project.decisions.get(cset.id)
    if found is None:
        return None
    missing = sorted({d.partner for d in found[0].decisions if d.partner not in project.partners})
    if missing:
        files = "the file of " + ", ".join(missing) if len(missing) == 1 else "the files of " + ", ".join(missing)
        return (f"Not replayed against the organisation's past decisions: {files}, which decisions name, "
                "did not load.")
    test = replay(project, result.criteria, list(found[0].decisions), split=project.defaults.split)
    best = max(test.baselines(), key=lambda b: b.agree)
    line = (f"Replayed against {len(test.replays)} past decisions with only what was known before each, this "
            f"{cset.status} agrees with {test.criteria_tally().text()}; the best rule that uses no evidence, "
            f"{best.name}, with {best.agree}.")
    halves = test.halves()
    if halves is not None:
        line += (f" Of the decisions from {test.split} on (out of sample for criteria written or fitted before "
                 f"{test.split}): {halves[1].text()}.")
    return line
