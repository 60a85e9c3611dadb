"""Blocked tasks (vướng mắc, migration 011) on real DuckDB files: a blocked status with its difficulty and
the agency that must act goes through preview, one batch and revert like any status; a blocked row
without them, or an acting agency on another status, is refused with every problem at once; a database
and a backup from before the migration keep their statuses and take blocked ones after it.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl.backup import MANIFEST, backup_database, list_backups, restore_database
from etl.tracker_writes import (TaskStatusChange, commit_tracker_review, prepare_task_changes,
                                revert_tracker_batch)
from ipmonitor.store import db
from ipmonitor.changes.change_tables import build_tracker_change_table, build_tracker_problem_table
from ipmonitor.tracker.records import load_task_statuses, load_tracker_batch_changes
from tests.integration.test_tracker import RULES, default_backup_settings, file_bytes, tasks  # noqa: F401 (autouse)

BLOCKED = TaskStatusChange("3.b", 2026, "blocked", note="Chưa có kinh phí cho đoàn kiểm tra",
                           acting_agency_id="industry_trade")


def current(con: duckdb.DuckDBPyConnection) -> list[list]:
    frame = load_task_statuses(con)
    return frame[["task_id", "year", "status", "note", "acting_agency_id"]].astype(object).where(
        frame[["task_id", "year", "status", "note", "acting_agency_id"]].notna(), None).values.tolist()


@pytest.mark.parametrize("lang, expected", [
    ("vi", [["Thêm mới", "3.b – Thanh tra, kiểm tra về sở hữu trí tuệ", "2026", "trạng thái", "", "vướng mắc"],
            ["Thêm mới", "3.b – Thanh tra, kiểm tra về sở hữu trí tuệ", "2026", "ghi chú", "",
             "Chưa có kinh phí cho đoàn kiểm tra"],
            ["Thêm mới", "3.b – Thanh tra, kiểm tra về sở hữu trí tuệ", "2026", "cơ quan phải xử lý", "",
             "Sở Công Thương"]]),
    ("en", [["Added", "3.b – IP inspections", "2026", "status", "", "blocked"],
            ["Added", "3.b – IP inspections", "2026", "note", "", "Chưa có kinh phí cho đoàn kiểm tra"],
            ["Added", "3.b – IP inspections", "2026", "agency that must act", "", "Department of Industry and Trade"]]),
])
def test_a_blocked_status_previews_with_the_agency_that_must_act_and_commits_as_one_batch(db_path, lang, expected):
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, [BLOCKED], RULES)
        assert review.ok and build_tracker_change_table(review, RULES, lang).values.tolist() == expected
        batch = commit_tracker_review(con, review, loaded_by="lan", note=None)
        assert current(con) == [["3.b", 2026, "blocked", "Chưa có kinh phí cho đoàn kiểm tra", "industry_trade"]]
        assert load_tracker_batch_changes(con, batch)["field"].tolist() == ["status", "note", "acting_agency_id"]
    assert [backup.label for backup in list_backups(db_path)] == [f"before-batch-{batch}"]


def test_the_city_peoples_committee_and_the_word_typed_in_either_language_are_accepted(db_path):
    with db.open_database(db_path) as con:
        tasks(con, TaskStatusChange("3.b", 2026, "Vướng mắc", note="Chờ chỉ đạo", acting_agency_id="city_people_committee"),
              TaskStatusChange("8.a", 2026, "Blocked", note="Thiếu cán bộ", acting_agency_id=" dost "))
        assert current(con) == [["3.b", 2026, "blocked", "Chờ chỉ đạo", "city_people_committee"],
                                ["8.a", 2026, "blocked", "Thiếu cán bộ", "dost"]]


def test_leaving_blocked_clears_the_agency_and_a_revert_brings_the_difficulty_and_the_agency_back(db_path):
    with db.open_database(db_path) as con:
        tasks(con, BLOCKED)
        moving = tasks(con, TaskStatusChange("3.b", 2026, "in_progress", note="Đã có kinh phí"))
        assert current(con) == [["3.b", 2026, "in_progress", "Đã có kinh phí", None]]
        changes = load_tracker_batch_changes(con, moving)
        assert changes[["field", "old", "new"]].values.tolist() == [
            ["status", "blocked", "in_progress"], ["note", "Chưa có kinh phí cho đoàn kiểm tra", "Đã có kinh phí"],
            ["acting_agency_id", "industry_trade", None]]
        result = revert_tracker_batch(con, moving, loaded_by="minh")
        assert result.restored == 1
        assert current(con) == [["3.b", 2026, "blocked", "Chưa có kinh phí cho đoàn kiểm tra", "industry_trade"]]


FIVE_BAD_ROWS = [
    TaskStatusChange("3.b", 2026, "blocked"),                                           # no difficulty, nobody to act
    TaskStatusChange("8.a", 2026, "blocked", note="Thiếu kinh phí", acting_agency_id="people_committee"),  # unknown
    TaskStatusChange("3.b", 2025, "in_progress", acting_agency_id="dost"),              # not blocked
    TaskStatusChange("8.a", 2025, "blocked", note="   ", acting_agency_id="districts"),  # blank note; ended 30/6/2025
    TaskStatusChange("4.a", 2024, "vướng mắc", note="Chờ hướng dẫn", acting_agency_id="districts"),  # fine
]
EXPECTED = {
    "vi": [("1", "cơ quan phải xử lý", "Nhiệm vụ «vướng mắc» phải ghi cơ quan phải xử lý"),
           ("1", "ghi chú", "Nhiệm vụ «vướng mắc» phải ghi rõ khó khăn, vướng mắc trong ô ghi chú."),
           ("2", "cơ quan phải xử lý", "Danh sách cơ quan của kế hoạch không có mã «people_committee»"),
           ("3", "cơ quan phải xử lý", "Chỉ nhiệm vụ «vướng mắc» mới ghi cơ quan phải xử lý: hãy bỏ Sở Khoa học"),
           ("4", "cơ quan phải xử lý", "UBND các quận, huyện không còn tồn tại vào ngày 15/10/2025; công việc đã "
                                       "chuyển cho UBND các xã, phường"),
           ("4", "ghi chú", "Nhiệm vụ «vướng mắc» phải ghi rõ khó khăn")],
    "en": [("1", "agency that must act", "A “blocked” task must name the agency that must act"),
           ("1", "note", "A “blocked” task must describe its difficulty in the note."),
           ("2", "agency that must act", "The plan's list of agencies has no “people_committee”"),
           ("3", "agency that must act", "Only a “blocked” task names an agency that must act: remove Department of "
                                         "Science"),
           ("4", "agency that must act", "District People's Committees no longer existed on 15 Oct 2025; its work "
                                         "went to Commune and ward People's Committees"),
           ("4", "note", "A “blocked” task must describe its difficulty")],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_problem_of_blocked_rows_is_reported_at_once_by_row_and_column_and_nothing_is_written(db_path, lang):
    before = file_bytes(db_path)
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, FIVE_BAD_ROWS, RULES)
        with pytest.raises(ValueError):
            commit_tracker_review(con, review, loaded_by="lan", note=None)
    table = build_tracker_problem_table(review.problems, lang)
    found = sorted(zip(*(table[c].tolist() for c in table.columns[[1, 2, 3]])), key=lambda r: (int(r[0]), r[1]))
    expected = sorted(EXPECTED[lang], key=lambda r: (int(r[0]), r[1]))
    assert [(r, c) for r, c, _ in found] == [(r, c) for r, c, _ in expected]
    for (_, _, text), (_, _, start) in zip(found, expected):
        assert text.startswith(start), (text, start)
    assert file_bytes(db_path) == before and not list_backups(db_path)


def test_the_database_refuses_a_blocked_row_without_its_agency_even_past_the_checks(db_path):
    with db.open_database(db_path) as con:
        batch = con.execute("SELECT max(batch_id) FROM load_batch").fetchone()[0]
        for status, note, agency in (("blocked", "x", None), ("blocked", None, "dost"), ("done", "x", "dost")):
            with pytest.raises(duckdb.ConstraintException):
                con.execute("INSERT INTO task_status_version (task_id, year, status, note, evidence, acting_agency_id,"
                            " batch_id) VALUES ('3.b', 2026, ?, ?, 'Số 1', ?, ?)", [status, note, agency, batch])


OLD_VIEW = ("CREATE VIEW current_task_status AS SELECT version_id, task_id, year, status, note, evidence, batch_id "
            "FROM (SELECT * FROM task_status_version QUALIFY row_number() OVER (PARTITION BY task_id, year "
            "ORDER BY version_id DESC) = 1) WHERE NOT withdrawn")


def as_at_migration_10(path) -> None:
    """Turn a database back into what migration 010 left: the status table without its acting agency, and
    none of the later migrations' tables."""
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW current_task_status")
        con.execute("CREATE TABLE old_status AS SELECT version_id, task_id, year, status, note, evidence, withdrawn,"
                    " batch_id FROM task_status_version")
        con.execute("DROP TABLE task_status_version")
        con.execute("ALTER TABLE old_status RENAME TO task_status_version")
        con.execute(OLD_VIEW)
        # And without what the later migrations added (012: the reviews; 013: the plan register).
        con.execute("DROP VIEW current_plan_review; DROP TABLE plan_review_version;"
                    " DROP SEQUENCE plan_review_version_id_seq; DROP VIEW current_plan_register;"
                    " DROP TABLE plan_register_version; DROP SEQUENCE plan_register_version_id_seq")
        con.execute("DELETE FROM schema_migration WHERE version >= 11")


