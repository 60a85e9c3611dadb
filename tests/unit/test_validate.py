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
