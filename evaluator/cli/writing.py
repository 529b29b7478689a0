"""The commands that write documents: export, book, site, document, report."""

from __future__ import annotations

from pathlib import Path

import click

from ..base.text import plural
from ..outputs import formats
from .options import (
    _left_out,
    criteria_option,
    keep_going_option,
    output_options,
    partner_argument,
    root_option,
    scoring_options,
)
from .program import cli


@cli.command(name="export")
@output_options
@click.option("--format", "fmt", type=click.Choice(formats("export")), default=None,
              help="Output format (default: from the file's suffix).")
@click.option("--partner", "partners", multiple=True, metavar="ID",
              help="Export only this partner (repeatable; default: all).")
@click.option("--summary", is_flag=True, help="One row per partner instead of one per gate and criterion.")
@scoring_options
@keep_going_option
@root_option
def export_command(output: Path, force: bool, fmt: str | None, partners: tuple[str, ...], summary: bool,
           criteria: str | None, as_of: int | None, keep_going: bool, root: Path | None) -> None:
    """Export scorecards to CSV, Excel or JSON for circulation.

    CSV files are UTF-8 with a byte-order mark and CRLF line endings, so Excel shows every
    name correctly; text that a spreadsheet could run as a formula is written with a
    leading apostrophe. The file is written whole or not at all.

    Example:

        evaluator export -o scorecards.xlsx --as-of 2026
    """
    from .. import library as lib

    done = lib.export(lib.load(root, keep_going=keep_going), output, fmt=fmt, partners=partners, summary=summary,
                      force=force, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where} ({done.fmt}, {plural(done.partners, 'partner')})", err=True)
    _left_out(done.left_out)


@cli.command(name="book")
@output_options
@scoring_options
@keep_going_option
@root_option
def book_command(output: Path, force: bool, criteria: str | None, as_of: int | None, keep_going: bool,
         root: Path | None) -> None:
    """Write the briefing book: every partner in one document, as HTML or PDF.

    A cover with the summary of all partners (status, recommendation and its mark, overall,
    completeness, robustness, review) and a table of contents, one brief per partner in rank
    order, and the criteria as an annex. A .pdf is printed by headless Chromium.

    Example:

        evaluator book -o briefing-book.pdf
    """
    from .. import library as lib

    done = lib.book(lib.load(root, keep_going=keep_going), output, force=force, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where} ({done.fmt}, {plural(done.partners, 'partner')})", err=True)
    _left_out(done.left_out)


@cli.command(name="site")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="The folder to write the site into (a new folder, or one evaluator wrote, with --force).")
@click.option("--force", is_flag=True, help="Replace a site evaluator wrote there before.")
@click.option("--since", metavar="REV", default=None,
              help="A git revision of the data (a tag, a commit, HEAD~1): the 'Latest change' page shows "
                   "what the change since then does.")
@scoring_options
@root_option
def site_command(output: Path, force: bool, since: str | None, criteria: str | None, as_of: int | None,
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
    from .. import library as lib

    done = lib.site(lib.load(root), output, since=since, force=force, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where}/ (index, {plural(done.partners, 'partner page')}, criteria, backtest, "
               "changes)", err=True)


@cli.command(name="document")
@output_options
@criteria_option
@root_option
def document_command(output: Path, force: bool, criteria: str | None, root: Path | None) -> None:
    """Write the criteria set as a document for leaders, as Markdown or HTML.

    Numbered articles in plain words: purpose and basis, how evidence is read, each gate,
    each pillar and criterion with its weight, how it is scored and its rationale, the
    outcomes in order, and the version. The format comes from the suffix (.md, .html).

    Example:

        evaluator document -o criteria.html
    """
    from .. import library as lib

    done = lib.document(lib.load(root), output, force=force, criteria=criteria)
    click.echo(f"wrote {done.where} ({done.fmt})", err=True)


@cli.command(name="report")
@partner_argument()
@output_options
@scoring_options
@root_option
def report_command(partner: str, output: Path, force: bool, criteria: str | None, as_of: int | None,
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
    from .. import library as lib

    done = lib.report(lib.load(root), partner, output, force=force, criteria=criteria, as_of=as_of)
    click.echo(f"wrote {done.where}", err=True)


