"""Cells for spreadsheets: numbers stay numbers, text that a spreadsheet would run is defused."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

#: decimals of the numeric columns; every other number is written as given
DECIMALS = {"overall": 1, "points": 1, "effective_weight": 2, "weighted_points": 2, "completeness": 3}


def defuse(text: str) -> str:
    """Text a spreadsheet could take for a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def number(value: float, decimals: int | None) -> str:
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
        return number(value, decimals)
    return defuse(str(value))


def converter(decimals: int | None) -> Callable[[Any], str]:
    """``cell`` for one column, with the common types first (a CSV has many cells)."""
    fixed = f"{{:.{decimals}f}}".format if decimals is not None else None

    def convert(value: Any) -> str:
        kind = type(value)
        if kind is str:
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
    places = dict(DECIMALS)
    if decimals:
        places.update(decimals)
    converters = [(c, converter(places.get(c))) for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(columns)
    writer.writerows([convert(row.get(name)) for name, convert in converters] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()
