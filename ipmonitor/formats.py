"""The file formats people download, one entry each: its name, MIME type, file suffix, the words on its
button (a translation key) and its writer. Adding a table format is an entry here and its name in the
two locales: every table download (a chart's figures, the Data page, the reminders, `etl export`) then
offers it.

Three families, since their writers take different things:
- tables (CSV, XLSX) write sheets, a list of (sheet name, frame); a format with one table (CSV) writes
  the first. Frames come neutralised against formula injection (ipmonitor.spreadsheet_safety.neutralise_frame).
- images (PNG, SVG) draw a Plotly figure (ipmonitor.chart_images).
- documents (the deck, the PDF) are built from an edition's data by ipmonitor.documents.kept_documents, which holds
  their builders: naming them here would put this module above the deck and the PDF in the import
  graph, and every table writer with it.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

from ipmonitor.chart_images import build_png, build_svg

# (sheet name, frame): the first sheet is the file's main table.
Sheets = Sequence[tuple[str, pd.DataFrame]]


@dataclass(frozen=True)
class FileFormat:
    """What a download button needs to know of a format."""

    name: str     # as `--format` and the buttons' keys say it: csv, xlsx, pdf
    mime: str
    suffix: str   # the file name's ending, without the dot
    label: str    # translation key: a table format's name (put in the page's words), else the button's words
    icon: str     # the button's Material icon

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.suffix}"


@dataclass(frozen=True)
class TableFormat(FileFormat):
    """A format for tables: `write(sheets)` gives the file."""

    write: Callable[[Sheets], bytes]


@dataclass(frozen=True)
class ImageFormat(FileFormat):
    """A picture of a chart: `write(figure)` gives the file."""

    write: Callable[..., bytes]


@dataclass(frozen=True)
class DocumentFormat(FileFormat):
    """A meeting document, prepared on a click (ipmonitor.documents.kept_documents builds it)."""

    prepare_label: str   # translation key of the button that builds it
    draws_charts: bool   # its charts are pictures drawn by Chromium (the PDF's), not the deck's native ones


def write_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese letters correctly. Rows end in CR LF,
    so that a field holding either (a lone carriage return included) is quoted: with rows ending in LF
    alone, Python's csv module leaves a lone CR unquoted and a spreadsheet starts a new row there."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def write_first_sheet_csv(sheets: Sheets) -> bytes:
    """The main table as CSV: a CSV file holds one table, so the other sheets stay out."""
    return write_csv(sheets[0][1])


# The characters an XML 1.0 sheet cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, written here so that
# openpyxl is imported only by a workbook's writing (tests/unit/test_figure_files.py checks the two agree).
XML_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: object) -> object:
    """A value openpyxl can store: numpy numbers as Python numbers, missing as an empty cell, and a
    control character an XML sheet cannot hold shown as U+FFFD rather than failing the whole export."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return XML_ILLEGAL_CHARACTERS.sub("\ufffd", value)
    return value.item() if hasattr(value, "item") else value


def _write_sheet(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    for i, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:200, i - 1]])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"


def write_xlsx(sheets: Sheets) -> bytes:
    """A workbook with one sheet per (name, frame), headers bold, columns as wide as their text, the
    header row frozen."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets:
        _write_sheet(workbook.create_sheet(name), frame)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV = TableFormat("csv", "text/csv", "csv", "formats.csv", ":material/table:", write_first_sheet_csv)
XLSX = TableFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                   "formats.xlsx", ":material/table_view:", write_xlsx)
# Every table download offers these, in this order.
TABLE_FORMATS: dict[str, TableFormat] = {f.name: f for f in (CSV, XLSX)}

PNG = ImageFormat("png", "image/png", "png", "downloads.png", ":material/image:", build_png)
SVG = ImageFormat("svg", "image/svg+xml", "svg", "downloads.svg", ":material/draw:", build_svg)
IMAGE_FORMATS: dict[str, ImageFormat] = {f.name: f for f in (PNG, SVG)}

PPTX = DocumentFormat("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                      "pptx", "downloads.deck", ":material/slideshow:", "documents.prepare_pptx",
                      draws_charts=False)
PDF = DocumentFormat("pdf", "application/pdf", "pdf", "downloads.pdf", ":material/picture_as_pdf:",
                     "documents.prepare_pdf", draws_charts=True)
DOCUMENT_FORMATS: dict[str, DocumentFormat] = {f.name: f for f in (PPTX, PDF)}
