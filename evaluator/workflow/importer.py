"""``evaluator import``: a statistical table's figures into partner files, as observations.

Rows are matched to partners by the partner's ``codes:``, then by its exact name; a row that
would match two partners, or two rows that match one partner (in one host block), are refused.
Each matched partner gets one observation per year with a figure: the value times ``scale``,
exactly (decimal arithmetic), with the source, url and note given. An observation of the same
year is replaced, others are kept; other indicators are never touched. The files are edited
with a round-trip YAML library (``ruamel.yaml``), so comments, key order and layout stay; a file
whose layout it cannot keep is refused rather than rewritten. Every changed file must load as
``evaluator validate`` requires before any is written, and then all are written or none.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.errors import DataError, OutputError, Problem, UsageError
from ..base.files import locked, write_all
from ..base.indicators import NUMERIC_TYPES, TYPES
from ..base.text import fmt_value, plural, suggest
from ..loading.models import Indicator
from ..loading.project import Project, would_load
from ..loading.records import Partner
from ..loading.root import inside_root
from . import journal
from .tables import Figure, TableData, read_table
from .yamledit import YamlNumber, dumped, round_trip


@dataclass(frozen=True)
class Options:
    """What the user asked of one import."""

    indicator: str
    source: str
    url: str | None = None
    note: str | None = None
    scale: Decimal = Decimal(1)
    years: tuple[int, int] | None = None
    layout: str | None = None
    sum_hosts: bool = False
    grade: str | None = None


@dataclass
class Change:
    """What an import does to one partner file."""

    partner_id: str
    path: Path
    old: bytes
    new: bytes = b""
    added: list[int] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)     # "2019 (was USD 6.1 bn, source ...)"
    unchanged: list[int] = field(default_factory=list)
    unit: str | None = None

    @property
    def changed(self) -> bool:
        """True when the file's bytes change."""
        return self.new != self.old


@dataclass(frozen=True)
class ImportReport:
    """The outcome of an import: each partner's change and what deserves a look."""

    table: str
    layout: str
    indicator: str
    changes: list[Change]
    notes: list[str]
    written: bool

    def diff(self) -> str:
        """Every changed file as a unified diff (``--dry-run``)."""
        out: list[str] = []
        for change in self.changes:
            if change.changed:
                name = change.path.name
                out += difflib.unified_diff(change.old.decode("utf-8").splitlines(keepends=True),
                                            change.new.decode("utf-8").splitlines(keepends=True),
                                            f"a/partners/{name}", f"b/partners/{name}")
        return "".join(out)


def decimal_text(value: Decimal) -> str:
    """A YAML number for an exact decimal: plain below a million, else ``1.557276e10``."""
    if value == 0:
        return "0.0"
    norm = value.normalize()
    sign, digits, exponent = norm.as_tuple()
    assert isinstance(exponent, int)
    magnitude = exponent + len(digits) - 1
    if -4 <= magnitude < 6:
        text = format(norm, "f")
        return text if "." in text else text + ".0"
    mantissa = "".join(map(str, digits))
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:] or '0'}e{magnitude}"


@dataclass(frozen=True)
class NewObservation:
    """One observation to write."""

    year: int
    value: Any            # int, or the text of a float (``YamlNumber``)
    currency: str | None
    note: str | None

    def mapping(self, options: Options) -> Any:
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

        items: list[tuple[str, Any]] = [("value", self.value), ("year", self.year)]
        if self.currency:
            items.append(("currency", self.currency))
        items.append(("source", Quoted(options.source)))
        if options.grade:
            items.append(("grade", options.grade))
        if options.url:
            items.append(("url", options.url))
        if self.note:
            items.append(("note", Quoted(self.note)))
        out = CommentedMap(items)
        out.fa.set_flow_style()
        return out

    def same_as(self, existing: Any, options: Options) -> bool:
        """True when the file already holds exactly this observation."""
        def norm(value: Any) -> Any:
            return float(value) if isinstance(value, int | float | str) and not isinstance(value, bool) else value

        try:
            value_same = norm(existing.get("value")) == norm(self.value)
        except ValueError:
            return False
        return bool(value_same and existing.get("source") == options.source and existing.get("url") == options.url
                    and existing.get("note") == self.note and existing.get("currency") == self.currency
                    and existing.get("grade") == options.grade)


