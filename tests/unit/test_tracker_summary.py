"""The Overview's tracker line: this year's tasks by status and the last due year's reports."""
import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.plan_register import load_plan_register
from ipmonitor.tracker import TASK_STATUSES
from ipmonitor.tracker_summary import TrackerSummary, compute_tracker_summary, describe_tracker_summary

REGISTER = load_plan_register()
TODAY = dt.date(2026, 12, 2)
TASK_IDS = list(REGISTER.tasks)


def statuses(*rows):
    return pd.DataFrame(list(rows), columns=["task_id", "year", "status", "note", "evidence"])


def receipts(*rows):
    frame = pd.DataFrame(list(rows), columns=["report", "agency_id", "year", "received_on", "reference", "note"])
    frame["received_on"] = pd.to_datetime(frame["received_on"])
    return frame


def test_the_line_reads_like_the_example_in_vietnamese_and_english():
    summary = TrackerSummary(2026, {"not_started": 0, "in_progress": 5, "done": 3, "overdue": 2, "not_recorded": 17},
                             2025, {"on_time": 4, "late": 2, "missing": 9, "not_due": 0})
    assert describe_tracker_summary(summary, "vi") == (
        "Nhiệm vụ năm 2026: 3 hoàn thành, 5 đang thực hiện, 2 chậm tiến độ, 17 chưa cập nhật · "
        "Báo cáo năm 2025: 4/15 đúng hạn, 2 trễ hạn, 9 chưa ghi nhận")
    assert describe_tracker_summary(summary, "en") == (
        "Tasks 2026: 3 done, 5 in progress, 2 overdue, 17 not recorded · "
        "Reports 2025: 4/15 on time, 2 late, 9 not recorded")


def test_an_empty_tracker_says_every_task_is_not_recorded_and_no_report_is_recorded():
    summary = compute_tracker_summary(REGISTER, statuses(), receipts(), TODAY)
    assert (summary.task_year, summary.report_year) == (2026, 2026)
    assert describe_tracker_summary(summary, "vi") == (
        "Nhiệm vụ năm 2026: 27 chưa cập nhật · Báo cáo năm 2026: 0/13 đúng hạn, 13 chưa ghi nhận")


def test_only_this_years_statuses_and_the_report_years_receipts_count():
    summary = compute_tracker_summary(
        REGISTER,
        statuses(("1.a", 2026, "done", None, "Số 1"), ("2.b", 2026, "in_progress", None, None),
                 ("3.d.1", 2025, "overdue", None, None)),
        receipts(("agency", "police", 2026, "2026-10-14", None, None),
                 ("agency", "finance", 2026, "2026-10-17", None, None),
                 ("agency", "education_training", 2025, "2025-10-01", None, None)),
        TODAY)
    assert summary.task_counts == {"not_started": 0, "in_progress": 1, "done": 1, "overdue": 0, "not_recorded": 25}
    assert summary.report_counts == {"on_time": 1, "late": 1, "missing": 11, "not_due": 0}
    assert summary.reports_due == 13


def test_before_15_october_the_line_tells_last_years_reports():
    summary = compute_tracker_summary(REGISTER, statuses(), receipts(), dt.date(2026, 10, 15))
    assert (summary.task_year, summary.report_year) == (2026, 2025)


def test_a_date_after_the_plan_keeps_to_its_last_year():
    summary = compute_tracker_summary(REGISTER, statuses(), receipts(), dt.date(2031, 3, 1))
    assert (summary.task_year, summary.report_year) == (2030, 2030)


@given(st.dictionaries(st.sampled_from(TASK_IDS), st.sampled_from(TASK_STATUSES)))
def test_the_task_counts_always_add_up_to_every_task_of_the_year(recorded):
    rows = [(task_id, 2026, status, None, "Số 1") for task_id, status in recorded.items()]
    summary = compute_tracker_summary(REGISTER, statuses(*rows), receipts(), TODAY)
    assert sum(summary.task_counts.values()) == len(TASK_IDS)
    assert summary.task_counts["not_recorded"] == len(TASK_IDS) - len(recorded)
