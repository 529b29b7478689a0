"""One library call per command: load, score, annotate, write. The CLI only renders.

Each function takes the root (a folder, or None for the one found from the working
directory), the criteria set and the as-of year where scoring is involved, and returns data
for ``outputs.render`` or the path it wrote.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import library
from .base.choices import CALIBRATE_LIMIT
from .base.errors import Problem, UsageError
from .base.files import STDOUT, write_atomic
from .loading import project as loading
from .loading.project import Project, resolve_root
from .outputs import format_for, render
from .outputs.views import ExportView, PartnerView, ReportView, SensitivityView
from .scoring.history import History, history_project
from .scoring.result import Result, score_project
from .scoring.sensitivity import analyse, verdicts
from .workflow import casetests, reviews

if TYPE_CHECKING:
    from .workflow.backtest import Backtest
    from .workflow.calibrate import Calibration
    from .workflow.consensus import Consensus
    from .workflow.diff import Diff
    from .workflow.importer import ImportReport
    from .workflow.sources import Sources

Root = str | Path | None


def load(root: Root = None, *, keep_going: bool = False) -> Project:
    """The project at ``root``, after rolling back an import that was stopped before it finished
    (said on standard error); with ``keep_going``, without the partner files that do not load."""
    from .workflow import journal

    found = resolve_root(root)
    done = journal.recover(found)
    if done is not None:
        print(done, file=sys.stderr)
    return loading.load(found, keep_going=keep_going)

#: the years the report's trend shows, up to its as-of year
TREND_YEARS = 10


def _scored(root: Root, criteria: str | None, as_of: int | None, partner: str | None = None, *,
            keep_going: bool = False) -> tuple[Project, Result]:
    project = load(root, keep_going=keep_going)
    if partner is not None:
        project.partner(partner)
    return project, score_project(project, criteria, as_of)


def scorecard(partner: str, root: Root = None, criteria: str | None = None, as_of: int | None = None) -> PartnerView:
    """One partner's scorecard (``evaluator score``)."""
    return PartnerView(_scored(root, criteria, as_of, partner)[1], partner)


def _annotated(project: Project, result: Result, robustness: bool) -> Result:
    return result.annotated(review=reviews.states(project, result), decisions=reviews.decision_words(project, result),
                            robustness=verdicts(result.table) if robustness else None)


def rank(root: Root = None, criteria: str | None = None, as_of: int | None = None, *,
         robustness: bool = False, consensus: bool = False, members: Path | None = None,
         keep_going: bool = False) -> Result:
    """Every partner scored, with review states, and robustness and consensus verdicts when asked;
    with ``keep_going``, every partner whose file loads (``Result.left_out`` names the others)."""
    project, result = _scored(root, criteria, as_of, keep_going=keep_going)
    result = _annotated(project, result, robustness)
    return _with_consensus(project, result, members) if consensus or members is not None else result


def _with_consensus(project: Project, result: Result, members: Path | None = None) -> Result:
    """The result with each partner's verdict under the member states' weights."""
    from .workflow.consensus import consensus_of

    found = consensus_of(project, result, folder=members)
    return result.annotated(consensus={v.partner_id: v.verdict for v in found.verdicts})


def consensus(partner: str | None = None, root: Root = None, criteria: str | None = None,
              as_of: int | None = None, members: Path | None = None) -> Consensus:
    """Every partner (or one) scored under each member state's weights, with the verdict."""
    from .workflow.consensus import consensus_of

    project, result = _scored(root, criteria, as_of, partner)
    return consensus_of(project, result, partner, members)


def history(partner: str | None = None, root: Root = None, criteria: str | None = None,
            start: int | None = None, end: int | None = None) -> History:
    """Every partner's (or one partner's) outcome and scores for each as-of year ``start``..``end``."""
    return library.history(load(root), criteria, start, end, partner)


def backtest(root: Root = None, criteria: str | None = None, decisions: str | None = None,
             split: int | None = None, allow_early: int = 0) -> Backtest:
    """Every decision of the set's decisions file replayed with what was known before it."""
    return library.backtest(load(root), criteria, decisions, split, allow_early)


def calibrate(root: Root = None, criteria: str | None = None, *, fit: str = "both", decisions: str | None = None,
              method: str = "auto", output: Path | None = None, force: bool = False, holdout_from: int | None = None,
              leave_one_out: bool = False, time_limit: float = CALIBRATE_LIMIT,
              progress: Callable[[str], None] | None = None) -> Calibration:
    """Weights and thresholds fitted to the past decisions, within ``time_limit`` seconds in all; with
    ``output``, the calibrated set written there, whole or not at all: where the user says, in the
    root's ``criteria/`` or outside the root, never through a symbolic link that carries it elsewhere."""
    from .loading.project import criteria_target

    project = load(root)
    if output is not None:
        criteria_target(project.root, output)
    found = library.calibrate(project, criteria, fit=fit, decisions=decisions, method=method, output=output,
                                holdout_from=holdout_from, leave_one_out=leave_one_out, time_limit=time_limit,
                                progress=progress)
    if output is not None:
        write_atomic(output, found.data, force=force)
    return found


