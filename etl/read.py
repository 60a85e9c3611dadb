"""Stage 1, read: bytes in, a grid of cells out. I/O and safety checks only; no interpretation.

Refuses, before any parser sees the content: files over the size limit, zip bombs (measured while
decompressing, not trusted from the zip's own headers), unknown binary formats by their magic bytes,
legacy .xls and password-protected workbooks (both OLE2 files) with a message saying what to do.
After parsing, refuses Vietnamese typed in the legacy TCVN3 or VNI fonts (it reads as "N¨m", "Ñòa").
Cells keep their place in the sheet (rows[0] is row 1, column A is index 0) so that messages name them
as the spreadsheet does. A formula is never evaluated: its cell holds the formula's text ("=SUM(B2:B4)"),
which validation refuses in a figure cell like any text starting with "="; its cached result is kept
beside the cells, for the one use that may read it (a total row or column, checked against its parts).
A cell showing an Excel error (#N/A, #DIV/0!) holds an ExcelError, so that it is never taken for blank.
Every visible sheet with data is returned; hidden and very hidden sheets are never read, only named when
they alone hold data.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import stat
import zipfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from etl.problems import Problem
from ipmonitor.text import fold, nfc

Cell = object  # str | int | float | bool | date | None


@dataclass(frozen=True)
class ReadLimits:
    """What a single upload may cost. Defaults fit a national-scale yearly file with room to spare."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_zip_members: int = 2_000
    max_rows: int = 250_000
    # A workbook is read as a full grid from A1 to its last cell: 250,000 rows of 20 columns.
    max_cells: int = 5_000_000


DEFAULT_LIMITS = ReadLimits()


class ExcelError(str):
    """The text of a cell that shows an Excel error ("#N/A", "#DIV/0!", "#REF!"): a str, so that it prints
    as the sheet shows it, but its own type, so that validation tells it from typed text."""


@dataclass
class SheetCells:
    """One sheet's cells (rows[0] is row 1), and the cached results of its formula cells by (row, column)."""

    name: str | None
    rows: list[list[Cell]]
    cached: dict[tuple[int, int], Cell] = field(default_factory=dict)


@dataclass
class RawTable:
    """The cells of a CSV file or of a workbook's visible sheets with data; rows[0] is the file's row 1.

    `rows` and `sheet` are the first sheet's (the only one of a CSV file or an edit); `sheets` all of them.
    """

    file_name: str
    sha256: str
    size: int
    file_format: str
    rows: list[list[Cell]]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[SheetCells] = field(default_factory=list)
    # Hidden sheets that hold data: never read, but named in the preview so that nobody wonders.
    hidden_sheets: tuple[str, ...] = ()

    def all_sheets(self) -> list[SheetCells]:
        """The sheets to read: a workbook's visible sheets with data, or the one table of a CSV or edit."""
        return self.sheets or [SheetCells(self.sheet, self.rows)]


class FileRefused(Exception):
    """The file cannot be read at all; `problem` says why in both languages."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OTHER_BINARIES = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "gzip",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
    b"\x7fELF": "ELF",
    b"MZ": "Windows EXE",
    b"PAR1": "Parquet",
    b"{\\rtf": "RTF",
}
# The template's data sheet, and the names analysts give one: an empty sheet so named is worth a word.
DATA_SHEET_NAMES = {"so lieu", "data", "du lieu", "figures"}
# Signs and letters Vietnamese never writes inside a word, but that text typed in the legacy TCVN3 (ABC)
# or VNI fonts shows once read as Unicode: "N¨m", "Lo¹i ®èi t­îng" (TCVN3), "Loaïi ñoái töôïng" (VNI).
LEGACY_FONT_SIGNS = frozenset(chr(c) for c in range(0xA1, 0xC0)) | frozenset("ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ")
LEGACY_FONT_SCAN_ROWS = 50
_QUOTES_AND_PUNCTUATION = "«»“”‘’\"'()[]:;,.!?"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_POSITION = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def read_file(path: Path | str, limits: ReadLimits = DEFAULT_LIMITS) -> RawTable:
    """Read a file from disk: only a regular file (a folder, a device such as /dev/zero or a named pipe
    is refused before it is opened: a device reports size 0 and never ends, a pipe blocks), and never
    more than the size limit, whatever size the file reports."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        raise FileRefused(Problem("not_a_file", params={"name": path.name})) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(Problem("not_a_file", params={"name": path.name}))
    if info.st_size > limits.max_bytes:
        raise FileRefused(_too_large(info.st_size, limits))
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:  # the file grew after its size was read
        raise FileRefused(_too_large(len(data), limits))
    return read_bytes(data, path.name, limits)


