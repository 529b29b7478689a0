"""What a change of criteria or data does: two revisions scored, every change with its causes.

Revisions are read with git itself (``git archive`` into a temporary folder), never by
checking them out over the user's files. The working tree is the default head.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..base.errors import DataError, GitError, Problem, UsageError
from ..base.text import fmt_points
from ..loading.models import CriteriaSet
from ..loading.project import Project
from ..loading.reading import collect, load_root
from ..scoring.evidence import describe
from ..scoring.requirements import CompletenessRequirement
from ..scoring.result import Result, default_as_of, score_project
from .git import git as _git

DATA_ENTRIES = ("criteria", "partners", "reviews", "evaluator.yaml")


def load_revision(root: Path, rev: str, into: Path) -> Project:
    """The root as it was at ``rev``, read with ``git archive`` into the folder ``into``."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = root.resolve().relative_to(top.resolve())
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        commit = found.decode().strip()
    except GitError:
        raise UsageError(f"unknown revision '{rev}': no commit of this repository has that name") from None
    listed = _git(top, "ls-tree", "--name-only", commit, f"{prefix.as_posix()}/" if str(prefix) != "." else ".")
    present = {Path(line).name for line in listed.decode().splitlines()}
    wanted = [(prefix / d).as_posix() for d in DATA_ENTRIES if d in present]
    if "criteria" not in present or "partners" not in present:
        raise GitError(f"{rev} has no criteria/ and partners/ under {prefix.as_posix()}")
    _extract(_git(top, "archive", "--format=tar", commit, "--", *wanted), into, rev)
    base = into / prefix
    project, problems = collect(base)
    if problems or project is None:
        shown = [Problem(f"{rev}:{_relative(p.path, base)}", p.line, p.column, p.message) for p in problems]
        raise DataError(shown)
    return project