def sources(root: Root = None, criteria: str | None = None, as_of: int | None = None) -> Sources:
    """The share of each source grade, over every observation and over the values scored."""
    from .workflow.sources import sources as count

    return count(load(root), criteria, as_of)


def sensitivity(partner: str, root: Root = None, criteria: str | None = None, as_of: int | None = None,
                **draws: Any) -> SensitivityView:
    """One partner's sensitivity to the weights (``draws``, ``concentration``, ``seed``)."""
    result = _scored(root, criteria, as_of, partner)[1]
    return SensitivityView(result, analyse(result.table, partner, **draws))


@dataclass(frozen=True)
class Written:
    """A file the tool wrote: where, in which format, for how many partners."""

    path: Path
    fmt: str
    partners: int
    left_out: tuple[Problem, ...] = ()      # the problems of partner files left out (--keep-going)

    @property
    def where(self) -> str:
        """The file's path, or ``standard output``."""
        return "standard output" if str(self.path) == STDOUT else str(self.path)


def export(output: Path, fmt: str | None = None, partners: tuple[str, ...] = (), *, summary: bool = False,
           force: bool = False, root: Root = None, criteria: str | None = None,
           as_of: int | None = None, keep_going: bool = False) -> Written:
    """Scorecards (or the summary) of all or some partners, written as CSV, Excel or JSON; with
    ``keep_going``, of every partner whose file loads."""
    kind = format_for(output, fmt, "export")
    if kind == "xlsx" and str(output) == STDOUT and sys.stdout.isatty():
        raise UsageError("an Excel workbook is not for a terminal; give -o FILE.xlsx, or send it to a file or pipe")
    project = load(root, keep_going=keep_going)
    for pid in partners:
        project.partner(pid)
    result = score_project(project, criteria, as_of)
    if summary or kind == "xlsx":
        result = _annotated(project, result, True)
        if project.members:
            result = _with_consensus(project, result)
    wanted = sorted(set(partners)) or None
    write_atomic(output, render("export", kind, ExportView(result, wanted, summary)), force=force,
                 binary=kind == "xlsx")
    return Written(output, kind, len(wanted or result.ranked), result.left_out)


def report(partner: str, output: Path, *, force: bool = False, root: Root = None, criteria: str | None = None,
           as_of: int | None = None) -> Written:
    """The recommendation report of one partner, Markdown, HTML or PDF by the file's suffix."""
    kind = format_for(output, None, "report", option=False)
    project, result = _scored(root, criteria, as_of, partner)
    trend = history_project(project, criteria, result.as_of - TREND_YEARS + 1, result.as_of).of(partner).rows()
    view = ReportView(result, partner, analyse(result.table, partner, flips=False),
                      reviews.review_state(project, result, partner), trend, _consensus_line(project, result, partner))
    data = render("report", kind, view)
    write_atomic(output, data if isinstance(data, bytes) else data.encode("utf-8"), force=force,
                 binary=isinstance(data, bytes))
    return Written(output, kind, 1)


def _consensus_line(project: Project, result: Result, partner: str) -> str:
    """The verdict under the member states' weights in words, when the root has members/."""
    if not project.members:
        return ""
    from .workflow.consensus import consensus_of

    (verdict,) = consensus_of(project, result, partner).verdicts
    others = "; ".join(f"{d.member} gives {d.outcome}" for d in verdict.dissenters)
    return f"{verdict.verdict}: the majority's outcome is {verdict.outcome}" + (f" ({others})" if others else "")


def book(output: Path, *, force: bool = False, root: Root = None, criteria: str | None = None,
         as_of: int | None = None, keep_going: bool = False) -> Written:
    """The briefing book of every partner, HTML or PDF by the file's suffix; with ``keep_going``, of
    every partner whose file loads, the others named on the cover."""
    from .outputs.book import BookView

    kind = format_for(output, None, "book", option=False)
    project, result = _scored(root, criteria, as_of, keep_going=keep_going)
    result = _annotated(project, result, False)
    trends = history_project(project, criteria, result.as_of - TREND_YEARS + 1, result.as_of)
    views = [ReportView(result, pid, analyse(result.table, pid, flips=False),
                        reviews.review_state(project, result, pid), trends.of(pid).rows(),
                        _consensus_line(project, result, pid)) for pid in result.ranked]
    view = BookView(result, views, project.catalogue, _record_line(project, result), project.rates)
    data = render("book", kind, view)
    write_atomic(output, data if isinstance(data, bytes) else data.encode("utf-8"), force=force,
                 binary=isinstance(data, bytes))
    return Written(output, kind, len(views), result.left_out)


