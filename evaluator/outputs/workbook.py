"""The Excel workbook, written for people: plain headers, names, readable money, filters, frozen
headers, print setup one page wide; the criteria's hash and provenance on their own sheet. The
CSV and JSON exports keep the machine columns of SPEC section 7. The same inputs give the same
bytes."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base.text import fmt_value, visible
from ..scoring.standing import REVIEW_WORDS
from ..workflow.provenance import provenance
from .spreadsheet import defuse

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .views import ExportView

#: the characters a workbook cannot hold (openpyxl refuses them); written as their escapes
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: amounts of money are shown in millions of their currency
MILLION = 1e6
CHANGE_WORDS = REVIEW_WORDS


@dataclass(frozen=True)
class SheetColumn:
    """One column: its header, its width and its number format (None for text)."""

    header: str
    width: int
    number: str | None = None


def _shown(match: re.Match[str]) -> str:
    return visible(match.group())


def _text(value: Any) -> str:
    return _ILLEGAL.sub(_shown, defuse(str(value)))


#: the addresses a workbook may link to; any other (file:, a network share, javascript:) stays text
_LINKABLE = re.compile(r"(?i)^(https?://|mailto:)[^\x00-\x20\x7f-\x9f\u2028\u2029]+$")


def _link(value: Any) -> str | None:
    """``value`` as a link target when it is a web or mail address without control characters."""
    text = str(value).strip()
    return text if _LINKABLE.match(text) else None


def _sheet(workbook: Any, title: str, columns: list[SheetColumn], rows: Iterable[list[Any]], *,
           freeze: str = "B2", links: int | None = None) -> None:
    """A sheet, streamed row by row (openpyxl's write-only mode: memory does not grow with the rows),
    with bold, wrapped headers repeated on every printed page, an autofilter, frozen panes,
    landscape pages one page wide; ``links``: the column whose values are addresses."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet = workbook.create_sheet(title)
    for c, column in enumerate(columns, start=1):      # the layout goes before the first row
        sheet.column_dimensions[get_column_letter(c)].width = column.width
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"                  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.HeaderFooter.oddHeader.center.text = f"{title} &P of &N"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font, cell.alignment = bold, wrapped
        header.append(cell)
    sheet.append(header)
    # one formatted cell per numeric column, refilled row by row: a write-only sheet writes each
    # appended row at once, so the cell is free again for the next row
    formatted = [_formatted(sheet, column) for column in columns]
    link = -1 if links is None else links
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, formatted[c], value, c == link) for c, value in enumerate(row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _formatted(sheet: Any, column: SheetColumn) -> Any:
    """A cell carrying ``column``'s number format, or None for a column of text."""
    from openpyxl.cell import WriteOnlyCell

    if column.number is None:
        return None
    cell = WriteOnlyCell(sheet)
    cell.number_format = column.number
    return cell


def _cell(sheet: Any, formatted: Any, value: Any, linked: bool) -> Any:
    """One cell's content: a number (in the column's format), a link, or text that is never a formula
    (``_text`` puts an apostrophe before a leading ``=``)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if formatted is None:
            return value
        formatted.value = value
        return formatted
    if linked and (target := _link(value)) is not None:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, _text(value))
        cell.hyperlink = target
        cell.style = "Hyperlink"
        return cell
    return _text(value)


def _summary(view: ExportView) -> tuple[list[SheetColumn], list[list[Any]]]:
    result = view.result
    year = result.as_of
    columns = [SheetColumn("Rank", 6, "0"), SheetColumn("Partner", 24), SheetColumn(f"Current status ({year})", 22),
               SheetColumn("Recommendation", 34), SheetColumn("Against the status", 14),
               SheetColumn("Overall score", 9, "0.0")]
    columns += [SheetColumn(f"{title} score", 14, "0.0") for title in result.pillar_titles.values()]
    columns += [SheetColumn("Evidence on record (share of the weight)", 12, "0.0%"), SheetColumn("Hurdles cleared", 8),
                SheetColumn("Robustness", 11), SheetColumn("Review", 11)]
    if result.consensus:
        columns.append(SheetColumn("Member states", 18))
    rows = []
    for n, r in enumerate(result.summary_rows(), start=1):
        if not view.wanted(r["partner_id"]):
            continue
        row = [n, r["partner_name"], r["status"].replace("-", " ") or "not known", r["outcome_title"],
               CHANGE_WORDS.get(r["status_change"], ""), r["overall"], *[r[p] for p in result.pillar_ids],
               r["completeness"], f"{r['gates_passed']} of {r['gates_total']}", r["robustness"], r["review"]]
        if result.consensus:
            row.append(r.get("consensus", ""))
        rows.append(row)
    return columns, rows


def _money(value: Any, unit: str | None, currency: str) -> float | None:
    """An amount in millions of the base currency, when the value is money in it."""
    if unit == currency and isinstance(value, int | float) and not isinstance(value, bool):
        return round(value / MILLION, 3)
    return None


def _scorecards(view: ExportView) -> tuple[list[SheetColumn], Iterator[list[Any]]]:
    result = view.result
    pillars = result.pillar_titles
    # a year is a whole number, which Excel's General format shows as it is: no format of its own
    # (each formatted cell costs openpyxl a cell object of its own, 200,000 of them here)
    columns = [SheetColumn("Partner", 22), SheetColumn("Pillar", 22), SheetColumn("Gate or criterion", 34),
               SheetColumn("Value", 16), SheetColumn(f"Amount ({view.currency} million)", 12, "#,##0.0"),
               SheetColumn("Year", 7), SheetColumn("State", 9), SheetColumn("Points", 8, "0.0"),
               SheetColumn("Weight (% of the score)", 10, "0.0"), SheetColumn("Source", 40),
               SheetColumn("Source grade", 14), SheetColumn("Address", 30), SheetColumn("Why", 60)]
    rows = ([r["partner_name"], pillars.get(r["pillar"] or "", ""),
             f"{'Gate: ' if r['kind'] == 'gate' else ''}{r['item_title']}",
             fmt_value(r["value"], r["unit"]) if r["value"] is not None else "",
             _money(r["value"], r["unit"], view.currency), r["year"], r["status"], r["points"], r["effective_weight"],
             r["source"] or "", (r["source_grade"] or "").replace("-", " "), r["url"] or "", r["explanation"]]
            for r in result.iter_long_rows(view.partners))
    return columns, rows


PROVENANCE_LABELS = {
    "criteria_set": "Criteria set", "criteria_title": "Criteria set title", "criteria_version": "Version",
    "criteria_status": "Status of the criteria", "criteria_sha256": "SHA-256 of the criteria file",
    "as_of": "As of", "tool": "Tool", "tool_version": "Tool version", "git_commit": "Git commit of the data",
    "git_uncommitted_changes": "Data changed since that commit",
    "partner_files_left_out": "Partner files left out (they did not load)",
}


def export_xlsx(view: ExportView) -> bytes:
    """A workbook with Summary, Scorecards (not with ``--summary``) and Provenance sheets."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, "Summary", *_summary(view), freeze="C2")
    if not view.summary:
        columns, rows = _scorecards(view)
        _sheet(workbook, "Scorecards", columns, rows, freeze="B2", links=11)
    prov = provenance(view.result)
    _sheet(workbook, "Provenance", [SheetColumn("Field", 30), SheetColumn("Value", 70)],
           [[PROVENANCE_LABELS.get(k, k), "" if v is None else ("yes" if v is True else "no" if v is False else v)]
            for k, v in prov.items()], freeze="A2")
    return _saved(workbook)


#: every member's time (the earliest a zip can hold), and the workbook's creation and change
#: times: the same inputs give the same bytes
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DOCUMENT_TIME = (2000, 1, 1, 0, 0, 0)


class _FixedZip(zipfile.ZipFile):
    """A zip archive whose members all carry ``FIXED_TIME`` and the same permissions; openpyxl
    stamps each member with the clock when it is given a name alone."""

    def _info(self, name: str, size: int | None = None) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        if size is not None:
            info.file_size = size                     # zip64 headers only where the size needs them
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        """A streamed sheet's temporary file, copied in pieces (it is far larger unpacked than packed)."""
        import os
        import shutil

        info = self._info(str(arcname if arcname is not None else filename), os.path.getsize(filename))
        with open(filename, "rb") as member, self.open(info, "w") as copy:
            shutil.copyfileobj(member, copy, 1 << 20)


def _saved(workbook: Any) -> bytes:
    """The workbook's bytes, written in one pass with fixed times (openpyxl's own ``save`` stamps
    the clock into the members and the document properties)."""
    import datetime

    from openpyxl.writer.excel import ExcelWriter

    fixed = datetime.datetime(*DOCUMENT_TIME)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    archive = _FixedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
