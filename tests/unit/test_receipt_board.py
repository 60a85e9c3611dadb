"""The Reports page's arithmetic on the shipped register: which year to show, the tracker's receipts as
the board reads them, honest wording for a report nobody recorded, the weekend note, the downloads."""
import datetime as dt
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from ipmonitor.formats import CSV, XLSX
from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.receipt_board import (build_board_table, build_reminder_list, compute_reports_board,
                                             count_reports_by_status, deadline_lines, default_report_year,
                                             build_reminder_sheets, receipt_agency_choices, report_years,
                                             split_receipts, style_board_table)

REGISTER = load_plan_register()
TODAY = dt.date(2026, 12, 2)


def receipts(*rows):
    columns = ["report", "agency_id", "year", "received_on", "reference", "note"]
    frame = pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)
    frame["received_on"] = pd.to_datetime(frame["received_on"])  # as DuckDB hands a DATE column over
    return frame


def board_2025(*rows, lang="vi"):
    return compute_reports_board(REGISTER, receipts(*rows), 2025, TODAY, lang)


def test_the_reporting_years_run_from_2021_to_the_final_review():
    assert report_years(REGISTER) == list(range(2021, 2031))


@pytest.mark.parametrize("today, year", [
    (dt.date(2026, 10, 15), 2025),  # the deadline day itself: reports may still arrive on time
    (dt.date(2026, 10, 16), 2026),
    (dt.date(2026, 1, 5), 2025),
    (dt.date(2021, 3, 1), 2021),  # no report before 2021: the first year, not yet due
    (dt.date(2034, 12, 1), 2030),
])
def test_the_default_year_is_the_latest_whose_deadline_has_passed(today, year):
    assert default_report_year(REGISTER, today) == year


def test_receipts_split_into_agency_receipts_and_city_reports():
    agency, city = split_receipts(receipts(("agency", "police", 2025, "2025-10-10", "1/BC-CA", None),
                                           ("city", "dost", 2025, "2025-10-29", "9/BC-SKHCN", "đã gửi")))
    assert list(agency.columns) == ["agency_id", "year", "received_on", "reference", "note"]
    assert list(agency["agency_id"]) == ["police"]
    assert list(city.columns) == ["year", "sent_on", "reference", "note"]
    assert city["sent_on"].iloc[0] == pd.Timestamp("2025-10-29") and city["note"].iloc[0] == "đã gửi"


def test_the_board_judges_each_report_and_a_report_with_no_receipt_is_not_recorded():
    board = board_2025(("agency", "police", 2025, "2025-10-15", "1/BC-CA", None),
                       ("agency", "finance", 2025, "2025-10-20", None, None),
                       ("city", "dost", 2025, "2025-10-29", None, None))
    status = dict(zip(board["agency_id"], board["status"]))
    assert (status["police"], status["finance"], status["education_training"]) == ("on_time", "late", "missing")
    assert board["status"].iloc[-1] == "on_time" and board["is_city_report"].iloc[-1]
    counts = count_reports_by_status(board)
    assert counts == {"on_time": 2, "late": 1, "missing": 10, "not_due": 0}
    assert sum(counts.values()) == len(board) == 13


def test_a_receipt_filed_under_the_districts_counts_for_the_communes_after_july_2025():
    board = board_2025(("agency", "district_people_committees", 2025, "2025-10-01", None, None))
    assert dict(zip(board["agency_id"], board["status"]))["commune_people_committees"] == "on_time"


def test_the_board_table_reads_not_recorded_as_received_rather_than_not_sent():
    board = board_2025(("agency", "finance", 2025, "2025-10-20", "5/BC-STC", None))
    table = build_board_table(board, "vi").set_index("Báo cáo")
    finance = table.loc["Sở Tài chính"]
    assert (finance["Ngày nhận"], finance["Tình trạng"], finance["Số ngày sau hạn"]) == ("20/10/2025", "▲ trễ hạn", 5)
    police = table.loc["Công an thành phố Cần Thơ"]
    assert police["Tình trạng"] == "▼ chưa có ngày nhận (đã quá hạn)" and police["Ngày nhận"] == ""
    assert police["Số ngày sau hạn"] == (TODAY - dt.date(2025, 10, 15)).days
    assert not any("chưa gửi" in status for status in table["Tình trạng"])


