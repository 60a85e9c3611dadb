"""etl/batches.py on a real DuckDB file: a batch and its audit event are one transaction, so that a batch
whose event cannot be written is not written either (for a commit and a revert of any subject), and a
stale preview is refused with its audit line and nothing else."""
from __future__ import annotations

import duckdb
import pytest

import etl.batches
from etl.batches import StalePreview, revert
from ipmonitor.store import db
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
