"""The Excel workbook: Summary, Scorecards and Provenance sheets, the same bytes for the same inputs."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..base.text import visible
from ..workflow.provenance import provenance
from .spreadsheet import column_decimals, defuse, excel_format, long_rows, summary_rows
from .views import ExportView

#: the characters a workbook cannot hold (openpyxl refuses them); written as their escapes
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _shown(match: re.Match[str]) -> str:
    return visible(match.group())


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
                cell.value = _ILLEGAL.sub(_shown, defuse(str(value)))
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


def export_xlsx(view: ExportView) -> bytes:
    """A workbook with Summary, Scorecards and Provenance sheets (``--summary`` is not for it)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    formats = {name: excel_format(places) for name, places in column_decimals(view.result).items()}
    _sheet(workbook, "Summary", *summary_rows(view), formats)
    _sheet(workbook, "Scorecards", *long_rows(view), formats)
    prov = provenance(view.result)
    _sheet(workbook, "Provenance", ["field", "value"],
           [{"field": k, "value": "" if v is None else v} for k, v in prov.items()], {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())