def test_an_on_time_report_has_no_days_past_the_deadline():
    table = build_board_table(board_2025(("agency", "police", 2025, "2025-10-01", None, None)), "en")
    police = table[table["Report"] == "Công an thành phố Cần Thơ"].iloc[0]
    assert police["Status"] == "● on time" and pd.isna(police["Days past the deadline"])


def test_late_and_unrecorded_rows_are_tinted_and_on_time_rows_are_not():
    board = board_2025(("agency", "culture_sports_tourism", 2025, "2025-10-01", None, None),
                       ("agency", "agriculture_environment", 2025, "2025-10-16", None, None))
    html = style_board_table(build_board_table(board, "vi"), board).to_html()
    tinted = {colour: {int(row) for row in re.findall(r"row(\d+)_col0", rule)}
              for rule, colour in re.findall(r"([^{}]*)\{\s*background-color: (#\w+);\s*\}", html)}
    assert tinted["#fff1dc"] == {1}  # late
    assert 0 not in tinted["#fde2e2"] and 2 in tinted["#fde2e2"]  # on time, not recorded


def test_the_reminder_list_has_the_unrecorded_reports_in_honest_words():
    board = board_2025(("agency", "police", 2025, "2025-10-01", None, None))
    reminders = build_reminder_list(board, "en")
    assert list(reminders.columns) == ["Agency", "Deadline", "Status", "Days overdue"]
    assert len(reminders) == 12 and "Công an thành phố Cần Thơ" not in set(reminders["Agency"])
    assert set(reminders["Status"]) == {"not recorded as received (past the deadline)"}


def test_a_year_not_yet_due_is_listed_as_not_yet_due():
    board = compute_reports_board(REGISTER, receipts(), 2026, dt.date(2026, 10, 1), "vi")
    assert set(build_reminder_list(board, "vi")["Tình trạng"]) == {"chưa đến hạn"}


def test_the_reminders_download_as_csv_with_a_byte_order_mark_and_as_a_workbook():
    board = board_2025()
    reminders = build_reminder_list(board, "vi")
    reminders.loc[0, "Cơ quan"] = "=HYPERLINK(\"x\")"  # what a spreadsheet would run
    csv = CSV.write(build_reminder_sheets(reminders, "Nhắc báo cáo 2025"))
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert list(back.columns) == list(reminders.columns) and len(back) == len(reminders)
    assert back.iloc[0]["Cơ quan"].startswith("'=")
    book = load_workbook(io.BytesIO(XLSX.write(build_reminder_sheets(reminders, "Nhắc báo cáo 2025"))))
    sheet = book["Nhắc báo cáo 2025"]
    assert [cell.value for cell in sheet[1]] == list(reminders.columns)
    assert sheet.max_row == len(reminders) + 1 and sheet["C2"].value == "chưa có ngày nhận (đã quá hạn)"


def test_2022s_deadlines_fall_on_a_weekend_and_2025s_do_not():
    lines = deadline_lines(REGISTER, 2022, "vi")
    assert [weekend for _, weekend in lines] == [True, True]
    assert lines[0][0] == "Các cơ quan gửi Sở Khoa học và Công nghệ trước ngày 15/10/2022 (thứ Bảy)."
    assert lines[1][0].endswith("30/10/2022 (Chủ nhật).")
    assert [weekend for _, weekend in deadline_lines(REGISTER, 2025, "en")] == [False, False]
    assert deadline_lines(REGISTER, 2025, "en")[0][0].endswith("by 15 Oct 2025 (Wednesday).")


def test_the_form_offers_the_agencies_owing_that_years_report_and_the_compiler_for_the_city_report():
    assert receipt_agency_choices(REGISTER, 2025, "city") == ["dost"]
    before, after = receipt_agency_choices(REGISTER, 2024, "agency"), receipt_agency_choices(REGISTER, 2025, "agency")
    assert "district_people_committees" in before and "commune_people_committees" not in before
    assert "commune_people_committees" in after and "district_people_committees" not in after
    assert "dost" not in after  # it compiles the city report instead
