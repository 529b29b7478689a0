"""Text from data reaches a terminal with control and direction characters shown, never acted on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli

#: a hyperlink, a window title, clear screen, carriage return, NUL, backspace, right-to-left override
NASTY = r'"Evil\e]8;;http://x.example\aLink\e]8;;\a\e]0;title\a\e[2J\rX\0Y\bZ\u202eW"'
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


@pytest.fixture
def nasty(root: Path) -> Path:
    path = root / "partners" / "beta.yaml"
    text = path.read_text()
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"name: {name}", f"name: {NASTY}"))
    return root


@pytest.mark.parametrize("args", [
    ["score", "beta"], ["score", "beta", "--format", "json"], ["score", "beta", "--format", "markdown"],
    ["rank"], ["rank", "--format", "csv"], ["rank", "--format", "json"], ["sensitivity", "beta", "--draws", "50"],
    ["export", "-o", "-", "--format", "csv"], ["export", "-o", "-", "--format", "csv", "--summary"],
    ["export", "-o", "-", "--format", "json"],
])
def test_no_raw_control_character_reaches_standard_output(nasty: Path, runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, [*args, "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    assert not RAW.findall(result.stdout.replace("\r\n", "\n"))


def test_the_escapes_are_shown(nasty: Path, runner: CliRunner) -> None:
    shown = runner.invoke(cli, ["score", "beta", "--as-of", "2024"]).stdout.splitlines()[0]
    assert shown == (r"Evil\x1b]8;;http://x.example\x07Link\x1b]8;;\x07\x1b]0;title\x07\x1b[2J\rX\x00Y\x08Z"
                     r"\u202eW (beta)")


def test_validate_echoes_unknown_keys_visibly(root: Path, runner: CliRunner) -> None:
    path = root / "partners" / "beta.yaml"
    path.write_text(path.read_text() + '"\\e[2Jkey\\u202e": 1\n')
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert r"unknown key '\x1b[2Jkey\u202e'" in result.stdout and not RAW.findall(result.stdout)


def test_a_latin_1_terminal_gets_escapes_not_a_traceback(root: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "evaluator", "rank", "--as-of", "2024"], cwd=root,
                          capture_output=True, env={"PYTHONIOENCODING": "latin-1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr.decode("latin-1")
    assert b"\\u2014" in done.stdout and b"Traceback" not in done.stderr


def test_a_control_character_in_data_can_be_exported_to_excel(nasty: Path, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    result = runner.invoke(cli, ["export", "-o", "s.xlsx", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    names = [row[1] for row in load_workbook(nasty / "s.xlsx")["Summary"].iter_rows(min_row=2, values_only=True)]
    assert any(str(n).startswith(r"Evil\x1b]8;;") for n in names)


def test_the_program_asks_for_one_blas_thread_unless_the_user_set_one() -> None:
    import os

    from evaluator.cli import BLAS_THREADS

    probe = ("import os, sys; from evaluator import cli; sys.argv = ['evaluator', '--version']\n"
             "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
             "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])")
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREADS}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "1 1"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**env, "OPENBLAS_NUM_THREADS": "2"}, check=True)
    assert done.stdout.splitlines()[-1] == "2 1"        # the user's setting stands
