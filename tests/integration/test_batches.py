"""etl/batches.py on a real DuckDB file: a batch and its audit event are one transaction, so that a batch
whose event cannot be written is not written either (for a commit and a revert of any subject), and a
stale preview is refused with its audit line and nothing else."""
from __future__ import annotations

import duckdb
import pytest

import etl.batches
from etl.batches import RevertRefused, StalePreview, revert
from etl.register_writes import commit_register_review, prepare_register_workbook
from ipmonitor.store import db
from ipmonitor.register.register_store import load_registers
from tests.integration.plan_register_files import NEW_PLAN, PLAN_ROWS, TARGET_ROWS, write_workbook
from tests.integration.test_revert_every_batch import SUBJECTS, latest_batch


def written(db_path) -> tuple[int, int]:
    """(batches, audit events) in the database."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return (con.execute("SELECT count(*) FROM load_batch").fetchone()[0],
                con.execute("SELECT count(*) FROM audit_event").fetchone()[0])


class EventRefused(Exception):
    pass


def refuse_events(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise EventRefused()
    monkeypatch.setattr(etl.batches, "record_event", refuse)


@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_a_revert_whose_audit_event_fails_writes_nothing(db_path, tmp_path, etl_in_process, monkeypatch, subject):
    make, holds, _ = SUBJECTS[subject]
    batch = make(db_path, tmp_path, etl_in_process)
    before = written(db_path)
    refuse_events(monkeypatch)
    with db.open_database(db_path) as con, pytest.raises(EventRefused):
        revert(con, batch, loaded_by="minh")
    assert written(db_path) == before and holds(db_path)


@pytest.mark.parametrize("subject", ["task_status", "plan_review"])
def test_a_commit_whose_audit_event_fails_writes_nothing(db_path, tmp_path, etl_in_process, monkeypatch, subject):
    make, holds, _ = SUBJECTS[subject]
    before = written(db_path)
    refuse_events(monkeypatch)
    with pytest.raises(EventRefused):
        make(db_path, tmp_path, etl_in_process)
    assert written(db_path) == before and not holds(db_path)


def test_a_figures_commit_whose_audit_event_fails_writes_nothing(db_path, tmp_path, etl_in_process, monkeypatch):
    from etl.pipeline import commit_prepared, prepare_file
    from etl.batches import Audit

    path = tmp_path / "cap-nhat.csv"
    path.write_text("year,ip_type,measure,territory,value,source\n"
                    "2020,trademark,applications_filed,can_tho_former,510,illustrative-2026\n", encoding="utf-8")
    before = written(db_path)
    refuse_events(monkeypatch)
    with db.open_database(db_path) as con:
        prepared = prepare_file(con, path)
        with pytest.raises(EventRefused):
            commit_prepared(con, prepared, loaded_by="lan", audit=Audit("commit", {"file": path.name}))
    assert written(db_path) == before


def test_a_stale_commit_is_refused_with_its_audit_line_and_nothing_else(db_path, tmp_path, etl_in_process):
    from etl.tracker_writes import TaskStatusChange, commit_tracker_review, prepare_task_changes
    from ipmonitor.register.register_store import load_plan_register_from

    with db.open_database(db_path) as con:
        register = load_plan_register_from(con)
        task = next(iter(register.tasks))
        year = register.tasks[task].period[0]
        first = prepare_task_changes(con, [TaskStatusChange(task, year, "in_progress")], register)
        later = prepare_task_changes(con, [TaskStatusChange(task, year, "done", evidence="12/BC-SKHCN")], register)
        commit_tracker_review(con, later, loaded_by="lan", note=None)
    batches, events = written(db_path)
    with db.open_database(db_path) as con, pytest.raises(StalePreview):
        commit_tracker_review(con, first, loaded_by="minh", note=None)
    assert written(db_path) == (batches, events + 1) and latest_batch(db_path) == batches
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT action, actor FROM audit_event ORDER BY event_id DESC LIMIT 1").fetchone() == (
            "commit_refused", "minh")


def test_a_register_revert_is_checked_again_on_the_rows_it_writes(db_path, tmp_path, monkeypatch):
    """The revert's rows are planned again inside its transaction (after the backup): a target naming the
    plan, recorded by someone else between the first check and that transaction, makes the revert break
    the register's rules there, so it is refused with nothing written rather than withdrawing the plan
    from under the new target."""
    with db.open_database(db_path) as con:
        plan = commit_register_review(con, prepare_register_workbook(
            con, write_workbook(tmp_path / "plan.xlsx", {"Plans": PLAN_ROWS})), loaded_by="lan", note=None)
    backup = etl.batches.backup_before_write
    meanwhile = []

    def someone_adds_a_target(con, label):
        backup(con, label)
        if not meanwhile:  # once, between the revert's first check and its transaction
            meanwhile.append(None)  # (the other change's own backup comes through here too)
            meanwhile[0] = commit_register_review(con, prepare_register_workbook(
                con, write_workbook(tmp_path / "targets.xlsx", {"Targets": TARGET_ROWS})), loaded_by="minh",
                note=None)
    monkeypatch.setattr(etl.batches, "backup_before_write", someone_adds_a_target)
    with db.open_database(db_path) as con:
        with pytest.raises(RevertRefused, match=NEW_PLAN):
            revert(con, plan, loaded_by="lan")
        assert NEW_PLAN in load_registers(con).targets.plans
    assert meanwhile[0] is not None and latest_batch(db_path) == meanwhile[0]
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM audit_event WHERE action = 'revert'").fetchone()[0] == 0
