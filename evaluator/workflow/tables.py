"""Statistical tables as figures: the ASEANstats pivot export, or a plain long table.

``read_table`` turns a CSV or XLSX file into ``Figure`` records, one per partner row and year,
each with the row and column it came from, so that every later message can point at its cell.
Two layouts are read:

- ``pivot``: the ASEANstats portal export. A first row ``"", "", "Year", ...``, then
  ``Host Country, Source Country, 2010, 2011, ...``; one row per source country, labelled
  ``Name [CODE]``; the host country is named on the first row of its block only. Numbers use a
  space as thousands separator (``"15 572.76"``); an empty cell has no figure.
- ``long``: a header row naming ``partner`` (or ``code`` or ``name``), ``year`` and ``value``
  columns, and optionally ``currency``; one figure per row.

Numbers are read as exact decimals (``decimal.Decimal``), so that a figure scaled from
millions is written exactly as the table gives it. Empty cells are missing, never zero.

A table is bounded before it is read: a regular file (not a pipe or a device) of at most
``MAX_BYTES``; a workbook whose parts unpack to at most ``MAX_UNPACKED`` and whose first sheet
spans at most ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns; at most ``MAX_CELLS`` cells with
content, counted as they are read; a number at most ``MAX_NUMBER``
in size. Each bound, when hit, is named in the message.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..base.errors import DataError, Problem, display_path

LAYOUTS = ("pivot", "long")

#: ``Korea, Republic of [KR]``
LABEL = re.compile(r"^(?P<name>.*?)\s*\[(?P<code>[^\]]+)\]\s*$")
YEAR = re.compile(r"^\d{4}$")
#: thousands separators a table may use: space, no-break space, narrow no-break space
SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
LONG_NAMES = {"partner": "partner", "code": "partner", "name": "partner", "year": "year", "value": "value",
              "currency": "currency"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One cell of a table: a partner's figure for one year, and where it stands in the file (slots:
    a table at the row bound holds more than a million of them)."""

    label: str             # the row's partner label as the table gives it
    code: str | None       # the code in ``[...]`` (pivot) or the partner column (long), if any
    name: str              # the label without its code
    host: str | None       # the host country's block (pivot)
    year: int
    value: Decimal | None  # None: an empty cell
    currency: str | None
    line: int              # 1-based row of the file
    column: int            # 1-based column of the cell
    label_column: int      # 1-based column of the row's partner label


@dataclass(frozen=True)
class TableData:
    """A table read: its figures, its layout and the file it came from."""

    path: Path
    shown: str
    layout: str
    figures: list[Figure]

    @property
    def hosts(self) -> list[str]:
        """The host countries' blocks, in file order (pivot tables)."""
        return list(dict.fromkeys(f.host for f in self.figures if f.host))


#: the largest table file read (a statistics portal's export of every year and partner is under 1 MB)
MAX_BYTES = 20_000_000
#: the most a workbook's parts may unpack to (a compressed "bomb" is refused before it is read)
MAX_UNPACKED = 100_000_000
#: the most rows and columns of a table
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
#: the most cells with content (a portal's export of every host, partner and year has about 10,000);
#: counted while the table is read, so that a table of many short cells stops early
MAX_CELLS = 300_000
#: the largest number in a cell (a quadrillion), as for any number in a data file
MAX_NUMBER = Decimal(10) ** 15
#: the smallest number in a cell other than zero (smaller would be read as zero later)
MIN_NUMBER = Decimal(10) ** -15


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


