"""No command gives a traceback for any number or option: hostile values end in exit 0, 1 or 2,
and a refusal is one line on standard error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.cli import cli

#: numbers as a user could type them: huge, tiny, negative, not numbers at all
NUMBERS = st.one_of(
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "-inf", "1e400", "1e-400", "0x10", "", " ", "2024.5", "١٢", "2e3", "-0", "+1"]),
)
#: names as a user could type them: unknown, traversing, with controls
NAMES = st.one_of(st.sampled_from(["alpha", "../alpha", "", "-", "ALPHA", "alpha\x1b[2J", "a" * 300, "fixture",
                                   "/etc/passwd", "nul"]),
                  st.text(max_size=12))

COMMANDS = [
    ("score", ["alpha"], ["--as-of"]),
    ("rank", [], ["--as-of"]),
    ("sensitivity", ["alpha"], ["--as-of", "--draws", "--concentration", "--seed"]),
    ("history", ["alpha"], ["--from", "--to"]),
    ("backtest", [], ["--split"]),
    ("calibrate", [], ["--holdout-from", "--time-limit"]),
    ("sources", [], ["--as-of"]),
    ("consensus", [], ["--as-of"]),
    ("export", ["-o", "x.csv", "--force"], ["--as-of"]),
    ("report", ["alpha", "-o", "r.md", "--force"], ["--as-of"]),
    ("book", ["-o", "b.html", "--force"], ["--as-of"]),
    ("site", ["-o", "site", "--force"], ["--as-of"]),
    ("review", ["alpha", "--decision", "endorse", "--reviewer", "x", "--reason", "y"], ["--as-of"]),
    ("import", ["t.csv", "--indicator", "trade", "--source", "s", "--dry-run"], ["--scale"]),
]


def _one_line_or_success(result: object, args: list[str]) -> None:
    exit_code = result.exit_code                     # type: ignore[attr-defined]
    exception = result.exception                     # type: ignore[attr-defined]
    assert exception is None or isinstance(exception, SystemExit), (args, repr(exception))
    assert exit_code in (0, 1, 2), (args, exit_code)
    if exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]  # type: ignore[attr-defined]
        assert errors or "problem" in result.stderr, (args, result.stderr)  # type: ignore[attr-defined]
        assert "Traceback" not in result.stderr, args  # type: ignore[attr-defined]


@pytest.mark.parametrize(("command", "fixed", "options"), COMMANDS, ids=[c[0] for c in COMMANDS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_numbers_in_options_never_give_a_traceback(root: Path, command: str, fixed: list[str],
                                                            options: list[str], data: st.DataObject) -> None:
    if command == "import":
        (root / "t.csv").write_text("partner,year,value\nAR,2020,5\n", encoding="utf-8")
    option = data.draw(st.sampled_from(options))
    value = data.draw(NUMBERS)
    args = [command, *fixed, f"{option}={value}"]
    _one_line_or_success(CliRunner().invoke(cli, args), args)


@pytest.mark.parametrize("command", ["score", "sensitivity", "history", "report", "review"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_hostile_partner_names_never_give_a_traceback(root: Path, command: str, name: str) -> None:
    args = [command, name]
    if command == "report":
        args += ["-o", "r.md"]
    if command == "review":
        args += ["--decision", "endorse", "--reviewer", "x", "--reason", "y"]
    _one_line_or_success(CliRunner().invoke(cli, [*args, "--as-of", "2024"]), args)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_hostile_criteria_set_names_never_give_a_traceback(root: Path, name: str) -> None:
    args = ["rank", "--criteria", name]
    _one_line_or_success(CliRunner().invoke(cli, args), args)
