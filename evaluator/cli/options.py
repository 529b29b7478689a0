"""The options and arguments the commands share, shell completion, and printing a rendered view."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from ..base.choices import YEAR_MAX, YEAR_MIN
from ..base.errors import EvaluatorError, Problem, UsageError
from ..base.text import for_terminal, plural, visible
from ..outputs import color_wanted, formats

F = TypeVar("F", bound=Callable[..., Any])


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


def root_option(func: F) -> F:
    """``--root DIR``."""
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The folder holding criteria/ and partners/ (default: found from the working "
             "directory upwards).",
    )(func)


def _root_of(ctx: click.Context) -> Path | None:
    """The root a command line being completed works on (its ``--root``, else found from here)."""
    from ..loading.root import find_root

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
    """``-o FILE`` and ``--force``; the file is checked before the command runs (it exists without
    ``--force``, it is not a regular file, its folder is missing), not after the work is done."""
    from ..base.files import check_target

    command = func

    @functools.wraps(command)
    def checked(*args: Any, output: Path, force: bool, **kwargs: Any) -> Any:
        check_target(output, force)
        return command(*args, output=output, force=force, **kwargs)

    func = click.option("--force", is_flag=True, help="Replace the file if it exists.")(cast(F, checked))
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
                        required=True, help="The file to write; its suffix sets the format ('-': standard "
                                            "output, with --format).")(func)


def render_text(kind: str, view: Any) -> str:
    """``view`` rendered for the terminal (no colour)."""
    from ..outputs import render

    return render(kind, "table", view).decode("utf-8")


def show(kind: str, fmt: str, view: Any) -> None:
    """Render ``view`` and print it."""
    from ..outputs import render

    text = render(kind, fmt, view, color=fmt == "table" and color_wanted()).decode("utf-8")
    if fmt == "csv":            # the byte-order mark is for Excel opening a file, not for a pipe
        text = for_terminal(text.removeprefix("\ufeff"))
    click.echo(text, nl=False)   # the others escape their data



def scale_value(text: str) -> Decimal:
    """``--scale``: a positive number, read exactly."""
    from decimal import InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"--scale '{text}' is not a number; give for example 1e6 for a table in millions") from None
    if not value.is_finite() or value <= 0:
        raise UsageError(f"--scale {text}: give a positive number, for example 1e6 for a table in millions")
    return value


def year_span(text: str | None) -> tuple[int, int] | None:
    """``--years``: a year (2019) or a range of years (2015-2022)."""
    if text is None:
        return None
    first, _, last = text.partition("-")
    if not (first.isdigit() and len(first) == 4 and (not last or (last.isdigit() and len(last) == 4))):
        raise UsageError(f"--years '{text}': give a year (2019) or a range of years (2015-2022)")
    span = (int(first), int(last or first))
    if span[0] > span[1]:
        raise UsageError(f"--years {text}: the range runs backwards")
    return span
