"""Find a root, read every data file of it, and check them all before anything is scored."""

from __future__ import annotations

import dataclasses
import gc
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..base.errors import DataError, OutputError, Problem, UsageError, display_path
from ..base.text import suggest
from . import checks
from .deciding import granted
from .models import (
    CaseFile,
    Catalogue,
    CriteriaSet,
    DecisionFile,
    Member,
    Partner,
    ProjectDefaults,
    Rates,
    ReviewFile,
)
from .pydantic_errors import parse
from .yamlfile import Document, parse_bytes, read

M = TypeVar("M", bound=BaseModel)
CATALOGUE = "indicators.yaml"
Cases = tuple[CaseFile, Document]
Reviews = tuple[ReviewFile, Document]
Decisions = tuple[DecisionFile, Document]
Members = tuple[Member, Document]
TESTS_SUFFIX = ".tests.yaml"
DECISIONS_SUFFIX = ".decisions.yaml"
DATA_FOLDERS = ("criteria", "partners", "reviews", "members")
DEFAULTS = "evaluator.yaml"


@dataclass(frozen=True)
class LoadedSet:
    """A criteria set with the file it came from (its SHA-256 is part of every output)."""

    model: CriteriaSet
    doc: Document

    @property
    def sha256(self) -> str:
        """SHA-256 of the criteria file's bytes."""
        return self.doc.sha256


@dataclass(frozen=True)
class LoadedPartner:
    """A partner with the file it came from (None for an inline test partner)."""

    model: Partner
    doc: Document | None = None


@dataclass
class Project:
    """Every data file of a root, read and checked."""

    root: Path
    catalogue: Catalogue
    sets: dict[str, LoadedSet]
    partners: dict[str, LoadedPartner]
    cases: dict[str, Cases] = field(default_factory=dict)
    reviews: dict[str, Reviews] = field(default_factory=dict)
    files: int = 0
    defaults: ProjectDefaults = field(default_factory=ProjectDefaults)
    rates: Rates = field(default_factory=Rates)
    decisions: dict[str, Decisions] = field(default_factory=dict)
    members: dict[str, Members] = field(default_factory=dict)
    #: likely mistakes that do not stop loading (``validate`` prints them; exit 0)
    warnings: list[Problem] = field(default_factory=list)
    #: partner files that are there but did not load, by file name and id
    unread_partners: dict[str, Path] = field(default_factory=dict)
    #: with ``load(keep_going=True)``: the problems of the partner files left out
    left_out: list[Problem] = field(default_factory=list)

    def criteria_set(self, name: str | None = None) -> LoadedSet:
        """A set by id or path; without a name, the set ``evaluator.yaml`` names, else the only one."""
        name = name if name is not None else self.defaults.criteria
        if name is None:
            if len(self.sets) == 1:
                return next(iter(self.sets.values()))
            if not self.sets:
                raise UsageError(f"no criteria set in {display_path(self.root / 'criteria')}")
            raise UsageError("several criteria sets; choose one with --criteria: " + ", ".join(sorted(self.sets)))
        if name in self.sets:
            return self.sets[name]
        path = Path(name)
        if path.suffix == ".yaml" and _is(path, "file"):
            problems: list[Problem] = []
            loaded = _read_set(path, self.catalogue, problems)
            errors = [p for p in problems if not p.warning]
            if errors or loaded is None:
                raise DataError(errors)
            return loaded
        raise UsageError(f"unknown criteria set '{name}'{suggest(name, self.sets)}; "
                         f"choose one of: {', '.join(sorted(self.sets))}")

    def partner(self, ident: str) -> LoadedPartner:
        """A partner by id, or a usage error with a suggestion (by id, name, code or initials)."""
        if ident in self.partners:
            return self.partners[ident]
        raise UsageError(f"unknown partner '{ident}'{partner_hint(ident, self.partners)}; "
                         "'evaluator partners' lists the ids")


def partner_hint(ident: str, partners: Mapping[str, LoadedPartner]) -> str:
    """`` (did you mean 'x'?)`` for a partner named by its code (GB), its name (Korea), the initials
    of its id (uk) or a near spelling of the id; else an empty string."""
    word = ident.casefold()
    hits = []
    for pid, loaded in partners.items():
        model = loaded.model
        name = model.name.casefold()
        initials = "".join(part[:1] for part in pid.split("-"))
        if (word in {c.casefold() for c in model.codes} or word in (name, initials)
                or (len(word) >= 4 and word in name)):
            hits.append(pid)
    if len(hits) == 1:
        return f" (did you mean '{hits[0]}'?)"
    if hits:
        return f" (did you mean one of: {', '.join(sorted(hits))}?)"
    return suggest(ident, partners)


def _is(path: Path, kind: str) -> bool:
    """``path.is_dir()`` / ``is_file()`` that answers False, not an error, for a name the system refuses
    (too long, not a folder on the way, no permission)."""
    try:
        return path.is_dir() if kind == "dir" else path.is_file()
    except OSError:
        return False


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, from ``start`` upwards, that holds ``criteria/`` and ``partners/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is(folder / "criteria", "dir") and _is(folder / "partners", "dir"):
            return folder
    raise UsageError(f"no folder holding criteria/ and partners/ found from {here} upwards; "
                     "run inside a root or give --root DIR")


