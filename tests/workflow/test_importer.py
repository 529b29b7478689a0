"""Importing a table into partner files: matching, exact values, comments kept, all or nothing."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import evaluator
from evaluator.base.errors import DataError, UsageError
from evaluator.loading.yamlfile import parse_bytes
from evaluator.workflow.importer import NO_GRADE, Options, decimal_text
from evaluator.workflow.importer import run_import as import_table
from tests.conftest import DATA, REPO

TABLES = DATA / "tables"
INFLOWS = REPO / "sources" / "aseanstats-fdi-inflows-by-source-country-2010-2022.csv"
SOURCE = "ASEANstats, Flows of Inward FDI into ASEAN by Source Country (million US$)"


def _codes(root: Path, **codes: str) -> None:
    for pid, code in codes.items():
        path = root / "partners" / f"{pid}.yaml"
        path.write_text(path.read_text().replace("\nkind:", f"\ncodes: [{code}]\nkind:", 1))


def _load(path: Path) -> Any:
    """A partner file as the tool reads it (YAML 1.2: ``1.5e9`` is a number)."""
    return parse_bytes(path.read_bytes(), path, path.name).data


def _digest(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "partners").iterdir())}


def _run(root: Path, table: Path, **given: object) -> evaluator.workflow.importer.ImportReport:  # type: ignore[name-defined]
    options = Options(**{"indicator": "fdi", "source": "Test table", "scale": Decimal("1e6"), **given})  # type: ignore[arg-type]
    return import_table(evaluator.load(root), table, options)


def test_figures_are_written_scaled_exactly_with_years_and_source(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    report = _run(root, TABLES / "pivot.csv", url="https://example.org/t", note="net flows")
    assert [(c.partner_id, c.added, c.replaced) for c in report.changes] == [
        ("alpha", [2020, 2022], []), ("beta", [2020, 2021, 2022], [])]
    data = _load(root / "partners" / "beta.yaml")
    assert data["indicators"]["fdi"][-1] == {"value": 1000000010000.0, "year": 2022, "source": "Test table",
                                             "url": "https://example.org/t", "note": "net flows"}
    assert "{value: 1.23456e9, year: 2020," in (root / "partners" / "alpha.yaml").read_text()
    assert "1.000000010000e" not in (root / "partners" / "beta.yaml").read_text()
    evaluator.load(root)                                   # the result validates


def test_an_observation_of_the_same_year_is_replaced_and_said(root: Path) -> None:
    _codes(root, alpha="XA")
    table = root / "t.csv"
    table.write_text("partner,year,value\nXA,2023,5\n")
    report = _run(root, table)
    assert report.changes[0].replaced == ["2023 (was USD 4 bn, Alpha investment 2023)"]
    assert _load(root / "partners" / "alpha.yaml")["indicators"]["fdi"] == [
        {"value": 5000000.0, "year": 2023, "source": "Test table"}]


def test_a_second_run_changes_nothing(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    _run(root, TABLES / "pivot.csv")
    before = _digest(root)
    report = _run(root, TABLES / "pivot.csv")
    assert _digest(root) == before and not any(c.changed for c in report.changes)
    assert [c.unchanged for c in report.changes] == [[2020, 2022], [2020, 2021, 2022]]


COMMENTED = """\
# Alpha: hand-kept file
id: alpha
name: Alpha Republic
codes: [XA]   # ISO code used by the tables
kind: country

status: dialogue-partner
since: 1990
history:
  - {year: 1985, status: sectoral-dialogue-partner, source: "Joint Statement of the 1985 meeting"}
  - {year: 1990, status: dialogue-partner, source: "Joint Statement of the 1990 meeting"}
indicators:
  # trade from the national statistics office
  trade: {value: 5.0e10, year: 2023, source: Alpha trade statistics 2023}

  fdi:
    - {value: 4.0e9, year: 2023, source: Alpha investment 2023}   # preliminary
  tac: {value: 2004, source: Treaty depositary}
