"""The plan tracker's pages through dashboard.py with AppTest on a real database: Tasks and Yearly
reports in both languages, their forms for a signed-in analyst only (preview, then write), the
tracker batches on History, and the tracker line on the Overview.

Pages are opened on 2025 (?year=2025), whose 15 October deadline has passed whatever day the tests
run, so that the statuses asserted here do not move with the calendar."""
from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from ipmonitor.store import db
from tests.app.conftest import open_page

PASSWORD = "mat-khau-dai-du"
POLICE = "Công an thành phố Cần Thơ"


@pytest.fixture
def analyst(db_path, template_with_accounts):
    """The analyst "lan" in the test's copy of the database (before the app opens it)."""
    shutil.copy(template_with_accounts(("lan", "analyst", PASSWORD, "test")), db_path)


def sign_in(app, lang: str = "vi"):
    open_page(app, "pages/sign_in.py", lang)
    app.text_input(key="sign_in_name").input("lan")
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button(key="FormSubmitter:sign_in_form-" + ("Đăng nhập" if lang == "vi" else "Sign in")).click().run()
    assert not app.exception, app.exception
    return app


def go(app, page: str, year: int = 2025):
    app.query_params["year"] = str(year)
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def click(app, key: str):
    app.button(key=key).click().run()
    assert not app.exception, app.exception
    return app


def table_with(app, column: str):
    """The first table on the page that has `column` (a Styler's data for a styled one)."""
    for frame in app.dataframe:
        value = frame.value
        data = getattr(value, "data", value)
        if column in data.columns:
            return data
    raise AssertionError(f"no table with a column {column!r}: {[list(f.value.columns) for f in app.dataframe]}")


def versions(db_path, table: str) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def button_keys(app) -> set[str]:
    return {button.key for button in app.button}


@pytest.mark.parametrize("lang, page, title, column", [
    ("vi", "pages/tasks.py", "Nhiệm vụ", "Trạng thái"),
    ("en", "pages/tasks.py", "Tasks", "Status"),
    ("vi", "pages/yearly_reports.py", "Báo cáo định kỳ", "Tình trạng"),
    ("en", "pages/yearly_reports.py", "Yearly reports", "Status"),
])
def test_both_pages_open_in_both_languages_with_their_tables_and_no_form_for_a_viewer(app, lang, page, title, column):
    open_page(app, None, lang, year="2025")
    go(app, page)
    assert [heading.value for heading in app.title] == [title]
    assert len(table_with(app, column)) >= 13
    assert not {"tasks_form_preview", "reports_form_preview"} & button_keys(app)
    assert not [key for key in ("tasks_form_task", "reports_form_agency") if key in app.session_state]


def test_the_tasks_page_counts_every_task_as_not_recorded_before_anyone_records_one(app):
    open_page(app, None, "vi")
    go(app, "pages/tasks.py")
    assert [(metric.label, metric.value) for metric in app.metric][-1] == ("□ chưa cập nhật", "27")
    table = table_with(app, "Trạng thái")
    assert set(table["Trạng thái"]) == {"□ chưa cập nhật"}
    # the market surveillance department ended in 2025: its task shows under its successor
    assert table.set_index("Mã").loc["3.b.1", "Chủ trì"].endswith("(nay: Sở Công Thương)")


def test_the_agency_filter_keeps_the_tasks_an_agency_leads_or_co_ordinates(app):
    open_page(app, None, "en")
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_agency").set_value("police").run()
    ids = set(table_with(app, "Status")["Id"])
    assert {"3.d.1", "3.d.2", "3.b.1"} <= ids and "1.a" not in ids


