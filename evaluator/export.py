"""Scorecard exports: CSV (long and summary), Excel and JSON, each rendered to bytes."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from . import tabular
from .provenance import provenance
from .result import LONG_COLUMNS, Result
from .views import clean, to_json

FORMATS = ("csv", "xlsx", "json")


def _long(result: Result, partners: list[str] | None) -> tuple[list[str], list[dict[str, Any]]]:
    return LONG_COLUMNS, result.long_rows(partners)


def _summary(result: Result, partners: list[str] | None) -> tuple[list[str], list[dict[str, Any]]]:
    rows = result.summary_rows()
    if partners is not None:
        rows = [r for r in rows if r["partner_id"] in partners]
    return result.summary_columns(), rows


def _decimals(result: Result) -> dict[str, int]:
    return {p: 1 for p in result.table.spec.pillar_ids}


def export_csv(result: Result, partners: list[str] | None = None, *, summary: bool = False) -> bytes:
    """The scorecards (or the summary) as CSV: UTF-8 with a BOM, CRLF, formulas defused."""
    columns, rows = _summary(result, partners) if summary else _long(result, partners)
    return tabular.csv_text(columns, rows, decimals=_decimals(result)).encode("utf-8")


def export_json(result: Result, partners: list[str] | None = None, *, summary: bool = False) -> bytes:
    """The full scorecards (or the summary rows) with provenance, as JSON."""
    payload: dict[str, Any] = {"provenance": provenance(result)}
    if summary:
        payload["summary"] = _summary(result, partners)[1]
    else:
        ids = [pid for pid in result.ranked if partners is None or pid in partners]
        payload["scorecards"] = [result[pid].to_dict() for pid in ids]
    return to_json(clean(payload)).encode("utf-8")


NUMBER_FORMATS = {"overall": "0.0", "points": "0.0", "effective_weight": "0.00", "weighted_points": "0.00",
                  "completeness": "0.000"}


def _sheet(workbook: Any, title: str, columns: list[str], rows: list[dict[str, Any]],
           formats: dict[str, str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in columns]
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(columns, start=1):
            value = row.get(name)
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, bool):
                cell.value = "true" if value else "false"
                cell.data_type = "s"
            elif isinstance(value, int | float):
                cell.value = value
                if name in formats:
                    cell.number_format = formats[name]
            elif value is not None:
                cell.value = tabular.defuse(str(value))
                cell.data_type = "s"          # never a formula, whatever the text
            widths[c - 1] = max(widths[c - 1], min(60, len(str(value)) if value is not None else 0))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width + 2
    sheet.freeze_panes = "A2"


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that the same inputs give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def export_xlsx(result: Result, partners: list[str] | None = None) -> bytes:
    """A workbook with Summary, Scorecards and Provenance sheets."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    pillar_formats = {p: "0.0" for p in result.table.spec.pillar_ids}
    _sheet(workbook, "Summary", *_summary(result, partners), NUMBER_FORMATS | pillar_formats)
    _sheet(workbook, "Scorecards", *_long(result, partners), NUMBER_FORMATS)
    prov = provenance(result)
    _sheet(workbook, "Provenance", ["field", "value"],
           [{"field": k, "value": "" if v is None else v} for k, v in prov.items()], {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def render_export(result: Result, fmt: str, partners: list[str] | None = None, *, summary: bool = False) -> bytes:
    """One export in ``fmt`` (csv, xlsx, json)."""
    if fmt == "csv":
        return export_csv(result, partners, summary=summary)
    if fmt == "json":
        return export_json(result, partners, summary=summary)
    return export_xlsx(result, partners)
