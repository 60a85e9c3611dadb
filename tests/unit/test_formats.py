"""The format registry: every format has its MIME type, suffix, icon and words in both languages, each
MIME type is written only there, and the table writers give the bytes they gave before the registry."""
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ipmonitor.formats import CSV, DOCUMENT_FORMATS, IMAGE_FORMATS, TABLE_FORMATS, XLSX
from ipmonitor.i18n import LANGUAGES, load_catalogue

ROOT = Path(__file__).resolve().parents[2]
EVERY_FORMAT = [*TABLE_FORMATS.values(), *IMAGE_FORMATS.values(), *DOCUMENT_FORMATS.values()]
# Vietnamese words, a carriage return inside a cell, a missing value, a neutralised formula.
SAMPLE = pd.DataFrame({"Năm": [2020, 2021], "Giá trị": [5500, None],
                       "Ghi chú": ["Sở KH&CN\rdòng hai", "'=1+1"]})


@pytest.mark.parametrize("file_format", EVERY_FORMAT, ids=lambda f: f.name)
def test_every_format_has_a_mime_type_a_suffix_an_icon_and_words_in_both_languages(file_format):
    assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", file_format.mime)
    assert re.fullmatch(r"[a-z0-9]+", file_format.suffix)
    assert file_format.file_name("ipmonitor-figures") == f"ipmonitor-figures.{file_format.suffix}"
    assert file_format.icon.startswith(":material/")
    for lang in LANGUAGES:
        assert load_catalogue(lang).get(file_format.label), (file_format.label, lang)
    if file_format in DOCUMENT_FORMATS.values():
        assert all(load_catalogue(lang).get(file_format.prepare_label) for lang in LANGUAGES)


def test_names_and_suffixes_are_each_one_formats():
    assert len({f.name for f in EVERY_FORMAT}) == len({f.suffix for f in EVERY_FORMAT}) == len(EVERY_FORMAT)
    for family in (TABLE_FORMATS, IMAGE_FORMATS, DOCUMENT_FORMATS):
        assert all(name == file_format.name for name, file_format in family.items())


def test_each_mime_type_is_written_in_the_registry_only():
    sources = [path for folder in ("ipmonitor", "pages", "etl") for path in (ROOT / folder).rglob("*.py")]
    sources.append(ROOT / "dashboard.py")
    for file_format in EVERY_FORMAT:
        holders = [path.relative_to(ROOT).as_posix() for path in sources if file_format.mime in path.read_text()]
        assert holders == ["ipmonitor/formats.py"], (file_format.mime, holders)


def test_the_csv_is_the_first_sheet_in_utf8_with_a_byte_order_mark_and_crlf_rows_as_before():
    # The bytes write_csv gave before the registry (commit 66389bb): a lone CR inside a cell is quoted.
    before = (b"\xef\xbb\xbfN\xc4\x83m,Gi\xc3\xa1 tr\xe1\xbb\x8b,Ghi ch\xc3\xba\r\n"
              b"2020,5500.0,\"S\xe1\xbb\x9f KH&CN\rd\xc3\xb2ng hai\"\r\n2021,,'=1+1\r\n")
    assert CSV.write([("Số liệu", SAMPLE), ("Nguồn", pd.DataFrame({"x": [1]}))]) == before


def _workbook_digest(content: bytes) -> str:
    """Every part of the workbook but its creation time (docProps/core.xml), hashed."""
    book = zipfile.ZipFile(io.BytesIO(content))
    digest = hashlib.sha256()
    for name in sorted(book.namelist()):
        if name != "docProps/core.xml":
            digest.update(name.encode() + b"\0" + book.read(name))
    return digest.hexdigest()


def test_the_workbook_is_the_one_written_before_the_registry():
    content = XLSX.write([("Số liệu", SAMPLE), ("Nguồn", SAMPLE.head(1))])
    # Computed with write_xlsx as it was at commit 66389bb; openpyxl is pinned (an upgrade may change it).
    assert _workbook_digest(content) == "b8adb5b7139b21e72a57bf787563fe5c4c1abc565d7bf6f5a2a3095989fbbe8f"
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Số liệu", "Nguồn"]
    sheet = book["Số liệu"]
    assert [cell.value for cell in sheet[1]] == list(SAMPLE.columns) and sheet["A1"].font.bold
    assert [row for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (2020, 5500, "Sở KH&CN\rdòng hai"), (2021, None, "'=1+1")]
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("table_format", TABLE_FORMATS.values(), ids=lambda f: f.name)
def test_every_table_format_reads_back_to_the_first_sheets_values(table_format):
    frame = pd.DataFrame({"Năm": [2020, 2021], "Địa bàn": ["Cần Thơ", "Hậu Giang"]})
    content = table_format.write([("Số liệu", frame)])
    if table_format is CSV:
        back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    else:
        back = pd.read_excel(io.BytesIO(content), sheet_name=0, engine="calamine")  # reads XLSX and ODS
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
