"""Reading uploads safely: formats by content, encodings, separators, and refusals before parsing."""
import codecs
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from etl.read import ExcelError, FileRefused, ReadLimits, read_bytes

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


def test_every_visible_sheet_with_data_is_read_in_the_workbooks_order():
    data = _xlsx({"Hướng dẫn": [["Đọc kỹ"]], "Trống": [], "Số liệu": [["Năm"], [2020]]})
    raw = read_bytes(data, "t.xlsx")
    assert [sheet.name for sheet in raw.all_sheets()] == ["Hướng dẫn", "Số liệu"]
    assert raw.sheets[1].rows == [["Năm"], [2020.0]]


def test_an_empty_sheet_named_as_the_data_sheet_is_kept_so_that_the_preview_can_say_it_is_empty():
    raw = read_bytes(_xlsx({"Số liệu": [], "Đơn": [["x"]]}), "t.xlsx")
    assert [(sheet.name, sheet.rows) for sheet in raw.sheets] == [("Số liệu", []), ("Đơn", [["x"]])]


def _workbook(edit) -> bytes:
    workbook = openpyxl.Workbook()
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_hidden_and_very_hidden_sheets_are_never_read_but_named():
    def edit(workbook):
        workbook.active.title = "Số liệu"
        workbook.active.append(["Năm", 2020])
        for name, state in (("Ẩn", "hidden"), ("Rất ẩn", "veryHidden")):
            sheet = workbook.create_sheet(name)
            sheet.append(["Năm", 2021])
            sheet.sheet_state = state
    raw = read_bytes(_workbook(edit), "t.xlsx")
    assert [sheet.name for sheet in raw.all_sheets()] == ["Số liệu"]
    assert raw.hidden_sheets == ("Ẩn", "Rất ẩn")


def test_data_only_on_a_hidden_sheet_is_refused_naming_the_sheet():
    def edit(workbook):
        workbook.active.title = "Trống"
        sheet = workbook.create_sheet("Số liệu")
        sheet.append(["Năm", 2020])
        sheet.sheet_state = "hidden"
    with pytest.raises(FileRefused) as raised:
        read_bytes(_workbook(edit), "t.xlsx")
    assert raised.value.problem.code == "data_only_in_hidden_sheets"
    assert raised.value.problem.params["sheets"] == "«Số liệu»"


def test_an_excel_error_cell_is_kept_as_an_error_not_read_as_blank():
    def edit(workbook):
        workbook.active.append(["Năm", "#N/A", "#DIV/0!"])
    raw = read_bytes(_workbook(edit), "t.xlsx")
    assert raw.rows[0][1:] == ["#N/A", "#DIV/0!"]
    assert all(isinstance(cell, ExcelError) for cell in raw.rows[0][1:])


def test_a_formula_shows_its_text_and_keeps_its_saved_result_aside():
    def store_result(workbook):
        workbook.active.append([1, 2, "=SUM(A1:B1)"])
    data = _workbook(store_result)
    # openpyxl saves no result: put one in as Excel and LibreOffice do.
    data = _with_cached_result(data, b"<f>SUM(A1:B1)</f>", b"<f>SUM(A1:B1)</f><v>3</v>")
    raw = read_bytes(data, "t.xlsx")
    assert raw.rows[0][2] == "=SUM(A1:B1)"
    assert raw.sheets[0].cached == {(0, 2): 3.0}


def _with_cached_result(data: bytes, old: bytes, new: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(old + b"<v></v>", new).replace(old + b"<v />", new).replace(old, new)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_text_is_read_with_or_without_its_mark(encoding):
    raw = read_bytes("Năm;Giá trị\n2020;5\n".encode(encoding), "t.csv")
    assert raw.rows == [["Năm", "Giá trị"], ["2020", "5"]]


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
