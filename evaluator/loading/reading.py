"""Reading a root: every data file read and checked before anything is scored, every problem of
every file collected (``collect``), or the loaded project (``load``)."""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..base.errors import DataError, Problem, UsageError, display_path
from ..base.text import suggest
from . import checks, partner_checks, record_checks
from .deciding import granted
from .models import Catalogue
from .project import (
    Cases,
    Decisions,
    LoadedPartner,
    LoadedSet,
    Members,
    Project,
    Reviews,
    check_set_doc,
    read_doc,
)
from .pydantic_errors import parse
from .records import CaseFile, DecisionFile, Member, Partner, ProjectDefaults, Rates, ReviewFile
from .root import (
    CATALOGUE,
    DECISIONS_SUFFIX,
    DEFAULTS,
    TESTS_SUFFIX,
    entry_problem,
    exists_as,
    find_root,
    resolve_root,
    stray,
    yaml_files,
)
from .yamlfile import Document

M = TypeVar("M", bound=BaseModel)


def read_catalogue(root: Path, problems: list[Problem]) -> Catalogue | None:
    """The indicator catalogue of a root, or None with its problems added to ``problems``."""
    path = root / "criteria" / CATALOGUE
    if not os.path.lexists(path):
        problems.append(Problem(display_path(path), 1, 1, "the indicator catalogue is missing; "
                                                          "create it with an 'indicators:' mapping"))
        return None
    why = entry_problem(path, root)
    if why is not None:
        problems.append(Problem(display_path(path), 1, 1, why))
        return None
    doc = read_doc(path, problems)
    return parse(doc, Catalogue, problems) if doc is not None else None


