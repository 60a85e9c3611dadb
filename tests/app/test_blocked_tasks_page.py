"""Blocked tasks (vướng mắc) through dashboard.py with AppTest on a real database: the Tasks page lists them
first, each with its difficulty and the agency that must act, in both languages; the Overview names them
under its tracker line; an analyst records one through the form, and a blocked status without its
difficulty or agency is refused field by field."""
from __future__ import annotations

import pytest

from etl.tracker_writes import TaskStatusChange, commit_tracker_review, prepare_task_changes
from ipmonitor.store import db
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.task_board import FIRST_YEAR, LAST_YEAR
from tests.app.conftest import open_page
from tests.app.test_tracker_pages import analyst, button_keys, click, go, sign_in, table_with, versions  # noqa: F401

REGISTER = load_plan_register()
DIFFICULTY = "Chưa có kinh phí đối ứng cho **dự án**"


def record(db_path, year: int) -> None:
    """One task done and one blocked in `year`, through the same checks and write as the form."""
    changes = [TaskStatusChange("1.a", year, "done", evidence="Báo cáo số 123/BC-SKHCN"),
               TaskStatusChange("5.a", year, "blocked", note=DIFFICULTY, acting_agency_id="finance")]
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, changes, REGISTER)
        assert review.ok, [p.describe("en") for p in review.problems]
        commit_tracker_review(con, review, loaded_by="lan", note=None)


@pytest.mark.parametrize("lang, status, difficulty, acting, agency, blocked_title", [
    ("vi", "Trạng thái", "Khó khăn, vướng mắc", "Cơ quan phải xử lý", "Sở Tài chính", "Nhiệm vụ vướng mắc năm 2025"),
    ("en", "Status", "Difficulty", "Must act", "DOF", "Blocked tasks in 2025"),
])
def test_the_tasks_page_shows_the_blocked_task_first_with_its_difficulty_and_the_agency_that_must_act(
        app, db_path, lang, status, difficulty, acting, agency, blocked_title):
    record(db_path, 2025)
    open_page(app, None, lang)
    go(app, "pages/tasks.py")
    assert blocked_title in [header.value for header in app.subheader]
    blocked = table_with(app, difficulty)
    assert blocked.values.tolist()[0][0] == "5.a" and len(blocked) == 1
    assert (blocked[difficulty].iloc[0], blocked[acting].iloc[0]) == (DIFFICULTY, agency)
    table = table_with(app, status)
    first = table.iloc[0]
    assert first.iloc[0] == "5.a" and first[status] == ("▣ vướng mắc" if lang == "vi" else "▣ blocked")
    assert (first[acting], table.iloc[1].iloc[0]) == (REGISTER.agencies["finance"].name(lang), "1.a")
    metrics = [(metric.label, metric.value) for metric in app.metric]
    assert metrics[0] == (("▣ vướng mắc" if lang == "vi" else "▣ blocked"), "1")


def test_a_year_without_blocked_tasks_has_no_blocked_list(app, db_path):
    record(db_path, 2025)
    open_page(app, None, "vi")
    go(app, "pages/tasks.py", year=2024)
    assert not [header.value for header in app.subheader if header.value.startswith("Nhiệm vụ vướng mắc")]


@pytest.mark.parametrize("lang, start, line", [
    ("vi", "Nhiệm vụ năm ", "▣ Vướng mắc: 5.a (Sở Tài chính phải xử lý): "),
    ("en", "Tasks ", "▣ Blocked: 5.a (DOF must act): "),
])
def test_the_overview_line_counts_blocked_first_and_names_the_blocked_task(app, db_path, lang, start, line):
    record(db_path, min(max(vietnam_today().year, FIRST_YEAR), LAST_YEAR))  # the Overview's year
    open_page(app, None, lang)
    captions = [caption.value for caption in app.caption]
    [summary] = [caption for caption in captions if caption.startswith(start)]
    assert summary.startswith(start) and (" 1 vướng mắc, 1 hoàn thành" in summary or " 1 blocked, 1 done" in summary)
    # The analyst's text is shown as typed: its Markdown signs are escaped, not bold.
    assert line + DIFFICULTY.replace("*", "\\*") in captions


def test_an_analyst_is_told_what_a_blocked_status_lacks_then_records_it_and_sees_it_first(app, analyst, db_path):  # noqa: F811
    sign_in(app, "en")
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_form_task").set_value("8.a.1")
    app.selectbox(key="tasks_form_status").set_value("blocked")
    click(app, "tasks_form_preview")
    problems = table_with(app, "Column")
    assert sorted(zip(problems["Row"], problems["Column"])) == [("1", "agency that must act"), ("1", "note")]
    assert "tasks_review_commit" not in button_keys(app)
    app.selectbox(key="tasks_form_acting_agency").set_value("city_people_committee")
    app.text_area(key="tasks_form_note").input("Waiting for the city's decision on funding")
    click(app, "tasks_form_preview")
    preview = table_with(app, "Field")
    assert list(preview["New value"]) == ["blocked", "Waiting for the city's decision on funding",
                                          "Can Tho City People's Committee"]
    click(app, "tasks_review_commit")
    assert versions(db_path, "task_status_version") == 1
    first = table_with(app, "Status").iloc[0]
    assert (first.iloc[0], first["Status"], first["Must act"]) == ("8.a.1", "▣ blocked",
                                                                   "Can Tho City People's Committee")