class _Rows:
    """The rows of a table file as lists of cell texts, with their 1-based line numbers."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        self.cells = 0

    def counted(self, line: int, cells: list[str]) -> tuple[int, list[str]]:
        """A row, its cells with content added to the count; refused once the count passes ``MAX_CELLS``."""
        self.cells += sum(1 for c in cells if c)
        if self.cells > MAX_CELLS:
            raise self.problem(line, 1, f"the table has more than {MAX_CELLS:,} cells with content by this row; "
                                        "split it or remove what is not data")
        return line, cells

    def problem(self, line: int, column: int, message: str) -> DataError:
        return DataError([Problem(self.shown, line, column, message)])

    def read(self) -> list[tuple[int, list[str]]]:
        try:
            found = os.stat(self.path)
        except OSError as exc:
            raise self.problem(1, 1, f"cannot read the table: {exc.strerror or exc}") from None
        if not stat.S_ISREG(found.st_mode):
            raise self.problem(1, 1, "the table is not a regular file (a pipe, device or folder); "
                                     "give the path of a CSV or XLSX file")
        if found.st_size > MAX_BYTES:
            raise self.problem(1, 1, f"the table is {_megabytes(found.st_size)}, above the bound of "
                                     f"{_megabytes(MAX_BYTES)}; split it or remove what is not data")
        rows = self._xlsx() if self.path.suffix.lower() == ".xlsx" else self._csv()
        if len(rows) > MAX_ROWS:
            raise self.problem(MAX_ROWS + 1, 1, f"the table has more than {MAX_ROWS:,} rows; split it")
        for line, cells in rows:
            if len(cells) > MAX_COLUMNS:
                raise self.problem(line, MAX_COLUMNS + 1, f"the row has more than {MAX_COLUMNS:,} cells; "
                                                          "remove what is not data")
        return rows

    def _csv(self) -> list[tuple[int, list[str]]]:
        with open(self.path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise self.problem(line, column, "the table is not UTF-8 text; export or save it as CSV UTF-8") from None
        first = text.split("\n", 1)[0]
        for separator, word in ((";", "semicolons"), ("\t", "tabs")):
            if first.count(separator) > first.count(",") and first.count(separator) > 0:
                raise self.problem(1, 1, f"the table's cells are separated by {word}, not commas; export it as "
                                         "comma-separated CSV")
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = []
        line = 1
        for cells in reader:
            rows.append(self.counted(line, [c.strip() for c in cells]))
            line = reader.line_num + 1
        return rows

    def _unpacked(self) -> None:
        """Refuse a workbook whose parts unpack to more than ``MAX_UNPACKED``."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                size = sum(item.file_size for item in archive.infolist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise self.problem(1, 1, f"cannot read the workbook: {exc}") from None
        if size > MAX_UNPACKED:
            raise self.problem(1, 1, f"the workbook unpacks to {_megabytes(size)}, above the bound of "
                                     f"{_megabytes(MAX_UNPACKED)}; save only the table as CSV UTF-8")

    def _xlsx(self) -> list[tuple[int, list[str]]]:
        from openpyxl import load_workbook

        self._unpacked()
        try:
            values = load_workbook(self.path, read_only=True, data_only=True)
            formulas = load_workbook(self.path, read_only=True, data_only=False)
        except Exception as exc:    # openpyxl raises many kinds for a file that is not a workbook
            raise self.problem(1, 1, f"cannot read the workbook: {exc}") from None
        shown_rows: Any = None
        given_rows: Any = None
        try:
            sheet, written = values.worksheets[0], formulas.worksheets[0]
            for dimension, bound, what in ((sheet.max_row, MAX_ROWS, "rows"),
                                           (sheet.max_column, MAX_COLUMNS, "columns")):
                if (dimension or 0) > bound:
                    raise self.problem(1, 1, f"the workbook's first sheet spans {dimension:,} {what}, above the "
                                             f"bound of {bound:,}; delete the cells beyond the table, or save "
                                             "it as CSV UTF-8")
            rows = []
            shown_rows = sheet.iter_rows(values_only=True)
            given_rows = written.iter_rows(values_only=True)
            for n, (shown, given) in enumerate(zip(shown_rows, given_rows, strict=False), start=1):
                if n > MAX_ROWS:
                    break
                for c, (value, formula) in enumerate(zip(shown, given, strict=False), start=1):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        raise self.problem(n, c, "a formula without a stored result; open the workbook in "
                                                 "a spreadsheet program, let it calculate, and save it")
                rows.append(self.counted(n, [_cell_text(v) for v in shown[:MAX_COLUMNS + 1]]))
        finally:
            for rows_read in (shown_rows, given_rows):     # each holds the workbook's file open
                if rows_read is not None:
                    rows_read.close()
            values.close()
            formulas.close()
        return rows


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export would hold (a number exactly as stored)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(text: str) -> Decimal | None:
    """A cell's number (spaces as thousands separators allowed); None when empty; raises ValueError
    saying what is wrong (not a number, or beyond a bound)."""
    cleaned = text.translate(SEPARATORS)
    if not cleaned:
        return None
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", cleaned):
        raise ValueError("not a number")
    try:
        found = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if found.copy_abs() > MAX_NUMBER:
        raise ValueError("above the bound of 10^15 in size")
    if found and found.copy_abs() < MIN_NUMBER:
        raise ValueError("below the bound of 10^-15 in size, and not zero")
    return found


