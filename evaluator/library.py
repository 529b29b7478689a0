"""The library: every public function of the package, one per command, on a loaded project.

Each takes the project first (``load``), then what the command is about (a partner, a file to
write), then keyword arguments; it returns data for ``outputs.render`` or what it wrote. The package
(``import evaluator``) re-exports this module and the command line calls it, so the import layers see
every call. Heavy modules load inside the functions: importing the library stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .base.choices import CALIBRATE_LIMIT, CONCENTRATION, DRAWS, SEED

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from .base.errors import Problem
    from .base.files import Written
    from .loading.project import Project
    from .outputs.views import PartnerView, ReportView, SensitivityView
    from .scoring.history import History
    from .scoring.result import Result
    from .workflow.backtest import Backtest
    from .workflow.calibrate import Calibration
    from .workflow.casetests import CaseResult
    from .workflow.consensus import Consensus
    from .workflow.diff import Diff
    from .workflow.importer import ImportReport
    from .workflow.sources import Sources

#: the years a report's trend shows, up to its as-of year
TREND_YEARS = 10


def load(root: str | Path | None = None, *, keep_going: bool = False) -> Project:
    """The project at ``root`` (default: found from the working directory upwards), after rolling
    back an import stopped before it finished (said on standard error); with ``keep_going``, without
    the partner files that do not load (their problems in ``Result.left_out``)."""
    import sys

    from .loading.reading import load_root as read
    from .loading.root import resolve_root
    from .workflow import journal

    found = resolve_root(root)
    done = journal.recover(found)
    if done is not None:
        print(done, file=sys.stderr)
    return read(found, keep_going=keep_going)


def validate(paths: Sequence[str | Path] = (), root: str | Path | None = None) -> tuple[int, list[Problem]]:
    """How many files were checked and every problem of them, warnings among them
    (``Problem.warning``): the files ``paths``, or every data file of the root. It takes a root,
    not a project: it is what to run when a project does not load."""
    from pathlib import Path as P

    from .loading.reading import check_root as check

    return check([P(p) for p in paths], root)


def new_partner(root: str | Path | None, ident: str, *, name: str, kind: str) -> Path:
    """Write ``partners/IDENT.yaml`` listing every catalogue indicator to fill in, never replacing
    a file. It takes a root: it reads only the catalogue, so it works while other files are wrong."""
    from pathlib import Path as P

    from .workflow.newpartner import write_partner_file as write

    return write(None if root is None else P(root), ident, name, kind)


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a kind of data file (``partner``, ``criteria``, ...), for editors."""
    from .workflow.schemas import schema_for

    return schema_for(kind)


def score(project: Project, *, criteria: str | None = None, as_of: int | None = None) -> Result:
    """Every partner scored against a criteria set (an id under ``criteria/`` or a path; default:
    ``criteria`` in evaluator.yaml, else the only set) as of a year (default: the project's, else
    the current year). ``result.summary()`` is a DataFrame; ``result["japan"].outcome`` one outcome."""
    from .scoring.result import score_project

    return score_project(project, criteria, as_of)


def _scored(project: Project, partner: str | None, criteria: str | None, as_of: int | None) -> Result:
    """Every partner scored, after checking that ``partner`` is one of them."""
    if partner is not None:
        project.partner(partner)
    return score(project, criteria=criteria, as_of=as_of)


def _annotated(project: Project, result: Result, robustness: bool) -> Result:
    from .scoring.sensitivity import verdicts
    from .workflow import reviews

    return result.annotated(review=reviews.states(project, result), decisions=reviews.decision_words(project, result),
                            robustness=verdicts(result.table) if robustness else None)


def _with_consensus(project: Project, result: Result, members: str | Path | None = None) -> Result:
    """The result with each partner's verdict under the member states' weights."""
    from pathlib import Path as P

    from .workflow.consensus import consensus_of

    found = consensus_of(project, result, folder=None if members is None else P(members))
    return result.annotated(consensus={v.partner_id: v.verdict for v in found.verdicts})


def scorecard(project: Project, partner: str, *, criteria: str | None = None, as_of: int | None = None) -> PartnerView:
    """One partner's scorecard: outcome and why, gates, pillars, criteria, caveats, the gap."""
    from .outputs.views import PartnerView

    return PartnerView(_scored(project, partner, criteria, as_of), partner)


