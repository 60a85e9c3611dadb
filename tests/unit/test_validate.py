"""Each validation rule, and that one file reports every problem at once with row and column."""
import pytest

from etl.layout import locate_records
from etl.validate import validate_records

HEADER = ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"]
GOOD = ["2020", "Sáng chế", "Số đơn đăng ký", "Cần Thơ cũ", "9", "Cục SHTT"]


def validate(*rows):
    return validate_records(locate_records([HEADER, *rows]))


def only(result, code):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, result.problems
    return found[0]


def test_a_clean_file_passes_with_typed_values_and_resolved_codes():
    result = validate(GOOD, ["2021", "nhan hieu", "van bang", "Hậu Giang", "5.500", "Cục SHTT"])
    assert result.ok and result.problems == []
    assert result.frame[["year", "ip_type", "measure", "territory", "value"]].values.tolist() == [
        [2020, "patent", "applications_filed", "can_tho_former", 9.0],
        [2021, "trademark", "titles_granted", "hau_giang_former", 5500.0]]


@pytest.mark.parametrize("column, cell, code", [
    (1, "Bằng khen", "unknown_ip_type"),
    (2, "Số hội thảo", "unknown_measure"),
    (3, "Hà Nội", "unknown_territory"),
    (0, "1975", "year_out_of_range"),
    (0, "2101", "year_out_of_range"),
    (0, "năm ngoái", "not_a_year"),
    (4, "-3", "negative_count"),
    (4, "1.234,5", "fractional_count"),
    (4, "12.5", "not_a_number"),
    (4, "5,500", "ambiguous_comma"),
    (4, "=SUM(A1:A3)", "formula"),
])
def test_each_bad_cell_is_reported_with_its_row_column_and_value(column, cell, code):
    row = list(GOOD)
    row[column] = cell
    problem = only(validate(row), code)
    assert problem.severity == "error"
    assert problem.row == 2
    assert problem.column.startswith("ABCDEF"[column])
    assert problem.value == cell
    assert problem.message("vi") and problem.message("en") and problem.message("vi") != problem.message("en")


@pytest.mark.parametrize("column, field", [(1, "ip_type"), (2, "measure"), (3, "territory"),
                                           (4, "value"), (5, "source"), (0, "year")])
def test_a_blank_required_cell_is_reported_as_missing(column, field):
    row = list(GOOD)
    row[column] = None
    problem = only(validate(row), "missing_field")
    assert problem.params["field"] == field
    assert problem.row == 2


def test_a_repeated_key_in_one_file_points_back_to_the_first_row():
    problem = only(validate(GOOD, ["2020", "sang che", "don dang ky", "Can Tho (cu)", "10", "khác"]),
                   "duplicate_key")
    assert problem.row == 3 and problem.params["first_row"] == 2


def test_grants_above_applications_are_a_warning_that_does_not_block():
    result = validate(GOOD, ["2020", "Sáng chế", "Số văn bằng được cấp", "Cần Thơ cũ", "12", "Cục SHTT"])
    problem = only(result, "grants_above_applications")
    assert problem.severity == "warning" and problem.row == 3
    assert result.ok


def test_every_problem_in_a_file_is_reported_at_once_in_sheet_order():
    result = validate(
        ["1975", "Sáng chế", "Số đơn đăng ký", "Cần Thơ cũ", "9", "x"],
        ["2020", "Bằng khen", "Số đơn đăng ký", "Cần Thơ cũ", "-1", "x"],
        ["2021", "Sáng chế", "Số đơn đăng ký", "Hà Nội", "1,5", None],
    )
    assert not result.ok
    assert [(p.row, p.code) for p in result.problems] == [
        (2, "year_out_of_range"), (3, "unknown_ip_type"), (3, "negative_count"),
        (4, "unknown_territory"), (4, "fractional_count"), (4, "missing_field")]


def test_a_bad_ip_type_in_a_wide_row_is_reported_once_not_once_per_year():
    result = validate_records(locate_records([
        ["Chỉ tiêu", "đơn"], ["Địa bàn", "Hậu Giang"], ["Nguồn", "x"],
        ["Loại đối tượng", "2020", "2021", "2022"],
        ["Bằng khen", 1, 2, 3],
    ]))
    assert [(p.row, p.code) for p in result.problems] == [(5, "unknown_ip_type")]


def test_a_header_with_no_rows_below_is_reported():
    result = validate_records(locate_records([HEADER]))
    assert [p.code for p in result.problems] == ["no_data_rows"]


# Measures about no IP type (people trained, support, cases): under the placeholder and no other type.

def test_a_measure_about_no_ip_type_loads_under_not_applicable_or_with_a_blank_type_cell():
    result = validate(["2026", "Không theo loại đối tượng", "Số người được đào tạo", "Cần Thơ mới", "1.150", "Sở KH&CN"],
                      ["2026", None, "kinh phi ho tro", "Cần Thơ mới", "1.240.000.000", "Sở KH&CN"],
                      ["2026", "n/a", "vu xam pham", "Cần Thơ mới", "137", "Sở KH&CN"])
    assert result.ok and result.problems == []
    assert result.frame[["ip_type", "measure", "value"]].values.tolist() == [
        ["not_applicable", "people_trained", 1150.0],
        ["not_applicable", "registration_support_amount", 1_240_000_000.0],
        ["not_applicable", "enforcement_cases", 137.0]]


def test_a_measure_about_no_ip_type_under_a_real_type_is_refused_at_the_type_cell():
    problem = only(validate(["2026", "Nhãn hiệu", "Số người được đào tạo", "Cần Thơ mới", "1150", "x"]),
                   "untyped_measure_with_type")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("error", 2, "B (Loại đối tượng)",
                                                                              "Nhãn hiệu")
    assert "Số người được đào tạo" in problem.message("vi") and "People trained in IP" in problem.message("en")
    assert "Không theo loại đối tượng" in problem.message("vi") and "Not by IP type" in problem.message("en")


def test_a_measure_counted_by_type_under_not_applicable_is_refused_and_a_blank_type_stays_missing():
    problem = only(validate(["2026", "Không theo loại đối tượng", "Số đơn đăng ký", "Cần Thơ mới", "9", "x"]),
                   "typed_measure_without_type")
    assert (problem.row, problem.column) == (2, "B (Loại đối tượng)")
    assert "Số đơn đăng ký" in problem.message("vi") and "Applications filed" in problem.message("en")
    missing = only(validate(["2026", None, "Số đơn đăng ký", "Cần Thơ mới", "9", "x"]), "missing_field")
    assert missing.params["field"] == "ip_type"


def test_a_wide_sheet_of_a_measure_about_no_type_reports_a_wrong_type_once_per_row():
    result = validate_records(locate_records([
        ["Chỉ tiêu", "Số vụ xâm phạm được xử lý"], ["Địa bàn", "Cần Thơ mới"], ["Nguồn", "x"],
        ["Loại đối tượng", "2025", "2026"],
        ["Không theo loại đối tượng", 120, 137],
        ["Nhãn hiệu", 80, 90],
    ]))
    assert [(p.row, p.code) for p in result.problems] == [(6, "untyped_measure_with_type")]
