"""etl/tracker_writes.py and ipmonitor/tracker/records.py on real DuckDB files: task statuses and report receipts go
through preview, one batch with its backup and audit event, history and revert, like the figures.

The rules are built by hand here, so that these tests do not move when the shipped plan register does;
one test at the end reads the shipped register through the wrapper.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl.backup import (BACKUP_DIR_ENV_VAR, BACKUP_KEEP_ENV_VAR, backup_database, list_backups,
                        restore_database)
from etl.load import revert_batch
from etl.batches import StalePreview, WrongSubject
from etl.tracker_writes import (ReportReceiptChange, TaskStatusChange, commit_tracker_review,
                         prepare_receipt_changes, prepare_task_changes, revert_tracker_batch)
from ipmonitor.store import db
from ipmonitor.changes.change_tables import build_tracker_change_table, build_tracker_problem_table
from ipmonitor.store.audit import load_audit_log
from ipmonitor.store.queries import load_batch_changes, load_batch_history
from ipmonitor.tracker.records import (TrackerRules, load_batch_subject, load_report_receipts,
                                       load_task_statuses, load_tracker_batch_changes)

TODAY = dt.date(2026, 3, 2)
LIVES = {  # agency id: (first day, last day)
    "dost": (None, None),
    "industry_trade": (None, None),
    "districts": (None, dt.date(2025, 6, 30)),
    "communes": (dt.date(2025, 7, 1), None),
}
NAMES = {
    "dost": {"vi": "Sở Khoa học và Công nghệ", "en": "Department of Science and Technology"},
    "industry_trade": {"vi": "Sở Công Thương", "en": "Department of Industry and Trade"},
    "districts": {"vi": "UBND các quận, huyện", "en": "District People's Committees"},
    "communes": {"vi": "UBND các xã, phường", "en": "Commune and ward People's Committees"},
}


def active_on(agency_id: str, day: dt.date) -> bool:
    first, last = LIVES[agency_id]
    return (first is None or first <= day) and (last is None or day <= last)


def successor_on(agency_id: str, day: dt.date) -> str | None:
    return "communes" if agency_id == "districts" and day > LIVES["districts"][1] else None


RULES = TrackerRules(
    task_periods={"3.b": (2021, 2030), "4.a": (2021, 2025), "8.a": (2021, 2030)},
    agency_ids=frozenset(LIVES), compiler="dost", first_report_year=2021, not_reporting=frozenset({"dost"}),
    deadlines={"agency": (10, 15), "city": (10, 30)},
    agency_active_on=active_on, successor_on=successor_on,
    task_titles={"3.b": {"vi": "Thanh tra, kiểm tra về sở hữu trí tuệ", "en": "IP inspections"}},
    agency_names=NAMES,
)
EVIDENCE = "Báo cáo số 123/BC-SKHCN"


@pytest.fixture(autouse=True)
def default_backup_settings(monkeypatch):
    """Backups beside each test's database, 30 kept, whatever the environment running the tests says."""
    monkeypatch.delenv(BACKUP_DIR_ENV_VAR, raising=False)
    monkeypatch.delenv(BACKUP_KEEP_ENV_VAR, raising=False)


def tasks(con: duckdb.DuckDBPyConnection, *changes: TaskStatusChange, who: str = "lan") -> int | None:
    review = prepare_task_changes(con, list(changes), RULES)
    assert review.ok, [p.describe("en") for p in review.problems]
    return commit_tracker_review(con, review, loaded_by=who, note=None)


def receipts(con: duckdb.DuckDBPyConnection, *changes: ReportReceiptChange) -> int | None:
    review = prepare_receipt_changes(con, list(changes), RULES, today=TODAY)
    assert review.ok, [p.describe("en") for p in review.problems]
    return commit_tracker_review(con, review, loaded_by="lan", note=None)


def statuses(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], str]:
    frame = load_task_statuses(con)
    return {(r.task_id, int(r.year)): r.status for r in frame.itertuples()}


def file_bytes(path: Path) -> dict[str, bytes]:
    """The database file and its write-ahead log, when there is one."""
    files = [path, path.with_name(path.name + ".wal")]
    return {p.name: p.read_bytes() for p in files if p.exists()}


