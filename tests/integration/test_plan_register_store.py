"""The plan register in a real database: seeded by `etl init`, read back as the shipped files' registers,
changed by a real workbook (every problem at once, a preview, one batch with its statuses moved), and
reverted, from the domain functions and from `python -m etl plans` / `etl revert`."""
from __future__ import annotations

import duckdb
import pytest
from openpyxl import load_workbook

from etl.cli import main
from etl.batches import StalePreview
from etl.register_writes import (SUBJECT, commit_register_review, prepare_register_workbook,
                                 revert_register_batch)
from ipmonitor.store import db
from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.register.register_store import (load_register_batch_changes, load_register_batch_status_moves,
                                      load_register_entries, load_registers)
from ipmonitor.register.targets import load_target_register
from ipmonitor.tracker.records import load_batch_subject
from tests.integration.plan_register_files import (NEW_PLAN, NEW_TARGETS, NEW_TASKS, TARGET_ROWS,
                                                   new_plan_workbook, write_workbook)


def registers(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return load_registers(con)


def test_init_seeds_the_register_with_exactly_the_shipped_files_and_a_second_init_writes_nothing(db_path, capsys):
    seeded = registers(db_path)
    assert seeded.targets == load_target_register()
    assert seeded.plan == load_plan_register()
    with duckdb.connect(str(db_path)) as con:
        before = con.execute("SELECT count(*) FROM plan_register_version").fetchone()[0]
        batches = con.execute("SELECT count(*) FROM load_batch").fetchone()[0]
    assert main(["init", "--db", str(db_path), "--lang", "en"]) == 0
    with duckdb.connect(str(db_path)) as con:
        assert con.execute("SELECT count(*) FROM plan_register_version").fetchone()[0] == before
        # The seed is the shipped files, as the shipped figures are: no batch of its own in History.
        assert con.execute("SELECT count(*) FROM load_batch").fetchone()[0] == batches


def test_an_exported_workbook_loads_back_without_any_change(db_path, tmp_path, capsys):
    out = tmp_path / "register.xlsx"
    assert main(["plans", "export", "--db", str(db_path), "--out", str(out), "--lang", "en"]) == 0
    sheets = load_workbook(out, read_only=True).sheetnames
    assert sheets == ["Guide", "Plans", "Indicators", "Targets", "Task areas", "Tasks", "Agencies",
                      "Reporting calendar"]
    capsys.readouterr()
    assert main(["plans", "load", str(out), "--db", str(db_path), "--lang", "en"]) == 0
    assert "changes nothing" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_new_plan_with_two_targets_and_three_tasks_is_one_batch_and_its_revert_removes_them(db_path, tmp_path, lang):
    workbook = new_plan_workbook(tmp_path / "new-plan.xlsx", lang)
    with db.open_database(db_path) as con:
        review = prepare_register_workbook(con, workbook)
        assert review.ok, [p.describe("en") for p in review.problems]
        assert review.counts == {"added": 6, "changed": 0, "withdrawn": 0}
        assert set(review.status_moves) == set(NEW_TARGETS)  # new targets: from nothing to a status
        assert all(before is None for before, _ in review.status_moves.values())
        batch = commit_register_review(con, review, loaded_by="minh", note="QĐ 888")
        assert load_batch_subject(con, batch) == SUBJECT
        assert {(c.kind, c.change) for c in load_register_batch_changes(con, batch)} == {
            ("plan", "added"), ("target", "added"), ("task", "added")}
        assert set(load_register_batch_status_moves(con, batch)) == set(NEW_TARGETS)
        audit = con.execute("SELECT actor, action FROM audit_event WHERE batch_id = ?", [batch]).fetchall()
        assert audit == [("minh", "plan_register_update")]
    after = registers(db_path)
    assert NEW_PLAN in after.targets.plans
    assert [t.id for t in after.targets.targets][-2:] == list(NEW_TARGETS)  # after the others, in file order
    assert [t.id for t in after.plan.tasks.values() if t.plan == NEW_PLAN] == list(NEW_TASKS)
    assert after.plan.tasks[NEW_TASKS[2]].co_ordinating == ("education_training", "finance")
    assert after.plan.tasks[NEW_TASKS[1]].period == (2026, 2027)
    with db.open_database(db_path) as con:
        result = revert_register_batch(con, batch, loaded_by="minh")
    assert result.withdrawn == 6
    reverted = registers(db_path)
    assert reverted.targets == load_target_register() and reverted.plan == load_plan_register()


def test_every_problem_of_a_workbook_is_reported_at_once_with_its_sheet_row_and_column_and_nothing_is_written(
        db_path, tmp_path):
    bad_targets = [dict(TARGET_ROWS[0], **{"target.value": "5,500"}),        # a number typed as text
                   dict(TARGET_ROWS[1], plan="decision_404"),                 # a plan the register lacks
                   dict(TARGET_ROWS[1], id="T1a_copy", quote="x", direction="sideways", plan="plan_151"),
                   dict(TARGET_ROWS[0])]                                      # the same id again
    workbook = write_workbook(tmp_path / "bad.xlsx", {"Chỉ tiêu": bad_targets, "Sheet9": [{"id": "x"}]})
    with db.open_database(db_path) as con:
        before = load_register_entries(con)
        review = prepare_register_workbook(con, workbook)
        assert not review.ok
        where = {(p.code, p.sheet, p.row, p.column) for p in review.problems}
        assert ("plans_cell_not_a_number", "Chỉ tiêu", 2, "target.value") in where
        assert ("plans_id_twice", "Chỉ tiêu", 5, "id") in where
        assert ("plans_unknown_sheet", "Sheet9", None, None) in where
        with pytest.raises(ValueError):
            commit_register_review(con, review, loaded_by="minh", note=None)
        assert load_register_entries(con) == before


def test_the_register_rules_are_all_reported_at_the_rows_that_break_them(db_path, tmp_path):
    rows = [dict(TARGET_ROWS[1], plan="decision_404"),
            dict(TARGET_ROWS[0], id="P888_other", direction="sideways", plan="plan_151")]
    workbook = write_workbook(tmp_path / "rules.xlsx", {"Targets": rows})
    with db.open_database(db_path) as con:
        review = prepare_register_workbook(con, workbook)
    rules = [(p.row, p.value) for p in review.problems if p.code == "plans_rule"]
    assert (2, "P888_patents: unknown plan decision_404") in rules
    assert any(row == 3 and "direction" in value for row, value in rules)
    assert "Sổ kế hoạch sau thay đổi" in review.problems[0].message("vi")


def test_a_changed_target_value_previews_the_status_it_moves_and_history_keeps_it(db_path, tmp_path):
    # T1a asks 5,500 titles by 2030; the shipped figures already pass it (achieved). Asking 50,000 moves it.
    with duckdb.connect(str(db_path), read_only=True) as con:
        t1a = next(e for e in load_register_entries(con) if e.key == ("target", "T1a"))
    workbook = write_workbook(tmp_path / "t1a.xlsx", {"Targets": [
        {"id": "T1a", **{k: v for k, v in _flat(t1a.body).items()}, "target.value": 50_000}]})
    with db.open_database(db_path) as con:
        review = prepare_register_workbook(con, workbook)
        assert review.ok and review.counts["changed"] == 1
        assert review.status_moves["T1a"][0] == "achieved"
        assert review.status_moves["T1a"][1] != "achieved"
        batch = commit_register_review(con, review, loaded_by="minh", note=None)
        assert load_register_batch_status_moves(con, batch) == review.status_moves
    assert registers(db_path).targets.target("T1a").target["value"] == 50_000


def _flat(body, prefix=""):
    cells = {}
    for name, value in body.items():
        if isinstance(value, dict):
            cells.update(_flat(value, f"{prefix}{name}."))
        elif isinstance(value, list):
            cells[prefix + name] = "; ".join(str(item) for item in value)
        else:
            cells[prefix + name] = value
    return cells


def test_a_commit_after_someone_else_changed_the_register_is_refused(db_path, tmp_path):
    first = new_plan_workbook(tmp_path / "first.xlsx")
    with db.open_database(db_path) as con:
        review = prepare_register_workbook(con, first)
        other = prepare_register_workbook(con, write_workbook(tmp_path / "other.xlsx", {"Plans": [
            {"id": "decision_777", "name_vi": "QĐ 777", "name_en": "Decision 777", "short_vi": "QĐ 777",
             "short_en": "Decision 777"}]}))
        commit_register_review(con, other, loaded_by="lan", note=None)
        with pytest.raises(StalePreview):
            commit_register_review(con, review, loaded_by="minh", note=None)
        assert NEW_PLAN not in load_registers(con).targets.plans


def test_a_revert_that_would_leave_a_target_without_its_plan_is_refused_and_writes_nothing(db_path, tmp_path,
                                                                                             capsys):
    plans_only = write_workbook(tmp_path / "plan.xlsx", {"Plans": new_plan_rows()})
    targets_after = write_workbook(tmp_path / "targets.xlsx", {"Targets": TARGET_ROWS})
    with db.open_database(db_path) as con:
        plan_batch = commit_register_review(con, prepare_register_workbook(con, plans_only), loaded_by="minh",
                                            note=None)
        commit_register_review(con, prepare_register_workbook(con, targets_after), loaded_by="minh", note=None)
        before = load_register_entries(con)
    assert main(["revert", str(plan_batch), "--db", str(db_path), "--lang", "en"]) == 2
    assert "would break its rules" in capsys.readouterr().err
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_register_entries(con) == before


def new_plan_rows():
    from tests.integration.plan_register_files import PLAN_ROWS
    return PLAN_ROWS


def test_the_command_line_previews_a_workbook_writes_it_and_reverts_it(db_path, tmp_path, capsys):
    workbook = new_plan_workbook(tmp_path / "new-plan.xlsx", "en")
    assert main(["plans", "load", str(workbook), "--db", str(db_path), "--lang", "en", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Preview: 6 added, 0 changed, 0 withdrawn" in out and "Decision 888" in out
    assert NEW_PLAN not in registers(db_path).targets.plans
    assert main(["plans", "load", str(workbook), "--db", str(db_path), "--lang", "en", "--user", "minh"]) == 0
    assert NEW_PLAN in registers(db_path).targets.plans
    with duckdb.connect(str(db_path), read_only=True) as con:
        batch = con.execute("SELECT max(batch_id) FROM load_batch").fetchone()[0]
    assert main(["revert", str(batch), "--db", str(db_path), "--lang", "en"]) == 0
    assert NEW_PLAN not in registers(db_path).targets.plans


def test_a_new_plan_is_in_the_deck_and_the_pdf_and_gone_from_both_after_its_revert(db_path, tmp_path):
    import io
    import shutil
    import subprocess

    from pptx import Presentation

    from ipmonitor.documents.deck import build_deck
    from ipmonitor.documents.pdf import build_report_pdf
    from ipmonitor.documents.edition_data import load_report_data

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext missing: install Debian's poppler-utils (make test does)")

    def documents() -> tuple[str, str]:
        with duckdb.connect(str(db_path), read_only=True) as con:
            data = load_report_data(con, "annual", 2026)
        deck = Presentation(io.BytesIO(build_deck(data, "vi")))
        deck_text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                             if shape.has_text_frame)
        deck_text += " ".join(cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
                              for row in shape.table.rows for cell in row.cells)
        path = tmp_path / "report.pdf"
        path.write_bytes(build_report_pdf(data, "vi", charts=[None] * len(data.sections)))
        pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        return " ".join(deck_text.split()), " ".join(pdf.split())

    from etl.tracker_writes import TaskStatusChange, commit_tracker_review, prepare_task_changes

    with db.open_database(db_path) as con:
        batch = commit_register_review(con, prepare_register_workbook(con, new_plan_workbook(tmp_path / "p.xlsx")),
                                       loaded_by="minh", note=None)
        behind = prepare_task_changes(con, [TaskStatusChange(NEW_TASKS[0], 2026, "overdue")],
                                      load_registers(con).plan)
        assert behind.ok, [p.describe("en") for p in behind.problems]
        commit_tracker_review(con, behind, loaded_by="lan", note=None)
    deck_text, pdf_text = documents()
    assert "QĐ 888" in deck_text and "QĐ 888" in pdf_text
    # The new plan's task behind schedule, by the number readers know, never its code.
    assert "QĐ 888 · 1.a" in deck_text and "QĐ 888 · 1.a" in pdf_text
    assert "decision_888" not in deck_text and "decision_888" not in pdf_text
    with db.open_database(db_path) as con:
        revert_register_batch(con, batch, loaded_by="minh")
    deck_text, pdf_text = documents()
    assert "QĐ 888" not in deck_text and "QĐ 888" not in pdf_text


def test_two_copies_of_one_database_changed_apart_are_never_read_as_each_other(db_path, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_path, copy)  # the same database identity, as a backup copied by hand
    rows = {"id": "decision_777", "name_vi": "QĐ 777", "name_en": "Decision 777", "short_vi": "QĐ 777",
            "short_en": "Decision 777"}
    for path, short in ((db_path, "QĐ 777"), (copy, "QĐ 777 (bản sao)")):
        with db.open_database(path) as con:
            workbook = write_workbook(tmp_path / f"{path.stem}.xlsx", {"Plans": [dict(rows, short_vi=short)]})
            commit_register_review(con, prepare_register_workbook(con, workbook), loaded_by="minh", note=None)
    assert registers(db_path).targets.plans["decision_777"]["short_vi"] == "QĐ 777"
    assert registers(copy).targets.plans["decision_777"]["short_vi"] == "QĐ 777 (bản sao)"


def test_a_register_rewritten_by_etl_init_after_a_release_changes_the_documents_data_version(db_path, tmp_path,
                                                                                           monkeypatch):
    from ipmonitor.store.queries import load_data_version
    from ipmonitor.register.targets import TARGETS_ENV_VAR, TARGETS_FILE

    with duckdb.connect(str(db_path), read_only=True) as con:
        before = load_data_version(con)
    corrected = tmp_path / "targets.yaml"
    corrected.write_text(TARGETS_FILE.read_text(encoding="utf-8").replace(
        'short_vi: "QĐ 2724"', 'short_vi: "QĐ 2724/QĐ-UBND"'), encoding="utf-8")
    monkeypatch.setenv(TARGETS_ENV_VAR, str(corrected))  # as a release's corrected file
    assert main(["init", "--db", str(db_path)]) == 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_registers(con).targets.plans["decision_2724"]["short_vi"] == "QĐ 2724/QĐ-UBND"
        assert load_data_version(con) != before  # a cached deck or PDF with the old name is not reused
