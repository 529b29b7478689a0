"""The command line: parse options, call one library function, render, translate errors.

Each command is one call into ``api`` (or ``load`` for ``validate``) and one ``render``.
Heavy modules (pandas, numpy, Jinja2, openpyxl) are imported inside the commands that need
them, so ``evaluator --help`` and ``evaluator validate`` start fast.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .base import __version__
from .base.choices import (
    CALIBRATE_LIMIT,
    CONCENTRATION,
    DECISIONS,
    DRAWS,
    GRADES,
    PARTNER_KINDS,
    SCHEMA_KINDS,
    SEED,
    YEAR_MAX,
    YEAR_MIN,
)
from .base.errors import DataError, EvaluatorError, Problem, UsageError
from .base.text import for_terminal, plural, visible
from .outputs import color_wanted, formats

F = TypeVar("F", bound=Callable[..., Any])


class _Commands(click.Group):
    """The command group: library errors become messages and exit codes, once for every command
    (data 1, usage 2, output 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a library error is printed as its message, never as a traceback."""
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(visible(str(problem)), err=True)
            click.echo(f"{plural(len(exc.problems), 'problem')}; nothing was written", err=True)
            sys.exit(1)
        except UsageError as exc:
            click.echo(_error_text(exc), err=True)
            sys.exit(2)
        except EvaluatorError as exc:
            click.echo(_error_text(exc), err=True)
            sys.exit(1)


def _error_text(exc: Exception) -> str:
    """``Error: message``; on a terminal, wrapped to its width at spaces (a path or address is kept whole).
    Into a pipe or a log it stays one line, for grep."""
    import shutil
    import textwrap

    if not sys.stderr.isatty():
        return f"Error: {visible(str(exc))}"

    width = max(60, shutil.get_terminal_size((80, 24)).columns)
    return "\n".join(textwrap.wrap(f"Error: {visible(str(exc))}", width, subsequent_indent="  ",
                                   break_on_hyphens=False, break_long_words=False)) or "Error"


def keep_going_option(func: F) -> F:
    """``--keep-going``: write what can be written when some partner files do not load."""
    return click.option("--keep-going", is_flag=True,
                        help="When some partner files do not load, go on with the others: name the files "
                             "left out on standard error (and in the output), then exit 1.")(func)


def _left_out(problems: tuple[Problem, ...]) -> None:
    """After ``--keep-going``: the problems of the partner files left out, and exit 1."""
    if not problems:
        return
    for problem in problems:
        click.echo(visible(str(problem)), err=True)
    files = sorted({p.path for p in problems})
    click.echo(f"left out {plural(len(files), 'partner file')} that did not load: {', '.join(files)}", err=True)
    sys.exit(1)


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP end the program as Ctrl-C does, so that a file being written is removed."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def main() -> None:
    """The ``evaluator`` program: the command line, with the signal handlers installed, and a
    character the terminal's encoding lacks (``—`` or ``≥`` on Latin-1) written as its escape."""
    one_blas_thread()
    install_signal_handlers()
    if sys.stdout is None:       # started with standard output closed
        if sys.stderr is not None:
            click.echo("Error: standard output is closed; nothing was written", err=True)
        sys.exit(1)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli()
    except OSError as exc:       # a full disk, a closed pipe or terminal under standard output
        _stdout_failed(exc)


#: the settings of the linear-algebra libraries numpy may load, read once when it loads
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """One thread for numpy's linear algebra unless the user set otherwise, before numpy loads: the
    products here are small, and a second thread costs more in hand-offs than it saves."""
    import os

    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def _stdout_failed(exc: OSError) -> None:
    """End with one line and exit 1 when the output could not be written, not a traceback."""
    import os

    with contextlib.suppress(OSError, ValueError):   # nothing more reaches the broken stream
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    where = f"{exc.filename}" if exc.filename else "standard output"
    with contextlib.suppress(OSError):
        click.echo(f"Error: cannot write to {where}: {exc.strerror or exc}", err=True)
    sys.exit(1)


def root_option(func: F) -> F:
    """``--root DIR``."""
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The folder holding criteria/ and partners/ (default: found from the working "
             "directory upwards).",
    )(func)


def _root_of(ctx: click.Context) -> Path | None:
    """The root a command line being completed works on (its ``--root``, else found from here)."""
    from .loading.project import find_root

    given = ctx.params.get("root")
    try:
        return Path(given) if given else find_root()
    except EvaluatorError:
        return None


def _completions(ctx: click.Context, folder: str, incomplete: str, keep: Callable[[str], bool]) -> list[str]:
    """The ids of the YAML files of ``folder`` in the root being completed that ``keep`` takes and
    that start with ``incomplete``; nothing is loaded."""
    root = _root_of(ctx)
    if root is None:
        return []
    try:
        names = sorted(p.name for p in (root / folder).iterdir() if p.suffix == ".yaml" and keep(p.name))
    except OSError:
        return []
    return [n.removesuffix(".yaml") for n in names if n.startswith(incomplete)]


def complete_partner(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Partner ids for shell completion: the names of the files in partners/."""
    return _completions(ctx, "partners", incomplete, lambda name: True)


def complete_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Criteria set ids for shell completion: the set files of criteria/."""
    others = ("indicators.yaml", "rates.yaml")
    return _completions(ctx, "criteria", incomplete,
                        lambda name: name not in others and not name.endswith((".tests.yaml", ".decisions.yaml")))


def partner_argument(required: bool = True) -> Callable[[F], F]:
    """The ``PARTNER`` argument: a partner id, completed from partners/."""
    return click.argument("partner", required=required, shell_complete=complete_partner)


def criteria_option(func: F) -> F:
    """``--criteria SET``."""
    return click.option(
        "--criteria", default=None, metavar="SET", shell_complete=complete_set,
        help="A criteria set id under criteria/, or a path (default: criteria in evaluator.yaml, else "
             "the only set).",
    )(func)


def scoring_options(func: F) -> F:
    """``--criteria SET`` and ``--as-of YEAR``."""
    func = click.option(
        "--as-of", "as_of", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None,
        help="The year to score as of: later observations are not seen, older flows go stale "
             "(default: as_of in evaluator.yaml, else the current year).",
    )(func)
    return criteria_option(func)


def members_option(func: F) -> F:
    """``--members DIR``."""
    return click.option("--members", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
                        help="The folder of member files (default: members/ of the root).")(func)


def format_option(kind: str, help_text: str = "Output format.") -> Callable[[F], F]:
    """``--format`` with the formats ``outputs`` renders for ``kind``, the first by default."""
    return click.option("--format", "fmt", type=click.Choice(formats(kind)), default=formats(kind)[0],
                        show_default=True, help=help_text)


def output_options(func: F) -> F:
    """``-o FILE`` and ``--force``."""
    func = click.option("--force", is_flag=True, help="Replace the file if it exists.")(func)
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
                        required=True, help="The file to write; its suffix sets the format ('-': standard "
                                            "output, with --format).")(func)


def render_text(kind: str, view: Any) -> str:
    """``view`` rendered for the terminal (no colour)."""
    from .outputs import render

    return str(render(kind, "table", view))


def show(kind: str, fmt: str, view: Any) -> None:
    """Render ``view`` and print it."""
    from .outputs import render

    text = render(kind, fmt, view, color=fmt == "table" and color_wanted())
    if fmt == "csv":            # the byte-order mark is for Excel opening a file, not for a pipe
        text = for_terminal(text.removeprefix("\ufeff"))
    click.echo(text, nl=False)   # the others escape their data


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evaluator")
def cli() -> None:
    """Score partners against criteria kept as YAML files, and explain every point.

    A root folder holds criteria/ (the indicator catalogue and criteria sets) and partners/
    (one file per partner, every value with its year and source).

    Example:

        evaluator score united-kingdom --as-of 2024
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@root_option
def validate(paths: tuple[Path, ...], root: Path | None) -> None:
    """Check the catalogue, criteria sets, tests, reviews and partner files.

    Prints one line per problem as FILE:LINE:COL: message, every problem of every file,
    sorted by file and line, then a summary. Exits 1 when there is any problem.
    Likely mistakes that do not stop loading (a weight more than ten times its
    siblings', a status no criteria set grants) are printed as warnings on
    standard error and leave the exit status 0.

    Example:

        evaluator validate partners/united-kingdom.yaml
    """
    from .loading.project import validate as check

    files, found = check(list(paths), root)
    problems = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    for problem in found:
        click.echo(visible(str(problem)), err=problem.warning)
    also = f"; {plural(len(warnings), 'warning')}" if warnings else ""
    if problems:
        where = plural(len({p.path for p in problems}), "file")
        click.echo(f"{plural(len(problems), 'problem')} in {where} ({files} checked{also})", err=True)
        sys.exit(1)
    click.echo(f"{plural(files, 'file')} checked, no problems{also}", err=True)


@cli.command()
@root_option
def partners(root: Path | None) -> None:
    """List the partners: id (what the other commands take), name, status held, codes.

    Example:

        evaluator partners
    """
    from . import api
    from .outputs.text import partner_list

    click.echo(partner_list(api.load(root)), nl=False)


@cli.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
def schema(kind: str) -> None:
    """Print the JSON Schema of a kind of data file, for editors.

    Example:

        evaluator schema partner > schemas/partner.schema.json
    """
    import json

    from .workflow.schemas import schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, sort_keys=True))


@cli.command()
@partner_argument()
@scoring_options
@format_option("score")
@root_option
def score(partner: str, criteria: str | None, as_of: int | None, fmt: str, root: Path | None) -> None:
    """Show one partner's scorecard: outcome and why, gates, pillars, criteria, caveats, gap.

    Every point is traced to a rule and every value to its year and source. The last part
    says what it would take to reach the next better outcome.

    Example:

        evaluator score united-kingdom --as-of 2024 --format markdown
    """
    from . import api

    show("score", fmt, api.scorecard(partner, root, criteria, as_of))


@cli.command()
@scoring_options
@format_option("rank")
@click.option("--robustness", is_flag=True,
              help="Add each partner's robustness verdict (10,000 weight draws, seed 0).")
@click.option("--consensus", is_flag=True,
              help="Add each partner's verdict under the member states' weights (members/ of the root).")
@members_option
@keep_going_option
@root_option
def rank(criteria: str | None, as_of: int | None, fmt: str, robustness: bool, consensus: bool,
         members: Path | None, keep_going: bool, root: Path | None) -> None:
    """Rank all partners, best overall score first, with pillars, completeness and outcome.

    Example:

        evaluator rank --as-of 2024 --robustness
    """
    from . import api

    found = api.rank(root, criteria, as_of, robustness=robustness, consensus=consensus, members=members,
                     keep_going=keep_going)
    show("rank", fmt, found)
    _left_out(found.left_out)


@cli.command()
@partner_argument(required=False)
@click.option("--from", "start", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None,
              help="The first as-of year (default: the first year of a yearly figure).")
@click.option("--to", "end", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None,
              help="The last as-of year (default: as_of in evaluator.yaml, else the current year).")
@criteria_option
@format_option("history")
@root_option
def history(partner: str | None, start: int | None, end: int | None, criteria: str | None, fmt: str,
            root: Path | None) -> None:
    """Outcome, overall and pillar scores of one or all partners for every as-of year.

    Each year sees only what was dated by its end (a yearly figure from the year it is
    published); ▲ and ▼ mark where the outcome moved.

    Example:

        evaluator history new-zealand --from 2015 --to 2026
    """
    from . import api

    show("history", fmt, api.history(partner, root, criteria, start, end))


@cli.command()
@output_options
@click.option("--format", "fmt", type=click.Choice(formats("export")), default=None,
              help="Output format (default: from the file's suffix).")
@click.option("--partner", "partners", multiple=True, metavar="ID",
              help="Export only this partner (repeatable; default: all).")
@click.option("--summary", is_flag=True, help="One row per partner instead of one per gate and criterion.")
@scoring_options
@keep_going_option
@root_option
def export(output: Path, force: bool, fmt: str | None, partners: tuple[str, ...], summary: bool,
           criteria: str | None, as_of: int | None, keep_going: bool, root: Path | None) -> None:
    """Export scorecards to CSV, Excel or JSON for circulation.

    CSV files are UTF-8 with a byte-order mark and CRLF line endings, so Excel shows every
    name correctly; text that a spreadsheet could run as a formula is written with a
    leading apostrophe. The file is written whole or not at all.

    Example:

        evaluator export -o scorecards.xlsx --as-of 2026
    """
    from . import api

    done = api.export(output, fmt, partners, summary=summary, force=force, root=root, criteria=criteria,
                      as_of=as_of, keep_going=keep_going)
    click.echo(f"wrote {done.where} ({done.fmt}, {plural(done.partners, 'partner')})", err=True)
    _left_out(done.left_out)


@cli.command()
@output_options
@scoring_options
@keep_going_option
@root_option
def book(output: Path, force: bool, criteria: str | None, as_of: int | None, keep_going: bool,
         root: Path | None) -> None:
    """Write the briefing book: every partner in one document, as HTML or PDF.

    A cover with the summary of all partners (status, recommendation and its mark, overall,
    completeness, robustness, review) and a table of contents, one brief per partner in rank
    order, and the criteria as an annex. A .pdf is printed by headless Chromium.

    Example:

        evaluator book -o briefing-book.pdf
    """
    from . import api

    done = api.book(output, force=force, root=root, criteria=criteria, as_of=as_of, keep_going=keep_going)
    click.echo(f"wrote {done.where} ({done.fmt}, {plural(done.partners, 'partner')})", err=True)
    _left_out(done.left_out)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="The folder to write the site into (a new folder, or one evaluator wrote, with --force).")
@click.option("--force", is_flag=True, help="Replace a site evaluator wrote there before.")
@click.option("--since", metavar="REV", default=None,
              help="A git revision of the data (a tag, a commit, HEAD~1): the 'Latest change' page shows "
                   "what the change since then does.")
@scoring_options
@root_option
def site(output: Path, force: bool, since: str | None, criteria: str | None, as_of: int | None,
         root: Path | None) -> None:
    """Write the whole assessment as a static site, for an intranet or a shared folder.

    An index of every partner (status, recommendation, scores, evidence, robustness,
    review) that sorts by any column, a page per partner (brief, detail, history,
    sources), the criteria, the record against past decisions, and what the latest
    criteria change does (with --since). No external resource and no network: the pages
    open from the folder itself or from any static web server.

    Example:

        evaluator site -o site --since HEAD~1
    """
    from . import api

    done = api.site(output, since=since, force=force, root=root, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where}/ (index, {plural(done.partners, 'partner page')}, criteria, backtest, "
               "changes)", err=True)


@cli.command()
@output_options
@criteria_option
@root_option
def document(output: Path, force: bool, criteria: str | None, root: Path | None) -> None:
    """Write the criteria set as a document for leaders, as Markdown or HTML.

    Numbered articles in plain words: purpose and basis, how evidence is read, each gate,
    each pillar and criterion with its weight, how it is scored and its rationale, the
    outcomes in order, and the version. The format comes from the suffix (.md, .html).

    Example:

        evaluator document -o criteria.html
    """
    from . import api

    done = api.document(output, force=force, root=root, criteria=criteria)
    click.echo(f"wrote {done.where} ({done.fmt})", err=True)


@cli.command()
@partner_argument()
@output_options
@scoring_options
@root_option
def report(partner: str, output: Path, force: bool, criteria: str | None, as_of: int | None,
           root: Path | None) -> None:
    """Write the reviewable recommendation for one partner, as Markdown, HTML or PDF.

    The report is written for someone who never saw the tool: a one-page brief, then the
    gates, every criterion with its source (numbered, the addresses in a list of
    sources), the history, what is missing, what it would take to reach the next outcome,
    provenance and a blank review block. The file's suffix sets the format: .md for
    Markdown, .html for a self-contained web page that prints on A4 (at most three pages
    for the bundled partners) and needs no network, .pdf printed by headless Chromium.

    Example:

        evaluator report united-kingdom -o united-kingdom.html --as-of 2026
    """
    from . import api

    done = api.report(partner, output, force=force, root=root, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where}", err=True)


@cli.command()
@partner_argument()
@scoring_options
@click.option("--draws", type=click.IntRange(1, 1_000_000), default=DRAWS, show_default=True,
              help="How many weight draws.")
@click.option("--concentration", type=click.FloatRange(0, None, min_open=True), default=CONCENTRATION,
              show_default=True,
              help="Dirichlet concentration: higher keeps the draws closer to the set's weights.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=SEED, show_default=True,
              help="Random seed; the same seed gives the same output.")
@format_option("sensitivity")
@root_option
def sensitivity(partner: str, criteria: str | None, as_of: int | None, draws: int, concentration: float,
                seed: int, fmt: str, root: Path | None) -> None:
    """Show how robust a partner's outcome is to the weights that were chosen.

    Draws pillar and criterion weights around the set's weights and re-scores the partner
    each time: the share of draws that keep the outcome (robust at 90 % or more, fragile
    below 60 %), the other outcomes reached, the 5th, 50th and 95th percentile of the overall
    score, and for each pillar and criterion the smallest change of its weight alone that
    changes the outcome.

    Example:

        evaluator sensitivity united-kingdom --draws 10000 --seed 0
    """
    from . import api

    show("sensitivity", fmt, api.sensitivity(partner, root, criteria, as_of, draws=draws,
                                             concentration=concentration, seed=seed))


@cli.command(name="test")
@click.option("--criteria", default=None, metavar="SET", shell_complete=complete_set,
              help="Run only the tests of this criteria set (an id, or the path of a set file).")
@root_option
def test_command(criteria: str | None, root: Path | None) -> None:
    """Run the expected outcomes in criteria/<set-id>.tests.yaml.

    Prints one line per case: PASS, or FAIL with what was expected and what came out.
    Exits 1 when any case fails, so a criteria edit that changes a result is seen.

    Example:

        evaluator test --criteria asean-dialogue-partner
    """
    from . import api

    results = api.run_tests(root, criteria)
    show("test", "table", results)
    failed = sum(not c.passed for c in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed", err=True)
    if not results:
        click.echo("no criteria tests found (criteria/<set-id>.tests.yaml)", err=True)
    if failed or not results:
        sys.exit(1)


@cli.command()
@partner_argument()
@click.option("--decision", type=click.Choice(DECISIONS), required=True,
              help="What was decided about the recommendation.")
@click.option("--reason", required=True, help="Why; always required.")
@click.option("--reviewer", required=True, help="Who decided (a name or a role).")
@click.option("--outcome", default=None, help="The outcome decided instead (required with amend).")
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date of the decision (default: today).")
@scoring_options
@root_option
def review(partner: str, criteria: str | None, as_of: int | None, root: Path | None, **fields: Any) -> None:
    """Record an official's decision on a partner's recommendation in reviews/PARTNER.yaml.

    The review is bound to the SHA-256 of today's scorecard, so it shows as stale once the
    data or the criteria change. The computed result is never overwritten.

    Example:

        evaluator review united-kingdom --decision endorse --reviewer "SOM Leader" --reason "Agreed at SOM"
    """
    from . import api

    path = api.review(partner, root=root, criteria=criteria, as_of=as_of, **fields)
    click.echo(f"recorded in {path}", err=True)


@cli.command()
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
def backtest(criteria: str | None, decisions: str | None, split: int | None, allow_early: int, fmt: str,
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
    from . import api

    show("backtest", fmt, api.backtest(root, criteria, decisions, split, allow_early))


@cli.command()
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
def calibrate(criteria: str | None, fit: str, decisions: str | None, method: str, output: Path | None, force: bool,
              holdout_from: int | None, leave_one_out: bool, time_limit: float, fmt: str, root: Path | None) -> None:
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
    from . import api

    found = api.calibrate(root, criteria, fit=fit, decisions=decisions, method=method, output=output, force=force,
                          holdout_from=holdout_from, leave_one_out=leave_one_out, time_limit=time_limit,
                          progress=lambda line: click.echo(f"calibrate: {line}", err=True))
    show("calibrate", fmt, found)
    if output is not None:
        click.echo(f"wrote {output} (criteria set {found.calibrated.model.id})", err=True)


@cli.command()
@partner_argument(required=False)
@scoring_options
@members_option
@format_option("consensus")
@root_option
def consensus(partner: str | None, criteria: str | None, as_of: int | None, members: Path | None, fmt: str,
              root: Path | None) -> None:
    """Whether each recommendation holds under every member state's weights.

    Scores every partner (or PARTNER) once per member file in members/ (weights, a ranking
    of the pillars, or pairwise comparisons), gives the verdict (unanimous, consensus-minus-N
    naming the N, or no-consensus), and for each dissenting member the smallest share of its
    weight that would have to move to give the majority's outcome.

    Example:

        evaluator consensus --members examples/consensus/members
    """
    from . import api

    show("consensus", fmt, api.consensus(partner, root, criteria, as_of, members))


@cli.command()
@scoring_options
@format_option("sources")
@root_option
def sources(criteria: str | None, as_of: int | None, fmt: str, root: Path | None) -> None:
    """How authoritative the evidence is: the share of each source grade.

    Counts every observation's grade (official statistics, official statement, news agency,
    secondary); the grades of the observations the criteria set scores as of the year (a
    window of three years is three observations); and the grades of the values it scores (a
    window counts once, at the lowest grade of its years).

    Example:

        evaluator sources --as-of 2026
    """
    from . import api

    show("sources", fmt, api.sources(root, criteria, as_of))


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
def import_(table: Path, root: Path | None, dry_run: bool, **options: Any) -> None:
    """Write a statistical table's figures into the partner files as observations.

    Rows are matched to partners by their codes: (then by exact name); each partner gets one
    observation per year with a figure. Comments and layout of the files are kept; the files
    are all written, or none.

    Example:

        evaluator import fdi.csv --indicator fdi_inflow_usd --scale 1e6 --source "FDI inflows (USD m)"
    """
    from . import api

    report = api.import_table(table, root=root, dry_run=dry_run, **options)
    if dry_run:
        click.echo(visible(report.diff(), keep="\n"), nl=False)
    click.echo(render_text("import", report), err=True, nl=False)


@cli.command(name="new-partner")
@click.argument("ident", metavar="ID")
@click.option("--name", required=True, help="The partner's name as it should appear in reports.")
@click.option("--kind", type=click.Choice(PARTNER_KINDS), default=PARTNER_KINDS[0], show_default=True,
              help="What kind of party it is.")
@root_option
def new_partner(ident: str, name: str, kind: str, root: Path | None) -> None:
    """Write partners/ID.yaml listing every catalogue indicator to fill in.

    Refuses to replace an existing file.

    Example:

        evaluator new-partner colombia --name Colombia
    """
    from .workflow.newpartner import new_partner as write

    path = write(root, ident, name, kind)
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
    from . import api

    result = api.diff(base, head, root, criteria, as_of)
    show("diff", fmt, result)
    if exit_code and result.outcome_changed:
        sys.exit(1)


def _full_short_help() -> None:
    """The command list of ``evaluator --help`` shows each command's whole first sentence (wrapped),
    not one cut at 45 characters."""
    for command in cli.commands.values():
        if command.help and not command.short_help:
            command.short_help = command.help.strip().split("\n\n")[0].replace("\n", " ")


_full_short_help()
