"""The commands of the review workflow: review, backtest, calibrate, import, new-partner, diff."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..base.choices import (
    CALIBRATE_LIMIT,
    DECISIONS,
    GRADES,
    PARTNER_KINDS,
    YEAR_MAX,
    YEAR_MIN,
)
from ..base.text import visible
from .options import (
    criteria_option,
    format_option,
    partner_argument,
    render_text,
    root_option,
    scale_value,
    scoring_options,
    show,
    year_span,
)
from .program import cli


@cli.command(name="review")
@partner_argument()
@click.option("--decision", type=click.Choice(DECISIONS), required=True,
              help="What was decided about the recommendation.")
@click.option("--reason", required=True, help="Why; always required.")
@click.option("--reviewer", required=True, help="Who decided (a name or a role).")
@click.option("--outcome", default=None, help="The outcome decided instead (required with amend).")
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date of the decision (default: today).")
@scoring_options
@root_option
def review_command(partner: str, criteria: str | None, as_of: int | None, root: Path | None, **fields: Any) -> None:
    """Record an official's decision on a partner's recommendation in reviews/PARTNER.yaml.

    The review is bound to the SHA-256 of today's scorecard, so it shows as stale once the
    data or the criteria change. The computed result is never overwritten.

    Example:

        evaluator review united-kingdom --decision endorse --reviewer "SOM Leader" --reason "Agreed at SOM"
    """
    from .. import library as lib

    path = lib.review(lib.load(root), partner, criteria=criteria, as_of=as_of, **fields)
    click.echo(f"recorded in {path}", err=True)


@cli.command(name="backtest")
@criteria_option
@click.option("--decisions", default=None, metavar="SET",
              help="Replay the decisions file of another set (for a calibrated copy of it; default: the set's own).")
@click.option("--split", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None, metavar="YEAR",
              help="Report the decisions from YEAR on apart from those before it (out of sample for a set "
                   "written or fitted before YEAR; default: split in evaluator.yaml).")
@click.option("--allow-early", type=click.IntRange(0, 10), default=0, show_default=True, metavar="YEARS",
              help="Count a refusal, a pending request or an anniversary without a change as agreed with when "
                   "the status the criteria recommend was granted within YEARS years (right on whether, early "
                   "on when); the baselines get the same allowance, and the output says which decisions it "
                   "counted.")
@format_option("backtest")
@root_option
def backtest_command(criteria: str | None, decisions: str | None, split: int | None, allow_early: int, fmt: str,
             root: Path | None) -> None:
    """Replay the organisation's past decisions and compare them with the criteria.

    Each decision in criteria/SET.decisions.yaml is scored with only what was known before
    it: what is dated before its date, or before its year when it has no date (a fact of its
    own year may be one it created), and with the request it answered. A disagreement names
    the first requirement not met. Agreement is reported on grants and on negatives apart,
    beside three baselines that use no evidence, with a table of decided against recommended.

    Example:

        evaluator backtest --criteria asean-dialogue-partner --split 2020
        evaluator backtest --criteria asean-strategic-partnership --allow-early 2
    """
    from .. import library as lib

    show("backtest", fmt, lib.backtest(lib.load(root), criteria=criteria, decisions=decisions, split=split,
                                       allow_early=allow_early))


@cli.command(name="calibrate")
@criteria_option
@click.option("--fit", default="both", show_default=True, metavar="PARTS",
              help="What to fit, several with commas: weights (pillar and criterion), thresholds (the outcomes' "
                   "scores), floors (the outcomes' pillar requirements), completeness (the minimum and the "
                   "outcomes' limits); both = weights,thresholds; all = every part.")
@click.option("--decisions", default=None, metavar="SET",
              help="Use the decisions file of another set (default: the set's own).")
@click.option("--method", type=click.Choice(["auto", "milp", "lp"]), default="auto", show_default=True,
              help="milp finds the most decisions reproduced; lp is the faster relaxation; auto uses milp up "
                   "to 500 decisions, and when it is not done within 3 s tries lp too and keeps the better, saying so.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the calibrated criteria set to FILE; its id is the file's name.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--holdout-from", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None, metavar="YEAR",
              help="Also fit on the decisions before YEAR alone and report agreement on the rest (out of sample).")
@click.option("--leave-one-out", is_flag=True,
              help="Also fit on all decisions but one, in turn, and report agreement on each one left out.")
@click.option("--time-limit", type=click.FloatRange(0, 86_400, min_open=True), default=CALIBRATE_LIMIT,
              show_default=True,
              metavar="SECONDS",
              help="Stop after this many seconds in all and keep the best found so far (the output says so); "
                   "a long run says how far it has got on stderr.")
@format_option("calibrate")
@root_option
def calibrate_command(criteria: str | None, fit: str, decisions: str | None, method: str, output: Path | None,
                      force: bool, holdout_from: int | None, leave_one_out: bool, time_limit: float, fmt: str,
                      root: Path | None) -> None:
    """Learn the weights and thresholds that reproduce the most past decisions.

    Replays each decision of criteria/SET.decisions.yaml as backtest does, then finds, with a
    mixed-integer programme, the pillar and criterion weights and the outcomes' score
    thresholds that reproduce the most of them, nearest the set's own; names the decisions
    no weights of this form explain, and how far each weight can move. Gates, completeness
    and the missing-data policy stay as they are. -o writes the calibrated set for review;
    --holdout-from and --leave-one-out say how a fit does on decisions it did not see.

    Example:

        evaluator calibrate --leave-one-out -o criteria/asean-dialogue-partner-calibrated.yaml
    """
    from .. import library as lib

    found = lib.calibrate(lib.load(root), criteria=criteria, fit=fit, decisions=decisions, method=method,
                          output=output, force=force, holdout_from=holdout_from, leave_one_out=leave_one_out,
                          time_limit=time_limit, progress=lambda line: click.echo(f"calibrate: {line}", err=True))
    show("calibrate", fmt, found)
    if output is not None:
        click.echo(f"wrote {output} (criteria set {found.calibrated.model.id})", err=True)


@cli.command(name="import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--indicator", required=True, metavar="ID", help="The catalogue indicator the figures are for.")
@click.option("--source", required=True, metavar="TEXT", help="Where the figures come from, written with each one.")
@click.option("--url", default=None, metavar="URL", help="The source's address, written with each figure.")
@click.option("--note", default=None, metavar="TEXT", help="A note written with each figure.")
@click.option("--scale", default="1", show_default=True,
              help="Multiply every figure by this (1e6 for a table in millions), exactly.")
@click.option("--years", default=None, metavar="Y1-Y2", help="Import only these years (2015-2022, or 2019).")
@click.option("--layout", type=click.Choice(["pivot", "long"]), default=None,
              help="The table's layout (default: read from its header): a pivot export (a 'Host Country', "
                   "'Source Country' header with one column per year), or a long table with partner, year and "
                   "value columns.")
@click.option("--sum-hosts", is_flag=True,
              help="Add the blocks of a table with one block per host country into one figure per partner "
                   "and year (the note says so).")
@click.option("--grade", type=click.Choice(GRADES), default=None,
              help="How authoritative the source is, written with each figure.")
@click.option("--dry-run", is_flag=True, help="Print what would change as a unified diff; write nothing.")
@root_option
def import_command(table: Path, root: Path | None, dry_run: bool, scale: str, years: str | None,
                   **options: Any) -> None:
    """Write a statistical table's figures into the partner files as observations.

    Rows are matched to partners by their codes: (then by exact name); each partner gets one
    observation per year with a figure. Comments and layout of the files are kept; the files
    are all written, or none.

    Example:

        evaluator import fdi.csv --indicator fdi_inflow_usd --scale 1e6 --source "FDI inflows (USD m)"
    """
    from .. import library as lib

    report = lib.import_table(lib.load(root), table, scale=scale_value(scale), years=year_span(years), dry_run=dry_run,
                              **options)
    if dry_run:
        click.echo(visible(report.diff(), keep="\n"), nl=False)
    click.echo(render_text("import", report), err=True, nl=False)


@cli.command(name="new-partner")
@click.argument("ident", metavar="ID")
@click.option("--name", required=True, help="The partner's name as it should appear in reports.")
@click.option("--kind", type=click.Choice(PARTNER_KINDS), default=PARTNER_KINDS[0], show_default=True,
              help="What kind of party it is.")
@root_option
def new_partner_command(ident: str, name: str, kind: str, root: Path | None) -> None:
    """Write partners/ID.yaml listing every catalogue indicator to fill in.

    Refuses to replace an existing file.

    Example:

        evaluator new-partner colombia --name Colombia
    """
    from ..library import new_partner as write

    path = write(root, ident, name=name, kind=kind)
    click.echo(f"wrote {path}; fill in the values, then run evaluator validate", err=True)


@cli.command(name="diff")
@click.argument("base")
@click.argument("head", required=False)
@scoring_options
@format_option("diff", "Output format: markdown is sized for a pull-request comment.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when any partner's outcome changed (for CI).")
@root_option
def diff_command(base: str, head: str | None, criteria: str | None, as_of: int | None, fmt: str,
                 exit_code: bool, root: Path | None) -> None:
    """Show which recommendations a change of criteria or data changes, and why.

    Scores the root at two git revisions (HEAD defaults to the working tree; revisions are
    read with git, never checked out over your files) and lists every partner whose
    outcome, overall or pillar score changed, with the criteria, weights, thresholds,
    outcomes and partner values behind it.

    Example:

        evaluator diff main --format markdown
    """
    from .. import library as lib

    result = lib.diff(lib.load(root), base, head, criteria=criteria, as_of=as_of)
    show("diff", fmt, result)
    if exit_code and result.outcome_changed:
        sys.exit(1)


