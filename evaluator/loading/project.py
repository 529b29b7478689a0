"""A loaded project: the catalogue, criteria sets, partners and the files beside them, read and
checked once; and the one check of whether bytes about to be written would load as such a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import DataError, Problem, UsageError, display_path
from ..base.text import suggest
from . import partner_checks, record_checks, set_checks
from .models import Catalogue, CriteriaSet
from .pydantic_errors import parse
from .records import CaseFile, DecisionFile, Member, Partner, ProjectDefaults, Rates, ReviewFile
from .root import exists_as
from .yamlfile import Document, parse_bytes, read_document

Cases = tuple[CaseFile, Document]
Reviews = tuple[ReviewFile, Document]
Decisions = tuple[DecisionFile, Document]
Members = tuple[Member, Document]


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
        if path.suffix == ".yaml" and exists_as(path, "file"):
            problems: list[Problem] = []
            loaded = read_set(path, self.catalogue, problems)
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



def read_doc(path: Path, problems: list[Problem]) -> Document | None:
    """The document of ``path``, or None with its problems added to ``problems``."""
    try:
        return read_document(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def read_set(path: Path, catalogue: Catalogue | None, problems: list[Problem]) -> LoadedSet | None:
    """The criteria set of the file ``path``, checked, or None with its problems added."""
    doc = read_doc(path, problems)
    return check_set_doc(doc, catalogue, problems) if doc is not None else None


def check_set_doc(doc: Document, catalogue: Catalogue | None, problems: list[Problem]) -> LoadedSet | None:
    """The criteria set of ``doc``, checked against the catalogue, or None with its problems added."""
    model = parse(doc, CriteriaSet, problems)
    set_checks.check_set(doc, catalogue, problems)
    return LoadedSet(model, doc) if model is not None else None



def would_load(path: Path, data: bytes, *, kind: str | None = None, catalogue: Catalogue | None = None,
               partners: Mapping[str, object] | None = None, outcome_ids: set[str] | None = None,
               rates: Rates | None = None) -> LoadedSet | None:
    """Whether ``data``, about to be written as ``path``, would load as every file of its kind does
    (``kind``: ``criteria``, ``partners`` or ``reviews``; default: the folder it is written to):
    raise ``DataError`` with its problems when it would not. A criteria set is returned, as read."""
    kind = kind or path.parent.name
    problems: list[Problem] = []
    try:
        doc = parse_bytes(data, path, display_path(path))
    except DataError as exc:
        raise DataError(exc.problems) from None
    loaded = None
    if kind == "criteria":
        loaded = check_set_doc(doc, catalogue, problems)
    elif kind == "reviews":
        reviews = parse(doc, ReviewFile, problems)
        if reviews is not None:
            record_checks.check_reviews(reviews, doc, partners or {}, outcome_ids or set(), problems)
    else:
        parse(doc, Partner, problems)
        partner_checks.check_partner(doc, catalogue, problems, rates=rates)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise DataError(errors)
    return loaded
