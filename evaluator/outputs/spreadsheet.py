"""Spreadsheet tables (CSV) and their cells: numbers stay numbers with the decimals of their
column, text that a spreadsheet would run is defused. The number formats of the Excel
workbook come from the same table."""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING, Any

from ..scoring.result import LONG_COLUMNS, Result

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from ..scoring.history import History
    from ..workflow.diff import Diff
    from .views import ExportView

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

#: decimals of the numeric columns (pillar columns have 1); every other number is written as given
DECIMALS = {"overall": 1, "points": 1, "effective_weight": 2, "weighted_points": 2, "completeness": 3,
            "before": 1, "after": 1}


def defuse(text: str) -> str:
    """Text a spreadsheet could take for a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def number_text(value: float, decimals: int | None) -> str:
    """A number as CSV text: fixed decimals where the column has them, else shortest form."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if isinstance(value, int):
        return str(value)
    return format(value, ".15g")


def cell(value: Any, decimals: int | None = None) -> str:
    """One CSV cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value, decimals)
    return defuse(str(value))


def converter(decimals: int | None) -> Callable[[Any], str]:
    """``cell`` for one column, with the common types first (a CSV has many cells)."""
    fixed = f"{{:.{decimals}f}}".format if decimals is not None else None

    def convert(value: Any) -> str:
        kind = type(value)
        if kind is str:
            # defuse(), inlined: a call per text cell costs a tenth of the CSV time; a test keeps them equal
            text: str = value
            return "'" + text if text.startswith(FORMULA_START) else text
        if value is None:
            return ""
        if kind is float:
            if value != value:
                return ""
            return fixed(value) if fixed else format(value, ".15g")
        if kind is int:
            return fixed(value) if fixed else str(value)
        return cell(value, decimals)

    return convert


def csv_text(columns: list[str], rows: Iterable[Mapping[str, Any]], *, bom: bool = True,
             decimals: Mapping[str, int] | None = None, crlf: bool = True) -> str:
    """Rows as RFC 4180 CSV text; a BOM and CRLF for files that Excel opens."""
    places = dict(decimals if decimals is not None else DECIMALS)
    converters = [(c, converter(places.get(c))) for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(columns)
    writer.writerows([convert(row.get(name)) for name, convert in converters] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def column_decimals(result: Result) -> dict[str, int]:
    """The decimals of every numeric column of ``result``'s tables, pillar columns included."""
    return DECIMALS | {p: 1 for p in result.pillar_ids}


def summary_table(view: ExportView) -> tuple[list[str], list[dict[str, Any]]]:
    """The summary columns and rows of the partners wanted."""
    rows = [r for r in view.result.summary_rows() if view.wanted(r["partner_id"])]
    return view.result.summary_columns(), rows


def quoted(text: str) -> str:
    """``text`` as one field of a CSV line, as the csv module writes it (minimal quoting, a comma
    between fields, CRLF after a row): in quotes when it holds a comma, a quote or a line break,
    each quote doubled. A test holds the two equal."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


class _Cells(dict[Any, str]):
    """The cells of one column, converted and quoted on first use (a look-up after that)."""

    def __init__(self, convert: Callable[[Any], str]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> str:
        cell = self[value] = quoted(self.convert(value))
        return cell


def _text_cell(value: Any) -> str:
    """A cell of a column of text (an explanation): ``quoted(converter(None)(value))`` in one call."""
    if type(value) is not str:
        return quoted(cell(value))
    return quoted(defuse(value))


def long_csv(view: ExportView) -> str:
    """The scorecard rows as ``csv_text`` writes them (a test holds the two equal). A partner's cells
    (its id, name, the set and the year) and an item's (pillar, kind, id, title, indicator, unit,
    weight) are converted and quoted once each, and each row is one string of them and its own
    cells: an export of 3,000 partners has 4 million cells, and the csv module would look at every
    one. The positions are those of ``LONG_COLUMNS`` (a test holds them)."""
    places = column_decimals(view.result)
    c = {name: converter(places.get(name)) for name in LONG_COLUMNS}
    value, year, source, status = c["value"], c["year"], c["source"], c["status"]
    points, weighted, grade = c["points"], c["weighted_points"], c["source_grade"]
    per_partner = [c[name] for name in LONG_COLUMNS[:6]]
    per_item = [c[name] for name in ("pillar", "kind", "item_id", "item_title", "indicator", "unit",
                                     "effective_weight")]
    items: dict[tuple[Any, Any], tuple[str, str, str]] = {}
    q, text = quoted, _text_cell
    # a status, a grade or a source: few distinct values, each converted and quoted once
    statuses, grades, sources = _Cells(status), _Cells(grade), _Cells(source)

    def lines() -> Iterator[str]:
        last, head = None, ""
        for r in view.result.iter_long_tuples(view.partners):
            if r[0] != last:
                last, head = r[0], ",".join(q(f(x)) for f, x in zip(per_partner, r[:6], strict=True))
            it = items.get((r[7], r[8]))
            if it is None:
                cells = [q(f(x)) for f, x in zip(per_item, (*r[6:11], r[12], r[17]), strict=True)]
                it = items[(r[7], r[8])] = (",".join(cells[:5]), cells[5], cells[6])
            # a year, points and weighted points are numbers or nothing: never quoted
            yield (f"{head},{it[0]},{q(value(r[11]))},{it[1]},{year(r[13])},{sources[r[14]]},"
                   f"{statuses[r[15]]},{points(r[16])},{it[2]},{weighted(r[18])},{text(r[19])},"
                   f"{grades[r[20]]}\r\n")

    return "\ufeff" + ",".join(map(q, LONG_COLUMNS)) + "\r\n" + "".join(lines())


def export_csv(view: ExportView) -> bytes:
    """The scorecards (or the summary) as a CSV file: UTF-8 with a BOM, CRLF, formulas defused."""
    if not view.summary:
        return long_csv(view).encode("utf-8")
    columns, rows = summary_table(view)
    return csv_text(columns, rows, decimals=column_decimals(view.result)).encode("utf-8")


def rank_csv(result: Result) -> str:
    """The summary as CSV for a terminal or a pipe: no BOM, LF line endings."""
    return csv_text(result.summary_columns(), result.summary_rows(), bom=False, crlf=False,
                    decimals=column_decimals(result))


def diff_csv(diff: Diff) -> str:
    """One row per changed field of a diff."""
    return csv_text(["partner_id", "field", "before", "after", "causes"], diff_rows(diff), bom=False, crlf=False)


def diff_rows(diff: Diff) -> list[dict[str, Any]]:
    """One row per changed field: partner_id, field, before, after, causes."""
    rows: list[dict[str, Any]] = []
    for c in diff.partners:
        base = {"partner_id": c.partner_id, "causes": "; ".join(c.causes)}
        if c.outcome[0] != c.outcome[1]:
            rows.append({**base, "field": "outcome", "before": c.outcome[0], "after": c.outcome[1]})
        if c.review_changed:
            rows.append({**base, "field": "review", "before": c.review[0], "after": c.review[1]})
        if c.overall[0] != c.overall[1]:
            rows.append({**base, "field": "overall", "before": c.overall[0], "after": c.overall[1]})
        rows += [{**base, "field": f"pillar:{pid}", "before": a, "after": b} for pid, a, b in c.pillars]
    return rows


def history_csv(history: History) -> str:
    """One row per partner and as-of year (the ``history`` columns); plain UTF-8 for a pipe."""
    return csv_text(history.columns(), history.rows(), bom=False, crlf=False,
                    decimals=DECIMALS | {p: 1 for p in history.pillar_ids})