def read_bytes(data: bytes, file_name: str, limits: ReadLimits = DEFAULT_LIMITS) -> RawTable:
    """Read an upload held in memory: detect its format by content, never by its name."""
    if len(data) > limits.max_bytes:
        raise FileRefused(_too_large(len(data), limits))
    if not data.strip():
        raise FileRefused(Problem("empty_file"))
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE2_MAGIC):
        encrypted = "EncryptionInfo".encode("utf-16-le") in data
        raise FileRefused(Problem("password_protected" if encrypted else "legacy_xls"))
    if data.startswith(ZIP_MAGIC):
        _check_zip(data, limits)
        _check_extent(data, limits)
        sheets, hidden = _read_xlsx(data, limits)
        for sheet in sheets:
            _check_legacy_font(sheet.rows)
        return RawTable(file_name, sha256, len(data), "xlsx", sheets[0].rows, sheet=sheets[0].name, sheets=sheets,
                        hidden_sheets=tuple(hidden))
    for magic, kind in OTHER_BINARIES.items():
        if data.startswith(magic):
            raise FileRefused(Problem("unknown_format", params={"kind": kind}))
    text, encoding = _decode_text(data)
    rows, delimiter = _read_csv_text(text, limits)
    _check_legacy_font(rows)
    return RawTable(file_name, sha256, len(data), "csv", rows, encoding=encoding, delimiter=delimiter)


def _too_large(size: int, limits: ReadLimits) -> Problem:
    return Problem("file_too_large", params={"size_mb": f"{size / 1048576:.1f}",
                                             "limit_mb": f"{limits.max_bytes / 1048576:.0f}"})