def versions(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT version_id, task_id, year, status, note, evidence, withdrawn, batch_id"
                           " FROM task_status_version ORDER BY version_id").fetchall()


def test_migration_11_keeps_every_existing_status_and_a_blocked_one_follows_in_the_same_numbering(tmp_path):
    path = tmp_path / "at-10.duckdb"
    with db.open_database(path) as con:
        db.apply_migrations(con, up_to=10)
        con.execute("INSERT INTO load_batch VALUES (nextval('batch_id_seq'), 'load', 'lan', now()::TIMESTAMP, NULL,"
                    " NULL, 3, 0, 0, 0, NULL, NULL)")
        for task_id, status, note, evidence, withdrawn in (("3.b", "done", "Xong", "Số 1", False),
                                                           ("8.a", "overdue", None, None, False),
                                                           ("4.a", None, None, None, True)):
            con.execute("INSERT INTO task_status_version (task_id, year, status, note, evidence, withdrawn, batch_id)"
                        " VALUES (?, 2024, ?, ?, ?, ?, 1)", [task_id, status, note, evidence, withdrawn])
    before = versions(path)
    with db.open_database(path) as con:
        current_before = con.execute("SELECT * FROM current_task_status ORDER BY version_id").fetchall()
        assert db.apply_migrations(con, up_to=11) == ["011_blocked_task_status.sql"]
        assert con.execute("SELECT count(*) FROM task_status_version WHERE acting_agency_id IS NOT NULL"
                           ).fetchone()[0] == 0
        current_after = con.execute("SELECT version_id, task_id, year, status, note, evidence, batch_id"
                                    " FROM current_task_status ORDER BY version_id").fetchall()
    assert versions(path) == before and current_after == current_before
    with db.open_database(path) as con:
        tasks(con, TaskStatusChange("8.a", 2024, "blocked", note="Thiếu kinh phí", acting_agency_id="dost"))
        assert current(con)[-1] == ["8.a", 2024, "blocked", "Thiếu kinh phí", "dost"]
    assert versions(path)[-1][0] == before[-1][0] + 1


