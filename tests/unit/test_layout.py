"""Finding the header and reading long and wide sheets into one record per figure."""
import pytest

from etl.layout import classify_header, column_label, locate_records


@pytest.mark.parametrize("header", [
    ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"],
    ["NAM", "LOAI DOI TUONG", "CHI TIEU", "DIA BAN", "GIA TRI", "NGUON"],
    ["year", "ip_type", "measure", "territory", "value", "source"],
    ["Year", "IP type", "Measure", "Territory", "Value", "Source"],
    ["năm", "loại hình", "chỉ tiêu", "địa bàn", "số lượng", "nguồn số liệu"],
])
def test_long_headers_match_in_either_language_with_or_without_diacritics(header):
    fields, years = classify_header(header)
    assert sorted(fields.values()) == sorted(["year", "ip_type", "measure", "territory", "value", "source"])
    assert years == {}


def test_wide_headers_find_the_year_columns_written_as_numbers_or_text():
    fields, years = classify_header(["Loại đối tượng", 2019.0, "2020", "Năm 2021", "Ghi chú"])
    assert fields == {0: "ip_type", 4: "_ignore"}  # remarks are the analyst's own: skipped quietly
    assert years == {1: 2019, 2: 2020, 3: 2021}


def test_a_long_sheet_below_title_rows_gives_one_record_per_row():
    records = locate_records([
        ["BÁO CÁO SỐ LIỆU SỞ HỮU TRÍ TUỆ"],
        [None],
        ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"],
        ["2020", "Sáng chế", "Số đơn đăng ký", "Cần Thơ cũ", "9", "Cục SHTT"],
        [None, None, None, None, None, None],
        ["2021", "Nhãn hiệu", "Số đơn đăng ký", "Cần Thơ cũ", "512", "Cục SHTT"],
    ])
    assert records.layout == "long"
    assert [r["_row"] for r in records.rows] == [4, 6]
    assert records.rows[1]["value"] == "512"
    assert records.labels["value"] == "E (Giá trị)"


def test_a_wide_sheet_takes_measure_territory_and_source_from_the_labelled_block_above():
    records = locate_records([
        ["Chỉ tiêu:", "Số đơn đăng ký"],
        ["Địa bàn: Hậu Giang"],
        ["Nguồn", "Báo cáo Sở KH&CN 2024"],
        ["Loại đối tượng", "2022", "2023"],
        ["Sáng chế", 3, None],
        ["Nhãn hiệu", "120", "131"],
        ["Ghi chú: số liệu sơ bộ", None, None],
    ])
    assert records.layout == "wide"
    assert [(r["_row"], r["year"], r["value"]) for r in records.rows] == [
        (5, 2022, 3), (6, 2022, "120"), (6, 2023, "131")]
    assert {r["measure"] for r in records.rows} == {"Số đơn đăng ký"}
    assert {r["territory"] for r in records.rows} == {"Hậu Giang"}
    assert records.rows[2]["_value_column"] == "C (2023)"
    assert records.problems == []


def test_a_column_in_the_table_wins_over_the_block_above():
    records = locate_records([
        ["Địa bàn:", "Hậu Giang"],
        ["Loại đối tượng", "Địa bàn", "Chỉ tiêu", "Nguồn", "2024"],
        ["Sáng chế", "Sóc Trăng", "đơn", "x", 4],
        ["Sáng chế", None, "đơn", "x", 5],
    ])
    assert [r["territory"] for r in records.rows] == ["Sóc Trăng", "Hậu Giang"]


def test_a_sheet_without_a_header_row_is_reported_once():
    records = locate_records([["a", "b"], [1, 2]])
    assert records.layout == "unknown"
    assert [p.code for p in records.problems] == ["no_header"]


def test_a_header_missing_required_columns_names_each_of_them():
    records = locate_records([["Năm", "Loại đối tượng", "Giá trị"], ["2020", "Sáng chế", 1]])
    missing = sorted(p.params["field"] for p in records.problems if p.code == "missing_column")
    assert missing == ["measure", "source", "territory"]


def test_unknown_columns_are_a_warning_not_an_error():
    records = locate_records([["Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Nguồn", "2020", "Người nhập"],
                              ["Sáng chế", "đơn", "Hậu Giang", "x", 1, "An"]])
    [problem] = records.problems
    assert (problem.code, problem.severity, problem.column) == ("unknown_column", "warning", "F (Người nhập)")


def test_columns_are_named_as_a_spreadsheet_names_them():
    assert column_label(0, "Năm") == "A (Năm)"
    assert column_label(27, 2020.0) == "AB (2020)"
    assert column_label(2, None) == "C"