def _observations(figures: list[Figure], indicator: Indicator, options: Options, shown: str,
                  hosts: list[str]) -> tuple[dict[int, NewObservation], list[Problem]]:
    """One partner's figures as observations, year by year (host blocks summed with ``sum_hosts``)."""
    by_year: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        by_year[f.year].append(f)
    out: dict[int, NewObservation] = {}
    problems: list[Problem] = []
    for year, cells in sorted(by_year.items()):
        present = [c for c in cells if c.value is not None]
        if not present:
            continue                                   # an empty cell is missing, never zero
        total = sum((c.value for c in present if c.value is not None), Decimal(0)) * options.scale
        note = options.note
        if options.sum_hosts and len(hosts) > 1:
            missing = [h for h in hosts if h not in {c.host for c in present}]
            summed = (f"sum over the table's host countries, {len(present)} of {len(hosts)} with a figure"
                      + (f" (none from {', '.join(missing)})" if missing else ""))
            note = f"{note}; {summed}" if note else summed
        if TYPES[indicator.type].whole:
            if total != total.to_integral_value():
                problems.append(Problem(shown, present[0].line, present[0].column,
                                        f"{total} is not a whole number, and {options.indicator} holds "
                                        f"{indicator.type}s"))
                continue
            value: Any = int(total)
        else:
            value = YamlNumber(decimal_text(total))
        why = _value_problem(indicator, total)
        if why is not None:                 # said at the table's cell, not at a line of the file to be written
            problems.append(Problem(shown, present[0].line, present[0].column,
                                    f"{options.indicator} in {year}: {why}"))
            continue
        currency = present[0].currency
        out[year] = NewObservation(year, value, currency, note)
    return out, problems


def _value_problem(indicator: Indicator, total: Decimal) -> str | None:
    """Why the figure (scaled) cannot be an observation of ``indicator``: out of the catalogue's
    range, or larger in size than any data file may hold; None when it can."""
    from ..base.fields import MAGNITUDE
    from ..loading.checks import value_problem

    if abs(total) > Decimal(str(MAGNITUDE)):
        return f"{decimal_text(total)} is larger in size than {MAGNITUDE:g}, the most a data file holds; check --scale"
    if total and abs(total) < 1 / Decimal(str(MAGNITUDE)):        # would be read back as 0
        return (f"{decimal_text(total)} is smaller in size than {1 / MAGNITUDE:g}, the least other than 0 a "
                "data file holds; check --scale")
    return value_problem(indicator, float(total))