def rank(project: Project, *, criteria: str | None = None, as_of: int | None = None, robustness: bool = False,
         consensus: bool = False, members: str | Path | None = None) -> Result:
    """Every partner scored, with review states, and robustness (10,000 draws) and consensus
    verdicts when asked (``members``: a folder of member files other than ``members/``)."""
    result = _annotated(project, score(project, criteria=criteria, as_of=as_of), robustness)
    return _with_consensus(project, result, members) if consensus or members is not None else result


def consensus(project: Project, partner: str | None = None, *, criteria: str | None = None,
              as_of: int | None = None, members: str | Path | None = None) -> Consensus:
    """Every partner (or one) scored under each member state's weights (``members/`` of the root, or
    the folder ``members``), with the verdict: unanimous, consensus-minus-N or no-consensus, and
    for each dissenter the smallest share of weight it would move to give the majority's outcome."""
    from pathlib import Path as P

    from .workflow.consensus import consensus_of

    result = _scored(project, partner, criteria, as_of)
    return consensus_of(project, result, partner, None if members is None else P(members))


def history(project: Project, partner: str | None = None, *, criteria: str | None = None, start: int | None = None,
            end: int | None = None) -> History:
    """Every partner scored as of each year ``start``..``end`` (default: the first dated year to the
    project's as-of year), in one stacked pass; ``partner`` keeps one partner's rows (all are scored:
    peer rules compare them). ``.rows()``: status held, outcome, its move, overall and pillar scores."""
    from .scoring.history import history_project

    if partner is not None:
        project.partner(partner)
    return history_project(project, criteria, start, end).of(partner)


def backtest(project: Project, *, criteria: str | None = None, decisions: str | None = None,
             split: int | None = None, allow_early: int = 0) -> Backtest:
    """Every decision of ``criteria/<set-id>.decisions.yaml`` (or of the set ``decisions``) replayed
    with what was known before it; ``split`` reports the decisions from that year on apart;
    ``allow_early`` counts a negative as agreed with when the status recommended was granted within
    that many years. ``.replays``, ``.summary()``, ``.confusion()``, ``.baselines()``, ``.margin``."""
    from .workflow.backtest import run_backtest as run

    return run(project, criteria, decisions, split, allow_early)


def calibrate(project: Project, *, criteria: str | None = None, fit: str = "both", decisions: str | None = None,
              method: str = "auto", output: str | Path | None = None, force: bool = False,
              holdout_from: int | None = None, leave_one_out: bool = False, time_limit: float = CALIBRATE_LIMIT,
              progress: Callable[[str], None] | None = None) -> Calibration:
    """The weights and thresholds that reproduce the most past decisions, within ``time_limit``
    seconds in all (the best so far is kept; ``.fit.stopped`` says so).

    ``fit``: weights, thresholds, floors, completeness (with commas), both or all; ``method``:
    milp, lp or auto; ``holdout_from`` and ``leave_one_out`` add out-of-sample tests; ``progress``
    is called with a line of words now and then. With ``output``, the calibrated set (its id the
    file's name) is written there, whole or not at all, never through a link out of the root;
    ``.data`` holds its bytes either way.
    """
    from pathlib import Path as P

    from .base.files import write_atomic
    from .loading.root import criteria_target
    from .workflow.calibrate import run_calibration as run

    target = None if output is None else P(output)
    if target is not None:
        criteria_target(project.root, target)
    found = run(project, criteria, fit=fit, decisions=decisions, method=method, output=target,
                holdout_from=holdout_from, leave_one_out=leave_one_out, time_limit=time_limit, progress=progress)
    if target is not None:
        write_atomic(target, found.data, force=force)
    return found


def sources(project: Project, *, criteria: str | None = None, as_of: int | None = None) -> Sources:
    """The share of each source grade, over every observation and over the values scored."""
    from .workflow.sources import count_grades as count

    return count(project, criteria, as_of)


