"""The command line: parse options, call one library function, render, translate errors.

Heavy modules (pandas, numpy, Jinja2, openpyxl) are imported inside the commands that need
them, so ``evaluator --help`` and ``evaluator validate`` start fast.
"""

from __future__ import annotations

import datetime
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import DataError, EvaluatorError, OutputError, UsageError

F = TypeVar("F", bound=Callable[..., Any])


def _translate_errors(func: F) -> F:
    """Library errors become messages and exit codes: data 1, usage 2, output 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            count = len(exc.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''}; nothing was written", err=True)
            sys.exit(1)
        except UsageError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except (OutputError, EvaluatorError) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def root_option(func: F) -> F:
    """``--root DIR``."""
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The folder holding criteria/ and partners/ (default: found from the working "
             "directory upwards).",
    )(func)


def scoring_options(func: F) -> F:
    """``--criteria SET`` and ``--as-of YEAR``."""
    func = click.option(
        "--as-of", "as_of", type=click.IntRange(1900, 2100), default=None,
        help="The year values are judged against for staleness (default: the current year).",
    )(func)
    return click.option(
        "--criteria", default=None, metavar="SET",
        help="A criteria set id under criteria/, or a path (default: the only set).",
    )(func)


def current_year() -> int:
    """The default as-of year."""
    return datetime.date.today().year


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@_translate_errors
def validate(paths: tuple[Path, ...], root: Path | None) -> None:
    """Check the catalogue, criteria sets, tests, reviews and partner files.

    Prints one line per problem as FILE:LINE:COL: message, every problem of every file,
    sorted by file and line, then a summary. Exits 1 when there is any problem.

    Example:

        evaluator validate partners/united-kingdom.yaml
    """
    from .project import collect, find_root, resolve_root

    base = resolve_root(root) if root is not None or not paths else find_root(paths[0].parent)
    project, problems = collect(base, list(paths) if paths else None)
    for problem in problems:
        click.echo(str(problem))
    files = project.files if project is not None else len({p.path for p in problems})
    where = len({p.path for p in problems})
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {where} "
                   f"file{'s' if where != 1 else ''} ({files} checked)", err=True)
        sys.exit(1)
    click.echo(f"{files} file{'s' if files != 1 else ''} checked, no problems", err=True)


@cli.command()
@click.argument("kind", type=click.Choice(["indicators", "criteria", "partner", "tests", "review"]))
@_translate_errors
def schema(kind: str) -> None:
    """Print the JSON Schema of a kind of data file, for editors.

    Example:

        evaluator schema partner > schemas/partner.schema.json
    """
    from .schemas import schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, sort_keys=True))


def _style() -> Any:
    """click.style on a colour terminal (NO_COLOR respected), plain text otherwise."""
    import os

    from .views import plain

    if os.environ.get("NO_COLOR") or not sys.stdout.isatty():
        return plain
    return click.style


def _provenance(result: Any) -> dict[str, Any]:
    from .provenance import provenance

    return provenance(result)


@cli.command()
@click.argument("partner")
@scoring_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="Output format.")
@root_option
@_translate_errors
def score(partner: str, criteria: str | None, as_of: int | None, fmt: str, root: Path | None) -> None:
    """Show one partner's scorecard: outcome and why, gates, pillars, criteria, caveats, gap.

    Every point is traced to a rule and every value to its year and source. The last part
    says what it would take to reach the next better outcome.

    Example:

        evaluator score united-kingdom --as-of 2024 --format markdown
    """
    import evaluator

    from . import views

    project = evaluator.load(root)
    project.partner(partner)
    result = evaluator.score(project, criteria, as_of)
    card = result[partner]
    if fmt == "json":
        click.echo(views.to_json(views.clean({**card.to_dict(), "provenance": _provenance(result)})), nl=False)
    elif fmt == "markdown":
        click.echo(views.scorecard_markdown(card), nl=False)
    else:
        click.echo(views.scorecard_text(card, _style()), nl=False)


@cli.command()
@scoring_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--robustness", is_flag=True,
              help="Add each partner's robustness verdict (10,000 weight draws, seed 0).")
@root_option
@_translate_errors
def rank(criteria: str | None, as_of: int | None, fmt: str, robustness: bool, root: Path | None) -> None:
    """Rank all partners, best overall score first, with pillars, completeness and outcome.

    Example:

        evaluator rank --as-of 2024 --robustness
    """
    import evaluator

    from . import tabular, views

    project = evaluator.load(root)
    result = evaluator.score(project, criteria, as_of)
    result.add_reviews(project)
    if robustness:
        result.add_robustness()
    if fmt == "json":
        payload = {"provenance": _provenance(result), "partners": result.summary_rows()}
        click.echo(views.to_json(views.clean(payload)), nl=False)
    elif fmt == "csv":
        pillars = {p: 1 for p in result.table.spec.pillar_ids}
        click.echo(tabular.csv_text(result.summary_columns(), result.summary_rows(), bom=False,
                                    crlf=False, decimals=pillars), nl=False)
    else:
        click.echo(views.rank_text(result, _style()), nl=False)


def _format_from(output: Path, given: str | None, choices: tuple[str, ...]) -> str:
    if given is not None:
        return given
    suffix = {"htm": "html"}.get(output.suffix.lower().lstrip("."), output.suffix.lower().lstrip("."))
    if suffix in choices:
        return suffix
    raise click.UsageError(f"cannot tell the format from '{output.name}'; use a suffix "
                           f"({', '.join('.' + c for c in choices)}) or --format")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write; its suffix sets the format.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default=None,
              help="Output format (default: from the file's suffix).")
@click.option("--partner", "partners", multiple=True, metavar="ID",
              help="Export only this partner (repeatable; default: all).")
@click.option("--summary", is_flag=True, help="One row per partner instead of one per gate and criterion.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@scoring_options
@root_option
@_translate_errors
def export(output: Path, fmt: str | None, partners: tuple[str, ...], summary: bool, force: bool,
           criteria: str | None, as_of: int | None, root: Path | None) -> None:
    """Export scorecards to CSV, Excel or JSON for circulation.

    CSV files are UTF-8 with a byte-order mark and CRLF line endings, so Excel shows every
    name correctly; text that a spreadsheet could run as a formula is written with a
    leading apostrophe. The file is written whole or not at all.

    Example:

        evaluator export -o scorecards.xlsx --as-of 2026
    """
    import evaluator

    from .export import render_export
    from .output import write_atomic

    kind = _format_from(output, fmt, ("csv", "xlsx", "json"))
    if summary and kind == "xlsx":
        raise click.UsageError("an Excel export always holds the summary and the scorecards; drop --summary")
    project = evaluator.load(root)
    for pid in partners:
        project.partner(pid)
    result = evaluator.score(project, criteria, as_of)
    if summary or kind == "xlsx":
        result.add_robustness()
        result.add_reviews(project)
    data = render_export(result, kind, sorted(partners) or None, summary=summary)
    write_atomic(output, data, force=force)
    click.echo(f"wrote {output} ({kind}, {len(partners) or len(result)} partners)", err=True)


@cli.command()
@click.argument("partner")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write: .md for Markdown, .html for a self-contained web page.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@scoring_options
@root_option
@_translate_errors
def report(partner: str, output: Path, force: bool, criteria: str | None, as_of: int | None,
           root: Path | None) -> None:
    """Write the reviewable recommendation for one partner, as Markdown or HTML.

    The report is written for someone who never saw the tool: the outcome and why at the
    top, gates, a chart of scores against the thresholds, every criterion with its source,
    what is missing, what it would take to reach the next outcome, provenance and a blank
    review block. HTML prints cleanly on A4 and needs no network.

    Example:

        evaluator report united-kingdom -o united-kingdom.html --as-of 2026
    """
    import evaluator

    from .output import write_atomic
    from .report import render_report

    kind = _format_from(output, None, ("md", "html"))
    project = evaluator.load(root)
    project.partner(partner)
    from .sensitivity import analyse

    result = evaluator.score(project, criteria, as_of)
    from .reviews import latest, state

    sens = analyse(result.table, partner, flips=False)
    last = latest(project, partner)
    review = {"state": state(project, result, partner), "last": last} if last else None
    text = render_report(result, partner, "markdown" if kind == "md" else "html", robustness=sens, review=review)
    write_atomic(output, text.encode("utf-8"), force=force)
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("partner")
@scoring_options
@click.option("--draws", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True,
              help="How many weight draws.")
@click.option("--concentration", type=click.FloatRange(0, None, min_open=True), default=50.0, show_default=True,
              help="Dirichlet concentration: higher keeps the draws closer to the set's weights.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed; the same seed gives the same output.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@root_option
@_translate_errors
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
    import evaluator

    from . import views
    from .sensitivity import analyse, to_dict

    project = evaluator.load(root)
    project.partner(partner)
    result = evaluator.score(project, criteria, as_of)
    sens = analyse(result.table, partner, draws=draws, concentration=concentration, seed=seed)
    if fmt == "json":
        payload = {"provenance": _provenance(result), "sensitivity": to_dict(sens)}
        click.echo(views.to_json(views.clean(payload)), nl=False)
    else:
        click.echo(views.sensitivity_text(result, sens, _style()), nl=False)


@cli.command(name="test")
@click.option("--criteria", default=None, metavar="SET", help="Run only the tests of this criteria set.")
@root_option
@_translate_errors
def test_command(criteria: str | None, root: Path | None) -> None:
    """Run the expected outcomes in criteria/<set-id>.tests.yaml.

    Prints one line per case: PASS, or FAIL with what was expected and what came out.
    Exits 1 when any case fails, so a criteria edit that changes a result is seen.

    Example:

        evaluator test --criteria asean-dialogue-partner
    """
    import evaluator

    from .casetests import run_cases

    project = evaluator.load(root)
    if criteria is not None:
        project.criteria_set(criteria)
    results = run_cases(project, criteria)
    for case in results:
        click.echo(case.line())
    failed = sum(not c.passed for c in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed", err=True)
    if failed or not results:
        if not results:
            click.echo("no criteria tests found (criteria/<set-id>.tests.yaml)", err=True)
        sys.exit(1)


@cli.command()
@click.argument("partner")
@click.option("--decision", type=click.Choice(["endorse", "amend", "reject"]), required=True,
              help="What was decided about the recommendation.")
@click.option("--reason", required=True, help="Why; always required.")
@click.option("--reviewer", required=True, help="Who decided (a name or a role).")
@click.option("--outcome", default=None, help="The outcome decided instead (required with amend).")
@click.option("--date", "when", default=None, metavar="YYYY-MM-DD", help="Date of the decision (default: today).")
@scoring_options
@root_option
@_translate_errors
def review(partner: str, decision: str, reason: str, reviewer: str, outcome: str | None, when: str | None,
           criteria: str | None, as_of: int | None, root: Path | None) -> None:
    """Record an official's decision on a partner's recommendation in reviews/PARTNER.yaml.

    The review is bound to the SHA-256 of today's scorecard, so it shows as stale once the
    data or the criteria change. The computed result is never overwritten.

    Example:

        evaluator review united-kingdom --decision endorse --reviewer "SOM Leader" --reason "Agreed at SOM"
    """
    import evaluator

    from .output import write_atomic
    from .reviews import add_review

    if when is not None and not __import__("re").fullmatch(r"\d{4}-\d{2}-\d{2}", when):
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--date")
    project = evaluator.load(root)
    project.partner(partner)
    result = evaluator.score(project, criteria, as_of)
    date = when or datetime.date.today().isoformat()
    path, data = add_review(project, result, partner, reviewer=reviewer, date=date, decision=decision,
                            outcome=outcome, reason=reason)
    (path.parent).mkdir(exist_ok=True)
    write_atomic(path, data, force=True)
    click.echo(f"recorded in {path}", err=True)


@cli.command(name="new-partner")
@click.argument("ident", metavar="ID")
@click.option("--name", required=True, help="The partner's name as it should appear in reports.")
@click.option("--kind", type=click.Choice(["country", "regional-organisation", "international-organisation"]),
              default="country", show_default=True, help="What kind of party it is.")
@root_option
@_translate_errors
def new_partner(ident: str, name: str, kind: str, root: Path | None) -> None:
    """Write partners/ID.yaml listing every catalogue indicator to fill in.

    Refuses to replace an existing file.

    Example:

        evaluator new-partner colombia --name Colombia
    """
    from .models import check_id
    from .newpartner import partner_template
    from .output import write_atomic
    from .project import read_catalogue, resolve_root

    try:
        check_id(ident)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    base = resolve_root(root)
    problems: list[Any] = []
    catalogue = read_catalogue(base, problems)
    if catalogue is None:
        raise DataError(problems)
    path = base / "partners" / f"{ident}.yaml"
    write_atomic(path, partner_template(ident, name, kind, catalogue).encode("utf-8"))
    click.echo(f"wrote {path}; fill in the values, then run evaluator validate", err=True)


@cli.command(name="diff")
@click.argument("base")
@click.argument("head", required=False)
@scoring_options
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "csv"]), default="table",
              show_default=True, help="Output format: markdown is sized for a pull-request comment.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when any partner's outcome changed (for CI).")
@root_option
@_translate_errors
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
    from . import tabular
    from .diff import diff, diff_markdown, diff_rows, diff_text
    from .project import resolve_root

    result = diff(resolve_root(root), base, head, criteria, as_of if as_of is not None else current_year())
    if fmt == "markdown":
        click.echo(diff_markdown(result), nl=False)
    elif fmt == "csv":
        click.echo(tabular.csv_text(["partner_id", "field", "before", "after", "causes"], diff_rows(result),
                                    bom=False, crlf=False, decimals={"before": 1, "after": 1}), nl=False)
    else:
        click.echo(diff_text(result), nl=False)
    if exit_code and result.outcome_changed:
        sys.exit(1)
