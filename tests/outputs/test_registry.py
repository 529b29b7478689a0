"""Every renderer by reference: one for each format the command line offers, and nothing the
command line cannot reach."""

from __future__ import annotations

import ast
import inspect

from evaluator.outputs import FORMATS
from evaluator.outputs.registry import RENDERERS, kinds
from tests.conftest import REPO


def test_the_registry_renders_exactly_the_formats_offered() -> None:
    assert kinds() == FORMATS


def test_every_renderer_takes_a_view_and_a_style_only_when_styled() -> None:
    for kind, found in RENDERERS.items():
        for fmt, renderer in found.items():
            params = list(inspect.signature(renderer.function).parameters)
            assert len(params) == (2 if renderer.styled else 1), (kind, fmt, params)


def test_no_renderer_is_named_by_a_string() -> None:
    """A renderer is reached by reference, so an editor or a linter sees who calls it."""
    source = (REPO / "evaluator" / "outputs" / "__init__.py").read_text(encoding="utf-8")
    strings = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if ":" in s and s.split(":")[1].endswith(("_text", "_json", "_csv", "_html"))]


def test_renderers_read_views_not_the_engine() -> None:
    """No renderer reaches into the compiled set or the score table: they read the result's,
    the history's and the calibration's own properties."""
    import re

    found = [f"{path.name}:{n}" for path in sorted((REPO / "evaluator" / "outputs").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\.spec\b|\bresult\.table\b|\.table\.", line)]
    assert found == []