def test_a_first_status_previews_as_added_and_commits_as_one_batch_with_its_audit_event_and_backup(db_path):
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, [TaskStatusChange("3.b", 2024, "in_progress", note="Đã lập đoàn")], RULES)
        assert review.ok and review.counts == {"added": 1, "changed": 0, "unchanged": 0}
        table = build_tracker_change_table(review, RULES, "vi")
        assert table.values.tolist() == [
            ["Thêm mới", "3.b – Thanh tra, kiểm tra về sở hữu trí tuệ", "2024", "trạng thái", "", "đang thực hiện"],
            ["Thêm mới", "3.b – Thanh tra, kiểm tra về sở hữu trí tuệ", "2024", "ghi chú", "", "Đã lập đoàn"]]
        batch = commit_tracker_review(con, review, loaded_by="lan", note="Báo cáo quý 4")
        history = load_batch_history(con)
        current = load_task_statuses(con)
        events = load_audit_log(con, action="task_status_update")
        subject = load_batch_subject(con, batch)
    assert batch == history["batch_id"].iloc[0] == 2  # the shipped figures are batch 1
    assert history.iloc[0][["kind", "loaded_by", "rows_added", "rows_changed", "note"]].tolist() == [
        "load", "lan", 1, 0, "Báo cáo quý 4"]
    assert subject == "task_status"
    assert current[["task_id", "year", "status", "note", "evidence", "batch_id", "loaded_by"]].values.tolist() == [
        ["3.b", 2024, "in_progress", "Đã lập đoàn", None, batch, "lan"]]
    assert len(events) == 1 and events["batch_id"].iloc[0] == batch and events["actor"].iloc[0] == "lan"
    assert json.loads(events["detail"].iloc[0]) == {
        "batch_id": batch, "subject": "task_status", "counts": {"added": 1, "changed": 0, "unchanged": 0},
        "note": "Báo cáo quý 4"}
    [backup] = list_backups(db_path)
    assert backup.label == f"before-batch-{batch}"


def test_a_second_update_previews_as_a_change_from_old_to_new_and_the_same_again_changes_nothing(db_path):
    with db.open_database(db_path) as con:
        tasks(con, TaskStatusChange("3.b", 2024, "in_progress"))
        done = TaskStatusChange("3.b", 2024, "done", evidence="https://skhcn.cantho.gov.vn/bao-cao-2024")
        review = prepare_task_changes(con, [done], RULES)
        assert review.counts == {"added": 0, "changed": 1, "unchanged": 0}
        assert build_tracker_change_table(review, RULES, "en").values.tolist() == [
            ["Changed", "3.b – IP inspections", "2024", "status", "in progress", "done"],
            ["Changed", "3.b – IP inspections", "2024", "evidence", "", "https://skhcn.cantho.gov.vn/bao-cao-2024"]]
        batch = commit_tracker_review(con, review, loaded_by="lan", note=None)
        changes = load_tracker_batch_changes(con, batch)
        again = prepare_task_changes(con, [done], RULES)
        assert again.counts == {"added": 0, "changed": 0, "unchanged": 1} and again.is_empty
        assert commit_tracker_review(con, again, loaded_by="lan", note=None) is None
        assert statuses(con) == {("3.b", 2024): "done"}
        assert load_batch_changes(con, batch).empty  # the figures' own history of a tracker batch: nothing
    assert changes[["change", "field", "old", "new"]].values.tolist() == [
        ["changed", "status", "in_progress", "done"],
        ["changed", "evidence", None, "https://skhcn.cantho.gov.vn/bao-cao-2024"]]


