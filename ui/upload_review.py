"""The review that an upload and an in-place edit share: problems, or the preview with jumps to
confirm, a note, and the commit (audited, refused with a fresh preview when someone committed first)."""
from __future__ import annotations

import streamlit as st

from etl.batches import Audit
from etl.pipeline import commit_prepared
from etl.problems import ERROR, NOTE, WARNING
from etl.review import Review, prepare_review
from ipmonitor.store.analyst_accounts import Account
from ipmonitor.store.audit import record_event
from ipmonitor.changes.change_tables import build_change_table, build_problem_table
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.store.queries import load_reference_names
from ipmonitor.text import markdown_literal
from ui.access import write_connection
from ui.write_outcomes import write_from_page
from ui.cached_reads import read


def review_summary(review: Review) -> dict:
    """What the audit log keeps about a checked or committed file."""
    prepared = review.prepared
    summary = {"origin": review.origin, "file": review.file_name, "sha256": prepared.sha256,
               "errors": sum(p.severity == ERROR for p in prepared.problems),
               "warnings": sum(p.severity == WARNING for p in prepared.problems)}
    if prepared.changes is not None:
        summary.update(added=prepared.changes.count("added"), changed=prepared.changes.count("changed"),
                       unchanged=prepared.changes.count("unchanged"), flagged=review.flagged)
    return summary


def check_and_remember(key: str, account: Account, origin: str, content, file_name: str, lang: str) -> None:
    """Check a file or an edit (nothing written but the audit line) and keep its review in the session."""
    with write_connection(lang, changes=False) as con:
        review = prepare_review(con, origin, content, file_name)
        record_event(con, account.name, "upload_checked", detail=review_summary(review))
    st.session_state[key] = review
    st.session_state.pop(f"{key}_message", None)


def render_review(key: str, account: Account, lang: str, on_commit=None) -> None:
    """Show the review kept under `key`: problems (nothing can be written), or the preview and commit."""
    review: Review | None = st.session_state.get(key)
    if review is None:
        return
    prepared = review.prepared
    errors = [p for p in prepared.problems if p.severity == ERROR]
    warnings = [p for p in prepared.problems if p.severity == WARNING]
    notes = [p for p in prepared.problems if p.severity == NOTE]
    if errors:
        st.error(t("review.refused", lang, file=markdown_literal(review.file_name),
                   count=format_number(len(errors), lang)))
        st.dataframe(build_problem_table(errors + warnings, lang), hide_index=True, width="stretch")
        render_notes(notes, lang)
        return
    if warnings:
        st.warning(t("review.warnings", lang, count=format_number(len(warnings), lang)))
        st.dataframe(build_problem_table(warnings, lang), hide_index=True, width="stretch")
    render_notes(notes, lang)
    changes = prepared.changes
    added, changed, unchanged = st.columns(3)
    added.metric(t("review.status_added", lang), format_number(changes.count("added"), lang))
    changed.metric(t("review.status_changed", lang), format_number(changes.count("changed"), lang))
    unchanged.metric(t("review.status_unchanged", lang), format_number(changes.count("unchanged"), lang))
    if changes.is_empty:
        st.info(t("review.nothing", lang))
        return
    if review.flagged:
        st.warning(t("review.jumps", lang, count=format_number(review.flagged, lang)))
    names = read(load_reference_names, lang)
    st.dataframe(build_change_table(review.writes, names, lang), hide_index=True, width="stretch")
    confirmed = True
    if review.flagged:
        confirmed = st.checkbox(t("review.confirm_jumps", lang, count=format_number(review.flagged, lang)),
                                key=f"{key}_confirm")
    note = st.text_input(t("review.note", lang), key=f"{key}_note", max_chars=500,
                         placeholder=t("review.note_placeholder", lang))
    writes = changes.count("added") + changes.count("changed")
    if st.button(t("review.commit", lang, count=format_number(writes, lang)), type="primary",
                 disabled=not confirmed, key=f"{key}_commit"):
        commit_review(key, review, account, note.strip() or None, lang)
        if on_commit is not None:
            on_commit()
        st.rerun()


def render_notes(notes: list, lang: str) -> None:
    """How the file was read where it could be read two ways (a territory by year, a measure from a
    sheet's name, a total checked): said, never silent."""
    if notes:
        st.info(t("review.notes", lang, count=format_number(len(notes), lang)))
        st.dataframe(build_problem_table(notes, lang), hide_index=True, width="stretch")


def commit_review(key: str, review: Review, account: Account, note: str | None, lang: str) -> None:
    """Write the reviewed change as one batch; when another batch came first, nothing is written and
    the review is made again against the figures as they are now."""
    audit = Audit("commit" if review.origin == "upload" else "edit", review_summary(review), names_batch=False)
    with write_connection(lang) as con:
        outcome = write_from_page(con, lambda: commit_prepared(con, review.prepared, loaded_by=account.name,
                                                               note=note, audit=audit),
                                  actor=account.name, refusal=review_summary(review), lang=lang,
                                  committed_key="review.committed", stale_key="review.stale")
        if outcome.stale:
            st.session_state[key] = prepare_review(con, review.origin, review.content, review.file_name)
    if outcome.batch is not None:
        for name in (key, f"{key}_confirm", f"{key}_note"):
            st.session_state.pop(name, None)
    st.session_state[f"{key}_message"] = outcome.message
