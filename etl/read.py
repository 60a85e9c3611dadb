"""Stage 1, read: bytes in, a grid of cells out. I/O and safety checks only; no interpretation.

Refuses, before any parser sees the content: files over the size limit, zip bombs (measured while
decompressing, not trusted from the zip's own headers), unknown binary formats by their magic bytes,
legacy .xls and password-protected workbooks (both OLE2 files) with a message saying what to do.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
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


DEFAULT_LIMITS = ReadLimits()


@dataclass
class RawTable:
    """The cells of one sheet or CSV file; rows[0] is the file's row 1."""

    file_name: str
    sha256: str
    size: int
    file_format: str
    rows: list[list[Cell]]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None


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
# Sheets with these names hold the figures when a workbook has several (the template's data sheet).
DATA_SHEET_NAMES = {"so lieu", "data", "du lieu", "figures"}


def read_file(path: Path | str, limits: ReadLimits = DEFAULT_LIMITS) -> RawTable:
    """Read a file from disk, checking its size before loading it into memory."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileRefused(_too_large(size, limits))
    return read_bytes(path.read_bytes(), path.name, limits)


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
        rows, sheet = _read_xlsx(data, limits)
        return RawTable(file_name, sha256, len(data), "xlsx", rows, sheet=sheet)
    for magic, kind in OTHER_BINARIES.items():
        if data.startswith(magic):
            raise FileRefused(Problem("unknown_format", params={"kind": kind}))
    text, encoding = _decode_text(data)
    rows, delimiter = _read_csv_text(text, limits)
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


def _read_xlsx(data: bytes, limits: ReadLimits) -> tuple[list[list[Cell]], str]:
    """The cells of the sheet that holds the figures (see DATA_SHEET_NAMES)."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")]
        names = visible or list(workbook.sheet_names)
        sheets = {name: workbook.get_sheet_by_name(name).to_python() for name in names}
    except FileRefused:
        raise
    except Exception:  # calamine raises several error types for damaged workbooks
        raise FileRefused(Problem("corrupt_xlsx")) from None
    named = [n for n in names if fold(n) in DATA_SHEET_NAMES]
    with_data = [n for n in names if any(any(c not in ("", None) for c in r) for r in sheets[n])]
    if named:
        chosen = named[0]
    elif len(with_data) == 1:
        chosen = with_data[0]
    elif not with_data:
        raise FileRefused(Problem("empty_sheet"))
    else:
        raise FileRefused(Problem("several_sheets", params={"sheets": ", ".join(with_data)}))
    rows = [[None if c == "" else c for c in row] for row in sheets[chosen]]
    if len(rows) > limits.max_rows:
        raise FileRefused(Problem("too_many_rows", params={"limit": limits.max_rows}))
    if not any(any(c is not None for c in r) for r in rows):
        raise FileRefused(Problem("empty_sheet"))
    return rows, chosen


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), or Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return nfc(data[3:].decode("utf-8", errors="strict")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return nfc(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise FileRefused(Problem("bad_encoding")) from None
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: ASCII characters leave a zero byte beside them.
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return nfc(data.decode(encoding)), encoding
        except UnicodeDecodeError:
            raise FileRefused(Problem("bad_encoding")) from None
    if b"\x00" in data:
        raise FileRefused(Problem("unknown_format", params={"kind": "binary"}))
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return nfc(data.decode("cp1258")), "windows-1258"
    except UnicodeDecodeError:
        raise FileRefused(Problem("bad_encoding")) from None


def _read_csv_text(text: str, limits: ReadLimits) -> tuple[list[list[Cell]], str]:
    """Split CSV text into cells, with the separator (`,` `;` or tab) found from the text itself."""
    delimiter = _detect_delimiter(text)
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(rows) >= limits.max_rows:
                raise FileRefused(Problem("too_many_rows", params={"limit": limits.max_rows}))
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error:
        raise FileRefused(Problem("bad_csv")) from None
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