def _check_zip(data: bytes, limits: ReadLimits) -> None:
    """Refuse a zip that is not a workbook, or that inflates beyond the limits when actually read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(Problem("corrupt_xlsx")) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise FileRefused(Problem("zip_not_workbook"))
    if len(members) > limits.max_zip_members:
        raise FileRefused(Problem("zip_bomb"))
    if any(m.flag_bits & 0x1 for m in members):
        raise FileRefused(Problem("password_protected"))
    # Headers can lie about sizes, so count the bytes that really come out.
    budget = min(limits.max_uncompressed_bytes, int(len(data) * limits.max_compression_ratio))
    total = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 16):
                    total += len(chunk)
                    if total > budget:
                        raise FileRefused(Problem("zip_bomb"))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise FileRefused(Problem("corrupt_xlsx")) from None


def _check_extent(data: bytes, limits: ReadLimits) -> None:
    """Refuse sheets whose cells lie so far apart that reading them would exhaust the memory.

    The reader holds a sheet as a full grid from A1 to its last cell, so a 5 KB workbook with one cell
    in XFD1048576 asks for 17 billion cells and aborts the process: like a zip bomb, it is measured
    before any parser sees it, from the cell positions written in the sheets' XML.
    """
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            xml = archive.read(member)
            positions = _CELL_POSITION.findall(xml)
            last_row = max(map(int, {row for _, row in positions}), default=0)
            last_column = max({letters for letters, _ in positions}, key=lambda c: (len(c), c), default=b"A")
            width = _column_index(last_column.decode()) + 1
            # Cells written without a position follow one another: count them as extra columns.
            unplaced = len(_CELL_TAG.findall(xml)) - len(positions)
            if unplaced > 0:
                width += unplaced
                rows = _ROW_NUMBER.findall(xml)
                last_row = max([last_row, len(rows), *map(int, rows)])
            total += last_row * width
            if total > limits.max_cells:
                raise FileRefused(Problem("sheet_too_large", params={
                    "last_cell": f"{last_column.decode()}{last_row}", "limit": limits.max_cells}))
            if last_row > limits.max_rows:
                raise FileRefused(Problem("too_many_rows", params={"limit": limits.max_rows}))


def _has_data(rows: list[list[Cell]]) -> bool:
    return any(any(c not in ("", None) for c in r) for r in rows)


def _read_xlsx(data: bytes, limits: ReadLimits) -> tuple[list[SheetCells], list[str]]:
    """The cells of every visible sheet that holds data (and of an empty one named as the data sheet, so
    that the preview can say it is empty), in the workbook's order; and the hidden sheets with data."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        states = {m.name: str(m.visible).lower().rsplit(".", 1)[-1] for m in workbook.sheets_metadata}
        names = list(workbook.sheet_names)
        # Without skip_empty_area=False a table starting at C3 would come back as if it started at A1.
        grids = {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in names}
    except FileRefused:
        raise
    except Exception:  # calamine raises several error types for damaged workbooks
        raise FileRefused(Problem("corrupt_xlsx")) from None
    visible = [n for n in names if states.get(n, "visible") == "visible"]
    hidden_with_data = [n for n in names if n not in visible and _has_data(grids[n])]
    sheets: list[SheetCells] = []
    for name in visible:
        rows = [[None if c == "" else c for c in row] for row in grids[name]]
        if len(rows) > limits.max_rows:
            raise FileRefused(Problem("too_many_rows", params={"limit": limits.max_rows}))
        formulas, errors = _special_cells(data, name)
        cached: dict[tuple[int, int], Cell] = {}
        for (r, c), text in [*errors.items(), *formulas.items()]:
            while len(rows) <= r:
                rows.append([])
            rows[r].extend([None] * (c + 1 - len(rows[r])))
            if (r, c) in formulas:
                # Calamine gives the cached result (an error shows as ""): kept for totals only.
                result = errors.get((r, c), rows[r][c])
                if result is not None:
                    cached[(r, c)] = result
            rows[r][c] = text
        if _has_data(rows) or fold(name) in DATA_SHEET_NAMES:
            sheets.append(SheetCells(name, rows, cached))
    if not any(_has_data(sheet.rows) for sheet in sheets):
        if hidden_with_data:
            raise FileRefused(Problem("data_only_in_hidden_sheets", params={"sheets": _quoted(hidden_with_data)}))
        raise FileRefused(Problem("empty_sheet"))
    return sheets, hidden_with_data


