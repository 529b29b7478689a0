"""Statistical tables read as figures: the ASEANstats pivot export and long tables, cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.workflow.tables import number, read_table
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
    assert number(text) == value


@pytest.mark.parametrize("text", ["n/a", "1,5", "12%", "--1", "1e"])
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        number(text)


BAD = {
    "bad_header.csv": "1:1: cannot tell the table's layout: expected the ASEANstats pivot header ('Host Country', "
                      "'Source Country', then years) or a long table's header (partner, year, value); give --layout",
    "bad_year_header.csv": "2:4: the header cell 'Total' is not a year; the pivot header holds one year per column "
                           "after 'Source Country'",
    "bad_number.csv": "3:4: 'n/a' (Alpha Republic [XA], 2021) is not a number; correct the cell or leave it empty",
    "semicolons.csv": "1:1: the table's cells are separated by semicolons, not commas; export it as "
                      "comma-separated CSV",
    "latin1.csv": "2:2: the table is not UTF-8 text; export or save it as CSV UTF-8",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_table_is_refused_with_its_row_and_column(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TABLES)
    with pytest.raises(DataError) as caught:
        read_table(Path(name))
    assert [str(p) for p in caught.value.problems] == [f"{name}:{BAD[name]}"]
