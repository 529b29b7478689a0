"""One render switch: its formats feed the command line, suffixes choose a file's format."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from evaluator.base.errors import UsageError
from evaluator.cli import cli
from evaluator.outputs import format_for, formats, render


def test_every_format_of_the_cli_is_a_renderer() -> None:
    for command, kind in (("score", "score"), ("rank", "rank"), ("sensitivity", "sensitivity"),
                          ("diff", "diff"), ("export", "export")):
        option = next(p for p in cli.commands[command].params if p.name == "fmt")
        assert isinstance(option.type, click.Choice)
        assert tuple(option.type.choices) == formats(kind)


def test_format_from_the_suffix_or_the_option() -> None:
    assert format_for(Path("a.XLSX"), None, "export") == "xlsx"
    assert format_for(Path("a.htm"), None, "report") == "html"
    assert format_for(Path("a.txt"), "json", "export") == "json"
    with pytest.raises(UsageError, match=r"use a suffix \(\.csv, \.xlsx, \.json\) or --format$"):
        format_for(Path("a.txt"), None, "export")
    assert format_for(Path("a.pdf"), None, "report", option=False) == "pdf"
    with pytest.raises(UsageError, match=r"use a suffix \(\.md, \.html, \.pdf\)$"):
        format_for(Path("a.docx"), None, "report", option=False)


def test_render_colours_only_when_asked(root: Path) -> None:
    import evaluator
    from evaluator.outputs.views import PartnerView

    view = PartnerView(evaluator.score(evaluator.load(root), as_of=2024), "alpha")
    assert b"\x1b[" not in render("score", "table", view)
    assert b"\x1b[" in render("score", "table", view, color=True)
    assert render("score", "json", view).startswith(b"{")
