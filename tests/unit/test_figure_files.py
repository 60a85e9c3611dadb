"""Exports neutralise cells a spreadsheet would run as formulas (OWASP CSV injection) and say each
figure's kind in the reader's language."""
import pandas as pd
import pytest

from ipmonitor.documents.figure_files import build_export_frame
from ipmonitor.spreadsheet_safety import neutralise, neutralise_frame
from ipmonitor.formats import write_csv
from ipmonitor.progress.tables import build_figures_table


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_prefixed_with_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Sáng chế", "5.500", 42, -3, None, "a=b"])
def test_other_cells_pass_through_unchanged(cell):
    assert neutralise(cell) == cell


def test_a_frame_keeps_its_numbers_and_neutralises_its_text():
    frame = pd.DataFrame({"value": [-1, 2], "title": ["=HYPERLINK(\"x\")", "ok"]})
    out = neutralise_frame(frame)
    assert out["value"].tolist() == [-1, 2]
    assert out["title"].tolist() == ["'=HYPERLINK(\"x\")", "ok"]


def test_csv_exports_carry_a_byte_order_mark_for_excel():
    data = write_csv(pd.DataFrame({"Năm": [2020]}))
    assert data.startswith(b"\xef\xbb\xbf") and "Năm".encode() in data


def _figure_rows(kinds):
    """Rows as queries.load_current_figures returns them, one per source kind."""
    return pd.DataFrame([{"year": 2020, "ip_type_name": "Sáng chế", "measure_name": "Đơn", "territory_name": "Cần Thơ",
                          "value": 10, "source": f"s-{kind}", "source_title": "T", "source_publisher": "P",
                          "source_address": "A", "source_date": None, "source_kind": kind, "batch_id": 1,
                          "loaded_at": None} for kind in kinds])


@pytest.mark.parametrize("lang, header, words", [
    ("vi", "Loại nguồn", ["công bố", "suy ra từ văn bản công bố", "minh họa, không chính thức"]),
    ("en", "Source kind", ["published", "derived from a published text", "illustrative, not official"]),
])
def test_the_data_export_says_each_figures_kind_and_calls_only_a_published_one_published(lang, header, words):
    frame = build_export_frame(_figure_rows(["published", "derived", "illustrative"]), lang)
    assert frame[header].tolist() == words
    table = build_figures_table(_figure_rows(["illustrative"]), lang)
    assert table[header].tolist() == words[-1:]


HOSTILE = ["Báo cáo Sở KH&CN\r=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", "ghi chú\n+1+1", "@SUM(A1)",
           "-2+3", "\tTab", "ổn\r\n-hai dòng", "\x07chuông"]


def test_a_hostile_cell_leaves_every_export_with_no_line_a_spreadsheet_would_run():
    import csv
    import io

    import openpyxl

    from ipmonitor.formats import write_xlsx
    frame = neutralise_frame(pd.DataFrame({"source": HOSTILE, "value": range(len(HOSTILE))}))
    rows = list(csv.reader(io.StringIO(write_csv(frame).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(HOSTILE)  # no cell broke into a new row
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([("Sheet", frame)])))
    cells = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    for text in [row[0] for row in rows[1:]] + cells:
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line[:1] in ("=", "+", "-", "@", "\t") and not (line and ord(line[0]) < 32), repr(text)


def test_the_characters_refused_in_a_sheet_are_openpyxls_own():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from ipmonitor.formats import XML_ILLEGAL_CHARACTERS

    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        assert bool(XML_ILLEGAL_CHARACTERS.match(character)) == bool(ILLEGAL_CHARACTERS_RE.match(character)), hex(code)