SIX_BAD_ROWS = [
    TaskStatusChange("3.z", 2035, "in_progress"),                       # unknown task, year past the plan
    TaskStatusChange("4.a", 2027, "finished"),                          # after the task's period, unknown status
    TaskStatusChange("3.b", 2024, "done"),                              # done without evidence
    TaskStatusChange("3.b", 2025, "in_progress", note="x" * 1001, evidence="ftp://files.example/report.pdf"),
    TaskStatusChange("8.a", 2026, "overdue", evidence="Công văn " + "số " * 70),  # reference too long
    TaskStatusChange("3.b", 2024, "not_started", note="=HYPERLINK(\"http://x\")"),  # same key as row 3, formula
]
EXPECTED = {
    "vi": [("1", "mã nhiệm vụ", "Kế hoạch không có nhiệm vụ mã «3.z»"),
           ("1", "năm", "Năm nằm ngoài thời gian của kế hoạch (2020–2030)."),
           ("2", "năm", "Năm nằm ngoài thời gian thực hiện nhiệm vụ (2021–2025)."),
           ("2", "trạng thái", "Trạng thái không hợp lệ"),
           ("3", "minh chứng", "Nhiệm vụ «hoàn thành» phải kèm minh chứng"),
           ("4", "ghi chú", "Nội dung «ghi chú» quá dài: tối đa 1000 ký tự."),
           ("4", "minh chứng", "Đường liên kết không hợp lệ"),
           ("5", "minh chứng", "Minh chứng phải là số hiệu văn bản ngắn (tối đa 200 ký tự"),
           ("6", "ghi chú", "Nội dung không được bắt đầu bằng «=»"),
           ("6", "mã nhiệm vụ", "Trùng nhiệm vụ và năm 2024 với dòng 3.")],
    "en": [("1", "task", "The plan has no task “3.z”"),
           ("1", "year", "Year outside the plan's span (2020–2030)."),
           ("2", "year", "Year outside the task's period (2021–2025)."),
           ("2", "status", "Unknown status"),
           ("3", "evidence", "A task marked “done” must carry its evidence"),
           ("4", "note", "The note is too long: at most 1000 characters."),
           ("4", "evidence", "Not a valid link"),
           ("5", "evidence", "Evidence must be a short document reference (at most 200 characters"),
           ("6", "note", "Text may not start with “=”"),
           ("6", "task", "Same task and year (2024) as row 3.")],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_invalid_field_of_a_six_row_submission_is_reported_at_once_and_nothing_is_written(db_path, lang):
    before = file_bytes(db_path)
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, SIX_BAD_ROWS, RULES)
        with pytest.raises(ValueError):
            commit_tracker_review(con, review, loaded_by="lan", note=None)
    table = build_tracker_problem_table(review.problems, lang)
    row, column, message = (table[c].tolist() for c in table.columns[[1, 2, 3]])
    found = sorted(zip(row, column, message), key=lambda r: (int(r[0]), r[1]))
    expected = sorted(EXPECTED[lang], key=lambda r: (int(r[0]), r[1]))
    assert [(r, c) for r, c, _ in found] == [(r, c) for r, c, _ in expected]
    for (_, _, text), (_, _, start) in zip(found, expected):
        assert text.startswith(start), (text, start)
    assert review.rows.empty and not review.ok
    assert file_bytes(db_path) == before  # byte for byte, the write-ahead log included
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 1
    assert not list_backups(db_path)


def test_a_problem_describes_itself_on_one_line_in_the_readers_language(db_path):
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, [TaskStatusChange("3.b", 2024, "done")], RULES)
    [problem] = review.problems
    assert problem.describe("vi") == ("Lỗi dòng 1, cột minh chứng: Nhiệm vụ «hoàn thành» phải kèm minh chứng: "
                                      "số hiệu văn bản hoặc đường liên kết http(s).")
    assert problem.describe("en").startswith("Error row 1, column evidence: A task marked “done”")


def test_a_commit_on_a_preview_that_someone_else_overtook_is_refused_and_audited(db_path):
    with db.open_database(db_path) as con:
        tasks(con, TaskStatusChange("3.b", 2024, "not_started"))
        mine = prepare_task_changes(con, [TaskStatusChange("3.b", 2024, "in_progress")], RULES)
        other_key = prepare_task_changes(con, [TaskStatusChange("8.a", 2024, "in_progress")], RULES)
        tasks(con, TaskStatusChange("3.b", 2024, "overdue"), who="minh")
        batches = len(load_batch_history(con))
        with pytest.raises(StalePreview):
            commit_tracker_review(con, mine, loaded_by="lan", note=None)
        assert len(load_batch_history(con)) == batches
        assert statuses(con) == {("3.b", 2024): "overdue"}
        refused = load_audit_log(con, action="commit_refused")
        assert json.loads(refused["detail"].iloc[0])["reason"] == "stale"
        # A preview of another key is not overtaken by that write.
        assert commit_tracker_review(con, other_key, loaded_by="lan", note=None) is not None