def test_an_analyst_records_a_status_previews_writes_and_sees_it_in_the_table_and_on_history(app, analyst, db_path):
    sign_in(app)
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_form_task").set_value("4.a")
    app.selectbox(key="tasks_form_status").set_value("in_progress")
    app.text_area(key="tasks_form_note").input("Đã khai trương cổng thông tin")
    click(app, "tasks_form_preview")
    preview = table_with(app, "Nội dung")
    assert list(preview["Thay đổi"]) == ["Thêm mới", "Thêm mới"]
    assert list(preview["Giá trị mới"]) == ["đang thực hiện", "Đã khai trương cổng thông tin"]
    assert versions(db_path, "task_status_version") == 0  # nothing written before the commit

    click(app, "tasks_review_commit")
    assert app.success[0].value.startswith("Đã ghi lô số ")
    batch = app.success[0].value.removeprefix("Đã ghi lô số ").rstrip(".")
    assert versions(db_path, "task_status_version") == 1
    row = table_with(app, "Trạng thái").set_index("Mã").loc["4.a"]
    assert (row["Trạng thái"], row["Ghi chú"]) == ("◆ đang thực hiện", "Đã khai trương cổng thông tin")
    assert dict((m.label, m.value) for m in app.metric)["◆ đang thực hiện"] == "1"
    app.selectbox(key="tasks_history_task").set_value("4.a").run()
    assert list(table_with(app, "Người thực hiện")["Lô"]) == [batch]

    app.switch_page("pages/history.py").run()
    assert not app.exception, app.exception
    newest = app.dataframe[0].value.iloc[0]
    assert (newest["Lô"], newest["Loại dữ liệu"], newest["Người thực hiện"]) == (batch, "Tiến độ nhiệm vụ", "lan")
    changes = table_with(app, "Nội dung")
    assert list(changes["Giá trị mới"]) == ["đang thực hiện", "Đã khai trương cổng thông tin"]
    assert "2 thay đổi trong lô này." in [caption.value for caption in app.caption]


def test_done_without_evidence_lists_its_problem_with_the_field_and_writes_nothing(app, analyst, db_path):
    sign_in(app, "en")
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_form_status").set_value("done")
    click(app, "tasks_form_preview")
    assert app.error[0].value == "Nothing written: 1 problem(s). Correct them below and preview again."
    problems = table_with(app, "Column")
    assert (problems["Row"].iloc[0], problems["Column"].iloc[0]) == ("1", "evidence")
    assert "must carry its evidence" in problems["Message"].iloc[0]
    assert "tasks_review_commit" not in button_keys(app)
    assert versions(db_path, "task_status_version") == 0


def test_a_tracker_batch_is_reverted_from_history_and_the_task_reads_not_recorded_again(app, analyst, db_path):
    sign_in(app)
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_form_task").set_value("4.a")
    click(app, "tasks_form_preview")
    click(app, "tasks_review_commit")
    app.switch_page("pages/history.py").run()
    app.checkbox(key="history_revert_sure").check().run()
    click(app, "history_revert")
    assert app.success[0].value.startswith("Đã hoàn tác lô số ")
    assert "1 mục được rút" in app.success[0].value
    go(app, "pages/tasks.py")
    assert table_with(app, "Trạng thái").set_index("Mã").loc["4.a", "Trạng thái"] == "□ chưa cập nhật"


def test_a_commit_after_someone_else_wrote_the_same_task_is_refused_with_a_fresh_preview(app, analyst, db_path):
    from etl.tracker_writes import TaskStatusChange, commit_tracker_review, prepare_task_changes
    from ipmonitor.register.plan_register import load_plan_register

    sign_in(app)
    go(app, "pages/tasks.py")
    app.selectbox(key="tasks_form_task").set_value("4.a")
    click(app, "tasks_form_preview")
    with db.open_database(db_path) as con:  # another analyst, at the same moment
        review = prepare_task_changes(con, [TaskStatusChange("4.a", 2025, "overdue")], load_plan_register())
        commit_tracker_review(con, review, loaded_by="hoa", note=None)
    click(app, "tasks_review_commit")
    assert app.warning[-1].value.startswith("Có người vừa cập nhật phần theo dõi kế hoạch trước bạn")
    preview = table_with(app, "Nội dung")
    assert list(preview["Giá trị cũ"]) == ["chậm tiến độ"] and list(preview["Giá trị mới"]) == ["chưa bắt đầu"]
    assert versions(db_path, "task_status_version") == 1


