"""`python -m etl revert N` for a batch of every subject (figures, task statuses, report receipts, the plan
register, the plan's reviews), run in this process through etl.cli.main on a real DuckDB file: each is
undone by a new batch of its subject, says so in the reader's language, and records its audit event in
the revert's own transaction; a revert that would break the register's rules says why and writes nothing."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from etl.plan_review_writes import ReviewEntry, commit_review, prepare_review
from etl.register_writes import commit_register_review, prepare_register_workbook
from etl.tracker_writes import (ReportReceiptChange, TaskStatusChange, commit_tracker_review,
                         prepare_receipt_changes, prepare_task_changes)
from ipmonitor.store import db
from ipmonitor.tracker.plan_reviews import load_plan_reviews
from ipmonitor.register.register_store import load_register_entries, load_plan_register_from, load_registers
from ipmonitor.tracker.records import load_batch_subject, load_report_receipts, load_task_statuses
from tests.integration.plan_register_files import NEW_PLAN, PLAN_ROWS, TARGET_ROWS, new_plan_workbook, \
    write_workbook

TODAY = dt.date(2026, 3, 2)


def latest_batch(db_path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT max(batch_id) FROM load_batch").fetchone()[0]


def revert_event(db_path, batch: int) -> dict:
    """The audit event of the revert written as `batch`, with its detail read."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        actor, channel, action, detail = con.execute(
            "SELECT actor, channel, action, detail FROM audit_event WHERE batch_id = ?", [batch]).fetchone()
    return {"actor": actor, "channel": channel, "action": action, **json.loads(detail)}


def make_figures(db_path, tmp_path, etl_in_process) -> int:
    path = tmp_path / "cap-nhat.csv"
    path.write_text("year,ip_type,measure,territory,value,source\n"
                    "2020,trademark,applications_filed,can_tho_former,510,illustrative-2026\n", encoding="utf-8")
    assert etl_in_process("load", str(path), "--db", str(db_path), "--user", "lan").returncode == 0
    return latest_batch(db_path)


def figure_2020(db_path) -> float:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT value FROM current_figure WHERE year = 2020 AND ip_type = 'trademark' AND "
                           "measure = 'applications_filed' AND territory = 'can_tho_former'").fetchone()[0]


def make_task_status(db_path, tmp_path, etl_in_process) -> int:
    with db.open_database(db_path) as con:
        register = load_plan_register_from(con)
        task = next(iter(register.tasks))
        review = prepare_task_changes(con, [TaskStatusChange(task, register.tasks[task].period[0], "in_progress",
                                                             note="Đã lập đoàn")], register)
        assert review.ok, [p.describe("en") for p in review.problems]
        return commit_tracker_review(con, review, loaded_by="lan", note=None)


def make_report_receipt(db_path, tmp_path, etl_in_process) -> int:
    with db.open_database(db_path) as con:
        register = load_plan_register_from(con)
        review = prepare_receipt_changes(con, [ReportReceiptChange("city", register.compiler, 2024,
                                                                   dt.date(2024, 10, 28), "88/BC-SKHCN")],
                                         register, today=TODAY)
        assert review.ok, [p.describe("en") for p in review.problems]
        return commit_tracker_review(con, review, loaded_by="lan", note=None)


def make_plan_register(db_path, tmp_path, etl_in_process) -> int:
    with db.open_database(db_path) as con:
        review = prepare_register_workbook(con, new_plan_workbook(tmp_path / "new-plan.xlsx", "en"))
        assert review.ok, [p.describe("en") for p in review.problems]
        return commit_register_review(con, review, loaded_by="lan", note=None)


def make_plan_review(db_path, tmp_path, etl_in_process) -> int:
    with db.open_database(db_path) as con:
        preview = prepare_review(con, ReviewEntry("midterm", 2025, dt.date(2025, 11, 12), "123/BC-UBND"), today=TODAY)
        assert preview.ok, [p.describe("en") for p in preview.problems]
        return commit_review(con, preview, loaded_by="lan")


