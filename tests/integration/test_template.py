"""The upload templates on a real database: they load back unchanged, in both languages."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from etl.edits import build_edit_table
from etl.pipeline import prepare_bytes, prepare_raw
from etl.template import TEMPLATE_FILES, export_template_workbook
from ipmonitor.store import db
from ipmonitor.formats import TABLE_FORMATS
from ipmonitor.store.queries import load_reference_names


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_template_uploaded_unchanged_changes_nothing(db_path, lang, file_format):
    data = TEMPLATE_FILES[TABLE_FORMATS[file_format]](db_path, lang)
    with db.open_database(db_path) as con:
        prepared = prepare_bytes(con, data, f"template.{file_format}")
    assert prepared.ok, [p.describe("en") for p in prepared.problems]
    assert prepared.changes.is_empty and prepared.changes.count("unchanged") == 988


def test_the_workbook_has_instructions_vietnamese_headers_and_drop_down_lists(db_path):
    workbook = load_workbook(io.BytesIO(export_template_workbook(db_path, "vi")))
    assert workbook.sheetnames == ["Hướng dẫn", "Số liệu", "Danh mục"]
    assert workbook["Danh mục"].sheet_state == "hidden"
    figures = workbook["Số liệu"]
    assert [c.value for c in figures[1]] == ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"]
    with db.open_database(db_path) as con:
        names = load_reference_names(con, "vi")
    lists = {str(v.sqref): v.formula1 for v in figures.data_validations.dataValidation if v.type == "list"}
    assert lists == {"B2:B2989": f"'Danh mục'!$A$2:$A${len(names['ip_type']) + 1}",
                     "C2:C2989": f"'Danh mục'!$B$2:$B${len(names['measure']) + 1}",
                     "D2:D2989": f"'Danh mục'!$C$2:$C${len(names['territory']) + 1}"}
    column_a = [row[0].value for row in workbook["Danh mục"].iter_rows(min_row=2) if row[0].value]
    assert column_a == list(names["ip_type"].values())


def test_an_edit_in_place_goes_through_the_same_checks_as_a_file(db_path):
    with db.open_database(db_path) as con:
        good = prepare_raw(con, build_edit_table([(2020, "trademark", 510)], "applications_filed", "can_tho_former",
                                                 "illustrative-2026", "(edit)"))
        no_source = prepare_raw(con, build_edit_table([(2020, "trademark", 510)], "applications_filed",
                                                      "can_tho_former", "", "(edit)"))
    assert good.ok and good.changes.count("changed") == 1
    assert not no_source.ok and any(p.row == 2 for p in no_source.problems)
