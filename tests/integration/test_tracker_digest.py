"""The plan tracker in the deck and the PDF: recorded through the same path as the pages (etl.tracker_writes),
read back from a real DuckDB file, and found again in the PowerPoint tables and the PDF's text."""
from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from pptx import Presentation

from etl.tracker_writes import (ReportReceiptChange, TaskStatusChange, commit_tracker_review,
                         prepare_receipt_changes, prepare_task_changes)
from ipmonitor.store import db
from ipmonitor.documents.deck import build_deck
from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.tracker.summaries import (build_board_rows, build_task_area_rows, describe_digest,
                                         list_blocked_tasks, list_tasks_behind)

REGISTER = load_plan_register()
TODAY = dt.date(2026, 1, 10)


def record(con, tasks=(), receipts=()) -> None:
    for prepare, changes in ((lambda c: prepare_task_changes(con, c, REGISTER), tasks),
                             (lambda c: prepare_receipt_changes(con, c, REGISTER, today=TODAY), receipts)):
        if changes:
            review = prepare(list(changes))
            assert review.ok, [p.describe("en") for p in review.problems]
            commit_tracker_review(con, review, loaded_by="lan", note=None)


@pytest.fixture
def annual_2025(db_path):
    """The 2025 annual edition of a database where analysts recorded two tasks and two reports."""
    with db.open_database(db_path) as con:
        record(con,
               tasks=[TaskStatusChange("3.d.1", 2025, "overdue", note="Chưa có kế hoạch kiểm tra"),
                      TaskStatusChange("1.a", 2025, "done", evidence="Báo cáo số 123/BC-SKHCN")],
               receipts=[ReportReceiptChange("agency", "police", 2025, dt.date(2025, 10, 20), reference="88/BC-CA"),
                         ReportReceiptChange("agency", "finance", 2025, dt.date(2025, 10, 14))])
        return load_report_data(con, "annual", 2025, today=TODAY)


def test_the_digest_counts_the_recorded_statuses_by_area_and_leaves_the_rest_not_recorded(annual_2025):
    headers, rows = build_task_area_rows(annual_2025.tracker, "en")
    assert headers == ["Area", "Blocked", "Not started", "In progress", "Done", "Overdue", "Not recorded", "Total"]
    total = rows[-1]
    assert total[0] == "All areas" and total[1:] == ["0", "0", "0", "1", "1",
                                                     str(len(annual_2025.tracker.task_rows) - 2),
                                                     str(len(annual_2025.tracker.task_rows))]
    area_3 = next(row for row in rows if row[0].startswith("3. "))
    assert area_3[5] == "1"
    assert list_tasks_behind(annual_2025.tracker, "vi") == [
        f"3.d.1 – {REGISTER.tasks['3.d.1'].title('vi')} (chủ trì: {REGISTER.agencies['police'].name('vi', short=True)})"]


def test_the_board_rows_give_each_report_its_status_and_days_after_the_deadline(annual_2025):
    headers, rows, statuses = build_board_rows(annual_2025.tracker, "vi")
    by_agency = {row[0]: (row, status) for row, status in zip(rows, statuses)}
    police, status = by_agency[REGISTER.agencies["police"].name("vi")]
    assert police[1:] == ["15/10/2025", "20/10/2025", "▲ trễ hạn", "5"] and status == "late"
    assert by_agency[REGISTER.agencies["finance"].name("vi")][1] == "on_time"
    assert statuses.count("missing") == len(rows) - 2  # the city report is due 30/10 and missing too
    assert describe_digest(annual_2025.tracker, "en") == (
        "Tasks 2025: 1 done, 1 overdue, 25 not recorded · Reports 2025: 1/13 on time, 1 late, 11 not recorded")


def test_the_deck_has_a_slide_of_tasks_and_a_slide_of_the_reports_board(annual_2025):
    deck = Presentation(io.BytesIO(build_deck(annual_2025, "vi")))
    slides = {slide.shapes.title.text: slide for slide in deck.slides}
    tasks = slides["Nhiệm vụ của Kế hoạch 151 năm 2025, theo lĩnh vực và trạng thái"]
    table = next(shape for shape in tasks.shapes if shape.has_table).table
    assert [cell.text for cell in table.rows[len(table.rows) - 1].cells][4:6] == ["1", "1"]
    assert "3.d.1" in " ".join(shape.text_frame.text for shape in tasks.shapes if shape.has_text_frame)
    assert "IP Monitor" in tasks.notes_slide.notes_text_frame.text
    board = next(shape for shape in slides["Báo cáo định kỳ năm 2025"].shapes if shape.has_table).table
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in board.rows}
    assert rows[REGISTER.agencies["police"].name("vi")][2:] == ["20/10/2025", "▲ trễ hạn", "5"]
    assert len(board.rows) == 1 + len(REGISTER.reporting_agencies(2025)) + 1  # header, agencies, city report


