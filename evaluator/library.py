"""The library: every function of the package's public API, on a loaded ``Project``. The package
(``import evaluator``) re-exports them; ``api`` and the command line call them from here, so the
import layers see every call (a module never calls back up into the package)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .base.choices import CALIBRATE_LIMIT

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from .loading.project import Project
    from .scoring.history import History
    from .scoring.result import Result
    from .workflow.backtest import Backtest
    from .workflow.calibrate import Calibration
    from .workflow.consensus import Consensus
    from .workflow.importer import ImportReport


def score(project: Project, criteria: str | None = None, as_of: int | None = None) -> Result:
    """Score every partner of ``project`` against a criteria set, as of a year.

    Args:
        project: a loaded project (``evaluator.load``).
        criteria: a set id under ``criteria/`` or a path; default: the only set.
        as_of: the year values are judged against for staleness; default: the current year.
    """
    from .scoring.result import score_project

    return score_project(project, criteria, as_of)


def history(project: Project, criteria: str | None = None, start: int | None = None, end: int | None = None,
            partner: str | None = None) -> History:
    """Every partner (or one) scored as of each year ``start``..``end``, in one stacked pass.

    Args:
        project: a loaded project (``evaluator.load``).
        criteria: a set id under ``criteria/`` or a path; default: the only set.
        start: the first as-of year; default: the first year with a dated observation.
        end: the last as-of year; default: the project's as-of year, else the current year.
        partner: show one partner's rows only (all are scored: peer rules compare them).

    ``history(...).rows()`` gives one dict per partner and year: status held, outcome, the
    change since the year before (``up``, ``down`` or empty), overall and pillar scores.
    """
    from .scoring.history import history_project

    return history_project(project, criteria, start, end).of(partner)


def backtest(project: Project, criteria: str | None = None, decisions: str | None = None,
             split: int | None = None, allow_early: int = 0) -> Backtest:
    """Replay every decision of ``criteria/<set-id>.decisions.yaml`` with what was known before it
    (``decisions``: the decisions file of another set, for a calibrated copy of it; ``split``: report
    the decisions from that year on apart; ``allow_early``: count a negative as agreed with when the
    status the criteria recommend was granted within that many years).

    ``backtest(...).replays`` holds each decision with the status the criteria recommend then,
    whether they agree, and the first unmet requirement where they do not; ``.summary()`` says
    how many agree, ``.confusion()``, ``.baselines()`` and ``.margin`` how that compares.
    """
    from .workflow.backtest import backtest as run

    return run(project, criteria, decisions, split, allow_early)


def calibrate(project: Project, criteria: str | None = None, *, fit: str = "both", decisions: str | None = None,
              method: str = "auto", output: str | Path | None = None, holdout_from: int | None = None,
              leave_one_out: bool = False, time_limit: float = CALIBRATE_LIMIT,
              progress: Callable[[str], None] | None = None) -> Calibration:
    """The weights and outcome thresholds that reproduce the most past decisions.

    Args:
        fit: ``weights``, ``thresholds`` or ``both``.
        decisions: hold the set against another set's decisions file (default: its own).
        method: ``milp`` (a maximum), ``lp`` (the faster relaxation), ``auto`` (``milp`` up to 500 decisions).
        output: the file the calibrated set is meant for; its name is the new set's id. Nothing is
            written here: ``calibrate(...).data`` holds the file's bytes.
        holdout_from: also fit on the decisions before this year and test on the rest.
        leave_one_out: also fit on all decisions but one, in turn, and test on the one left out.
        time_limit: the seconds the whole calibration may take (600 unless given); when they run out
            the best found so far is kept and ``.fit.stopped`` holds the limit.
        progress: called with a line of words now and then while a calibration runs long.

    ``calibrate(...).to_dict()`` gives the counts before and after, the unexplained decisions, the
    weights and thresholds with their ranges.
    """
    from pathlib import Path as P

    from .workflow.calibrate import calibrate as run

    return run(project, criteria, fit=fit, decisions=decisions, method=method,
               output=None if output is None else P(output), holdout_from=holdout_from, leave_one_out=leave_one_out,
               time_limit=time_limit, progress=progress)


def consensus(project: Project, criteria: str | None = None, as_of: int | None = None,
              partner: str | None = None, members: str | Path | None = None) -> Consensus:
    """Every partner (or one) scored under each member state's weights (``members/`` of the root, or
    the folder ``members``), with the verdict: unanimous, consensus-minus-N or no-consensus.

    ``consensus(...).verdicts`` holds, per partner, each member's outcome and, for each dissenter,
    the smallest share of weight it would move to give the majority's outcome.
    """
    from pathlib import Path as P

    from .scoring.result import score_project
    from .workflow.consensus import consensus_of

    if partner is not None:
        project.partner(partner)
    return consensus_of(project, score_project(project, criteria, as_of), partner,
                        None if members is None else P(members))


def import_table(project: Project, table: str | Path, indicator: str, source: str, *, url: str | None = None,
                 note: str | None = None, scale: str | Decimal = "1", years: tuple[int, int] | None = None,
                 layout: str | None = None, sum_hosts: bool = False, grade: str | None = None,
                 dry_run: bool = False) -> ImportReport:
    """Write a statistical table's figures into the partner files of ``project`` as observations.

    Args:
        project: a loaded project (``evaluator.load``).
        table: the ASEANstats pivot export, or a long CSV or XLSX (partner, year, value).
        indicator: the catalogue indicator the figures are for.
        source: where the figures come from, written with each one (``url`` and ``note`` too).
        scale: multiplies every figure exactly (``"1e6"`` for a table in millions).
        years: only the years ``(first, last)``.
        sum_hosts: add the blocks of a table with one block per host country.
        grade: how authoritative the source is (``official-statistics``, ...), written with each figure.
        dry_run: compute the change (``report.diff()``) without writing.
    """
    from decimal import Decimal as D
    from pathlib import Path as P

    from .base.errors import UsageError
    from .base.fields import check_url
    from .workflow.importer import Options
    from .workflow.importer import import_table as run

    if url is not None:
        try:
            check_url(url)
        except ValueError as exc:
            raise UsageError(f"--url: {exc}") from None
    options = Options(indicator, source, url, note, D(scale), years, layout, sum_hosts, grade)
    return run(project, P(table), options, dry_run=dry_run)