def collect(root: Path, only: Iterable[Path] | None = None) -> tuple[Project | None, list[Problem]]:
    """Read and check the files of ``root`` (or only those under ``only``); never raises DataError.

    Why the garbage collector is paused: loading creates millions of small objects that all
    stay alive; a full collection every few thousand of them made loading 3,000 partner files
    nearly twice as slow, and found nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(root, only)
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Reading:
    """The state of one run of ``collect``: what is read so far, and which files count."""

    root: Path
    wanted: list[Path] | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    unread_sets: set[str] = field(default_factory=set)
    unread_partners: dict[str, Path] = field(default_factory=dict)

    @property
    def unread(self) -> checks.Unread:
        """The sets and partners whose files are there but did not load."""
        return checks.Unread(frozenset(self.unread_sets), frozenset(self.unread_partners))

    def note_unread(self, names: set[str] | dict[str, Path], path: Path, doc: Document | None) -> None:
        """Remember ``path`` (by file name, and by the id it gives) as there but not loaded."""
        ids = {path.name.removesuffix(".yaml")}
        raw = doc.data if doc is not None else None
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            ids.add(raw["id"])
        for ident in ids:
            if isinstance(names, dict):
                names[ident] = path
            else:
                names.add(ident)

    def chosen(self, path: Path) -> bool:
        """True when ``path`` is among the files asked for (all when none were named)."""
        if self.wanted is None:
            return True
        resolved = path.resolve()
        return any(resolved == w or w in resolved.parents for w in self.wanted)

    def keep(self, path: Path, local: list[Problem]) -> None:
        """Count ``path`` and keep its problems when it was asked for."""
        if self.chosen(path):
            self.problems.extend(local)
            self.files += 1


def _read_sets(run: _Reading, catalogue: Catalogue | None) -> tuple[dict[str, LoadedSet], list[Path]]:
    sets: dict[str, LoadedSet] = {}
    case_paths: list[Path] = []
    for path in yaml_files(run.root / "criteria", run.problems, run.root):
        if path.name in (CATALOGUE, checks.RATES):
            continue
        if path.name.endswith((TESTS_SUFFIX, DECISIONS_SUFFIX)):
            case_paths.append(path)
            continue
        local: list[Problem] = []
        doc = read_doc(path, local)
        loaded = check_set_doc(doc, catalogue, local) if doc is not None else None
        run.keep(path, local)
        if loaded is not None:
            sets[loaded.model.id] = loaded
        else:
            run.note_unread(run.unread_sets, path, doc)
    return sets, case_paths


def _read_optional(run: _Reading, path: Path, model: type[M]) -> tuple[M | None, Document | None, list[Problem]]:
    """An optional file of the root (``evaluator.yaml``, ``criteria/rates.yaml``), read and parsed."""
    if not os.path.lexists(path):
        return None, None, []
    local: list[Problem] = []
    why = entry_problem(path, run.root)
    if why is not None:
        return None, None, [Problem(display_path(path), 1, 1, why)]
    doc = read_doc(path, local)
    return (parse(doc, model, local) if doc is not None else None), doc, local


def _read_rates(run: _Reading) -> Rates:
    """``criteria/rates.yaml`` when the root has one: annual exchange rates, each with its source."""
    path = run.root / "criteria" / checks.RATES
    model, _, local = _read_optional(run, path, Rates)
    if os.path.lexists(path):
        run.keep(path, local)       # a link or pipe is also named by the listing of criteria/: said once
    return model or Rates()


def _read_partners(run: _Reading, catalogue: Catalogue | None, rates: Rates,
                   sets: dict[str, LoadedSet]) -> dict[str, LoadedPartner]:
    partners: dict[str, LoadedPartner] = {}
    statuses = granted(sets) if sets and not run.unread_sets else None
    seen: dict[tuple[str, str], Path] = {}
    for path in yaml_files(run.root / "partners", run.problems, run.root):
        local: list[Problem] = []
        doc = read_doc(path, local)
        model = parse(doc, Partner, local) if doc is not None else None
        if doc is not None:
            partner_checks.check_partner(doc, catalogue, local, rates=rates, statuses=statuses)
            if model is not None and not any(not p.warning for p in local):
                _same_partner(doc, model, path, seen, local)
            doc.forget_positions()
        if model is not None:
            partners[model.id] = LoadedPartner(model.compact(), doc)
        if model is None or any(not p.warning for p in local):
            run.note_unread(run.unread_partners, path, doc)
        elif doc is not None:
            doc.data = {}               # the model holds it all now; the parsed tree would double the memory
        run.keep(path, local)
    return partners


def _same_partner(doc: Document, model: Partner, path: Path, seen: dict[tuple[str, str], Path],
                  problems: list[Problem]) -> None:
    """A partner's name and codes are its own: a copy of a file under another id would be scored,
    ranked and counted twice."""
    marks: list[tuple[tuple[str, int] | tuple[str], str, str]] = [(("name",), "name", model.name)]
    marks += [(("codes", i), "code", code) for i, code in enumerate(model.codes)]
    for loc, what, value in marks:
        key = (what, value.casefold())
        other = seen.setdefault(key, path)
        if other != path:
            problems.append(doc.problem(loc, f"{loc[0]}: the {what} '{value}' is also that of "
                                             f"{display_path(other)}; one partner has one file (delete the "
                                             "copy, or give this partner its own name and codes)"))
            return


def _read_cases(run: _Reading, case_paths: list[Path], sets: dict[str, LoadedSet],
                partners: dict[str, LoadedPartner], catalogue: Catalogue | None, rates: Rates) -> dict[str, Cases]:
    cases: dict[str, Cases] = {}
    for set_id, casefile, doc in _set_files(run, case_paths, TESTS_SUFFIX, CaseFile):
        cset = sets[set_id].model if set_id in sets else None
        record_checks.check_cases(casefile.cases, doc, cset, partners, catalogue, run.problems, rates, run.unread)
        cases[set_id] = (casefile, doc)
    return cases


def _set_files(run: _Reading, paths: list[Path], suffix: str, model: type[M]) -> Iterator[tuple[str, M, Document]]:
    """The files of ``paths`` named ``<set-id><suffix>`` that were asked for, read and parsed."""
    for path in paths:
        if not path.name.endswith(suffix) or not run.chosen(path):
            continue
        run.files += 1
        doc = read_doc(path, run.problems)
        parsed = parse(doc, model, run.problems) if doc is not None else None
        if parsed is not None and doc is not None:
            yield path.name.removesuffix(suffix), parsed, doc


def _read_decisions(run: _Reading, paths: list[Path], sets: dict[str, LoadedSet],
                    partners: dict[str, LoadedPartner]) -> dict[str, Decisions]:
    found: dict[str, Decisions] = {}
    for set_id, model, doc in _set_files(run, paths, DECISIONS_SUFFIX, DecisionFile):
        cset = sets[set_id].model if set_id in sets else None
        record_checks.check_decisions(model, doc, cset, partners, run.problems, run.unread)
        found[set_id] = (model, doc)
    return found


def _folder_files(run: _Reading, folder: Path, root: Path, model: type[M]) -> Iterator[tuple[Path, M, Document]]:
    """The YAML files of ``folder`` that were asked for, read and parsed as ``model``."""
    for path in yaml_files(folder, run.problems, root):
        if not run.chosen(path):
            continue
        run.files += 1
        doc = read_doc(path, run.problems)
        parsed = parse(doc, model, run.problems) if doc is not None else None
        if parsed is not None and doc is not None:
            yield path, parsed, doc


def _read_reviews(run: _Reading, sets: dict[str, LoadedSet],
                  partners: dict[str, LoadedPartner]) -> dict[str, Reviews]:
    reviews: dict[str, Reviews] = {}
    outcome_ids = {o.id for s in sets.values() for o in s.model.outcomes}
    for path, rf, doc in _folder_files(run, run.root / "reviews", run.root, ReviewFile):
        record_checks.check_reviews(rf, doc, partners, outcome_ids, run.problems, run.unread)
        reviews[path.name.removesuffix(".yaml")] = (rf, doc)
    return reviews


def _read_members(run: _Reading, sets: dict[str, LoadedSet], folder: Path | None = None) -> dict[str, Members]:
    """``members/*.yaml`` (or the files of ``folder``): member states' weights, checked against the
    pillars and criteria of the sets."""
    members: dict[str, Members] = {}
    models = {sid: s.model for sid, s in sets.items()}
    where = folder if folder is not None else run.root / "members"
    for _, member, doc in _folder_files(run, where, where if folder is not None else run.root, Member):
        record_checks.check_member(member, doc, models, run.problems, run.unread)
        members[member.id] = (member, doc)
    return members


def load_members(project: Project, folder: Path) -> dict[str, Members]:
    """The member files of another folder (``--members DIR``), checked against the project's sets;
    raise ``DataError`` listing every problem."""
    if not exists_as(folder, "dir"):
        raise UsageError(f"{display_path(folder)} is not a folder of member files")
    run = _Reading(project.root, None)
    members = _read_members(run, project.sets, folder)
    if run.problems:
        raise DataError(run.problems)
    return members


def _read_defaults(run: _Reading, sets: dict[str, LoadedSet]) -> ProjectDefaults:
    """``evaluator.yaml`` when the root has one: its as-of year and criteria set, checked."""
    path = run.root / DEFAULTS
    model, doc, local = _read_optional(run, path, ProjectDefaults)
    if (model is not None and doc is not None and model.criteria is not None and model.criteria not in sets
            and model.criteria not in run.unread_sets):
        local.append(doc.problem(("criteria",), f"criteria: unknown criteria set '{model.criteria}'"
                                                f"{suggest(model.criteria, sets)}; choose one of: "
                                                f"{', '.join(sorted(sets))}"))
    if os.path.lexists(path):
        run.keep(path, local)
    return model or ProjectDefaults()


def _collect(root: Path, only: Iterable[Path] | None) -> tuple[Project | None, list[Problem]]:
    run = _Reading(root, [p.resolve() for p in only] if only is not None else None)
    catalogue_problems: list[Problem] = []
    catalogue = read_catalogue(root, catalogue_problems)
    run.keep(root / "criteria" / CATALOGUE, catalogue_problems)
    sets, case_paths = _read_sets(run, catalogue)
    rates = _read_rates(run)
    partners = _read_partners(run, catalogue, rates, sets)
    cases = _read_cases(run, case_paths, sets, partners, catalogue, rates)
    reviews = _read_reviews(run, sets, partners)
    decisions = _read_decisions(run, case_paths, sets, partners)
    members = _read_members(run, sets)
    defaults = _read_defaults(run, sets)
    problems = run.problems
    if run.wanted is not None:
        problems = [p for p in problems if run.chosen(Path(p.path))]
    project = None
    if catalogue is not None:
        project = Project(root, catalogue, sets, partners, cases, reviews, run.files, defaults, rates, decisions,
                          members, sorted({p for p in problems if p.warning}), dict(run.unread_partners))
    return project, sorted({p for p in problems if not p.warning})


def load_root(root: str | Path | None = None, *, keep_going: bool = False) -> Project:
    """Read and check every data file of a root; raise ``DataError`` listing every problem.

    With ``keep_going``, a problem only in partner files leaves those partners out: the project
    holds the others, and ``left_out`` the problems of the files left out. A problem anywhere
    else (the catalogue, a criteria set, a review) still stops everything: it would change every
    partner's result."""
    project, problems = collect(resolve_root(root))
    if problems and keep_going and project is not None:
        kept = _without_partner_files(project, problems)
        if kept is not None:
            return kept
    if problems or project is None:
        raise DataError(problems)
    return project


def _without_partner_files(project: Project, problems: list[Problem]) -> Project | None:
    """``project`` without the partners whose files have ``problems``; None when a problem is
    elsewhere, or no partner is left."""
    bad = {p.path for p in problems}
    files = {display_path(path) for path in project.unread_partners.values()}
    if not bad <= files:
        return None
    partners = {pid: lp for pid, lp in project.partners.items() if lp.doc is None or lp.doc.display not in bad}
    if not partners:
        return None
    return dataclasses.replace(project, partners=partners, left_out=list(problems))


def check_root(paths: list[Path], root: str | Path | None = None) -> tuple[int, list[Problem]]:
    """How many files were checked, and every problem of them (all files of the root by default),
    warnings among them (``Problem.warning``)."""
    base = resolve_root(root) if root is not None or not paths else find_root(paths[0].parent)
    project, problems = collect(base, paths or None)
    why = ("is not a data file of this root: evaluator checks criteria/*.yaml, partners/*.yaml, reviews/*.yaml "
           "and members/*.yaml")
    strays = [Problem(display_path(p), 1, 1, why) for p in paths if stray(base, p)]
    files = project.files if project is not None else len({p.path for p in problems})
    warnings = project.warnings if project is not None else []
    return files, sorted(problems + strays + warnings)


