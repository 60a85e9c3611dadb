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
    assert "Số lượt người được đào tạo" in problem.message("vi") and "IP training attendances" in problem.message("en")
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


# --- territories have dates -------------------------------------------------------------------------

def codes(result, field="territory"):
    return result.frame[field].tolist()


def test_a_plain_can_tho_is_read_by_year_and_the_preview_says_so():
    result = validate(["2021", "Sáng chế", "đơn", "Cần Thơ", "5", "x"],
                      ["2024", "Sáng chế", "đơn", "TP. Cần Thơ", "5", "x"],
                      ["2026", "Sáng chế", "đơn", "Thành phố Cần Thơ", "5", "x"])
    assert result.ok, result.problems
    assert codes(result) == ["can_tho_former", "can_tho_former", "can_tho"]
    notes = [p for p in result.problems if p.code == "territory_read_by_year"]
    assert [(p.value, p.params["territory"], p.params["years"]) for p in notes] == [
        ("Cần Thơ", "can_tho_former", "2021"), ("TP. Cần Thơ", "can_tho_former", "2024"),
        ("Thành phố Cần Thơ", "can_tho", "2026")]
    assert all(p.severity == "note" for p in notes)
    assert "«Thành phố Cần Thơ (sau hợp nhất)» tồn tại từ 01/07/2025" in notes[0].message("vi")
    assert "exists from 1 Jul 2025" in notes[0].message("en")


def test_runs_of_years_read_by_year_are_told_as_ranges():
    rows = [[str(year), "Sáng chế", "đơn", "Cần Thơ", "5", "x"] for year in (2019, 2020, 2021, 2023)]
    note = only(validate(*rows), "territory_read_by_year")
    assert note.params["years"] == "2019–2021, 2023"


def test_a_plain_can_tho_in_2025_the_year_of_the_merger_is_refused_showing_both_choices():
    problem = only(validate(["2025", "Sáng chế", "đơn", "Cần Thơ", "5", "x"]), "ambiguous_territory")
    assert (problem.row, problem.column) == (2, "D (Địa bàn)")
    message = problem.message("vi")
    assert "«Thành phố Cần Thơ (cũ)», «Thành phố Cần Thơ (sau hợp nhất)»" in message
    assert "Cần Thơ (sau hợp nhất)" in problem.message("en")


@pytest.mark.parametrize("year, territory, existed_then", [
    ("2010", "Cần Thơ (sau hợp nhất)", "«Thành phố Cần Thơ (cũ)», «Tỉnh Hậu Giang (cũ)», «Tỉnh Sóc Trăng (cũ)»"),
    ("2024", "can_tho", "«Thành phố Cần Thơ (cũ)»"),
    ("2026", "Hậu Giang", "«Thành phố Cần Thơ (sau hợp nhất)»"),
    ("2030", "Sóc Trăng", "«Thành phố Cần Thơ (sau hợp nhất)»"),
    ("2003", "Cần Thơ (cũ)", "«Tỉnh Sóc Trăng (cũ)»"),
])
def test_a_figure_for_a_territory_in_a_year_it_did_not_exist_is_refused_naming_those_that_did(
        year, territory, existed_then):
    problem = only(validate([year, "Sáng chế", "đơn", territory, "5", "x"]), "territory_not_in_year")
    assert (problem.row, problem.column) == (2, "D (Địa bàn)")
    assert existed_then in problem.message("vi")


def test_both_sides_of_the_merger_may_have_figures_for_2025():
    result = validate(["2025", "Sáng chế", "đơn", "Cần Thơ (cũ)", "5", "x"],
                      ["2025", "Sáng chế", "đơn", "Hậu Giang", "5", "x"],
                      ["2025", "Sáng chế", "đơn", "Cần Thơ (sau hợp nhất)", "15", "x"])
    assert result.ok, result.problems


def test_a_code_is_matched_as_written_and_is_never_an_alias_of_its_name():
    result = validate(["2026", "Sáng chế", "đơn", "can_tho", "5", "x"],
                      ["2024", "Sáng chế", "đơn", "CAN_THO_FORMER", "5", "x"])
    assert codes(result) == ["can_tho", "can_tho_former"]
    assert not [p for p in result.problems if p.code == "territory_read_by_year"]
    # "can tho" (the folded code) is the shared name, read by year.
    assert codes(validate(["2021", "Sáng chế", "đơn", "can tho", "5", "x"])) == ["can_tho_former"]


