"""``python -m evaluator``."""

from .cli import cli

cli()
