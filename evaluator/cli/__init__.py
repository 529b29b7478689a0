"""The command line: each command parses its own option strings, loads the project and makes one
call into ``library``, then one ``render``; library errors become messages and exit codes once, in
the command group (``program``).

Heavy modules (pandas, numpy, Jinja2, openpyxl) are imported inside the commands that need them, so
``evaluator --help`` and ``evaluator validate`` start fast.
"""

from __future__ import annotations

from . import reading, workflow, writing
from .program import BLAS_THREADS, cli, install_signal_handlers, main, one_blas_thread

__all__ = ["BLAS_THREADS", "cli", "install_signal_handlers", "main", "one_blas_thread", "reading", "workflow",
           "writing"]


def _full_short_help() -> None:
    """The command list of ``evaluator --help`` shows each command's whole first sentence (wrapped),
    not one cut at 45 characters."""
    for command in cli.commands.values():
        if command.help and not command.short_help:
            command.short_help = command.help.strip().split("\n\n")[0].replace("\n", " ")


_full_short_help()