def test_a_revert_restores_the_previous_status_and_withdraws_a_first_entry(db_path):
    with db.open_database(db_path) as con:
        first = tasks(con, TaskStatusChange("3.b", 2024, "in_progress"), TaskStatusChange("4.a", 2024, "not_started"))
        second = tasks(con, TaskStatusChange("3.b", 2024, "done", evidence=EVIDENCE),
                       TaskStatusChange("3.b", 2025, "in_progress"))
        result = revert_tracker_batch(con, second, loaded_by="minh")
        assert statuses(con) == {("3.b", 2024): "in_progress", ("4.a", 2024): "not_started"}
        assert (result.restored, result.withdrawn, result.conflicts) == (1, 1, [])
        row = load_batch_history(con).iloc[0]
        assert row[["batch_id", "kind", "reverts_batch", "rows_changed", "rows_withdrawn", "loaded_by"]].tolist() == [
            result.batch_id, "revert", second, 1, 1, "minh"]
        assert load_batch_subject(con, result.batch_id) == "task_status"
        changes = load_tracker_batch_changes(con, result.batch_id)
        assert changes[["item", "year", "change", "field", "old", "new"]].values.tolist() == [
            ["3.b", 2024, "changed", "status", "done", "in_progress"],
            ["3.b", 2024, "changed", "evidence", EVIDENCE, None],
            ["3.b", 2025, "withdrawn", "status", "in_progress", None]]
        event = load_audit_log(con, action="revert").iloc[0]
        assert event["batch_id"] == result.batch_id and event["actor"] == "minh"
        assert json.loads(event["detail"])["subject"] == "task_status"
        assert json.loads(event["detail"])["reverts"] == second
        # Undoing the revert brings back the second batch's statuses, the withdrawn key included.
        revert_tracker_batch(con, result.batch_id, loaded_by="minh")
        assert statuses(con) == {("3.b", 2024): "done", ("3.b", 2025): "in_progress", ("4.a", 2024): "not_started"}
        # The first batch's 3.b/2024 was changed again later: kept, and listed; its 4.a/2024 is withdrawn.
        late = revert_tracker_batch(con, first, loaded_by="minh")
        assert late.conflicts == [("3.b", 2024)] and late.withdrawn == 1
        assert statuses(con) == {("3.b", 2024): "done", ("3.b", 2025): "in_progress"}


def test_each_revert_refuses_the_other_kind_of_batch_and_writes_nothing(db_path):
    with db.open_database(db_path) as con:
        batch = tasks(con, TaskStatusChange("3.b", 2024, "in_progress"))
        count = len(load_batch_history(con))
        with pytest.raises(WrongSubject, match="task_status"):
            revert_batch(con, batch, loaded_by="minh")
        with pytest.raises(WrongSubject, match="figures"):
            revert_tracker_batch(con, 1, loaded_by="minh")  # the shipped figures
        with pytest.raises(WrongSubject):
            revert_tracker_batch(con, 999, loaded_by="minh")
        assert len(load_batch_history(con)) == count
        assert statuses(con) == {("3.b", 2024): "in_progress"}
    assert len(list_backups(db_path)) == 1  # the commit's only


def test_a_backup_and_restore_round_trip_keeps_the_tracker_rows_and_their_numbering(db_path, tmp_path):
    with db.open_database(db_path) as con:
        tasks(con, TaskStatusChange("3.b", 2024, "done", evidence=EVIDENCE, note="Hoàn thành đúng hạn"))
        receipts(con, ReportReceiptChange("agency", "industry_trade", 2024, dt.date(2024, 10, 14), reference="45/BC-SCT"))
        kept_statuses, kept_receipts = load_task_statuses(con), load_report_receipts(con)
        backup = backup_database(con, label="manual")
        tasks(con, TaskStatusChange("3.b", 2024, "overdue"))
    restore_database(db_path, backup, wait_seconds=1)
    with db.open_database(db_path) as con:
        pd.testing.assert_frame_equal(load_task_statuses(con), kept_statuses)
        pd.testing.assert_frame_equal(load_report_receipts(con), kept_receipts)
        assert load_batch_subject(con, int(kept_receipts["batch_id"].iloc[0])) == "report_receipt"
        # The sequences came back too: the next write does not reuse a version or batch number.
        batch = tasks(con, TaskStatusChange("3.b", 2025, "in_progress"))
        assert batch > kept_receipts["batch_id"].max()
        assert load_task_statuses(con, 2025)["version_id"].iloc[0] > kept_statuses["version_id"].max()


