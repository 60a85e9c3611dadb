"""Reading uploads safely: formats by content, encodings, separators, and refusals before parsing."""
import codecs
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from etl.read import FileRefused, ReadLimits, read_bytes

CSV_TEXT = "Năm;Loại đối tượng;Giá trị\n2020;Sáng chế;5.500\n"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_windows_1258(text: str) -> bytes:
    """As Vietnamese Windows writes it: base letters (ă, ơ, ư...) with tone marks as separate characters."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def refused_code(data: bytes, limits: ReadLimits = ReadLimits(), name: str = "f.csv") -> str:
    with pytest.raises(FileRefused) as raised:
        read_bytes(data, name, limits)
    return raised.value.problem.code


@pytest.mark.parametrize("encoded, encoding", [
    (CSV_TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
    (CSV_TEXT.encode("utf-16"), "utf-16"),
    (CSV_TEXT.encode("utf-16-le"), "utf-16-le"),
    (encode_windows_1258(CSV_TEXT), "windows-1258"),
])
def test_csv_text_reads_the_same_in_every_supported_encoding(encoded, encoding):
    raw = read_bytes(encoded, "f.csv")
    assert raw.encoding == encoding
    assert raw.rows == [["Năm", "Loại đối tượng", "Giá trị"], ["2020", "Sáng chế", "5.500"]]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_separator_is_found_from_the_text(separator):
    text = f'Năm{separator}Giá trị{separator}Nguồn\n2020{separator}"1.234"{separator}"a, b; c"\n'
    raw = read_bytes(text.encode(), "f.csv")
    assert raw.delimiter == separator
    assert raw.rows[1] == ["2020", "1.234", "a, b; c"]


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read_by_its_content_whatever_its_name():
    raw = read_bytes(_xlsx({"Sheet1": [["Năm", "Giá trị"], [2020, 5500]]}), "renamed.csv")
    assert raw.file_format == "xlsx"
    assert raw.rows == [["Năm", "Giá trị"], [2020.0, 5500.0]]


def test_of_several_sheets_the_one_named_so_lieu_is_read():
    data = _xlsx({"Hướng dẫn": [["Đọc kỹ"]], "Số liệu": [["Năm"], [2020]]})
    assert read_bytes(data, "t.xlsx").sheet == "Số liệu"


def test_several_sheets_with_data_and_none_named_are_refused_naming_them():
    with pytest.raises(FileRefused) as raised:
        read_bytes(_xlsx({"A": [["x"]], "B": [["y"]]}), "t.xlsx")
    assert raised.value.problem.code == "several_sheets"
    assert raised.value.problem.params["sheets"] == "A, B"


def test_an_empty_sheet_and_an_empty_file_are_refused():
    assert refused_code(_xlsx({"Sheet": []}), name="t.xlsx") == "empty_sheet"
    assert refused_code(b"") == "empty_file"
    assert refused_code(b"  \n \n") == "empty_file"
    assert refused_code(b";;;\n;;\n") == "empty_file"


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    assert refused_code(b"x" * 2001, ReadLimits(max_bytes=2000)) == "file_too_large"


def test_more_rows_than_the_limit_are_refused():
    assert refused_code(b"a,b\n" * 11, ReadLimits(max_rows=10)) == "too_many_rows"


def test_a_legacy_xls_is_refused_with_advice_to_save_as_xlsx():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert refused_code(ole2, name="old.xls") == "legacy_xls"


def test_a_password_protected_workbook_is_recognised():
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le")
    assert refused_code(encrypted, name="secret.xlsx") == "password_protected"


@pytest.mark.parametrize("data, kind", [(b"%PDF-1.7 ...", "PDF"), (b"\x89PNG\r\n\x1a\n...", "PNG"),
                                        (b"\x7fELF\x02\x01", "ELF"), (b"abc\x00\x01\x02def" * 3, "binary")])
def test_other_formats_are_refused_by_their_magic_bytes(data, kind):
    with pytest.raises(FileRefused) as raised:
        read_bytes(data, "figures.csv")
    assert raised.value.problem.code == "unknown_format"
    assert raised.value.problem.params["kind"] == kind


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert refused_code(buffer.getvalue(), name="f.xlsx") == "zip_not_workbook"


def test_a_zip_bomb_is_refused_by_the_bytes_that_really_come_out():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    assert refused_code(data, name="bomb.xlsx") == "zip_bomb"


def test_every_read_records_the_files_sha256():
    raw = read_bytes(CSV_TEXT.encode(), "f.csv")
    import hashlib
    assert raw.sha256 == hashlib.sha256(CSV_TEXT.encode()).hexdigest()