def resolve_root(root: str | Path | None) -> Path:
    """``--root DIR`` checked, or the root found from the working directory."""
    if root is None:
        return find_root()
    path = Path(root)
    if not _is(path / "criteria", "dir") or not _is(path / "partners", "dir"):
        raise UsageError(f"{root} does not hold criteria/ and partners/")
    return path


def _read(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return read(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


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
    doc = _read(path, problems)
    return parse(doc, Catalogue, problems) if doc is not None else None


def _read_set(path: Path, catalogue: Catalogue | None, problems: list[Problem]) -> LoadedSet | None:
    doc = _read(path, problems)
    return _check_set(doc, catalogue, problems) if doc is not None else None


def _check_set(doc: Document, catalogue: Catalogue | None, problems: list[Problem]) -> LoadedSet | None:
    model = parse(doc, CriteriaSet, problems)
    checks.check_set(doc, catalogue, problems)
    return LoadedSet(model, doc) if model is not None else None


def set_from_bytes(data: bytes, path: Path, catalogue: Catalogue | None) -> LoadedSet:
    """A criteria set about to be written as ``path``, read and checked as if from the file; raise
    ``DataError`` when it would not load."""
    problems: list[Problem] = []
    doc = parse_bytes(data, path, display_path(path))
    model = parse(doc, CriteriaSet, problems)
    checks.check_set(doc, catalogue, problems)
    errors = [p for p in problems if not p.warning]
    if errors or model is None:
        raise DataError(errors)
    return LoadedSet(model, doc)


def _inside(root: Path, target: Path) -> bool:
    real = root.resolve()
    return target == real or real in target.parents


def entry_problem(path: Path, root: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` cannot be read as a data file (or data folder) of ``root``, or None.

    A symbolic link is followed only to a file inside the root; a pipe, device or folder named
    ``*.yaml`` is named as such, never opened.
    """
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            target = path.resolve()
            if not target.exists():
                return f"is a symbolic link to {os.readlink(path)}, which does not exist"
            if not _inside(root, target):
                return (f"is a symbolic link that leads outside the root (to {target}); data stays inside "
                        "the root")
            found = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if folder and not stat.S_ISDIR(found.st_mode):
        return "is not a folder"
    if not folder and not stat.S_ISREG(found.st_mode):
        return "is not a regular file (a folder, pipe or device); data files are regular files"
    return None


def _yaml_files(folder: Path, problems: list[Problem], root: Path) -> list[Path]:
    if not os.path.lexists(folder):
        return []
    why = entry_problem(folder, root, folder=True)
    if why is not None:
        problems.append(Problem(display_path(folder), 1, 1, f"{folder.name}/ {why}"))
        return []
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(display_path(folder), 1, 1, f"cannot read the folder: {exc.strerror or exc}"))
        return []
    for path in entries:
        if path.suffix == ".yml":
            problems.append(Problem(display_path(path), 1, 1, "data files end in .yaml; rename the file"))
        elif path.suffix == ".yaml":
            why = entry_problem(path, root)
            if why is None:
                found.append(path)
            else:
                problems.append(Problem(display_path(path), 1, 1, why))
    return found


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
    for path in _yaml_files(run.root / "criteria", run.problems, run.root):
        if path.name in (CATALOGUE, checks.RATES):
            continue
        if path.name.endswith((TESTS_SUFFIX, DECISIONS_SUFFIX)):
            case_paths.append(path)
            continue
        local: list[Problem] = []
        doc = _read(path, local)
        loaded = _check_set(doc, catalogue, local) if doc is not None else None
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
    doc = _read(path, local)
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
    for path in _yaml_files(run.root / "partners", run.problems, run.root):
        local: list[Problem] = []
        doc = _read(path, local)
        model = parse(doc, Partner, local) if doc is not None else None
        if doc is not None:
            checks.check_partner(doc, catalogue, local, rates=rates, statuses=statuses)
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
        checks.check_cases(casefile.cases, doc, cset, partners, catalogue, run.problems, rates, run.unread)
        cases[set_id] = (casefile, doc)
    return cases


def _set_files(run: _Reading, paths: list[Path], suffix: str, model: type[M]) -> Iterator[tuple[str, M, Document]]:
    """The files of ``paths`` named ``<set-id><suffix>`` that were asked for, read and parsed."""
    for path in paths:
        if not path.name.endswith(suffix) or not run.chosen(path):
            continue
        run.files += 1
        doc = _read(path, run.problems)
        parsed = parse(doc, model, run.problems) if doc is not None else None
        if parsed is not None and doc is not None:
            yield path.name.removesuffix(suffix), parsed, doc


def _read_decisions(run: _Reading, paths: list[Path], sets: dict[str, LoadedSet],
                    partners: dict[str, LoadedPartner]) -> dict[str, Decisions]:
    found: dict[str, Decisions] = {}
    for set_id, model, doc in _set_files(run, paths, DECISIONS_SUFFIX, DecisionFile):
        checks.check_decisions(model, doc, sets[set_id].model if set_id in sets else None, partners, run.problems,
                               run.unread)
        found[set_id] = (model, doc)
    return found


def _folder_files(run: _Reading, folder: Path, root: Path, model: type[M]) -> Iterator[tuple[Path, M, Document]]:
    """The YAML files of ``folder`` that were asked for, read and parsed as ``model``."""
    for path in _yaml_files(folder, run.problems, root):
        if not run.chosen(path):
            continue
        run.files += 1
        doc = _read(path, run.problems)
        parsed = parse(doc, model, run.problems) if doc is not None else None
        if parsed is not None and doc is not None:
            yield path, parsed, doc


def _read_reviews(run: _Reading, sets: dict[str, LoadedSet],
                  partners: dict[str, LoadedPartner]) -> dict[str, Reviews]:
    reviews: dict[str, Reviews] = {}
    outcome_ids = {o.id for s in sets.values() for o in s.model.outcomes}
    for path, rf, doc in _folder_files(run, run.root / "reviews", run.root, ReviewFile):
        checks.check_reviews(rf, doc, partners, outcome_ids, run.problems, run.unread)
        reviews[path.name.removesuffix(".yaml")] = (rf, doc)
    return reviews


def _read_members(run: _Reading, sets: dict[str, LoadedSet], folder: Path | None = None) -> dict[str, Members]:
    """``members/*.yaml`` (or the files of ``folder``): member states' weights, checked against the
    pillars and criteria of the sets."""
    members: dict[str, Members] = {}
    models = {sid: s.model for sid, s in sets.items()}
    where = folder if folder is not None else run.root / "members"
    for _, member, doc in _folder_files(run, where, where if folder is not None else run.root, Member):
        checks.check_member(member, doc, models, run.problems, run.unread)
        members[member.id] = (member, doc)
    return members


def load_members(project: Project, folder: Path) -> dict[str, Members]:
    """The member files of another folder (``--members DIR``), checked against the project's sets;
    raise ``DataError`` listing every problem."""
    if not _is(folder, "dir"):
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


def load(root: str | Path | None = None, *, keep_going: bool = False) -> Project:
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


def validate(paths: list[Path], root: str | Path | None = None) -> tuple[int, list[Problem]]:
    """How many files were checked, and every problem of them (all files of the root by default),
    warnings among them (``Problem.warning``)."""
    base = resolve_root(root) if root is not None or not paths else find_root(paths[0].parent)
    project, problems = collect(base, paths or None)
    why = ("is not a data file of this root: evaluator checks criteria/*.yaml, partners/*.yaml, reviews/*.yaml "
           "and members/*.yaml")
    strays = [Problem(display_path(p), 1, 1, why) for p in paths if _stray(base, p)]
    files = project.files if project is not None else len({p.path for p in problems})
    warnings = project.warnings if project is not None else []
    return files, sorted(problems + strays + warnings)


def _stray(root: Path, path: Path) -> bool:
    """True when a path given to ``validate`` is neither the root, a data folder, nor a data file in one."""
    data = [(root / d).resolve() for d in DATA_FOLDERS]
    real = path.resolve()
    if real in (root.resolve(), (root / DEFAULTS).resolve()) or real in data:
        return False
    return not (real.parent in data and real.suffix == ".yaml" and not real.is_dir())


def inside_root(root: Path, path: Path) -> None:
    """Refuse to write ``path`` when a symbolic link carries it out of ``root``."""
    folder = path.parent.resolve()
    if not _inside(root, folder):
        raise OutputError(f"{display_path(path.parent)} leads outside the root (to {folder}) through a symbolic "
                          "link; nothing was written")


def criteria_target(root: Path, path: Path) -> None:
    """Refuse to write a criteria set inside the root anywhere but ``criteria/`` (where every command
    would then read it as another kind of file), wherever the folder named leads. Outside the root,
    anywhere the user names; the file itself is refused if it is a link, as every output is."""
    real = Path(os.path.abspath(path.parent)).resolve()
    if _inside(root, real) and real != (root / "criteria").resolve():
        raise OutputError(f"{display_path(path)} is inside the root but not in criteria/: a criteria set there would "
                          "be read as another kind of file; write it to criteria/ or outside the root; nothing was "
                          "written")


def check_written(path: Path, data: bytes, catalogue: Catalogue | None,
                  partners: Mapping[str, object] | None = None, outcome_ids: set[str] | None = None,
                  rates: Rates | None = None) -> None:
    """Raise ``DataError`` when ``data``, written as the partner or review file ``path``, would not load."""
    shown = display_path(path)
    problems: list[Problem] = []
    try:
        doc = parse_bytes(data, path, shown)
    except DataError as exc:
        raise DataError(exc.problems) from None
    if path.parent.name == "reviews":
        reviews = parse(doc, ReviewFile, problems)
        if reviews is not None:
            checks.check_reviews(reviews, doc, partners or {}, outcome_ids or set(), problems)
    else:
        parse(doc, Partner, problems)
        checks.check_partner(doc, catalogue, problems, rates=rates)
    if problems:
        raise DataError(problems)