def test_an_agency_report_and_the_city_report_are_recorded_with_their_dates(db_path):
    with db.open_database(db_path) as con:
        review = prepare_receipt_changes(con, [
            ReportReceiptChange("agency", "industry_trade", 2024, dt.date(2024, 10, 14), reference="45/BC-SCT"),
            ReportReceiptChange("agency", "districts", 2024, None, note="Đã nhắc hai lần"),
            ReportReceiptChange("city", "dost", 2024, "29/10/2024", reference="210/BC-SKHCN"),
        ], RULES, today=TODAY)
        assert review.ok and review.counts["added"] == 3
        vi = build_tracker_change_table(review, RULES, "vi")
        batch = commit_tracker_review(con, review, loaded_by="lan", note=None)
        current = load_report_receipts(con, 2024)
        event = load_audit_log(con, action="report_receipt_update").iloc[0]
    assert vi.values.tolist() == [
        ["Thêm mới", "Báo cáo của Sở Công Thương", "2024", "ngày nhận", "", "14/10/2024"],
        ["Thêm mới", "Báo cáo của Sở Công Thương", "2024", "số hiệu văn bản", "", "45/BC-SCT"],
        ["Thêm mới", "Báo cáo của UBND các quận, huyện", "2024", "ngày nhận", "", "chưa nhận"],
        ["Thêm mới", "Báo cáo của UBND các quận, huyện", "2024", "ghi chú", "", "Đã nhắc hai lần"],
        ["Thêm mới", "Báo cáo tổng hợp của thành phố (Sở Khoa học và Công nghệ)", "2024", "ngày nhận", "",
         "29/10/2024"],
        ["Thêm mới", "Báo cáo tổng hợp của thành phố (Sở Khoa học và Công nghệ)", "2024", "số hiệu văn bản", "",
         "210/BC-SKHCN"]]
    assert current[["report", "agency_id", "year", "reference", "batch_id"]].replace({np.nan: None}).values.tolist() == [
        ["agency", "districts", 2024, None, batch], ["agency", "industry_trade", 2024, "45/BC-SCT", batch],
        ["city", "dost", 2024, "210/BC-SKHCN", batch]]
    assert [None if pd.isna(d) else pd.Timestamp(d).date() for d in current["received_on"]] == [
        None, dt.date(2024, 10, 14), dt.date(2024, 10, 29)]
    assert json.loads(event["detail"])["subject"] == "report_receipt"


@pytest.mark.parametrize("lang, message", [
    ("vi", "UBND các quận, huyện không còn tồn tại vào hạn nộp 15/10/2025; nhiệm vụ đã chuyển cho "
           "UBND các xã, phường, hãy ghi nhận báo cáo của UBND các xã, phường."),
    ("en", "District People's Committees no longer existed on the 15 Oct 2025 deadline; its tasks passed to "
           "Commune and ward People's Committees: record the report of Commune and ward People's Committees."),
])
def test_the_district_level_after_1_july_2025_is_refused_with_its_successor_named(db_path, lang, message):
    with db.open_database(db_path) as con:
        review = prepare_receipt_changes(
            con, [ReportReceiptChange("agency", "districts", 2025, dt.date(2025, 10, 10))], RULES, today=TODAY)
        accepted = prepare_receipt_changes(
            con, [ReportReceiptChange("agency", "communes", 2025, dt.date(2025, 10, 10))], RULES, today=TODAY)
    [problem] = review.problems
    assert (problem.code, problem.row, problem.column, problem.params["successor_id"]) == (
        "agency_replaced", 1, "agency_id", "communes")
    assert problem.message(lang) == message
    assert accepted.ok


