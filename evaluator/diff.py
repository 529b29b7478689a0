"""What a change of criteria or data does: two revisions scored, every change with its causes.

Revisions are read with git itself (``git archive`` into a temporary folder), never by
checking them out over the user's files. The working tree is the default head.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError, GitError, Problem
from .formatting import fmt_points, fmt_value
from .models import CriteriaSet, Partner
from .project import Project, collect
from .result import Result, score_project

DATA_DIRS = ("criteria", "partners", "reviews")


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def load_revision(root: Path, rev: str, into: Path) -> Project:
    """The root as it was at ``rev``, read with ``git archive`` into the folder ``into``."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = root.resolve().relative_to(top.resolve())
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    listed = _git(top, "ls-tree", "--name-only", commit, f"{prefix.as_posix()}/" if str(prefix) != "." else ".")
    present = {Path(line).name for line in listed.decode().splitlines()}
    wanted = [(prefix / d).as_posix() for d in DATA_DIRS if d in present]
    if "criteria" not in present or "partners" not in present:
        raise GitError(f"{rev} has no criteria/ and partners/ under {prefix.as_posix()}")
    archive = _git(top, "archive", "--format=tar", commit, "--", *wanted)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    base = into / prefix
    project, problems = collect(base)
    if problems or project is None:
        shown = [Problem(f"{rev}:{_relative(p.path, base)}", p.line, p.column, p.message) for p in problems]
        raise DataError(shown)
    return project


def _relative(path: str, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path


@dataclass
class PartnerChange:
    """One partner whose outcome, overall or pillar scores changed, and why."""

    partner_id: str
    outcome: tuple[str | None, str | None]
    overall: tuple[float | None, float | None]
    pillars: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)

    @property
    def outcome_changed(self) -> bool:
        """True when the recommendation itself changed."""
        return self.outcome[0] != self.outcome[1]


@dataclass
class Diff:
    """Every changed partner between two revisions, with the set-level changes."""

    base: str
    head: str
    criteria_set: str
    as_of: int
    set_changes: list[str]
    partners: list[PartnerChange]

    @property
    def outcome_changed(self) -> bool:
        """True when any partner's outcome changed (``--exit-code``)."""
        return any(p.outcome_changed for p in self.partners)


def _short(data: Any) -> str:
    if isinstance(data, dict):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in data.items() if v is not None) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(_short(v) for v in data) + "]"
    if isinstance(data, float) and data.is_integer():
        return str(int(data))
    return str(data)


def _dump(model: Any) -> Any:
    return model.model_dump(exclude_none=True, by_alias=True, exclude={"title", "rationale", "description"})


def set_changes(a: CriteriaSet, b: CriteriaSet) -> dict[str, list[str]]:
    """Changes between two versions of a set, keyed by what they touch (criterion:x, pillar:x, ...)."""
    out: dict[str, list[str]] = {}

    def add(key: str, text: str) -> None:
        out.setdefault(key, []).append(text)

    for field_name in ("missing", "max_age_years", "min_completeness"):
        before, after = getattr(a, field_name), getattr(b, field_name)
        if before != after:
            add("set", f"set {field_name}: {_short(before)} → {_short(after)}")
    for kind, first, second in (("pillar", a.pillars, b.pillars), ("criterion", a.criteria, b.criteria),
                                ("gate", a.gates, b.gates)):
        for ident in sorted(set(first) | set(second)):
            if ident not in first:
                add(f"{kind}:{ident}", f"{kind} '{ident}' added")
            elif ident not in second:
                add(f"{kind}:{ident}", f"{kind} '{ident}' removed")
            else:
                old, new = _dump(first[ident]), _dump(second[ident])
                for key in sorted(set(old) | set(new)):
                    if old.get(key) != new.get(key):
                        add(f"{kind}:{ident}", f"{kind} '{ident}' {key}: {_short(old.get(key))} → "
                                               f"{_short(new.get(key))}")
    old_out = {o.id: o for o in a.outcomes}
    new_out = {o.id: o for o in b.outcomes}
    if [o.id for o in a.outcomes] != [o.id for o in b.outcomes]:
        add("outcomes", f"outcome order: {', '.join(old_out)} → {', '.join(new_out)}")
    for ident in sorted(set(old_out) & set(new_out)):
        before = _dump(old_out[ident].require) if old_out[ident].require else {}
        after = _dump(new_out[ident].require) if new_out[ident].require else {}
        if before != after:
            add("outcomes", f"outcome '{ident}' requires {_short(before)} → {_short(after)}")
    return out