def site(output: Path, *, since: str | None = None, force: bool = False, root: Root = None,
         criteria: str | None = None, as_of: int | None = None) -> Written:
    """The whole assessment as a static site in the folder ``output``, written whole or not at all:
    an index of every partner, a page per partner, the criteria, the record against past decisions
    and, with ``since`` (a git revision), what the change since then does."""
    from .base.files import write_tree
    from .outputs.site import SiteView, site_files

    project, result = _scored(root, criteria, as_of)
    result = _annotated(project, result, False)
    trends = history_project(project, criteria, result.as_of - TREND_YEARS + 1, result.as_of)
    views = [ReportView(result, pid, analyse(result.table, pid, flips=False),
                        reviews.review_state(project, result, pid), trends.of(pid).rows(),
                        _consensus_line(project, result, pid)) for pid in result.ranked]
    test = (library.backtest(project, result.criteria.model.id)
            if result.criteria.model.id in project.decisions else None)
    changes = diff(since, None, project.root, criteria, result.as_of) if since is not None else None
    write_tree(output, site_files(SiteView(result, views, project.catalogue, test, changes, since, project.rates)),
               force=force)
    return Written(output, "html", len(views))


def _record_line(project: Project, result: Result) -> str | None:
    """How the set fares against the organisation's own decisions, for the book's cover: agreement on
    grants and negatives, the best baseline that uses no evidence; None without a decisions file."""
    from .workflow.backtest import replay

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


def document(output: Path, *, force: bool = False, root: Root = None, criteria: str | None = None) -> Written:
    """The criteria set as a document for leaders, Markdown or HTML by the file's suffix."""
    from .outputs.document import DocumentView

    kind = format_for(output, None, "document", option=False)
    project = load(root)
    lset = project.criteria_set(criteria)
    view = DocumentView(lset, project.catalogue, rates=project.rates)
    write_atomic(output, render("document", kind, view).encode("utf-8"), force=force)
    return Written(output, kind, 0)


def run_tests(root: Root = None, criteria: str | None = None) -> list[casetests.CaseResult]:
    """Every criteria test case (of one set, by id or path), passed or failed."""
    return casetests.run_cases(load(root), criteria)


def review(partner: str, *, root: Root = None, criteria: str | None = None, as_of: int | None = None,
           **fields: Any) -> Path:
    """Record an official's decision (``decision``, ``reason``, ``reviewer``, ``outcome``, ``date``)."""
    project, result = _scored(root, criteria, as_of, partner)
    return reviews.record_review(project, result, partner, **fields)


def diff(base: str, head: str | None = None, root: Root = None, criteria: str | None = None,
         as_of: int | None = None) -> Diff:
    """Every partner whose recommendation differs between two revisions, with the causes."""
    from .workflow.diff import diff as diff_revisions  # tarfile and git only for this command

    return diff_revisions(resolve_root(root), base, head, criteria, as_of)


def _scale(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"--scale '{text}' is not a number; give for example 1e6 for a table in millions") from None
    if not value.is_finite() or value <= 0:
        raise UsageError(f"--scale {text}: give a positive number, for example 1e6 for a table in millions")
    return value


def _years(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    first, _, last = text.partition("-")
    if not (first.isdigit() and len(first) == 4 and (not last or (last.isdigit() and len(last) == 4))):
        raise UsageError(f"--years '{text}': give a year (2019) or a range of years (2015-2022)")
    span = (int(first), int(last or first))
    if span[0] > span[1]:
        raise UsageError(f"--years {text}: the range runs backwards")
    return span


def import_table(table: Path, indicator: str, source: str, *, url: str | None = None, note: str | None = None,
                 scale: str = "1", years: str | None = None, layout: str | None = None, sum_hosts: bool = False,
                 grade: str | None = None, dry_run: bool = False, root: Root = None) -> ImportReport:
    """A statistical table's figures written into the partner files as observations (``evaluator import``)."""
    return library.import_table(load(root), table, indicator, source, url=url, note=note, scale=_scale(scale),
                                  years=_years(years), layout=layout, sum_hosts=sum_hosts, grade=grade,
                                  dry_run=dry_run)
