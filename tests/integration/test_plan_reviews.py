"""The plan's reviews on real DuckDB files (migration 012): recorded through preview and one batch with
its backup and audit event, reverted in Python and from the command line, kept by a backup and restore,
refused by the schema where the checks were skipped, and printed by the mid-term and final editions of
the PDF (read back with pdftotext) and the deck, which say «chưa tổ chức» without one."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess

import duckdb
import pytest
from pptx import Presentation

from etl.backup import (BACKUP_DIR_ENV_VAR, BACKUP_KEEP_ENV_VAR, backup_database, list_backups,
                        restore_database)
from etl.load import revert_batch
from etl.batches import StalePreview, WrongSubject
from etl.plan_review_writes import ReviewEntry, commit_review, prepare_review, revert_review_batch
from ipmonitor.store import db
from ipmonitor.store.audit import load_audit_log
from ipmonitor.tracker.plan_reviews import (FrozenStatus, Snapshot, load_plan_review, load_plan_reviews,
                                    load_review_batch_changes, load_review_summary)
from ipmonitor.store.queries import load_batch_history
from ipmonitor.progress.tables import describe_audit_detail
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.tracker.records import load_batch_subject

TODAY = dt.date(2026, 3, 2)
MIDTERM = ReviewEntry("midterm", 2025, dt.date(2025, 11, 12), "123/BC-UBND", "https://cantho.gov.vn/so-ket-151",
                      "Đẩy mạnh hỗ trợ đăng ký sáng chế; bổ sung số liệu đào tạo.")


@pytest.fixture(autouse=True)
def default_backup_settings(monkeypatch):
    monkeypatch.delenv(BACKUP_DIR_ENV_VAR, raising=False)
    monkeypatch.delenv(BACKUP_KEEP_ENV_VAR, raising=False)


def record(con, entry: ReviewEntry = MIDTERM, who: str = "lan") -> int | None:
    preview = prepare_review(con, entry, today=TODAY)
    assert preview.ok, [p.describe("en") for p in preview.problems]
    return commit_review(con, preview, loaded_by=who)


def pdf_text(data, lang: str, tmp_path) -> str:
    path = tmp_path / f"report-{lang}.pdf"
    path.write_bytes(build_report_pdf(data, lang, charts=[None] * len(data.sections)))
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def deck_text(data, lang: str) -> list[str]:
    """Each slide's text (shapes and table cells), the notes included."""
    import io

    from ipmonitor.documents.deck import build_deck

    slides = []
    for slide in Presentation(io.BytesIO(build_deck(data, lang))).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text)
        slides.append("\n".join(parts))
    return slides


def test_a_review_is_recorded_as_one_batch_with_its_frozen_statuses_backup_and_audit_event(db_path):
    with db.open_database(db_path) as con:
        preview = prepare_review(con, MIDTERM, today=TODAY)
        assert preview.change == "added" and load_plan_reviews(con) == []  # the preview wrote nothing
        before = len(list_backups(db_path))
        batch = commit_review(con, preview, loaded_by="lan")
        assert len(list_backups(db_path)) == before + 1
        assert load_batch_subject(con, batch) == "plan_review"
        review = load_plan_review(con, "midterm", 2025)
        assert (review.held_on, review.document, review.link, review.batch_id) == (
            dt.date(2025, 11, 12), "123/BC-UBND", "https://cantho.gov.vn/so-ket-151", batch)
        # The statuses the status engine gives as of 2025 on the database as it was, one per target.
        snapshot = review.snapshot
        assert (snapshot.method, snapshot.as_of) == ("eurostat", 2025)
        assert {s.target_id: s.status for s in snapshot.targets}["T1a"] == "achieved"
        assert len(snapshot.targets) == len(load_report_data(con, "midterm").results)
        event = load_audit_log(con, action="plan_review_update").iloc[0]
        assert event["batch_id"] == batch and json.loads(event["detail"])["counts"] == {"added": 1}
        assert describe_audit_detail(event["detail"], "vi") == (
            "1 mục thêm mới; sơ kết giữa kỳ; năm 2025; Rà soát kế hoạch.")
        # The same review again writes nothing.
        assert record(con) is None