def test_marking_a_report_received_turns_its_row_from_not_recorded_to_on_time(app, analyst, db_path):
    sign_in(app)
    go(app, "pages/yearly_reports.py")
    police = table_with(app, "Tình trạng").set_index("Báo cáo").loc[POLICE]
    assert (police["Tình trạng"], police["Ngày nhận"]) == ("▼ chưa có ngày nhận (đã quá hạn)", "")
    app.selectbox(key="reports_form_agency").set_value("police")
    app.date_input(key="reports_form_received_on").set_value(dt.date(2025, 10, 14))
    app.text_input(key="reports_form_reference").input("215/BC-CAT")
    click(app, "reports_form_preview")
    assert list(table_with(app, "Nội dung")["Giá trị mới"]) == ["14/10/2025", "215/BC-CAT"]
    assert versions(db_path, "report_receipt_version") == 0
    click(app, "reports_review_commit")
    assert app.success[0].value.startswith("Đã ghi lô số ")
    police = table_with(app, "Tình trạng").set_index("Báo cáo").loc[POLICE]
    assert (police["Tình trạng"], police["Ngày nhận"], police["Số văn bản"]) == ("● đúng hạn", "14/10/2025",
                                                                                 "215/BC-CAT")
    assert dict((m.label, m.value) for m in app.metric)["● đúng hạn"] == "1"
    assert POLICE not in set(table_with(app, "Số ngày quá hạn")["Cơ quan"])  # off the reminder list


def test_a_city_report_received_late_reads_late_in_english(app, analyst):
    sign_in(app, "en")
    go(app, "pages/yearly_reports.py")
    app.radio(key="reports_form_report").set_value("city").run()
    assert app.selectbox(key="reports_form_agency").options == ["Department of Science and Technology"]
    app.date_input(key="reports_form_received_on").set_value(dt.date(2025, 11, 3))
    click(app, "reports_form_preview")
    click(app, "reports_review_commit")
    city = table_with(app, "Status").iloc[-1]
    assert (city["Status"], city["Days past the deadline"]) == ("▲ late", 4)


def test_the_2022_deadlines_carry_the_weekend_note(app):
    open_page(app, None, "vi")
    go(app, "pages/yearly_reports.py", year=2022)
    notes = [warning.value for warning in app.warning if "thứ Bảy hoặc Chủ nhật" in warning.value]
    assert len(notes) == 2 and notes[0].startswith("Các cơ quan gửi Sở Khoa học và Công nghệ trước ngày 15/10/2022 "
                                                   "(thứ Bảy).")


def test_the_reminders_download_as_csv_and_excel(app):
    open_page(app, None, "en")
    go(app, "pages/yearly_reports.py")
    downloads = {element.proto.label for element in app.get("download_button")}
    assert downloads == {"Download the list (CSV)", "Download the list (Excel)"}


@pytest.mark.parametrize("lang, start", [("vi", "Nhiệm vụ năm "), ("en", "Tasks ")])
def test_the_overview_carries_the_tracker_line_with_links_to_both_pages(app, lang, start):
    open_page(app, None, lang)
    lines = [caption.value for caption in app.caption if caption.value.startswith(start)]
    assert len(lines) == 1 and (" 27 chưa cập nhật · " in lines[0] or " 27 not recorded · " in lines[0])
    links = {(element.proto.page, element.proto.label) for element in app.get("page_link")}
    assert {("nhiem-vu", "Nhiệm vụ" if lang == "vi" else "Tasks"),
            ("bao-cao-dinh-ky", "Báo cáo định kỳ" if lang == "vi" else "Yearly reports")} <= links
