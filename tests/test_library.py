"""The library: the package's functions live in one module, which the package re-exports and the
command line's calls reach without calling back up into the package."""

from __future__ import annotations

import ast
from pathlib import Path

import evaluator
from evaluator import library
from tests.conftest import REPO

PUBLIC = ("score", "history", "backtest", "calibrate", "consensus", "import_table")


def test_the_package_re_exports_the_library_functions() -> None:
    for name in PUBLIC:
        assert getattr(evaluator, name) is getattr(library, name), name


def test_no_module_of_the_package_imports_the_package_itself() -> None:
    found = []
    for path in sorted((REPO / "evaluator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name == "evaluator" for a in node.names):
                found.append(str(path.relative_to(REPO)))
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "evaluator":
                found.append(str(path.relative_to(REPO)))
    assert found == []


def test_a_library_call_and_the_api_call_give_the_same_result(root: Path) -> None:
    from evaluator import api

    direct = library.history(evaluator.load(root), start=2022, end=2024)
    through = api.history(root=root, start=2022, end=2024)
    assert direct.rows() == through.rows()