def sensitivity(project: Project, partner: str, *, criteria: str | None = None, as_of: int | None = None,
                draws: int = DRAWS, concentration: float = CONCENTRATION, seed: int = SEED) -> SensitivityView:
    """How robust one partner's outcome is to the weights: ``draws`` Dirichlet draws around the set's
    weights (``concentration``, ``seed``), the share that keep it, and each weight's break-even."""
    from .outputs.views import SensitivityView
    from .scoring.sensitivity import analyse

    result = _scored(project, partner, criteria, as_of)
    return SensitivityView(result, analyse(result.table, partner, draws=draws, concentration=concentration,
                                           seed=seed))


def _write(output: Path, kind: str, fmt: str, view: object, force: bool) -> None:
    """``view`` rendered as ``kind`` in ``fmt`` and written whole or not at all; text has its control
    characters shown as escapes on standard output, a workbook or a PDF is written as it is."""
    from .base.files import write_atomic
    from .outputs import BINARY, render

    write_atomic(output, render(kind, fmt, view), force=force, binary=fmt in BINARY)


def _briefs(project: Project, result: Result, criteria: str | None, partners: Sequence[str]) -> list[ReportView]:
    """The report of each of ``partners``: brief, sensitivity, review, trend and consensus line."""
    from .outputs.views import ReportView
    from .scoring.history import history_project
    from .scoring.sensitivity import analyse
    from .workflow import reviews
    from .workflow.consensus import consensus_line

    trends = history_project(project, criteria, result.as_of - TREND_YEARS + 1, result.as_of)
    return [ReportView(result, pid, analyse(result.table, pid, flips=False), reviews.review_state(project, result, pid),
                       trends.of(pid).rows(), consensus_line(project, result, pid)) for pid in partners]


def export(project: Project, output: str | Path, *, fmt: str | None = None, partners: Sequence[str] = (),
           summary: bool = False, force: bool = False, criteria: str | None = None,
           as_of: int | None = None) -> Written:
    """Scorecards (or with ``summary`` one row per partner) of all or some partners, as CSV, Excel
    or JSON (``fmt``, default: by the file's suffix; ``-`` is standard output)."""
    import sys
    from pathlib import Path as P

    from .base.errors import UsageError
    from .base.files import STDOUT, Written
    from .outputs import format_for
    from .outputs.views import ExportView

    target = P(output)
    kind = format_for(target, fmt, "export")
    if kind == "xlsx" and str(target) == STDOUT and sys.stdout.isatty():
        raise UsageError("an Excel workbook is not for a terminal; give -o FILE.xlsx, or send it to a file or pipe")
    for pid in partners:
        project.partner(pid)
    result = score(project, criteria=criteria, as_of=as_of)
    if summary or kind == "xlsx":
        result = _annotated(project, result, True)
        if project.members:
            result = _with_consensus(project, result)
    wanted = sorted(set(partners)) or None
    _write(target, "export", kind, ExportView(result, wanted, summary, project.rates.base), force)
    return Written(target, kind, len(wanted or result.ranked), result.left_out)


def report(project: Project, partner: str, output: str | Path, *, force: bool = False, criteria: str | None = None,
           as_of: int | None = None) -> Written:
    """The recommendation report of one partner, Markdown, HTML or PDF by the file's suffix."""
    from pathlib import Path as P

    from .base.files import Written
    from .outputs import format_for

    target = P(output)
    kind = format_for(target, None, "report", option=False)
    result = _scored(project, partner, criteria, as_of)
    (view,) = _briefs(project, result, criteria, [partner])
    _write(target, "report", kind, view, force)
    return Written(target, kind, 1)


def book(project: Project, output: str | Path, *, force: bool = False, criteria: str | None = None,
         as_of: int | None = None) -> Written:
    """The briefing book of every partner, HTML or PDF by the file's suffix; partners left out of a
    project loaded with ``keep_going`` are named on the cover."""
    from pathlib import Path as P

    from .base.files import Written
    from .outputs import format_for
    from .outputs.book import BookView
    from .workflow.backtest import record_line

    target = P(output)
    kind = format_for(target, None, "book", option=False)
    result = _annotated(project, score(project, criteria=criteria, as_of=as_of), False)
    views = _briefs(project, result, criteria, result.ranked)
    _write(target, "book", kind, BookView(result, views, project.catalogue, record_line(project, result),
                                          project.rates), force)
    return Written(target, kind, len(views), result.left_out)


