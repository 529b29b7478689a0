"""The shape of the code: layers without circles, small functions, thin commands, tests that
mirror the package, and a README that says how the code is organised."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evaluator.cli import cli
from tests.conftest import REPO

PACKAGE = REPO / "evaluator"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")
MAX_FUNCTION_LINES = 60
MAX_COMMAND_LINES = 15


def _only_a_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)


def expected_test_file(module: Path) -> Path:
    """``evaluator/a/b.py`` is tested in ``tests/a/test_b.py``; a package's ``__init__.py`` in
    ``tests/a/test_init.py``; the command line (``cli/``) in ``tests/cli/``, by command."""
    rel = module.relative_to(PACKAGE)
    if rel.parts[0] == "cli":
        return REPO / "tests" / "cli"
    stem = "init" if rel.name == "__init__.py" else rel.stem
    return REPO / "tests" / rel.parent / f"test_{stem}.py"


@pytest.mark.parametrize("module", [m for m in MODULES if not _only_a_docstring(m)],
                         ids=lambda m: m.relative_to(PACKAGE).as_posix())
def test_every_module_has_a_test_file(module: Path) -> None:
    assert expected_test_file(module).exists(), f"no {expected_test_file(module).relative_to(REPO)}"


def _functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.relative_to(PACKAGE).as_posix())
def test_no_function_is_longer_than_60_lines(module: Path) -> None:
    long = [f"{f.name} ({f.end_lineno - f.lineno + 1} lines)" for f in _functions(module)
            if (f.end_lineno or f.lineno) - f.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{module.name}: {', '.join(long)}"


def test_every_command_body_is_one_call_and_rendering() -> None:
    tree = {f.name: f for path in sorted((PACKAGE / "cli").glob("*.py")) for f in _functions(path)}
    for command in cli.commands.values():
        assert command.callback is not None
        node = tree[command.callback.__name__]
        body = node.body[1:] if ast.get_docstring(node) else node.body
        lines = (body[-1].end_lineno or 0) - body[0].lineno + 1
        assert lines <= MAX_COMMAND_LINES, f"{command.name}: {lines} lines"


def test_layers_hold_and_no_import_circle() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_the_readme_says_how_the_code_is_organised() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is organised")[1].split("\n## ")[0]
    listed = set(re.findall(r"^- `evaluator/([a-z_]+(?:/|\.py))`", section, flags=re.M))
    present = {p.name + "/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    present |= {p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}}
    assert listed == present


MAX_MODULE_LINES = 400


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.relative_to(PACKAGE).as_posix())
def test_no_module_is_longer_than_400_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module.name}: {lines} lines"


def _found(pattern: str) -> list[str]:
    """``module:line`` of every line of the package that matches ``pattern``."""
    return [f"{m.relative_to(PACKAGE).as_posix()}:{n}" for m in MODULES
            for n, line in enumerate(m.read_text(encoding="utf-8").splitlines(), start=1) if re.search(pattern, line)]


@pytest.mark.parametrize(("what", "pattern", "home"), [
    ("the YAML round-trip factory", r"\bYAML\(", "workflow/yamledit.py"),
    ("the writer that stages a file", r"tempfile\.mkstemp\(", "base/files.py"),
    ("the many-file all-or-nothing writer", r"^def write_all\(", "base/files.py"),
    ("the check that a file would load", r"^def would_load\(", "loading/project.py"),
    ("the weight-share helper", r"^def normalised\(", "scoring/aggregate.py"),
    ("the outcome position made an id", r"INSUFFICIENT if k < 0", "scoring/compile.py"),
    ("the indicator types", r"^TYPES: ", "base/indicators.py"),
    ("the renderers", r"^RENDERERS: ", "outputs/registry.py"),
])
def test_each_idea_is_written_once(what: str, pattern: str, home: str) -> None:
    found = _found(pattern)
    assert len(found) == 1 and found[0].startswith(home + ":"), f"{what}: {found}"


def test_no_public_name_is_defined_twice() -> None:
    """One public function or class per name in the whole package: the library's functions and the
    engine's under them do not share names, nor do the command functions (``<name>_command``)."""
    where: dict[str, list[str]] = {}
    for module in MODULES:
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(module.relative_to(PACKAGE).as_posix())
    assert {name: found for name, found in where.items() if len(found) > 1} == {}