# --- names ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("column, cell, character, position", [
    (1, "Сáng chế", "U+0421 CYRILLIC CAPITAL LETTER ES", 1),
    (1, "Sáng chếх", "U+0445 CYRILLIC SMALL LETTER HA", 9),
    (1, "Giống cây trồng 中文", "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D", 17),
    (1, "Sáng\u200bchế", "U+200B ZERO WIDTH SPACE", 5),
    (3, "Hậu\u00adGiang", "U+00AD SOFT HYPHEN", 4),
    (2, "\ufeffSố đơn đăng ký", "U+FEFF ZERO WIDTH NO-BREAK SPACE", 1),
])
def test_a_name_with_a_letter_of_another_script_or_an_invisible_character_is_refused_naming_it(
        column, cell, character, position):
    row = ["2021", "Sáng chế", "Số đơn đăng ký", "Hậu Giang", "5", "x"]
    row[column] = cell
    problem = only(validate(row), "suspicious_character")
    assert problem.value == cell
    assert (problem.params["character"], problem.params["position"]) == (character, position)
    assert character in problem.message("en") and f"vị trí thứ {position}" in problem.message("vi")
    assert not [p for p in validate(row).problems if p.code.startswith("unknown_")]


def test_a_cell_showing_an_excel_error_is_named_as_such_not_as_a_missing_value():
    from etl.read import ExcelError
    result = validate(["2021", "Sáng chế", "đơn", "Hậu Giang", ExcelError("#N/A"), "x"],
                      ["2022", ExcelError("#REF!"), "đơn", "Hậu Giang", "5", "x"])
    found = sorted((p.row, p.code, p.value) for p in result.problems if p.severity == "error")
    assert found == [(2, "excel_error", "#N/A"), (3, "excel_error", "#REF!")]
    assert "lỗi của Excel" in result.problems[0].message("vi")
    assert "Excel error" in result.problems[0].message("en")


# --- totals -------------------------------------------------------------------------------------------

WIDE_BLOCK = [["Chỉ tiêu:", "Số đơn đăng ký"], ["Địa bàn:", "Hậu Giang"], ["Nguồn:", "x"]]


def validate_wide(*rows, cached=None):
    return validate_records(locate_records([*WIDE_BLOCK, *rows], cached=cached))


def test_a_total_row_that_agrees_with_its_parts_is_checked_and_not_loaded():
    result = validate_wide(["STT", "Loại đối tượng", "Năm 2023", "Năm 2024"],
                           [1, "Sáng chế", 2, 3], [2, "Nhãn hiệu", 100, 110],
                           [None, "Trong đó: Nhãn hiệu tập thể", 4, 5],
                           ["Tổng cộng", None, 102, 113])
    assert result.ok, result.problems
    assert sorted(result.frame["ip_type"].unique()) == ["collective_mark", "patent", "trademark"]
    assert "all_types" not in set(result.frame["ip_type"])
    note = only(result, "total_row_checked")
    assert (note.severity, note.row, note.params["count"]) == ("note", 8, 2)


def test_a_total_row_that_disagrees_is_refused_naming_the_cell_and_both_numbers():
    result = validate_wide(["Loại đối tượng", "2023", "2024"], ["Sáng chế", 2, 3], ["Nhãn hiệu", 100, 110],
                           ["TỔNG CỘNG:", 102, 120])
    problem = only(result, "total_mismatch")
    assert (problem.row, problem.column, problem.params) == (7, "C (2024)", {"total": "120", "parts": "113"})
    assert "120" in problem.message("vi") and "113" in problem.message("en")


def test_a_total_column_beside_the_years_is_checked_against_each_rows_years():
    result = validate_wide(["Loại đối tượng", "2023", "2024", "Tổng số"], ["Sáng chế", 2, 3, 5],
                           ["Nhãn hiệu", 100, 110, 211], ["Cộng", 102, 113, 216])
    assert [(p.row, p.column) for p in result.problems if p.code == "total_mismatch"] == [
        (6, "D (Tổng số)"), (7, "D (Tổng số)")]
    assert set(result.frame["year"]) == {2023, 2024}


def test_a_formula_total_is_checked_on_its_saved_result_and_one_without_a_result_is_its_own_sum():
    rows = [["Loại đối tượng", "2023"], ["Sáng chế", 2], ["Nhãn hiệu", 100], ["Tổng cộng", "=SUM(B5:B6)"]]
    assert only(validate_wide(*rows), "total_row_checked")  # no saved result: nothing to compare
    assert validate_wide(*rows, cached={(6, 1): 102.0}).ok
    assert only(validate_wide(*rows, cached={(6, 1): 99.0}), "total_mismatch").params == {
        "total": "99", "parts": "102"}


def test_a_formula_in_a_figure_cell_is_still_refused():
    result = validate_wide(["Loại đối tượng", "2023"], ["Sáng chế", "=1+1"], ["Tổng cộng", 2])
    assert only(result, "formula").row == 5