def site(project: Project, output: str | Path, *, since: str | None = None, force: bool = False,
         criteria: str | None = None, as_of: int | None = None) -> Written:
    """The whole assessment as a static site in the folder ``output``, written whole or not at all:
    an index, a page per partner, the criteria, the record against past decisions and, with
    ``since`` (a git revision), what the change since then does."""
    from pathlib import Path as P

    from .base.files import Written, write_tree
    from .outputs.site import SiteView, site_files

    result = _annotated(project, score(project, criteria=criteria, as_of=as_of), False)
    views = _briefs(project, result, criteria, result.ranked)
    own = result.criteria.model.id
    test = backtest(project, criteria=own) if own in project.decisions else None
    changes = diff(project, since, criteria=criteria, as_of=result.as_of) if since is not None else None
    write_tree(P(output), site_files(SiteView(result, views, project.catalogue, test, changes, since, project.rates)),
               force=force)
    return Written(P(output), "html", len(views))


def document(project: Project, output: str | Path, *, force: bool = False, criteria: str | None = None) -> Written:
    """The criteria set as a document for leaders, Markdown or HTML by the file's suffix."""
    from pathlib import Path as P

    from .base.files import Written
    from .outputs import format_for
    from .outputs.document import DocumentView

    target = P(output)
    kind = format_for(target, None, "document", option=False)
    view = DocumentView(project.criteria_set(criteria), project.catalogue, rates=project.rates)
    _write(target, "document", kind, view, force)
    return Written(target, kind, 0)


def run_tests(project: Project, *, criteria: str | None = None) -> list[CaseResult]:
    """Every criteria test case (``criteria/<set-id>.tests.yaml``; of one set, by id or path)."""
    from .workflow.casetests import run_cases

    return run_cases(project, criteria)


def review(project: Project, partner: str, *, decision: str, reason: str, reviewer: str, outcome: str | None = None,
           date: str | None = None, criteria: str | None = None, as_of: int | None = None) -> Path:
    """Record an official's decision on a partner's recommendation in ``reviews/PARTNER.yaml``, bound
    to the scorecard's digest (``outcome`` with amend; ``date`` YYYY-MM-DD, default today)."""
    from .workflow.reviews import record_review

    return record_review(project, _scored(project, partner, criteria, as_of), partner, decision=decision,
                         reason=reason, reviewer=reviewer, outcome=outcome, date=date)


def diff(project: Project, base: str, head: str | None = None, *, criteria: str | None = None,
         as_of: int | None = None) -> Diff:
    """Every partner whose recommendation differs between two git revisions of the project's root
    (``head`` default: the working tree), with the causes."""
    from .workflow.diff import diff_revisions  # tarfile and git only for this function

    return diff_revisions(project.root, base, head, criteria, as_of)


def import_table(project: Project, table: str | Path, *, indicator: str, source: str, url: str | None = None,
                 note: str | None = None, scale: str | Decimal = "1", years: tuple[int, int] | None = None,
                 layout: str | None = None, sum_hosts: bool = False, grade: str | None = None,
                 dry_run: bool = False) -> ImportReport:
    """A statistical table's figures (an ASEANstats pivot export, or a long CSV or XLSX) written
    into the partner files as observations of ``indicator``, each with ``source`` (``url``, ``note``,
    ``grade``): ``scale`` multiplies every figure exactly, ``years`` keeps ``(first, last)``,
    ``sum_hosts`` adds one block per host country. All files are written or none; ``dry_run``
    writes nothing (``report.diff()`` says what would change)."""
    from decimal import Decimal as D
    from pathlib import Path as P

    from .base.errors import UsageError
    from .base.fields import check_url
    from .workflow.importer import Options
    from .workflow.importer import run_import as run

    if url is not None:
        try:
            check_url(url)
        except ValueError as exc:
            raise UsageError(f"--url: {exc}") from None
    options = Options(indicator, source, url, note, D(str(scale)), years, layout, sum_hosts, grade)
    return run(project, P(table), options, dry_run=dry_run)