"""


def test_comments_and_blank_lines_survive(root: Path, golden: Callable[..., None]) -> None:
    (root / "partners" / "alpha.yaml").write_text(COMMENTED)
    _run(root, TABLES / "pivot.csv", years=(2020, 2022))
    golden("import-commented.yaml", (root / "partners" / "alpha.yaml").read_bytes())


def test_host_blocks_are_summed_only_when_asked(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    with pytest.raises(UsageError, match="one block per host country .2: Brunei Darussalam, Cambodia"):
        _run(root, TABLES / "hosts.csv")
    _run(root, TABLES / "hosts.csv", sum_hosts=True)
    fdi = _load(root / "partners" / "alpha.yaml")["indicators"]["fdi"]
    assert [(o["year"], o["value"]) for o in fdi] == [(2020, 3.75e6), (2022, 7e6), (2023, 4e9)]
    assert fdi[0]["note"] == "sum over the table's host countries, 2 of 2 with a figure"
    beta = _load(root / "partners" / "beta.yaml")["indicators"]["fdi"]
    assert beta[-1] == {"value": 3e6, "year": 2022, "source": "Test table",
                        "note": "sum over the table's host countries, 2 of 2 with a figure"}


def test_a_currency_column_is_kept_and_its_rates_are_required(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    with pytest.raises(DataError, match="no GBP rate for 2020 in criteria/rates.yaml"):
        _run(root, TABLES / "long.csv", scale=Decimal(1))
    assert "GBP" not in (root / "partners" / "alpha.yaml").read_text()          # nothing written
    (root / "criteria" / "rates.yaml").write_text(
        "base: USD\nrates:\n  GBP:\n    2020: {rate: 1.5, source: test}\n    2021: {rate: 1.5, source: test}\n")
    _run(root, TABLES / "long.csv", scale=Decimal(1))
    fdi = _load(root / "partners" / "alpha.yaml")["indicators"]["fdi"]
    assert fdi[0] == {"value": 25.5, "year": 2020, "currency": "GBP", "source": "Test table"}


PROBLEMS = {
    "duplicate_row.csv": "duplicate_row.csv:5:2: 'Alpha Republic [XA]' repeats the row of line 3 for alpha in the "
                         "block of ASEAN; keep one row per partner",
    "unknown_code.csv": "unknown_code.csv:3:1: no partner has the code or name 'XQ'; add the code to the partner's "
                        "codes: or correct the table",
    # two partners named alike are refused when the root loads, before the table is read
    "ambiguous_name.csv": "partners/gamma.yaml:2:7: name: the name 'Việt Beta' is also that of partners/beta.yaml; "
                          "one partner has one file (delete the copy, or give this partner its own name and codes)",
}


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_a_table_that_does_not_fit_the_partners_writes_nothing(root: Path, name: str) -> None:
    _codes(root, alpha="XA", beta="XB")
    if name == "ambiguous_name.csv":
        gamma = root / "partners" / "gamma.yaml"
        gamma.write_text(gamma.read_text().replace("name: ประเทศแกมมา", "name: Việt Beta"))
    (root / name).write_bytes((TABLES / name).read_bytes())
    before = _digest(root)
    with pytest.raises(DataError) as caught:
        _run(root, Path(name))
    assert [str(p) for p in caught.value.problems] == [PROBLEMS[name]]
    assert _digest(root) == before


def test_an_unmatched_row_that_looks_like_a_partner_is_noted(root: Path) -> None:
    _codes(root, alpha="XA")
    table = root / "t.csv"
    table.write_text('"Host Country","Source Country","2020"\n"ASEAN","Alpha Republic [XA]","1"\n'
                     '"","Viet Beta [VB]","2"\n')
    report = _run(root, table)
    assert report.notes[1:] == [NO_GRADE]
    assert report.notes[:1] == ["t.csv:3: 'Viet Beta [VB]' matches no partner but looks like beta (Việt Beta); "
                            "add VB to its codes to import it"]


def test_a_non_number_indicator_is_refused(root: Path) -> None:
    with pytest.raises(UsageError, match="'centrality' holds boolean values; import reads numbers only"):
        _run(root, TABLES / "pivot.csv", indicator="centrality")


@given(st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=4))
def test_decimal_text_is_the_exact_number(value: Decimal) -> None:
    text = decimal_text(value)
    assert Decimal(text) == value and "." in text
    assert parse_bytes(f"v: {text}\n".encode(), Path("v.yaml"), "v.yaml").data["v"] == float(value)


def test_the_aseanstats_inflow_table_into_the_bundled_partners(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "root"
    for part in ("criteria", "partners"):
        shutil.copytree(REPO / part, root / part)
    report = import_table(evaluator.load(root), INFLOWS, Options("fdi_inflow_usd", SOURCE, scale=Decimal("1e6")))
    assert len(report.changes) == 30 and report.notes == [NO_GRADE]
    project = evaluator.load(root)
    counts = {pid: sum(o.source == SOURCE for o in lp.model.observations("fdi_inflow_usd"))
              for pid, lp in project.partners.items()}
    assert set(counts.values()) == {13}
    rows = {r[1]: r for r in csv.reader(INFLOWS.read_text(encoding="utf-8-sig").splitlines())}
    years = rows["Source Country"]
    checks = [("china", "China [CN]", "2019"), ("china", "China [CN]", "2022"), ("japan", "Japan [JP]", "2022"),
              ("republic-of-korea", "Korea, Republic of [KR]", "2019"), ("russia", "Russian Federation [RU]", "2021"),
              ("norway", "Norway [NO]", "2022"), ("turkiye", "Turkey [TR]", "2022"),
              ("netherlands", "Netherlands [NL]", "2022"), ("united-states", "United states [US]", "2018"),
              ("european-union", "Total EU-27 [EU27]", "2019")]
    for pid, label, year in checks:
        cell = rows[label][years.index(year)]
        obs = next(o for o in project.partners[pid].model.observations("fdi_inflow_usd") if o.year == int(year))
        assert Decimal(repr(obs.value)) == Decimal(cell.replace(" ", "")) * Decimal("1e6"), (pid, year)


def test_files_are_written_all_or_none(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from evaluator.base.errors import OutputError

    _codes(root, alpha="XA", beta="XB")
    before = _digest(root)
    real = os.replace
    calls = []

    def failing(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError, match="No space left on device; nothing was written"):
        _run(root, TABLES / "pivot.csv")
    assert _digest(root) == before and len(calls) == 2
    assert not [p for p in (root / "partners").iterdir() if p.name.startswith(".evaluator-")]


@pytest.mark.slow
def test_a_signal_while_moving_files_into_place_rolls_every_file_back(root: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from evaluator.workflow.journal import JOURNAL

    _codes(root, alpha="XA", beta="XB")
    before = _digest(root)
    real = os.replace
    moved = []

    def stopped(src: str, dst: str) -> None:
        if str(dst).endswith(".yaml"):
            moved.append(dst)
            if len(moved) == 2:
                raise SystemExit(143)           # what the SIGTERM handler raises
        real(src, dst)

    monkeypatch.setattr(os, "replace", stopped)
    with pytest.raises(SystemExit):
        _run(root, TABLES / "pivot.csv")
    assert len(moved) >= 2 and _digest(root) == before
    assert not (root / JOURNAL).exists()
    assert not [p for p in (root / "partners").iterdir() if p.name.startswith(".evaluator-")]


@pytest.mark.slow
def test_an_import_killed_midway_is_rolled_back_by_the_next_command(root: Path) -> None:
    import signal
    import subprocess
    import sys

    from click.testing import CliRunner

    from evaluator.cli import cli
    from evaluator.workflow.journal import JOURNAL

    _codes(root, alpha="XA", beta="XB")
    before = _digest(root)
    script = (
        "import os, sys, time\n"
        "from decimal import Decimal\n"
        "import evaluator\n"
        "from evaluator.workflow.importer import Options, run_import as import_table\n"
        "real = os.replace\n"
        "def slow(src, dst):\n"
        "    real(src, dst)\n"
        "    if str(dst).endswith('alpha.yaml'):\n"
        "        print('moved', flush=True)\n"
        "        time.sleep(60)\n"
        "os.replace = slow\n"
        "options = Options(indicator='fdi', source='Test table', scale=Decimal('1e6'))\n"
        "import_table(evaluator.load(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]), options)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script, str(root), str(TABLES / "pivot.csv")],
                          stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stdout.readline() == "moved\n"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    assert _digest(root) != before and (root / JOURNAL).exists()          # half imported, as SIGKILL left it
    result = CliRunner().invoke(cli, ["rank", "--root", str(root), "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("An import was stopped before it finished; it was rolled back: 1 of 2 partner "
                                    "files put back as they were, and nothing of it kept.\n")
    assert _digest(root) == before and not (root / JOURNAL).exists()


def test_a_partner_file_that_is_a_link_inside_the_root_is_written_where_it_leads(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    kept = root / "partners" / "kept"
    kept.mkdir()
    (root / "partners" / "alpha.yaml").rename(kept / "alpha.data")
    (root / "partners" / "alpha.yaml").symlink_to("kept/alpha.data")
    _run(root, TABLES / "pivot.csv")
    assert (root / "partners" / "alpha.yaml").is_symlink()                # the link stays a link
    assert "Test table" in (kept / "alpha.data").read_text()             # the file it names has the figures


def test_a_partner_file_with_windows_line_ends_or_a_byte_order_mark_keeps_them(root: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    alpha, beta = root / "partners" / "alpha.yaml", root / "partners" / "beta.yaml"
    alpha.write_bytes(alpha.read_bytes().replace(b"\n", b"\r\n"))
    beta.write_bytes(b"\xef\xbb\xbf" + beta.read_bytes())
    _run(root, TABLES / "pivot.csv")
    written = alpha.read_bytes()
    assert b"Test table" in written and written.count(b"\n") == written.count(b"\r\n")
    assert beta.read_bytes().startswith(b"\xef\xbb\xbf") and b"Test table" in beta.read_bytes()


def test_a_figure_the_catalogue_refuses_is_named_at_its_cell_and_nothing_is_written(root: Path, tmp_path: Path) -> None:
    _codes(root, alpha="XA", beta="XB")
    table = tmp_path / "negative.csv"
    table.write_text("partner,year,value\nXA,2021,5\nXB,2021,-3\n")
    before = _digest(root)
    with pytest.raises(DataError) as caught:
        _run(root, table, indicator="trade")
    assert [str(p) for p in caught.value.problems] == [
        f"{table}:3:3: trade in 2021: must be at least 0, got -3e+06"]           # the value's cell
    assert _digest(root) == before


@pytest.mark.parametrize(("scale", "message"), [
    ("1e20", "5.0e20 is larger in size than 1e+15, the most a data file holds; check --scale"),
    ("1e-400", "5.0e-400 is smaller in size than 1e-15, the least other than 0 a data file holds; check --scale"),
])
def test_a_scaled_figure_a_data_file_cannot_hold_is_refused_at_its_cell(root: Path, tmp_path: Path, scale: str,
                                                                        message: str) -> None:
    _codes(root, alpha="XA")
    table = tmp_path / "t.csv"
    table.write_text("partner,year,value\nXA,2021,5\n")
    before = _digest(root)
    with pytest.raises(DataError) as caught:
        _run(root, table, indicator="trade", scale=Decimal(scale))
    assert [str(p) for p in caught.value.problems] == [f"{table}:2:3: trade in 2021: {message}"]
    assert _digest(root) == before