def test_a_revert_brings_back_the_earlier_record_or_withdraws_a_first_one(db_path):
    with db.open_database(db_path) as con:
        first = record(con)
        second = record(con, dataclasses.replace(MIDTERM, document="130/BC-UBND", link=None))
        changes = load_review_batch_changes(con, second)
        assert changes[["change", "field", "old", "new"]].values.tolist() == [
            ["changed", "document", "123/BC-UBND", "130/BC-UBND"],
            ["changed", "link", "https://cantho.gov.vn/so-ket-151", None]]
        result = revert_review_batch(con, second, loaded_by="minh")
        assert (result.restored, result.withdrawn) == (1, 0)
        assert load_plan_review(con, "midterm", 2025).document == "123/BC-UBND"
        assert load_plan_review(con, "midterm", 2025).link == "https://cantho.gov.vn/so-ket-151"
        assert load_batch_history(con).iloc[0][["kind", "reverts_batch"]].tolist() == ["revert", second]
        result = revert_review_batch(con, first, loaded_by="minh")
        assert result.conflicts == [("midterm", 2025)]  # changed again later (by the revert): kept
        with pytest.raises(WrongSubject):
            revert_batch(con, first, loaded_by="minh")  # the figures' revert refuses a review batch
    with db.open_database(db_path) as con:
        third = record(con, ReviewEntry("yearly", 2024, dt.date(2024, 10, 25), "88/BC-UBND"))
        revert_review_batch(con, third, loaded_by="minh")
        assert load_plan_review(con, "yearly", 2024) is None