def _year_of(item: Any) -> int | None:
    year = item.get("year") if hasattr(item, "get") else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def apply_figures(change: Change, observations: Mapping[int, NewObservation], options: Options) -> None:
    """Add or replace ``observations`` in the file of ``change``; sets ``new`` and what was done."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    bom = change.old.startswith(b"\xef\xbb\xbf")     # kept as the file had them: a byte-order mark,
    body = change.old[3:] if bom else change.old     # Windows line ends
    crlf = b"\r\n" in body
    loaded = round_trip(body.replace(b"\r\n", b"\n") if crlf else body)
    if loaded is None:
        raise DataError([Problem(str(change.path), 1, 1, "the import cannot keep this file's layout (its "
                                                          "indentation is mixed); make it consistent, or add "
                                                          "the observations by hand")])
    yaml, data = loaded
    if data.get("indicators") is None:
        data["indicators"] = CommentedMap()
    entry = data["indicators"].get(options.indicator)
    seq = entry if isinstance(entry, list) else CommentedSeq([] if entry is None else [entry])
    for year, obs in sorted(observations.items()):
        at = next((k for k, item in enumerate(seq) if _year_of(item) == year), None)
        if at is not None and obs.same_as(seq[at], options):
            change.unchanged.append(year)
            continue
        if at is not None:
            was = seq[at]
            change.replaced.append(f"{year} (was {fmt_value(was.get('value'), change.unit)}, {was.get('source')})")
            seq[at] = obs.mapping(options)
            continue
        later = next((k for k, item in enumerate(seq) if (_year_of(item) or 0) > year), len(seq))
        seq.insert(later, obs.mapping(options))
        change.added.append(year)
    if not change.added and not change.replaced:
        change.new = change.old
        return
    if not isinstance(entry, list):
        for item in seq:
            if isinstance(item, CommentedMap):
                item.fa.set_flow_style()
        data["indicators"][options.indicator] = seq
    written = dumped(yaml, data)
    new = written.replace(b"\n", b"\r\n") if crlf else written
    change.new = (b"\xef\xbb\xbf" if bom else b"") + new


def _match(table: TableData, partners: Mapping[str, Partner], options: Options
           ) -> tuple[dict[str, list[Figure]], list[str]]:
    """Figures by partner id, and notes on rows and partners that deserve a look."""
    by_code: dict[str, list[str]] = defaultdict(list)
    by_name: dict[str, list[str]] = defaultdict(list)
    for pid, p in partners.items():
        for code in p.codes:
            by_code[code].append(pid)
        by_name[p.name.casefold()].append(pid)
    matched: dict[str, list[Figure]] = defaultdict(list)
    rows: dict[tuple[str | None, str], Figure] = {}
    problems: list[Problem] = []
    unmatched: dict[str, Figure] = {}
    for f in table.figures:
        found = by_code.get(f.code or "") or by_name.get(f.name.casefold(), [])
        if len(found) > 1:
            problems.append(Problem(table.shown, f.line, f.label_column,
                                    f"'{f.label}' matches the partners {' and '.join(found)}; a code or name must "
                                    "belong to one partner: correct their codes"))
            continue
        if not found:
            if table.layout == "long":
                hint = suggest(f.label, list(partners))
                problems.append(Problem(table.shown, f.line, f.label_column,
                                        f"no partner has the code or name '{f.label}'{hint}; add the code to the "
                                        "partner's codes: or correct the table"))
            else:
                unmatched.setdefault(f.label, f)
            continue
        pid = found[0]
        first = rows.setdefault((f.host, pid) if table.layout == "pivot" else (str(f.year), pid), f)
        if first.line != f.line:
            problems.append(Problem(table.shown, f.line, f.label_column,
                                    f"'{f.label}' repeats the row of line {first.line} for {pid}"
                                    + (f" in the block of {f.host}" if f.host else f" for {f.year}")
                                    + "; keep one row per partner"))
            continue
        matched[pid].append(f)
    if problems:
        raise DataError(problems)
    return matched, _notes(table, partners, matched, unmatched)


#: the note of an import without ``--grade``
NO_GRADE = ("no --grade given: the figures are written without a source grade, and 'evaluator sources' counts "
            "them as ungraded; give --grade official-statistics for an official statistical table")


def _notes(table: TableData, partners: Mapping[str, Partner], matched: Mapping[str, list[Figure]],
           unmatched: Mapping[str, Figure]) -> list[str]:
    notes = []
    names = {p.name.casefold(): pid for pid, p in partners.items() if pid not in matched}
    for label, f in unmatched.items():
        close = difflib.get_close_matches(f.name.casefold(), list(names), n=1, cutoff=0.75)
        contained = [n for n in names if len(n) > 3 and (n in f.name.casefold() or f.name.casefold() in n)]
        hit = close or contained
        if hit:
            pid = names[hit[0]]
            code = f" add {f.code} to its codes" if f.code else " add the table's code to its codes"
            notes.append(f"{table.shown}:{f.line}: '{label}' matches no partner but looks like {pid} "
                         f"({partners[pid].name});{code} to import it")
    absent = [f"{pid} ({', '.join(p.codes)})" for pid, p in sorted(partners.items()) if p.codes and pid not in matched]
    if absent:
        shown = ", ".join(absent[:5]) + (f" and {len(absent) - 5} more" if len(absent) > 5 else "")
        notes.append(f"no row in the table has the code of {plural(len(absent), 'partner')}: {shown}")
    return notes


def plan(project: Project, table_path: Path, options: Options) -> ImportReport:
    """Read the table, match it, and compute every file's new text (nothing written)."""
    indicator = project.catalogue.indicators.get(options.indicator)
    if indicator is None:
        raise UsageError(f"unknown indicator '{options.indicator}'"
                         f"{suggest(options.indicator, list(project.catalogue.indicators))}")
    if indicator.type not in NUMERIC_TYPES:
        raise UsageError(f"'{options.indicator}' holds {indicator.type} values; import reads numbers only")
    table = read_table(table_path, options.layout)
    figures = [f for f in table.figures
               if options.years is None or options.years[0] <= f.year <= options.years[1]]
    if table.layout == "pivot" and len(table.hosts) > 1 and not options.sum_hosts:
        raise UsageError(f"the table has one block per host country ({len(table.hosts)}: "
                         f"{', '.join(table.hosts[:3])}, ...); give --sum-hosts to add them into one figure per "
                         "partner and year (the note says so), or import a table of one host")
    data = TableData(table.path, table.shown, table.layout, figures)
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    matched, notes = _match(data, partners, options)
    if options.grade is None:
        notes.append(NO_GRADE)
    changes, problems = [], []
    for pid in sorted(matched):
        observations, found = _observations(matched[pid], indicator, options, table.shown, data.hosts)
        problems += found
        loaded = project.partners[pid]
        assert loaded.doc is not None
        change = Change(pid, loaded.doc.path, loaded.doc.path.read_bytes(), unit=indicator.unit)
        apply_figures(change, observations, options)
        changes.append(change)
    if problems:
        raise DataError(problems)
    for change in changes:
        if change.changed:
            would_load(change.path, change.new, kind="partners", catalogue=project.catalogue, rates=project.rates)
    return ImportReport(table.shown, table.layout, options.indicator, changes, notes, written=False)


def write_changes(project: Project, changes: list[Change]) -> None:
    """Write every changed file, all or none (``base.files.write_all``, with the root's journal). A
    partner file that is a link to a file inside the root is written where it leads: the link stays
    a link."""
    files = []
    for change in (c for c in changes if c.changed):
        dest = change.path.resolve() if change.path.is_symlink() else change.path
        inside_root(project.root, dest)
        files.append((dest, change.old, change.new))
    write_all(files, journal.RootJournal(project.root), "the partner files")


def run_import(project: Project, table_path: Path, options: Options, *, dry_run: bool = False) -> ImportReport:
    """Import ``table_path`` into the partner files of ``project`` (or only plan it, ``dry_run``)."""
    with locked(project.root / "partners", reading=dry_run):
        report = plan(project, table_path, options)
        for change in report.changes:
            if change.changed and change.path.read_bytes() != change.old:
                raise OutputError(f"{change.path} changed while importing; run the import again")
        if not dry_run:
            write_changes(project, report.changes)
    return ImportReport(report.table, report.layout, report.indicator, report.changes, report.notes,
                        written=not dry_run)
