"""Hold a criteria set against the organisation's own past decisions (``evaluator backtest``).

Each decision of ``criteria/<set-id>.decisions.yaml`` is replayed at its cutoff: its ``date:``,
else the start of its year. It sees only what is dated before then (SPEC section 5): a fact of
the decision's own year without a date may be one the decision created, and is not seen. It
agrees when the outcome the set gives recommends the decided status (an outcome's
``status:``). A disagreement names the first requirement of the decided status's outcome that
is not met, or, when the criteria recommend more than was decided, the outcome they give and
why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..base.errors import CalibrationError, UsageError
from ..base.text import suggest
from ..loading.models import Decision
from ..loading.project import LoadedSet, Project
from ..scoring.engine import Table
from ..scoring.evidence import Cutoff
from ..scoring.result import Result, score_partners
from ..scoring.standing import FALLS_SHORT, MEETS, TOO_THIN, status_rank


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


@dataclass(frozen=True)
class Backtest:
    """Every decision of a set's decisions file, replayed."""

    criteria: LoadedSet
    replays: list[Replay]

    @property
    def agreeing(self) -> int:
        """How many decisions the criteria reproduce."""
        return sum(r.agree for r in self.replays)

    @property
    def share(self) -> float:
        """The share of decisions reproduced (0..1)."""
        return self.agreeing / len(self.replays) if self.replays else 0.0

    @property
    def as_of(self) -> int:
        """The latest decision year (for provenance)."""
        return max(r.year for r in self.replays)

    def summary(self) -> str:
        """``9 of 12 decisions agree (75.0 %)``."""
        return f"{self.agreeing} of {len(self.replays)} decisions agree ({self.share * 100:.1f} %)"

    def to_dict(self) -> dict[str, Any]:
        """The replays and the agreement, as plain data."""
        return {"agree": self.agreeing, "decisions": len(self.replays), "share": round(self.share, 4),
                "replays": [asdict(r) for r in self.replays]}


def _first_unmet(table: Table, i: int, k: int) -> str:
    """The first requirement of outcome ``k`` that partner row ``i`` does not meet, in words."""
    outcome = table.spec.outcomes[k]
    row = table.row(i)
    for req in outcome.requirements:
        if not bool(table.checks[outcome.id][req.key][i]):
            return f"{outcome.title}: {req.explain(table.spec, row, False)}"
    return f"{outcome.title}: every requirement is met, but an earlier outcome came first"


def _why(result: Result, pid: str, decided: str) -> str:
    """Why the outcome as of the decision's year does not recommend ``decided``."""
    table = result.table
    spec = table.spec
    i = result.row(pid)
    k = int(table.outcome[i])
    card = result[pid]
    if k < 0:
        return card.reason
    wanted = status_rank(spec, decided)
    if wanted is None or wanted >= len(spec.outcomes):
        wanted = len(spec.outcomes) - 1
    if card.status_change in (MEETS, FALLS_SHORT, TOO_THIN) and wanted > k:
        return f"the status it held stands under the criteria, which never demote: {card.reason}"
    if spec.tracks[min(wanted, len(spec.outcomes) - 1)] != spec.tracks[k] and wanted < len(spec.outcomes) - 1 \
            and k < len(spec.outcomes) - 1:
        return f"the criteria recommend another track: {card.reason}"
    if wanted < k:
        return _first_unmet(table, i, wanted)
    return f"the criteria recommend more: {card.reason}"


def decisions_for(project: Project, lset: LoadedSet, decisions: str | None = None) -> tuple[str, list[Decision]]:
    """The decisions file a set is held against: its own, or the one of the set ``decisions`` names;
    every decided status must be one an outcome of the set recommends."""
    name = decisions or lset.model.id
    found = project.decisions.get(name)
    if found is None:
        raise UsageError(f"no decisions file for the set '{name}'; write criteria/{name}.decisions.yaml "
                         f"(SPEC section 6c){suggest(name, project.decisions)}")
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


def scored_years(project: Project, lset: LoadedSet, decisions: list[Decision]) -> dict[Cutoff, Result]:
    """Every partner scored against ``lset`` at each cutoff a decision is replayed at."""
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    return {cut: score_partners(lset, project, partners, cut) for cut in sorted({cutoff_of(d) for d in decisions})}


def replay(project: Project, lset: LoadedSet, decisions: list[Decision],
           results: dict[Cutoff, Result] | None = None) -> Backtest:
    """Each decision scored against ``lset`` at its cutoff, with only the evidence visible then
    (``results``: the cutoffs already scored)."""
    results = results if results is not None else scored_years(project, lset, decisions)
    replays = []
    for d in decisions:
        result = results[cutoff_of(d)]
        table = result.table
        k = int(table.outcome[result.row(d.partner)])
        recommended = "" if k < 0 else table.spec.outcomes[k].status
        agree = recommended == d.status
        replays.append(Replay(d.partner, project.partners[d.partner].model.name, d.year, d.status, recommended,
                              table.outcome_id(result.row(d.partner)), agree,
                              "" if agree else _why(result, d.partner, d.status), d.source, d.date))
    return Backtest(lset, replays)


def backtest(project: Project, criteria: str | None = None, decisions: str | None = None) -> Backtest:
    """Replay every decision of the set's decisions file (or of the set ``decisions`` names) at its cutoff."""
    lset = project.criteria_set(criteria)
    return replay(project, lset, decisions_for(project, lset, decisions)[1])