def test_etl_revert_undoes_a_review_batch_from_the_command_line(db_path, etl_in_process):
    with db.open_database(db_path) as con:
        batch = record(con)
    run = etl_in_process("revert", str(batch), "--db", str(db_path), "--user", "minh", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert f"batch {batch}" in run.stdout.lower() or str(batch) in run.stdout
    with db.open_database(db_path) as con:
        assert load_plan_reviews(con) == []
        event = load_audit_log(con, action="revert").iloc[0]
        assert json.loads(event["detail"])["subject"] == "plan_review" and event["channel"] == "cli"


def test_a_preview_made_before_anyone_wrote_is_refused_and_nothing_is_written(db_path):
    with db.open_database(db_path) as con:
        preview = prepare_review(con, MIDTERM, today=TODAY)
        record(con, ReviewEntry("yearly", 2024, dt.date(2024, 10, 25), "88/BC-UBND"))
        with pytest.raises(StalePreview):
            commit_review(con, preview, loaded_by="lan")
        assert load_plan_review(con, "midterm", 2025) is None
        assert json.loads(load_audit_log(con, action="commit_refused").iloc[0]["detail"])["reason"] == "stale"


@pytest.mark.parametrize("kind, year, link, refused", [
    ("yearly", 2024, "https://cantho.gov.vn/a", False),  # the same statement passes with good values
    ("midterm", 2025, None, False),
    ("midterm", 2026, None, True),                     # the mid-term review is 2025's
    ("final", 2025, None, True),                       # the final review is 2030's
    ("yearly", 2024, "javascript:alert(1)", True),     # a link is http(s) only
    ("yearly", 2024, "https://a b", True),
    ("quarterly", 2024, None, True),
])
def test_the_schema_refuses_a_review_the_checks_would_have_refused(db_path, kind, year, link, refused):
    insert = ("INSERT INTO plan_review_version (kind, year, held_on, document, link, statuses, batch_id)"
              " SELECT ?, ?, DATE '2026-01-10', '1/BC-UBND', ?, '{}', max(batch_id) FROM load_batch")
    with db.open_database(db_path) as con:
        if refused:
            with pytest.raises(duckdb.ConstraintException):
                con.execute(insert, [kind, year, link])
        else:
            con.execute(insert, [kind, year, link])


def test_a_backup_and_restore_keep_the_reviews(db_path):
    with db.open_database(db_path) as con:
        record(con)
        kept = load_plan_reviews(con)
        backup = backup_database(con, label="manual")
        record(con, dataclasses.replace(MIDTERM, document="130/BC-UBND"))
    restore_database(db_path, backup, wait_seconds=1)
    with db.open_database(db_path) as con:
        assert load_plan_reviews(con) == kept
        batch = record(con, dataclasses.replace(MIDTERM, document="131/BC-UBND"))
        assert batch > kept[0].batch_id


def test_the_midterm_pdf_prints_the_review_and_the_statuses_that_changed_since(db_path, tmp_path):
    with db.open_database(db_path) as con:
        preview = prepare_review(con, MIDTERM, today=TODAY)
        # The review saw T1a as moving away (the figures were revised since): frozen as it saw it.
        seen = Snapshot(preview.new.snapshot.method, 2025, tuple(
            FrozenStatus(s.target_id, "moving_away", 4000.0, 2024) if s.target_id == "T1a" else s
            for s in preview.new.snapshot.targets))
        preview.new = dataclasses.replace(preview.new, snapshot=seen)
        commit_review(con, preview, loaded_by="lan")
        data = load_report_data(con, "midterm")
    text = pdf_text(data, "vi", tmp_path)
    assert "Sơ kết giữa kỳ năm 2025" in text
    assert "Ngày tổ chức: 12/11/2025" in text and "Số văn bản: 123/BC-UBND" in text
    assert "https://cantho.gov.vn/so-ket-151" in text and "Đẩy mạnh hỗ trợ đăng ký sáng chế" in text
    assert "1 chỉ tiêu đổi trạng thái" in text
    assert "4.000, 2024" in text and "chưa tổ chức" not in text
    english = pdf_text(data, "en", tmp_path)
    assert "Date held: 12 Nov 2025" in english and "1 targets have changed status" in english


def test_the_midterm_and_final_editions_say_not_yet_held_without_a_review_and_the_annual_says_nothing(database,
                                                                                                      tmp_path):
    midterm = load_report_data(database, "midterm")
    assert midterm.review is None
    assert "Ngày tổ chức: chưa tổ chức" in pdf_text(midterm, "vi", tmp_path)
    assert "Date held: not yet held" in pdf_text(midterm, "en", tmp_path)
    final = load_report_data(database, "final")
    assert "Tổng kết năm 2030" in pdf_text(final, "vi", tmp_path)
    annual = load_report_data(database, "annual", 2024)
    assert "chưa tổ chức" not in pdf_text(annual, "vi", tmp_path)


def test_the_deck_prints_the_review_or_says_it_was_not_held(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        slides = deck_text(load_report_data(con, "midterm"), "vi")
    assert "Ngày tổ chức: chưa tổ chức" in slides[-1]
    with db.open_database(db_path) as con:
        record(con)
        slides = deck_text(load_report_data(con, "midterm"), "vi")
        annual = deck_text(load_report_data(con, "annual", 2025), "vi")
    review = slides[-1]
    assert review.startswith("Sơ kết giữa kỳ năm 2025")
    assert "Ngày tổ chức: 12/11/2025" in review and "Số văn bản: 123/BC-UBND" in review
    assert "Đến nay chưa chỉ tiêu nào đổi trạng thái" in review
    assert not any("Sơ kết giữa kỳ năm 2025" in slide.splitlines()[0] for slide in annual)


def test_the_overview_summary_reads_the_last_review_and_the_next_due(db_path):
    with db.open_database(db_path) as con:
        assert load_review_summary(con, dt.date(2025, 12, 1)).next.kind == "midterm"
        record(con)
        summary = load_review_summary(con, dt.date(2025, 12, 1))
    assert (summary.last.kind, summary.next.kind, summary.next.year) == ("midterm", "yearly", 2026)