def test_a_backup_written_at_schema_version_10_restores_its_statuses_and_then_takes_blocked_ones(db_path):
    with db.open_database(db_path) as con:
        tasks(con, TaskStatusChange("3.b", 2024, "done", evidence="Số 1"), TaskStatusChange("8.a", 2025, "overdue"))
    as_at_migration_10(db_path)
    before = versions(db_path)
    with db.open_database(db_path) as con:
        backup = backup_database(con, label="manual")
    assert '"schema_version": 10' in (backup / MANIFEST).read_text(encoding="utf-8")
    db_path.unlink()
    restore_database(db_path, backup, wait_seconds=1, actor="admin")
    with db.open_database(db_path) as con:
        assert db.schema_version(con) == int(db.list_migrations()[-1].name[:3])
    assert versions(db_path) == before
    with db.open_database(db_path) as con:
        tasks(con, BLOCKED)
        assert ["3.b", 2026, "blocked", "Chưa có kinh phí cho đoàn kiểm tra", "industry_trade"] in current(con)


def test_a_blocked_status_survives_a_backup_and_restore(db_path):
    with db.open_database(db_path) as con:
        tasks(con, BLOCKED)
        backup = backup_database(con, label="manual")
        tasks(con, TaskStatusChange("3.b", 2026, "in_progress"))
    restore_database(db_path, backup, wait_seconds=1, actor="admin")
    with db.open_database(db_path) as con:
        assert current(con) == [["3.b", 2026, "blocked", "Chưa có kinh phí cho đoàn kiểm tra", "industry_trade"]]
        assert isinstance(load_task_statuses(con), pd.DataFrame)