def test_the_pdf_has_the_tracker_page_with_its_counts_board_and_source(annual_2025, tmp_path):
    path = tmp_path / "annual.pdf"
    path.write_bytes(build_report_pdf(annual_2025, "en", charts=[None] * len(annual_2025.sections)))
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for part in ("Tasks and yearly reports, 2025", "Tasks 2025: 1 done, 1 overdue, 25 not recorded",
                 "Tasks behind schedule", "3.d.1", "Yearly reports for 2025", "20 Oct 2025", "late 5",
                 "not recorded as received", "Page 1 of"):
        assert part in text, part


def test_an_edition_before_the_plan_has_no_tracker_pages(db_path):
    with db.open_database(db_path) as con:
        data = load_report_data(con, "annual", 2019, today=TODAY)
    deck = Presentation(io.BytesIO(build_deck(data, "vi")))
    assert not any(slide.shapes.title.text.startswith(("Nhiệm vụ của Kế hoạch", "Báo cáo định kỳ"))
                   for slide in deck.slides)


@pytest.fixture
def blocked_2025(db_path):
    """The 2025 annual edition where one task is done and two are blocked, one of them for the city
    People's Committee to act on."""
    with db.open_database(db_path) as con:
        record(con, tasks=[
            TaskStatusChange("1.a", 2025, "done", evidence="Báo cáo số 123/BC-SKHCN"),
            TaskStatusChange("5.a", 2025, "blocked", note="Chưa có kinh phí đối ứng", acting_agency_id="finance"),
            TaskStatusChange("2.b", 2025, "vướng mắc", note="Chờ Trung ương hướng dẫn",
                             acting_agency_id="city_people_committee")])
        return load_report_data(con, "annual", 2025, today=TODAY)


def test_the_digest_lists_the_blocked_tasks_in_the_tasks_pages_order_with_difficulty_and_who_must_act(blocked_2025):
    assert list_blocked_tasks(blocked_2025.tracker, "en") == [
        f"2.b – {REGISTER.tasks['2.b'].title('en')}: Chờ Trung ương hướng dẫn (must act: City PC)",
        f"5.a – {REGISTER.tasks['5.a'].title('en')}: Chưa có kinh phí đối ứng (must act: DOF)"]
    assert describe_digest(blocked_2025.tracker, "vi").startswith("Nhiệm vụ năm 2025: 2 vướng mắc, 1 hoàn thành")


@pytest.mark.parametrize("lang, title, agency", [
    ("vi", "Nhiệm vụ vướng mắc năm 2025, cần xử lý", "cơ quan phải xử lý: UBND thành phố"),
    ("en", "Blocked tasks in 2025: action needed", "must act: City PC"),
])
def test_the_deck_shows_the_blocked_tasks_first_on_a_slide_before_the_other_task_slides(blocked_2025, lang, title,
                                                                                        agency):
    deck = Presentation(io.BytesIO(build_deck(blocked_2025, lang)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    tasks_title = next(text for text in titles if text.startswith(("Nhiệm vụ của Kế hoạch", "Plan 151's tasks")))
    assert titles.index(title) == titles.index(tasks_title) - 1
    slide = deck.slides[titles.index(title)]
    lines = [paragraph.text for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
             for paragraph in shape.text_frame.paragraphs]
    assert [line[:6] for line in lines] == ["▣ 2.b ", "▣ 5.a "]
    assert agency in lines[0] and "Chờ Trung ương hướng dẫn" in lines[0] and "Chưa có kinh phí đối ứng" in lines[1]
    assert "Chưa có kinh phí đối ứng" in slide.notes_slide.notes_text_frame.text


def test_a_deck_without_blocked_tasks_has_no_blocked_slide(annual_2025):
    deck = Presentation(io.BytesIO(build_deck(annual_2025, "vi")))
    assert not any(slide.shapes.title.text.startswith("Nhiệm vụ vướng mắc") for slide in deck.slides)


def test_the_pdf_lists_the_blocked_tasks_before_the_tasks_by_area(blocked_2025, tmp_path):
    path = tmp_path / "annual.pdf"
    path.write_bytes(build_report_pdf(blocked_2025, "vi", charts=[None] * len(blocked_2025.sections)))
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    blocked = text.index("Nhiệm vụ vướng mắc năm 2025, cần xử lý")
    assert blocked < text.index("2.b –") < text.index("Chờ Trung ương hướng dẫn") < text.index("5.a –") \
        < text.index("Nhiệm vụ của Kế hoạch 151 năm 2025, theo lĩnh vực")
    assert "cơ quan phải xử lý: Sở Tài chính" in text
