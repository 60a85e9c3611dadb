"""The Overview's tracker line: this year's tasks by status and the last due year's reports."""
import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.records import TASK_STATUSES
from ipmonitor.text import markdown_literal
from ipmonitor.tracker.summaries import (BlockedTask, TrackerSummary, compute_tracker_summary,
                                         describe_blocked_tasks, describe_tracker_summary)

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
    assert summary.task_counts == {"blocked": 0, "not_started": 0, "in_progress": 1, "done": 1, "overdue": 0,
                                   "not_recorded": 25}
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


def blocked_statuses(*rows):
    return pd.DataFrame(list(rows), columns=["task_id", "year", "status", "note", "evidence", "acting_agency_id"])


def test_blocked_tasks_lead_the_line_and_each_is_named_with_its_difficulty_and_who_must_act():
    summary = compute_tracker_summary(
        REGISTER,
        blocked_statuses(("1.a", 2026, "done", None, "Số 1", None),
                         ("5.a", 2026, "blocked", "Chưa có kinh phí *đối ứng*", None, "finance"),
                         ("2.b", 2026, "blocked", "Chờ hướng dẫn", None, "city_people_committee")),
        receipts(), TODAY)
    assert summary.blocked == (BlockedTask("2.b", "Chờ hướng dẫn", "city_people_committee"),
                               BlockedTask("5.a", "Chưa có kinh phí *đối ứng*", "finance"))
    assert describe_tracker_summary(summary, "vi").startswith("Nhiệm vụ năm 2026: 2 vướng mắc, 1 hoàn thành, ")
    assert describe_tracker_summary(summary, "en").startswith("Tasks 2026: 2 blocked, 1 done, ")
    assert describe_blocked_tasks(summary, REGISTER, "vi", escape=markdown_literal) == [
        "▣ Vướng mắc: 2.b (UBND thành phố phải xử lý): Chờ hướng dẫn",
        "▣ Vướng mắc: 5.a (Sở Tài chính phải xử lý): Chưa có kinh phí \\*đối ứng\\*"]
    assert describe_blocked_tasks(summary, REGISTER, "en")[1] == (
        "▣ Blocked: 5.a (DOF must act): Chưa có kinh phí *đối ứng*")


def test_the_overview_names_three_blocked_tasks_cuts_a_long_difficulty_and_counts_the_rest():
    blocked = tuple(BlockedTask(task_id, "x" * 500, "dost") for task_id in TASK_IDS[:5])
    summary = TrackerSummary(2026, {"blocked": 5}, 2025, {}, blocked)
    lines = describe_blocked_tasks(summary, REGISTER, "en")
    assert len(lines) == 4 and lines[-1] == "… and 2 more blocked tasks"
    assert all(line.endswith("x…") and len(line) < 200 for line in lines[:3])
