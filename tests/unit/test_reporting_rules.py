"""The yearly reporting rules: on or before the deadline is on time, weekends are flagged and not moved."""
import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.receipt_board import build_reminder_list
from ipmonitor.tracker.reporting_rules import (BOARD_COLUMNS, REPORT_STATUSES, build_reports_board,
                                               check_report)

DEADLINE = dt.date(2025, 10, 15)


def _receipts(*rows):
    return pd.DataFrame(list(rows), columns=["agency_id", "year", "received_on", "reference", "note"])


def _city_reports(*rows):
    return pd.DataFrame(list(rows), columns=["year", "sent_on", "reference", "note"])


def test_a_report_received_on_the_deadline_day_is_on_time():
    check = check_report(DEADLINE, DEADLINE, today=dt.date(2025, 11, 1))
    assert (check.status, check.days_late) == ("on_time", 0)


def test_a_report_received_the_day_after_is_one_day_late():
    check = check_report(DEADLINE, dt.date(2025, 10, 16), today=dt.date(2025, 11, 1))
    assert (check.status, check.days_late) == ("late", 1)


def test_no_report_after_the_deadline_is_missing_and_counts_the_days_outstanding():
    check = check_report(DEADLINE, None, today=dt.date(2025, 10, 20))
    assert (check.status, check.days_late) == ("missing", 5)


def test_no_report_on_or_before_the_deadline_is_not_yet_due():
    assert check_report(DEADLINE, None, today=DEADLINE).status == "not_due"
    assert check_report(DEADLINE, None, today=dt.date(2025, 9, 1)).days_late is None


def test_2022s_deadlines_fell_on_a_weekend_and_were_not_moved_to_monday():
    agency_deadline, city_deadline = dt.date(2022, 10, 15), dt.date(2022, 10, 30)
    assert (agency_deadline.weekday(), city_deadline.weekday()) == (5, 6)  # Saturday, Sunday
    register = load_plan_register()
    assert register.agency_deadline.on(2022) == agency_deadline
    assert register.city_deadline.on(2022) == city_deadline
    monday = dt.date(2022, 10, 17)
    check = check_report(agency_deadline, monday, today=dt.date(2022, 11, 1))
    assert check.deadline_on_weekend and check.deadline_weekday == 5
    assert (check.status, check.days_late) == ("late", 2)
    assert check_report(city_deadline, None, today=dt.date(2022, 10, 31)).deadline_on_weekend


def test_a_receipt_date_may_come_as_a_timestamp_or_nat():
    assert check_report(DEADLINE, pd.Timestamp("2025-10-15"), today=DEADLINE).status == "on_time"
    assert check_report(DEADLINE, pd.NaT, today=dt.date(2025, 10, 16)).status == "missing"


@given(deadline=st.dates(dt.date(2021, 1, 1), dt.date(2030, 12, 31)),
       received=st.one_of(st.none(), st.dates(dt.date(2021, 1, 1), dt.date(2031, 12, 31))),
       today=st.dates(dt.date(2021, 1, 1), dt.date(2031, 12, 31)))
def test_every_report_gets_one_of_the_four_statuses_and_consistent_days(deadline, received, today):
    check = check_report(deadline, received, today)
    assert check.status in REPORT_STATUSES
    assert check.deadline_on_weekend == (deadline.weekday() >= 5)
    if check.status == "not_due":
        assert check.days_late is None and received is None
    else:
        assert check.days_late is not None and check.days_late >= 0
        assert (check.days_late == 0) == (check.status == "on_time")


def _board_2025(today=dt.date(2025, 10, 20), lang="vi"):
    receipts = _receipts(
        ("district_people_committees", 2025, dt.date(2025, 10, 10), "123/BC-UBND", "gửi trước sắp xếp"),
        ("police", 2025, pd.Timestamp("2025-10-17"), "45/BC-CATP", None),
        ("finance", 2025, pd.NaT, None, "đã hứa gửi"),
        ("education_training", 2024, dt.date(2024, 10, 1), "old", None),  # another year: ignored
    )
    city = _city_reports((2024, dt.date(2024, 10, 29), "1/BC-SKHCN", None))
    return build_reports_board(load_plan_register(), receipts, city, 2025, today, lang)


def test_the_2025_board_lists_the_communes_not_the_districts_and_ends_with_the_city_report():
    board = _board_2025()
    assert list(board.columns) == list(BOARD_COLUMNS)
    assert "commune_people_committees" in set(board["agency_id"])
    assert "district_people_committees" not in set(board["agency_id"])
    assert board["is_city_report"].sum() == 1 and board.iloc[-1]["is_city_report"]
    assert board.iloc[-1]["agency_id"] == "dost" and board.iloc[-1]["deadline"] == dt.date(2025, 10, 30)
    assert board.iloc[-1]["status"] == "not_due"
    assert list(board["order"]) == list(range(len(board)))


def test_a_receipt_filed_under_the_district_level_counts_for_the_communes():
    row = _board_2025().set_index("agency_id").loc["commune_people_committees"]
    assert (row["status"], row["received_on"]) == ("on_time", dt.date(2025, 10, 10))
    assert row["reference"] == "123/BC-UBND"


def test_the_board_judges_each_agency_and_keeps_notes_of_unreceived_reports():
    board = _board_2025().set_index("agency_id")
    assert (board.loc["police", "status"], board.loc["police", "days_late"]) == ("late", 2)
    assert (board.loc["finance", "status"], board.loc["finance", "note"]) == ("missing", "đã hứa gửi")
    assert board.loc["education_training", "status"] == "missing"  # its 2024 receipt does not count for 2025
    assert set(board["status"]) <= set(REPORT_STATUSES)
    assert board.loc["commune_people_committees", "agency"] == "Ủy ban nhân dân xã, phường"


def test_the_reminder_list_has_only_unsent_reports_with_vietnamese_headers():
    board = _board_2025()
    reminders = build_reminder_list(board, "vi")
    assert list(reminders.columns) == ["Cơ quan", "Hạn gửi", "Tình trạng", "Số ngày quá hạn"]
    assert len(reminders) == board["status"].isin(["missing", "not_due"]).sum()
    assert set(reminders["Tình trạng"]) == {"chưa có ngày nhận (đã quá hạn)", "chưa đến hạn"}
    assert "Công an thành phố Cần Thơ" not in set(reminders["Cơ quan"])  # received, late: nobody to remind
    finance = reminders[reminders["Cơ quan"] == "Sở Tài chính"].iloc[0]
    assert (finance["Hạn gửi"], finance["Số ngày quá hạn"]) == ("15/10/2025", 5)
    city = reminders.iloc[-1]
    assert city["Tình trạng"] == "chưa đến hạn" and pd.isna(city["Số ngày quá hạn"])


def test_the_reminder_list_speaks_english_to_english_readers():
    reminders = build_reminder_list(_board_2025(lang="en"), "en")
    assert list(reminders.columns) == ["Agency", "Deadline", "Status", "Days overdue"]
    assert reminders.iloc[0]["Deadline"] == "15 Oct 2025"
    assert set(reminders["Status"]) == {"not recorded as received (past the deadline)", "not yet due"}


def test_a_board_for_a_year_the_plan_does_not_ask_about_is_refused():
    with pytest.raises(ValueError, match="2020"):
        build_reports_board(load_plan_register(), _receipts(), _city_reports(), 2020, dt.date(2021, 1, 1),
                            "vi")