def has_figure_batch(db_path) -> bool:
    return figure_2020(db_path) == 510


def has_task_status(db_path) -> bool:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return not load_task_statuses(con).empty


def has_report_receipt(db_path) -> bool:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return not load_report_receipts(con).empty


def has_new_plan(db_path) -> bool:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return NEW_PLAN in load_registers(con).targets.plans


def has_plan_review(db_path) -> bool:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return bool(load_plan_reviews(con))


# subject: (make a batch, whether its change is in the database, (restored, withdrawn) by its revert)
SUBJECTS = {
    "figures": (make_figures, has_figure_batch, (1, 0)),
    "task_status": (make_task_status, has_task_status, (0, 1)),
    "report_receipt": (make_report_receipt, has_report_receipt, (0, 1)),
    "plan_register": (make_plan_register, has_new_plan, (0, 6)),
    "plan_review": (make_plan_review, has_plan_review, (0, 1)),
}


@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_etl_revert_undoes_a_batch_of_every_subject_and_says_so(db_path, tmp_path, etl_in_process, subject):
    make, holds, (restored, withdrawn) = SUBJECTS[subject]
    batch = make(db_path, tmp_path, etl_in_process)
    assert holds(db_path)
    run = etl_in_process("revert", str(batch), "--db", str(db_path), "--user", "minh", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout.strip() == (f"Reverted batch {batch} with new batch {batch + 1}: {restored} restored, "
                                  f"{withdrawn} withdrawn.")
    assert not holds(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_batch_subject(con, batch + 1) == subject
        assert con.execute("SELECT kind, reverts_batch, loaded_by FROM load_batch WHERE batch_id = ?",
                           [batch + 1]).fetchone() == ("revert", batch, "minh")
    event = revert_event(db_path, batch + 1)
    assert (event["actor"], event["channel"], event["action"]) == ("minh", "cli", "revert")
    assert event["reverts"] == batch and "os_user" in event
    # And in Vietnamese, reverting the revert brings the change back.
    run = etl_in_process("revert", str(batch + 1), "--db", str(db_path), "--user", "minh")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Đã hoàn tác lô {batch + 1} bằng lô mới số {batch + 2}")
    assert holds(db_path)


def test_a_register_revert_that_would_break_its_rules_says_why_and_writes_nothing(db_path, tmp_path,
                                                                                   etl_in_process):
    with db.open_database(db_path) as con:
        plan = commit_register_review(con, prepare_register_workbook(
            con, write_workbook(tmp_path / "plan.xlsx", {"Plans": PLAN_ROWS})), loaded_by="lan", note=None)
        commit_register_review(con, prepare_register_workbook(
            con, write_workbook(tmp_path / "targets.xlsx", {"Targets": TARGET_ROWS})), loaded_by="lan", note=None)
        before = load_register_entries(con)
    batches = latest_batch(db_path)
    for lang, words in (("en", f"Batch {plan} not reverted: the register after the revert would break its rules"),
                        ("vi", f"Không hoàn tác lô {plan}: sổ kế hoạch sau khi hoàn tác sẽ vi phạm quy tắc")):
        run = etl_in_process("revert", str(plan), "--db", str(db_path), "--lang", lang)
        assert run.returncode == 2
        assert words in run.stderr and NEW_PLAN in run.stderr and "Traceback" not in run.stderr
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_register_entries(con) == before
        assert con.execute("SELECT count(*) FROM audit_event WHERE action = 'revert'").fetchone()[0] == 0
    assert latest_batch(db_path) == batches


def test_a_batch_reverted_already_says_there_is_nothing_left(db_path, tmp_path, etl_in_process):
    batch = make_task_status(db_path, tmp_path, etl_in_process)
    assert etl_in_process("revert", str(batch), "--db", str(db_path)).returncode == 0
    run = etl_in_process("revert", str(batch), "--db", str(db_path), "--lang", "en")
    assert run.returncode == 0 and "Nothing to revert in batch" in run.stdout
    assert "changed them again (1)" in run.stdout