def read_table(path: Path, layout: str | None = None) -> TableData:
    """Read ``path`` (CSV or XLSX) in the layout given, or the one its header shows."""
    shown = display_path(path)
    reader = _Rows(path, shown)
    rows = [(line, cells) for line, cells in reader.read() if any(cells)]
    if not rows:
        raise reader.problem(1, 1, "the table is empty")
    found = layout or _layout(rows)
    if found is None:
        line, cells = rows[0]
        raise reader.problem(line, 1, "cannot tell the table's layout: expected a pivot header "
                                      "('Host Country', 'Source Country', then years) or a long table's header "
                                      "(partner, year, value); give --layout")
    figures = list(_pivot(reader, rows) if found == "pivot" else _long(reader, rows))
    return TableData(path, shown, found, figures)


def _pivot_header(rows: list[tuple[int, list[str]]]) -> int | None:
    """The index of the ``Host Country, Source Country, years...`` row, if within the first rows."""
    for k, (_, cells) in enumerate(rows[:3]):
        if len(cells) >= 3 and cells[0].lower() == "host country" and cells[1].lower() == "source country":
            return k
    return None


def _layout(rows: list[tuple[int, list[str]]]) -> str | None:
    if _pivot_header(rows) is not None:
        return "pivot"
    header = [c.lower() for c in rows[0][1]]
    if {"year", "value"} <= set(header) and any(c in header for c in ("partner", "code", "name")):
        return "long"
    return None


def _pivot(reader: _Rows, rows: list[tuple[int, list[str]]]) -> Iterator[Figure]:
    at = _pivot_header(rows)
    if at is None:
        line = rows[0][0]
        raise reader.problem(line, 1, "not a pivot table: expected a header row 'Host Country', "
                                      "'Source Country', then one year per column")
    line, header = rows[at]
    years: list[tuple[int, int]] = []
    for column, cell in enumerate(header[2:], start=3):
        if not YEAR.match(cell):
            raise reader.problem(line, column, f"the header cell '{cell}' is not a year; the pivot header "
                                               "holds one year per column after 'Source Country'")
        years.append((column, int(cell)))
    host: str | None = None
    problems: list[Problem] = []
    for line, cells in rows[at + 1:]:
        host = cells[0] or host
        label = cells[1] if len(cells) > 1 else ""
        if not label:
            problems.append(Problem(reader.shown, line, 2, "a row without a source country; every row needs one"))
            continue
        match = LABEL.match(label)
        code, name = (match["code"].strip(), match["name"].strip()) if match else (None, label)
        for column, year in years:
            text = cells[column - 1] if column - 1 < len(cells) else ""
            try:
                value = parse_number(text)
            except ValueError as exc:
                problems.append(Problem(reader.shown, line, column, f"'{text}' ({label}, {year}) is {exc}; "
                                                                    "correct the cell or leave it empty"))
                continue
            yield Figure(label, code, name, host, year, value, None, line, column, 2)
    if problems:
        raise DataError(problems)


def _long(reader: _Rows, rows: list[tuple[int, list[str]]]) -> Iterator[Figure]:
    line, header = rows[0]
    columns: dict[str, int] = {}
    for k, cell in enumerate(header):
        role = LONG_NAMES.get(cell.lower())
        if role is None:
            raise reader.problem(line, k + 1, f"unknown column '{cell}'; a long table has the columns partner "
                                              "(or code, or name), year, value and optionally currency")
        if role in columns:
            raise reader.problem(line, k + 1, f"the column '{cell}' repeats the {role} column")
        columns[role] = k
    missing = [c for c in ("partner", "year", "value") if c not in columns]
    if missing:
        raise reader.problem(line, 1, f"the header lacks the column(s) {', '.join(missing)}")
    problems: list[Problem] = []
    for line, cells in rows[1:]:
        def at(role: str, cells: list[str] = cells) -> str:
            k = columns.get(role)
            return cells[k] if k is not None and k < len(cells) else ""

        label, year_text = at("partner"), at("year")
        if not YEAR.match(year_text):
            problems.append(Problem(reader.shown, line, columns["year"] + 1,
                                    f"'{year_text}' is not a year (four digits)"))
            continue
        try:
            value = parse_number(at("value"))
        except ValueError as exc:
            problems.append(Problem(reader.shown, line, columns["value"] + 1,
                                    f"'{at('value')}' ({label}, {year_text}) is {exc}; correct the cell "
                                    "or leave it empty"))
            continue
        match = LABEL.match(label)
        code, name = (match["code"].strip(), match["name"].strip()) if match else (label, label)
        currency = at("currency").upper() or None
        yield Figure(label, code, name, None, int(year_text), value, currency, line, columns["value"] + 1,
                     columns["partner"] + 1)
    if problems:
        raise DataError(problems)
