"""Criteria tests (``criteria/<set-id>.tests.yaml``): expected outcomes a criteria edit must keep."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..loading.project import Project
from ..loading.records import Case, Partner
from ..scoring.result import Result, score_partners


@dataclass(frozen=True)
class CaseResult:
    """One case: what was expected, what came out, and whether they agree."""

    criteria_set: str
    partner: str
    passed: bool
    differences: list[str]
    where: str = ""         # FILE:LINE of the case in its tests file

    def line(self) -> str:
        """One line: PASS or FAIL, where the case is, the set and the partner, what differs."""
        at = f"{self.where}: " if self.where and not self.passed else ""
        head = f"{'PASS' if self.passed else 'FAIL'} {at}{self.criteria_set}: {self.partner}"
        return head if self.passed else f"{head}: " + "; ".join(self.differences)


def _check(case: Case, result: Result, set_id: str) -> CaseResult:
    card = result[case.partner_id]
    diffs: list[str] = []
    if card.outcome != case.outcome:
        diffs.append(f"outcome expected {case.outcome}, got {card.outcome} ({card.reason})")
    elif case.review is not None and card.status_change != case.review:
        diffs.append(f"review expected {case.review}, got {card.status_change or 'none'} ({card.reason})")
    elif case.review is None and card.status_change == "falls-short":
        diffs.append(f"outcome expected {case.outcome}, got {card.outcome} short of its requirements, the status "
                     f"held standing for review ({card.reason})")
    if case.overall is not None:
        low, high = case.overall
        if card.overall is None or not low <= card.overall <= high:
            got = "no score" if card.overall is None else f"{card.overall:.1f}"
            diffs.append(f"overall expected in [{low:g}, {high:g}], got {got}")
    gates = {g.id: g.status for g in card.gates}
    for gid, want in (case.gates or {}).items():
        if gates.get(gid) != want:
            diffs.append(f"gate {gid} expected {want}, got {gates.get(gid)}")
    if diffs:
        return CaseResult(set_id, case.partner_id, False, diffs)
    detail = f"{card.outcome}" + (f", overall {card.overall:.1f}" if card.overall is not None else "")
    return CaseResult(set_id, case.partner_id, True, [detail])


def run_cases(project: Project, only: str | None = None) -> list[CaseResult]:
    """Every case of every tests file, or of one set (an id or a path), scored with the partners
    of the root. A set given by path runs the tests kept for its id, against the file given."""
    chosen = project.criteria_set(only) if only is not None else None
    results: list[CaseResult] = []
    for set_id, (casefile, doc) in sorted(project.cases.items()):
        if chosen is not None and set_id != chosen.model.id:
            continue
        lset = chosen or project.criteria_set(set_id)
        partners = {pid: lp.model for pid, lp in project.partners.items()}
        for case in casefile.cases:
            if case.partner_data is not None:
                data = case.partner_data.model_dump(by_alias=True)
                partners[case.partner_id] = Partner.model_validate({**data, "id": case.partner_id})
        result = score_partners(lset, project, partners, casefile.as_of)
        for i, case in enumerate(casefile.cases):
            found = _check(case, result, set_id)
            results.append(dataclasses.replace(found, where=f"{doc.display}:{doc.where(('cases', i))[0]}"))
    return results