def test_a_total_row_of_a_long_table_is_checked_against_the_figures_of_its_year_measure_and_territory():
    result = validate(["2021", "Sáng chế", "đơn", "Hậu Giang", "5", "x"],
                      ["2021", "Nhãn hiệu", "đơn", "Hậu Giang", "50", "x"],
                      ["2021", "Tổng cộng", "đơn", "Hậu Giang", "56", "x"])
    assert only(result, "total_mismatch").params == {"total": "56", "parts": "55"}
    assert len(result.frame) == 2


def test_the_name_of_the_all_types_total_is_still_a_figure_of_that_type():
    result = validate(["2021", "Tất cả các loại (tổng)", "Số văn bằng lũy kế", "Hậu Giang", "500", "x"])
    assert result.ok and result.frame["ip_type"].tolist() == ["all_types"]


# --- the sheet's name, the title, the footnote ------------------------------------------------------

def test_a_sheet_named_after_a_measure_and_a_title_naming_one_territory_give_them_with_notes():
    cells = [["BÁO CÁO SỐ LIỆU SỞ HỮU TRÍ TUỆ TỈNH SÓC TRĂNG NĂM 2022–2024"], [],
             ["STT", "Loại đối tượng", "Năm 2022", "2023*", "Ghi chú"], [1, "Sáng chế", 1, 2, "ước"],
             [], ["Nguồn: Báo cáo số 12/BC-SKHCN"]]
    result = validate_records(locate_records(cells, sheet="Văn bằng"))
    assert result.ok, result.problems
    assert set(result.frame["measure"]) == {"titles_granted"}
    assert set(result.frame["territory"]) == {"soc_trang_former"}
    assert set(result.frame["source"]) == {"Báo cáo số 12/BC-SKHCN"}
    notes = {p.code: p for p in result.problems if p.severity == "note"}
    assert set(notes) == {"read_from_sheet", "read_from_title", "read_from_footnote"}
    assert notes["read_from_title"].params["cell"] == "A1"
    assert notes["read_from_sheet"].message("vi").startswith("Chỉ tiêu lấy từ tên trang tính «Văn bằng»")
    assert notes["read_from_title"].params and "TỈNH SÓC TRĂNG" in notes["read_from_title"].message("vi")


def test_a_title_naming_two_territories_gives_none():
    cells = [["Số liệu Hậu Giang và Sóc Trăng"], ["Chỉ tiêu: đơn"], ["Nguồn: x"], ["Loại đối tượng", 2022],
             ["Sáng chế", 1]]
    result = validate_records(locate_records(cells))
    assert only(result, "missing_column").params["field"] == "territory"


def test_a_row_that_contradicts_the_sheets_measure_is_refused():
    cells = [["Địa bàn: Hậu Giang"], ["Nguồn: x"], ["Loại đối tượng", "Chỉ tiêu", 2022],
             ["Sáng chế", "Số văn bằng được cấp", 1], ["Nhãn hiệu", None, 2]]
    result = validate_records(locate_records(cells, sheet="Đơn đăng ký"))
    problem = only(result, "sheet_conflict")
    assert (problem.row, problem.column) == (4, "B (Chỉ tiêu)")


def test_a_signature_block_under_the_table_is_a_note_but_a_type_row_with_text_for_numbers_is_refused():
    signature = validate_wide(["Loại đối tượng", "2023"], ["Sáng chế", 2], [], ["NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC"],
                              [None, "PHÓ GIÁM ĐỐC"], ["Trần Minh Khoa", "Lê Văn Phúc"])
    assert signature.ok and len(signature.frame) == 1, signature.problems
    text_for_numbers = validate_wide(["Loại đối tượng", "2023"], ["Sáng chế", 2], [], ["Nhãn hiệu", "chưa có"])
    assert only(text_for_numbers, "type_row_without_figures").row == 7


@pytest.mark.parametrize("source, character, position", [
    ("Báo cáo Sở KH&CN\r=cmd|' /C calc'!A0", "U+000D CARRIAGE RETURN", 17),
    ("Báo cáo số 12\nngày 10/10/2025", "U+000A LINE FEED", 14),
    ("Báo cáo\tSở KH&CN", "U+0009 CHARACTER TABULATION", 8),
    ("Báo cáo\x85Sở", "U+0085", 8),
])
def test_a_control_character_in_a_text_cell_is_refused_naming_it(source, character, position):
    problem = only(validate(["2021", "Sáng chế", "đơn", "Hậu Giang", "5", source]), "control_character")
    assert (problem.row, problem.column) == (2, "F (Nguồn)")
    assert problem.params["character"].startswith(character) and problem.params["position"] == position
    assert character.split()[0] in problem.message("en")