def _quoted(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


def _special_cells(data: bytes, sheet_name: str) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], ExcelError]]:
    """(row, column) -> "=" + formula text for every formula cell of one sheet, and -> ExcelError for
    every cell whose value is an Excel error, read from the sheet's XML.

    Calamine gives a formula cell's cached result, which may be stale or missing (files written by
    tools that do not calculate); the figures must be typed values, so the formula itself is shown.
    It gives an error cell as an empty string, which would read as "no figure".
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            path = _sheet_path(archive, sheet_name)
            xml = archive.read(path) if path else b""
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}, {}
    if not _FORMULA_TAG.search(xml) and not _ERROR_TYPE.search(xml):
        return {}, {}
    formulas: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], ExcelError] = {}
    shared: dict[str, str] = {}
    row, column = -1, -1
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start" and tag == "row":
                row = int(element.get("r") or row + 2) - 1
                column = -1
            elif event == "end" and tag == "row":
                element.clear()
            elif event == "end" and tag == "c":
                ref = _CELL_REF.match(element.get("r", ""))
                column = _column_index(ref.group(1)) if ref else column + 1
                where = (int(ref.group(2)) - 1 if ref else row, column)
                formula = next((child for child in element if _local(child.tag) == "f"), None)
                if formula is not None:
                    text = formula.text or shared.get(formula.get("si", ""), "")
                    if formula.get("t") == "shared" and formula.text:
                        shared[formula.get("si", "")] = formula.text
                    formulas[where] = "=" + text
                if element.get("t") == "e":
                    value = next((child.text for child in element if _local(child.tag) == "v"), None)
                    errors[where] = ExcelError((value or "#VALUE!").strip())
                element.clear()
    except (ElementTree.ParseError, ValueError):
        raise FileRefused(Problem("corrupt_xlsx")) from None
    return formulas, errors


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding a sheet, found through the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL_ID) for s in workbook.iter() if _local(s.tag) == "sheet"
                   and s.get("name") == sheet_name), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter() if r.get("Id") == rel_id), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _local(tag: str) -> str:
    """An XML tag without its namespace: "{http://...}sheet" -> "sheet"."""
    return tag.rsplit("}", 1)[-1]


def _column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _check_legacy_font(rows: list[list[Cell]]) -> None:
    """Refuse text typed in the legacy TCVN3 or VNI fonts: no header or name in it would match."""
    marked: list[str] = []
    accented = 0
    for row in rows[:LEGACY_FONT_SCAN_ROWS]:
        for cell in row:
            if not isinstance(cell, str) or cell.isascii():
                continue
            for word in cell.split():
                word = word.strip(_QUOTES_AND_PUNCTUATION)  # «Sở» is a quotation, not a TCVN3 "ô"
                if word.isascii():
                    continue
                accented += 1
                if any(ch in LEGACY_FONT_SIGNS for ch in word) and any(ch.isascii() and ch.isalpha()
                                                                       for ch in word):
                    marked.append(word)
    # A French or German name in a source title is not enough: most accented words must look wrong.
    if len(marked) >= 3 and 3 * len(marked) >= accented:
        sample = next((w for w in marked if "\u00ad" not in w), marked[0])
        raise FileRefused(Problem("legacy_font", params={"sample": sample}))


def _decode_as(data: bytes, encoding: str, name: str | None = None) -> tuple[str, str]:
    """The text in an encoding the file says or shows it is in; refused when the bytes disagree,
    since guessing another encoding would garble it."""
    try:
        return nfc(data.decode(encoding)), name or encoding
    except UnicodeDecodeError:
        raise FileRefused(Problem("bad_encoding")) from None


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), UTF-32, or
    Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data[3:], "utf-8", "utf-8-sig")
    # UTF-32's marks begin with UTF-16's, so they are tried first.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _decode_as(data, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16")
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 2:
        # UTF-32 without a BOM: three zero bytes beside each ASCII character.
        return _decode_as(data, "utf-32-le" if head[1:4] == b"\x00\x00\x00" else "utf-32-be")
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: ASCII characters leave a zero byte beside them.
        return _decode_as(data, "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    if b"\x00" in data:
        raise FileRefused(Problem("unknown_format", params={"kind": "binary"}))
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_as(data, "cp1258", "windows-1258")


def _read_csv_text(text: str, limits: ReadLimits) -> tuple[list[list[Cell]], str]:
    """Split CSV text into cells, with the separator (`,` `;` or tab) found from the text itself."""
    delimiter = _detect_delimiter(text)
    rows: list[list[Cell]] = []
    # strict: an unclosed quote is an error, not a field that silently swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(rows) >= limits.max_rows:
                raise FileRefused(Problem("too_many_rows", params={"limit": limits.max_rows}))
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error:
        raise FileRefused(Problem("bad_csv", row=len(rows) + 1)) from None
    if not any(any(c is not None for c in r) for r in rows):
        raise FileRefused(Problem("empty_file"))
    return rows, delimiter


def _detect_delimiter(text: str) -> str:
    """The separator that splits the first lines most consistently into several columns."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1.0
    for candidate in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        # Prefer the separator that gives many lines the same, larger number of columns.
        most_common = max(set(multi), key=multi.count)
        score = multi.count(most_common) * 10 + most_common
        if score > best_score:
            best, best_score = candidate, score
    return best
