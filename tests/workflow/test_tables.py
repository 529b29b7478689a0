"""Statistical tables read as figures: the ASEANstats pivot export and long tables, cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.workflow.tables import parse_number, read_table
from tests.conftest import DATA

TABLES = DATA / "tables"


def test_the_pivot_layout_is_read_with_codes_hosts_and_empty_cells() -> None:
    table = read_table(TABLES / "pivot.csv")
    assert table.layout == "pivot" and table.hosts == ["ASEAN"]
    alpha = [f for f in table.figures if f.code == "XA"]
    assert [(f.year, f.value) for f in alpha] == [(2020, Decimal("1234.56")), (2021, None), (2022, Decimal("-7.10"))]
    assert (alpha[0].name, alpha[0].line, alpha[0].column) == ("Alpha Republic", 4, 3)


def test_host_blocks_carry_their_host_down() -> None:
    table = read_table(TABLES / "hosts.csv")
    assert table.hosts == ["Brunei Darussalam", "Cambodia"]
    assert [f.host for f in table.figures if f.code == "XB" and f.year == 2022] == ["Brunei Darussalam", "Cambodia"]


def test_the_long_layout_keeps_the_currency() -> None:
    table = read_table(TABLES / "long.csv")
    assert table.layout == "long"
    assert [(f.code, f.year, f.value, f.currency) for f in table.figures] == [
        ("XA", 2020, Decimal("25.5"), "GBP"), ("XA", 2021, Decimal("30"), "GBP"), ("XB", 2021, Decimal("7"), None)]


def test_an_xlsx_long_table_reads_like_its_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["partner", "year", "value"], ["XA", 2020, 1234.56], ["XB", 2021, 7]):
        sheet.append(row)
    book.save(tmp_path / "t.xlsx")
    figures = read_table(tmp_path / "t.xlsx").figures
    assert [(f.code, f.year, f.value) for f in figures] == [("XA", 2020, Decimal("1234.56")),
                                                            ("XB", 2021, Decimal("7"))]


@pytest.mark.parametrize(("text", "value"), [("15 572.76", Decimal("15572.76")), ("-2 162.63", Decimal("-2162.63")),
                                             ("", None), ("1\u00a0000", Decimal("1000")), ("0.00", Decimal("0.00"))])
def test_numbers_with_space_separators(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["n/a", "1,5", "12%", "--1", "1e"])
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


BAD = {
    "bad_header.csv": "1:1: cannot tell the table's layout: expected a pivot header ('Host Country', "
                      "'Source Country', then years) or a long table's header (partner, year, value); give --layout",
    "bad_year_header.csv": "2:4: the header cell 'Total' is not a year; the pivot header holds one year per column "
                           "after 'Source Country'",
    "bad_number.csv": "3:4: 'n/a' (Alpha Republic [XA], 2021) is not a number; correct the cell or leave it empty",
    "semicolons.csv": "1:1: the table's cells are separated by semicolons, not commas; export it as "
                      "comma-separated CSV",
    "latin1.csv": "2:2: the table is not UTF-8 text; export or save it as CSV UTF-8",
    "tiny_number.csv": "2:3: '1e-1000000' (XA, 2020) is below the bound of 10^-15 in size, and not zero; "
                       "correct the cell or leave it empty",
    "huge_number.csv": "2:3: '1e1000000' (XA, 2020) is above the bound of 10^15 in size; correct the cell or "
                       "leave it empty",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_table_is_refused_with_its_row_and_column(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TABLES)
    with pytest.raises(DataError) as caught:
        read_table(Path(name))
    assert [str(p) for p in caught.value.problems] == [f"{name}:{BAD[name]}"]


def _refusal(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        read_table(path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1
    return problems[0].split(":", 3)[3].strip()


def test_a_pipe_or_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "t.csv"
    os.mkfifo(fifo)                                   # reading it would wait for ever
    assert _refusal(fifo) == ("the table is not a regular file (a pipe, device or folder); give the path "
                              "of a CSV or XLSX file")
    if Path("/dev/zero").exists():
        assert _refusal(Path("/dev/zero")).startswith("the table is not a regular file")


def test_a_table_above_the_size_bound_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.workflow.tables as tables

    monkeypatch.setattr(tables, "MAX_BYTES", 1_000_000)
    big = tmp_path / "big.csv"
    with big.open("wb") as stream:
        stream.truncate(1_500_000)
    assert _refusal(big) == "the table is 2 MB, above the bound of 1 MB; split it or remove what is not data"


def test_a_table_of_too_many_cells_is_refused_at_the_row_that_passes_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator.workflow.tables as tables

    monkeypatch.setattr(tables, "MAX_CELLS", 10)
    table = tmp_path / "t.csv"
    table.write_text("partner,year,value\nXA,2020,1\nXB,2020,2\nXC,2020,3\nXD,2020,4\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        tables.read_table(table)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (4, 1)
    assert problem.message == ("the table has more than 10 cells with content by this row; split it or remove "
                               "what is not data")


def test_a_stray_cell_far_away_in_a_workbook_is_refused_without_padding(tmp_path: Path) -> None:
    from benchmarks.generate import stray_cell_workbook

    assert _refusal(stray_cell_workbook(tmp_path / "t.xlsx", "XA")) == (
        "the workbook's first sheet spans 1,048,576 rows, above the bound of 100,000; delete the cells beyond "
        "the table, or save it as CSV UTF-8")


def test_a_workbook_that_unpacks_too_far_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    import evaluator.workflow.tables as tables

    monkeypatch.setattr(tables, "MAX_UNPACKED", 1_000_000)
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * 2_000_000 + b"</sst>")
    assert (tmp_path / "bomb.xlsx").stat().st_size < 20_000
    assert _refusal(tmp_path / "bomb.xlsx") == (
        "the workbook unpacks to 2 MB, above the bound of 1 MB; save only the table as CSV UTF-8")


def test_a_formula_without_its_result_is_not_read_as_empty(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["partner", "year", "value"])
    sheet.append(["XA", 2020, "=1+1"])                # openpyxl stores no computed result
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / "t.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 't.xlsx'}:2:3: a formula without a stored result; open the workbook in a "
        "spreadsheet program, let it calculate, and save it"]