def _extract(archive: bytes, into: Path, rev: str) -> None:
    """The folders and files of a ``git archive`` tar, written under ``into``, and nothing else.

    Written here rather than with ``TarFile.extractall(filter="data")``, which Python 3.11.0 to
    3.11.3 lack, with the same protection: no absolute or parent paths, no devices, and a
    symbolic link only as a copy of a file of the same archive that it names. Only YAML files
    are written: a README or notes file beside the data is not read, whatever it links to.
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = tar.getmembers()
        files = {PurePosixPath(m.name): m for m in members if m.isfile()}
        for member in members:
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                raise GitError(f"{rev}: '{member.name}' points outside the repository")
            target = into.joinpath(*name.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if name.suffix not in (".yaml", ".yml") and name.name != "evaluator.yaml":
                continue            # a README or notes beside the data: not read, whatever it links to
            source = files.get(name) if member.isfile() else _link_target(member, name, files)
            if source is None:
                raise GitError(f"{rev}: '{member.name}' is a link to a file outside the data of the revision; "
                               "data files must be regular files or links to them")
            stream = tar.extractfile(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stream.read() if stream is not None else b"")


def _link_target(member: tarfile.TarInfo, name: PurePosixPath,
                 files: dict[PurePosixPath, tarfile.TarInfo]) -> tarfile.TarInfo | None:
    """The file of the archive a symbolic link names, or None (absolute, outside, or not a file)."""
    if not member.issym() or member.linkname.startswith("/"):
        return None
    parts: list[str] = []
    for part in (*name.parent.parts, *PurePosixPath(member.linkname).parts):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return files.get(PurePosixPath(*parts)) if parts else None


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
    review: tuple[str, str] = ("", "")      # the review of the status held, before and after

    @property
    def outcome_changed(self) -> bool:
        """True when the recommendation itself changed: its outcome, or the review of the status held."""
        return self.outcome[0] != self.outcome[1] or self.review_changed

    @property
    def review_changed(self) -> bool:
        """True when the review of the status held changed (meets → falls-short, ...)."""
        return self.review[0] != self.review[1] and self.outcome[0] is not None and self.outcome[1] is not None

    def outcome_text(self, strong: Callable[[str], str] = str) -> str:
        """``full → sectoral``, ``full (unchanged); review meets → falls-short``: what changed marked ``strong``."""
        a, b = self.outcome
        text = strong(f"{a or 'absent'} → {b or 'absent'}") if a != b else f"{b} (unchanged)"
        if self.review_changed:
            text += "; " + strong(f"review {self.review[0] or 'none'} → {self.review[1] or 'none'}")
        return text


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
        for key in [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]:
            add("outcomes", f"outcome '{ident}' requires {key}: {_short(before.get(key, 'nothing'))} → "
                            f"{_short(after.get(key, 'nothing'))}")
    return out


def _reading(result: Result, pid: str, column: int, gate: bool = False) -> str:
    """What criterion (or simple gate) ``column`` read for ``pid`` in ``result``, every figure shown
    (a window's years, a conversion's rate), so that any change of a figure it used shows."""
    if pid not in result.partners:
        return "no value"
    spec, inputs = result.table.spec, result.table.inputs
    row = result.row(pid)
    if gate:
        return describe(inputs.gate_observed[column][row], spec.gates[column].unit)
    return describe(inputs.observed[row][column], spec.criteria[column].unit)


def _column_text(result: Result, pid: str, cid: str) -> str:
    ids = result.table.spec.criterion_ids
    return _reading(result, pid, ids.index(cid)) if cid in ids else "no value"


def _gate_text(result: Result, pid: str, gid: str) -> str:
    spec = result.table.spec
    if gid not in spec.gate_ids or spec.gates[spec.gate_ids.index(gid)].composite:
        return "no value"
    return _reading(result, pid, spec.gate_ids.index(gid), gate=True)


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
        compiled = (after.table.spec if cid in b_set.criteria else before.table.spec).criterion(cid)
        old_value = _column_text(before, pid, cid)
        new_value = _column_text(after, pid, cid)
        if old_value != new_value:
            causes.append(f"value of {crit.indicator} for '{cid}': {old_value} → {new_value}")
        elif points_changed and compiled.rule.peers and f"criterion:{cid}" not in changes:
            causes.append(f"criterion '{cid}' ({compiled.params}-is-better {compiled.rule.name}): the peer set changed"
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
            old_value, new_value = _gate_text(before, pid, gid), _gate_text(after, pid, gid)
            if old_value != new_value:
                causes.append(f"value read by gate '{gid}': {old_value} → {new_value}")
            causes += changes.get(f"gate:{gid}", [])
    if a_card and b_card:
        causes += _crossings(a_card.completeness, b_card.completeness, _completeness_limits(after), "completeness",
                             "{:.3f}")
        causes += _crossings(a_card.overall, b_card.overall, _score_limits(after), "overall score", "{:.1f}")
    if a_card and b_card and (a_card.outcome != b_card.outcome or a_card.status_change != b_card.status_change):
        causes += changes.get("outcomes", [])
    causes += changes.get("set", [])
    return list(dict.fromkeys(causes))


def _completeness_limits(result: Result) -> list[tuple[float, str]]:
    """Every completeness an outcome asks for, and the minimum below which evidence is insufficient."""
    spec = result.table.spec
    limits = [(spec.min_completeness, "the minimum for any recommendation")] if spec.min_completeness else []
    for outcome in spec.outcomes:
        limits += [(r.limit, f"'{outcome.id}'") for r in outcome.requirements
                   if isinstance(r, CompletenessRequirement)]
    return limits


def _score_limits(result: Result) -> list[tuple[float, str]]:
    """Every overall score an outcome asks for."""
    return [(limit, f"'{o.id}'") for o in result.table.spec.outcomes if (limit := o.score_limit()) is not None]


def _crossings(old: float | None, new: float | None, limits: list[tuple[float, str]], what: str,
               shown: str) -> list[str]:
    """``completeness 0.523 → 0.478, below the 0.5 'dialogue-partner' asks for`` for each limit crossed."""
    if old is None or new is None or old == new:
        return []
    out = []
    for limit, whose in limits:
        if (old >= limit) != (new >= limit):
            side = "below" if new < limit else "reaching"
            out.append(f"{what} {shown.format(old)} → {shown.format(new)}, {side} the {limit:g} {whose} asks for"
                       if whose.startswith("'") else
                       f"{what} {shown.format(old)} → {shown.format(new)}, {side} {limit:g}, {whose}")
    return out


def _peer_change(before: Result, after: Result, pid: str, indicator: str) -> str:
    def values(result: Result) -> dict[str, Any]:
        return {p: [(o.value, o.year) for o in partner.observations(indicator)]
                for p, partner in result.partners.items() if p != pid and indicator in partner.indicators}

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
        review = (a.status_change if a else "", b.status_change if b else "")
        if outcome[0] == outcome[1] and overall[0] == overall[1] and not pillars and review[0] == review[1]:
            continue
        causes = ["partner added"] if a is None else ["partner removed"] if b is None else []
        causes += _partner_causes(pid, before, after, changes) if a and b else []
        changed.append(PartnerChange(pid, outcome, overall, pillars, causes or ["no single cause found"], review))
    listed = [text for texts in changes.values() for text in texts]
    return Diff(base, head, after.criteria.model.id, after.as_of, listed, changed)


def diff_revisions(root: Path, base: str, head: str | None, criteria: str | None, as_of: int | None) -> Diff:
    """Score the root at ``base`` and at ``head`` (default: the working tree) and compare."""
    with tempfile.TemporaryDirectory(prefix="evaluator-diff-") as tmp:
        before_project = load_revision(root, base, Path(tmp) / "base")
        if head is None:
            after_project = load_root(root)
        else:
            after_project = load_revision(root, head, Path(tmp) / "head")
        set_id = criteria or after_project.criteria_set(None).model.id
        year = default_as_of(as_of, after_project)
        before = score_project(before_project, set_id if set_id in before_project.sets else None, year)
        after = score_project(after_project, set_id, year)
        for result in (before, after):
            for pid in result.partners:
                result[pid]           # build every scorecard while the revision's files exist
        return compare(before, after, base, head or "working tree")