def _value_text(partner: Partner | None, indicator: str, unit: str | None) -> str:
    entry = partner.indicators.get(indicator) if partner is not None else None
    if entry is None:
        return "no value"
    return fmt_value(entry.value, unit) + (f" ({entry.year})" if entry.year is not None else "")


def _partner_causes(pid: str, before: Result, after: Result, changes: dict[str, list[str]]) -> list[str]:
    causes: list[str] = []
    a_set, b_set = before.table.spec.cset, after.table.spec.cset
    a_partner, b_partner = before.partners.get(pid), after.partners.get(pid)
    a_card = before[pid] if a_partner is not None else None
    b_card = after[pid] if b_partner is not None else None
    a_crit = {c.id: c for c in a_card.criteria} if a_card else {}
    b_crit = {c.id: c for c in b_card.criteria} if b_card else {}
    for cid in list(b_set.criteria) + [c for c in a_set.criteria if c not in b_set.criteria]:
        ca, cb = a_crit.get(cid), b_crit.get(cid)
        counted = (ca is not None and ca.points is not None) or (cb is not None and cb.points is not None)
        points_changed = (ca.points if ca else None) != (cb.points if cb else None)
        if f"criterion:{cid}" in changes and (counted or points_changed):
            causes += changes[f"criterion:{cid}"]
        crit = b_set.criteria.get(cid) or a_set.criteria[cid]
        unit = (after.table.spec if cid in b_set.criteria else before.table.spec).unit(crit.indicator)
        old_value = _value_text(a_partner, crit.indicator, unit)
        new_value = _value_text(b_partner, crit.indicator, unit)
        if old_value != new_value:
            causes.append(f"value of {crit.indicator} for '{cid}': {old_value} → {new_value}")
        elif points_changed and crit.score.percentile is not None and f"criterion:{cid}" not in changes:
            causes.append(f"criterion '{cid}' ({crit.score.percentile}-is-better percentile): the peer set changed"
                          f" ({_peer_change(before, after, pid, crit.indicator)}); points "
                          f"{fmt_points(ca.points if ca else None)} → {fmt_points(cb.points if cb else None)}")
    for pillar in sorted(set(a_set.pillars) | set(b_set.pillars)):
        if f"pillar:{pillar}" in changes:
            causes += changes[f"pillar:{pillar}"]
    a_gates = {g.id: g.status for g in a_card.gates} if a_card else {}
    b_gates = {g.id: g.status for g in b_card.gates} if b_card else {}
    for gid in sorted(set(a_gates) | set(b_gates)):
        if a_gates.get(gid) != b_gates.get(gid):
            causes.append(f"gate '{gid}': {a_gates.get(gid, 'absent')} → {b_gates.get(gid, 'absent')}")
            causes += changes.get(f"gate:{gid}", [])
    if a_card and b_card and a_card.outcome != b_card.outcome:
        causes += changes.get("outcomes", [])
    causes += changes.get("set", [])
    return list(dict.fromkeys(causes))


def _peer_change(before: Result, after: Result, pid: str, indicator: str) -> str:
    def values(result: Result) -> dict[str, Any]:
        return {p: (e.value, e.year) for p, partner in result.partners.items() if p != pid
                and (e := partner.indicators.get(indicator)) is not None}

    a, b = values(before), values(after)
    parts = [f"added {p}" for p in sorted(set(b) - set(a))]
    parts += [f"removed {p}" for p in sorted(set(a) - set(b))]
    parts += [f"{p}'s value changed" for p in sorted(set(a) & set(b)) if a[p] != b[p]]
    return ", ".join(parts) or "peers' values or years changed"


def compare(before: Result, after: Result, base: str, head: str) -> Diff:
    """Every partner whose outcome, overall or pillar scores differ, with the causes."""
    changes = set_changes(before.table.spec.cset, after.table.spec.cset)
    pillar_ids = list(dict.fromkeys(before.table.spec.pillar_ids + after.table.spec.pillar_ids))
    changed: list[PartnerChange] = []
    for pid in sorted(set(before.partners) | set(after.partners)):
        a = before[pid] if pid in before.partners else None
        b = after[pid] if pid in after.partners else None
        a_p = {p.id: p.score for p in a.pillars} if a else {}
        b_p = {p.id: p.score for p in b.pillars} if b else {}
        pillars = [(p, a_p.get(p), b_p.get(p)) for p in pillar_ids if a_p.get(p) != b_p.get(p)]
        outcome = (a.outcome if a else None, b.outcome if b else None)
        overall = (a.overall if a else None, b.overall if b else None)
        if outcome[0] == outcome[1] and overall[0] == overall[1] and not pillars:
            continue
        causes = ["partner added"] if a is None else ["partner removed"] if b is None else []
        causes += _partner_causes(pid, before, after, changes) if a and b else []
        changed.append(PartnerChange(pid, outcome, overall, pillars, causes or ["no single cause found"]))
    listed = [text for texts in changes.values() for text in texts]
    return Diff(base, head, after.criteria.model.id, after.as_of, listed, changed)


