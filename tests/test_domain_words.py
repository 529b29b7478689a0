"""The organisation's words come from its data: none is written into the code or templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

#: words that belong to the bundled case (its organisation, its base currency, its rates' source)
CASE_WORDS = re.compile(r"ASEAN|US dollars|Federal Reserve")


def _docstring_lines(source: str) -> set[int]:
    """The lines of every docstring in a module (of the module, its classes and functions)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def _found(path: Path, root: Path = REPO) -> list[str]:
    text = path.read_text(encoding="utf-8")
    skip = _docstring_lines(text) if path.suffix == ".py" else set()
    return [f"{path.relative_to(root)}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), start=1)
            if n not in skip and CASE_WORDS.search(line)]


def test_no_case_word_is_in_the_code_or_the_templates_outside_docstrings() -> None:
    files = sorted((REPO / "evaluator").rglob("*.py")) + sorted((REPO / "evaluator").rglob("*.j2"))
    assert len(files) > 50
    assert [hit for path in files for hit in _found(path)] == []


def test_the_check_finds_a_case_word_in_code_and_not_in_a_docstring(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text('"""About ASEAN, in a docstring."""\n\nNAME = "ASEAN"  # in code\n', encoding="utf-8")
    assert _found(module, tmp_path) == ['probe.py:3: NAME = "ASEAN"  # in code']
    template = tmp_path / "page.html.j2"
    template.write_text("<p>{{ name }}</p>\n<p>converted to US dollars</p>\n", encoding="utf-8")
    assert _found(template, tmp_path) == ["page.html.j2:2: <p>converted to US dollars</p>"]


#: the marks of a review and of a move: written once, in scoring/standing.py
MARK_CHARACTERS = re.compile("[▲▼▽↔]")


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """A module's or template's lines outside docstrings and comments."""
    text = path.read_text(encoding="utf-8")
    skip = _docstring_lines(text) if path.suffix == ".py" else set()
    return [(n, line.split("#", 1)[0] if path.suffix == ".py" else line)
            for n, line in enumerate(text.splitlines(), start=1) if n not in skip]


def test_the_marks_and_their_legends_are_written_once() -> None:
    home = REPO / "evaluator" / "scoring" / "standing.py"
    sort_arrows = REPO / "evaluator" / "outputs" / "templates" / "site.css.j2"     # the table's sort order, no mark
    files = [p for p in sorted((REPO / "evaluator").rglob("*.py")) + sorted((REPO / "evaluator").rglob("*.j2"))
             if p not in (home, sort_arrows)]
    found = [f"{p.relative_to(REPO)}:{n}" for p in files for n, line in _code_lines(p) if MARK_CHARACTERS.search(line)]
    assert found == []
    assert any(MARK_CHARACTERS.search(line) for _, line in _code_lines(home))
