"""The program: the command group that turns library errors into messages and exit codes, the
signal handlers, the BLAS setting and the handling of a standard output that fails."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from ..base import __version__
from ..base.errors import DataError, EvaluatorError, UsageError
from ..base.text import plural, visible


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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evaluator")
def cli() -> None:
    """Score partners against criteria kept as YAML files, and explain every point.

    A root folder holds criteria/ (the indicator catalogue and criteria sets) and partners/
    (one file per partner, every value with its year and source).

    Example:

        evaluator score united-kingdom --as-of 2024
    """