def diff(root: Path, base: str, head: str | None, criteria: str | None, as_of: int) -> Diff:
    """Score the root at ``base`` and at ``head`` (default: the working tree) and compare."""
    from .project import load

    with tempfile.TemporaryDirectory(prefix="evaluator-diff-") as tmp:
        before_project = load_revision(root, base, Path(tmp) / "base")
        if head is None:
            after_project = load(root)
        else:
            after_project = load_revision(root, head, Path(tmp) / "head")
        set_id = criteria or after_project.criteria_set(None).model.id
        before = score_project(before_project, set_id if set_id in before_project.sets else None, as_of)
        after = score_project(after_project, set_id, as_of)
        for result in (before, after):
            for pid in result.partners:
                result[pid]           # build every scorecard while the revision's files exist
        return compare(before, after, base, head or "working tree")


# --- rendering ------------------------------------------------------------------------------


def _arrow(a: Any, b: Any, fmt: Any = str) -> str:
    return f"{fmt(a)} → {fmt(b)}"


def _outcome_text(change: PartnerChange) -> str:
    a, b = change.outcome
    return _arrow(a or "absent", b or "absent") if change.outcome_changed else f"{b} (unchanged)"


def diff_text(d: Diff) -> str:
    """For a terminal."""
    lines = [f"{d.criteria_set}: {d.base} → {d.head}, as of {d.as_of}"]
    if d.set_changes:
        lines += ["", "Criteria changes:"] + [f"  - {c}" for c in d.set_changes]
    lines.append("")
    if not d.partners:
        lines.append("No partner's outcome, overall or pillar score changed.")
    for change in d.partners:
        lines.append(f"{change.partner_id}: {_outcome_text(change)}; overall "
                     f"{_arrow(*change.overall, fmt=fmt_points)}")
        for pid, a, b in change.pillars:
            lines.append(f"    pillar {pid}: {_arrow(a, b, fmt=fmt_points)}")
        lines += [f"    because {cause}" for cause in change.causes]
    return "\n".join(lines) + "\n"


def diff_markdown(d: Diff) -> str:
    """Sized for a pull-request comment."""
    from .views import md

    changed = sum(c.outcome_changed for c in d.partners)
    out = [f"### evaluator diff: {md(d.criteria_set)} ({md(d.base)} → {md(d.head)}, as of {d.as_of})", "",
           f"{len(d.partners)} partner{'s' if len(d.partners) != 1 else ''} changed, "
           f"{changed} outcome{'s' if changed != 1 else ''}.", ""]
    if d.partners:
        out += ["| Partner | Outcome | Overall | Pillars |", "|---|---|---:|---|"]
        for c in d.partners:
            pillars = "; ".join(f"{md(p)} {_arrow(a, b, fmt=fmt_points)}" for p, a, b in c.pillars)
            outcome = f"**{md(_outcome_text(c))}**" if c.outcome_changed else md(_outcome_text(c))
            out.append(f"| {md(c.partner_id)} | {outcome} | {_arrow(*c.overall, fmt=fmt_points)} | {pillars} |")
        out += ["", "<details><summary>Causes</summary>", ""]
        for c in d.partners:
            out.append(f"- **{md(c.partner_id)}**")
            out += [f"    - {md(cause)}" for cause in c.causes]
        out += ["", "</details>"]
    if d.set_changes:
        out += ["", "Criteria changes:", ""] + [f"- {md(c)}" for c in d.set_changes]
    return "\n".join(out) + "\n"


def diff_rows(d: Diff) -> list[dict[str, Any]]:
    """One row per changed field: partner_id, field, before, after, causes."""
    rows: list[dict[str, Any]] = []
    for c in d.partners:
        causes = "; ".join(c.causes)
        if c.outcome_changed:
            rows.append({"partner_id": c.partner_id, "field": "outcome", "before": c.outcome[0],
                         "after": c.outcome[1], "causes": causes})
        if c.overall[0] != c.overall[1]:
            rows.append({"partner_id": c.partner_id, "field": "overall", "before": c.overall[0],
                         "after": c.overall[1], "causes": causes})
        for pid, a, b in c.pillars:
            rows.append({"partner_id": c.partner_id, "field": f"pillar:{pid}", "before": a, "after": b,
                         "causes": causes})
    return rows