def test_every_invalid_receipt_field_is_reported_at_once(db_path):
    with db.open_database(db_path) as con:
        review = prepare_receipt_changes(con, [
            ReportReceiptChange("agency", "industry_trade", 2026, dt.date(2026, 3, 3)),   # tomorrow
            ReportReceiptChange("agency", "industry_trade", 2024, dt.date(2023, 12, 31)),  # before its year
            ReportReceiptChange("city", "industry_trade", 2024, dt.date(2024, 10, 29)),  # not the compiler
            ReportReceiptChange("agency", "dost", 2024, dt.date(2024, 10, 1)),  # the compiler reports to no one
            ReportReceiptChange("yearly", "ministry", 2020, "31/02/2024", reference="https://x.vn/1"),
            ReportReceiptChange("agency", "industry_trade", 2026, None),  # same key as row 1
        ], RULES, today=TODAY)
    found = [(p.row, p.column, p.code) for p in review.problems]
    assert found == [
        (1, "received_on", "received_in_future"),
        (2, "received_on", "received_before_year"),
        (3, "agency_id", "city_report_not_compiler"),
        (4, "agency_id", "agency_not_reporting"),
        (5, "agency_id", "unknown_agency"),
        (5, "received_on", "not_a_date"),
        (5, "reference", "reference_is_link"),
        (5, "report", "unknown_report"),
        (5, "year", "year_outside_reports"),
        (6, "agency_id", "duplicate_receipt"),
    ]
    table = build_tracker_problem_table(review.problems, "vi")
    assert table.iloc[0].tolist()[1:] == ["1", "ngày nhận", "Ngày nhận nằm trong tương lai (hôm nay là 02/03/2026).",
                                         "2026-03-03"]


def test_an_older_database_gets_the_tracker_and_its_figure_batches_stay_figure_batches(db_path):
    with db.open_database(db_path) as con:  # as migration 004 left it
        con.execute("DROP VIEW current_task_status; DROP VIEW current_report_receipt;"
                    " DROP TABLE task_status_version; DROP TABLE report_receipt_version; DROP TABLE batch_subject;"
                    " DROP SEQUENCE task_status_version_id_seq; DROP SEQUENCE report_receipt_version_id_seq;"
                    " DELETE FROM schema_migration WHERE version IN (5, 11)")  # 011 rebuilds 005's table
    with db.open_database(db_path) as con:
        assert db.apply_migrations(con) == ["005_plan_tracker.sql", "011_blocked_task_status.sql"]
        assert load_batch_subject(con, 1) == "figures"
        assert load_tracker_batch_changes(con, 1).empty
        assert not load_batch_changes(con, 1).empty
        assert tasks(con, TaskStatusChange("3.b", 2024, "in_progress")) == 2


def test_the_shipped_register_names_the_successor_of_an_agency_that_ended(db_path):
    register = pytest.importorskip("ipmonitor.register.plan_register").load_plan_register()
    ended = next(a for a in register.agencies.values()
                 if a.reports_yearly and a.successor and a.active_to and a.active_to.year < 2030)
    year = ended.active_to.year + (1 if ended.active_to >= register.agency_deadline.on(ended.active_to.year) else 0)
    successor = register.successor_on(ended.id, register.agency_deadline.on(year))
    with db.open_database(db_path) as con:
        review = prepare_receipt_changes(con, [ReportReceiptChange("agency", ended.id, year, None)], register,
                                         today=TODAY)
        task_id = next(iter(register.tasks))
        first_year = register.tasks[task_id].period[0]
        good = prepare_task_changes(con, [TaskStatusChange(task_id, first_year, "in_progress")], register)
    [problem] = review.problems
    assert problem.code == "agency_replaced" and successor.name("vi") in problem.message("vi")
    assert good.ok
    assert build_tracker_change_table(good, register, "vi").iloc[0, 1] == \
        f"{task_id} – {register.tasks[task_id].title('vi')}"


def test_etl_revert_undoes_a_task_status_batch_from_the_command_line(db_path, capsys):
    from etl.cli import main
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, [TaskStatusChange("3.b", 2024, "in_progress", note="Đã lập đoàn")], RULES)
        batch = commit_tracker_review(con, review, loaded_by="lan", note=None)
    assert main(["revert", str(batch), "--db", str(db_path), "--user", "minh", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert f"Reverted batch {batch} with new batch {batch + 1}" in out.out and "Traceback" not in out.err
    with db.open_database(db_path, read_only=True) as con:
        assert load_task_statuses(con, 2024).query("task_id == '3.b'").empty
        assert load_batch_subject(con, batch + 1) == "task_status"
