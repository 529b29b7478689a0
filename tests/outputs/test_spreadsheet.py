"""The summary and scorecard CSV files: the machine contract of SPEC section 7."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from evaluator.scoring.result import LONG_COLUMNS
from tests.helpers import HOSTILE_NAME, read_csv, run


@pytest.mark.parametrize(("name", "args"), [
    ("scorecards.csv", []),
    ("summary.csv", ["--summary"]),
    ("scorecards.json", []),
    ("summary.json", ["--summary"]),
    ("alpha-beta.csv", ["--partner", "beta", "--partner", "alpha"]),
])
def test_exports_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                    name: str, args: list[str]) -> None:
    run(runner, "export", "-o", name, "--as-of", "2024", *args)
    golden(f"export-{name}", (root / name).read_bytes())


def test_scorecard_csv_has_the_contract_columns_and_order(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--as-of", "2024")
    rows = read_csv(root / "s.csv")
    assert rows[0] == LONG_COLUMNS
    body = rows[1:]
    assert [r[0] for r in body] == sorted(r[0] for r in body)            # by partner id
    alpha = [r for r in body if r[0] == "alpha"]
    assert [r[7] for r in alpha] == ["gate"] * 6 + ["criterion"] * 8     # gates, then criteria
    assert [r[8] for r in alpha][:6] == ["tac", "centrality", "trade-floor", "fdi-floor", "ties", "either"]
    gate = alpha[0]
    assert gate[6] == gate[16] == gate[17] == gate[18] == ""             # no pillar or points for gates
    trade = next(r for r in alpha if r[8] == "trade-c")
    assert trade[16:19] == ["84.9", "25.00", "21.23"]                    # points, weight %, weighted
    assert trade[15] == "scored" and trade[11] == "50000000000"


def test_summary_csv_columns_and_order(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--summary", "--as-of", "2024")
    rows = read_csv(root / "s.csv")
    assert rows[0] == ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256",
                       "as_of", "overall", "political", "economic", "social", "completeness", "gates_passed",
                       "gates_total", "outcome", "outcome_title", "robustness", "review", "status",
                       "status_change"]
    assert [r[0] for r in rows[1:]] == ["alpha", "gamma", "beta", "hostile"]
    beta = rows[3]
    assert beta[9] == ""                                                 # a dropped pillar is empty


def test_hostile_text_is_inert_in_csv(root: Path, runner: CliRunner) -> None:
    run(runner, "export", "-o", "s.csv", "--as-of", "2024")
    rows = [r for r in read_csv(root / "s.csv")[1:] if r[0] == "hostile"]
    assert rows[0][1] == "'" + HOSTILE_NAME
    sources = {r[8]: r[14] for r in rows}
    assert sources["tac"] == "'@SUM(A1:A2)"
    assert sources["fdi-floor"] == "'+cmd"
    assert sources["trade-c"].startswith("'-2+3")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for r in rows for cell in r
               if cell and not cell.lstrip("-").replace(".", "").isdigit())


def test_exports_are_byte_identical_on_rerun(root: Path, runner: CliRunner) -> None:
    for name in ("a.csv", "a.xlsx", "a.json"):
        run(runner, "export", "-o", name, "--as-of", "2024")
        first = (root / name).read_bytes()
        run(runner, "export", "-o", name, "--as-of", "2024", "--force")
        assert (root / name).read_bytes() == first


@given(st.text(max_size=20))
def test_the_column_converter_defuses_as_defuse_does(text: str) -> None:
    from evaluator.outputs.spreadsheet import converter, defuse

    assert converter(None)(text) == converter(2)(text) == defuse(text)


def test_the_scorecard_csv_is_the_generic_csv_of_the_long_rows(root: Path) -> None:
    """``long_csv`` converts a partner's and an item's cells once; what it writes is what ``csv_text``
    writes from the rows as dicts, hostile text, missing values and every partner included."""
    import evaluator
    from evaluator.outputs.spreadsheet import column_decimals, csv_text, long_csv
    from evaluator.outputs.views import ExportView

    result = evaluator.score(evaluator.load(root), as_of=2024)
    for wanted in (None, ["hostile", "alpha"]):
        view = ExportView(result, wanted, False, "USD")
        rows = result.iter_long_rows(sorted(wanted) if wanted else None)
        assert long_csv(view) == csv_text(LONG_COLUMNS, rows, decimals=column_decimals(result))


@given(st.lists(st.text(max_size=12), min_size=2, max_size=4))
def test_a_quoted_field_is_what_the_csv_module_writes(fields: list[str]) -> None:
    import csv
    import io

    from evaluator.outputs.spreadsheet import quoted

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    assert buffer.getvalue() == ",".join(map(quoted, fields)) + "\r\n"
