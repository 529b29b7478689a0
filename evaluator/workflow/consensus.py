"""``evaluator consensus``: every partner scored under each member state's weights (SPEC section 12)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..base.errors import UsageError, display_path
from ..loading.project import LoadedSet, Project
from ..loading.reading import load_members
from ..scoring.consensus import ResolvedWeights, Verdict, member_verdicts, member_weights
from ..scoring.result import Result


@dataclass(frozen=True)
class Consensus:
    """The members' weights for the set, and the verdict of every partner (or one)."""

    result: Result
    members: list[ResolvedWeights]
    verdicts: list[Verdict]

    @property
    def criteria(self) -> LoadedSet:
        """The set scored."""
        return self.result.criteria

    @property
    def as_of(self) -> int:
        """The as-of year."""
        return self.result.as_of

    def to_dict(self) -> dict[str, Any]:
        """SPEC section 12: ``{partner_id: {verdict, outcome, members, dissenters}}``."""
        return {v.partner_id: {"verdict": v.verdict, "outcome": v.outcome, "members": v.members,
                               "dissenters": [{**asdict(d), "shift": None if d.shift is None else round(d.shift, 4)}
                                              for d in v.dissenters]}
                for v in self.verdicts}

    def forms(self) -> list[dict[str, Any]]:
        """Each member's weights: the form they came in, the consistency ratio of pairwise ones."""
        return [{"member": m.id, "name": m.name, "form": m.form,
                 "consistency_ratio": None if m.consistency is None else round(m.consistency, 4),
                 "ignored": list(m.ignored)} for m in self.members]


def member_set(project: Project, result: Result, folder: Path | None = None) -> list[ResolvedWeights]:
    """Every member's weights for the set scored, in the order of their ids: from ``members/`` of the
    root, or from ``folder``."""
    found = project.members if folder is None else load_members(project, folder)
    where = display_path(folder if folder is not None else project.root / "members")
    if not found:
        raise UsageError(f"no member files in {where}; write members/<member-id>.yaml with a member state's "
                         "weights (examples/consensus/members has one in each form), or give --members DIR")
    spec = result.table.spec
    return [member_weights(spec, member, doc) for _, (member, doc) in sorted(found.items())]


def consensus_of(project: Project, result: Result, partner: str | None = None,
                 folder: Path | None = None) -> Consensus:
    """The verdict of every partner of ``result`` (or one) under every member's weights."""
    members = member_set(project, result, folder)
    rows = None if partner is None else np.array([result.row(partner)])
    return Consensus(result, members, member_verdicts(result.table, members, rows))


def consensus_line(project: Project, result: Result, partner: str) -> str:
    """The verdict under the member states' weights in words, when the root has members/."""
    if not project.members:
        return ""
    (verdict,) = consensus_of(project, result, partner).verdicts
    others = "; ".join(f"{d.member} gives {d.outcome}" for d in verdict.dissenters)
    return f"{verdict.verdict}: the majority's outcome is {verdict.outcome}" + (f" ({others})" if others else "")
