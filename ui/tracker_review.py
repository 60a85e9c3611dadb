"""The preview and commit that the Tasks and Reports forms share: every problem at once (nothing can be
written), or the change table and the write button; a commit after someone else's is refused and
previewed again (etl/tracker_writes.py records the refusal and the commit in the audit log)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import streamlit as st

from etl.tracker_writes import TrackerReview, commit_tracker_review
from ipmonitor.store.analyst_accounts import Account
from ipmonitor.changes.change_tables import build_tracker_change_table, build_tracker_problem_table
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.tracker.records import as_tracker_rules
from ui.access import current_account, require_account, write_connection
from ui.cached_reads import read
from ui.write_outcomes import render_message, write_from_page


@dataclass
class PendingChange:
    """A previewed tracker submission, and how to preview it again (a stale commit asks for that)."""

    review: TrackerReview
    prepare: Callable  # (connection) -> TrackerReview


def table_height(rows: int) -> int:
    """Pixels that show a table's header and every row without a scroll bar (st.dataframe's rows are
    35 pixels high), for the few tens of rows the tracker's tables hold."""
    return (rows + 1) * 35 + 3


def signed_in_analyst(lang: str) -> Account | None:
    """The signed-in analyst or admin (checked in the database, as every working page does), None for a
    viewer; called below a viewing page's content, so that a refusal only hides the form."""
    return None if current_account() is None else require_account(lang)


def preview(key: str, prepare: Callable, lang: str) -> None:
    """Check a submission and keep its review under `key`; reads the database, writes nothing."""
    with write_connection(lang, changes=False) as con:
        st.session_state[key] = PendingChange(prepare(con), prepare)
    st.session_state.pop(f"{key}_message", None)


def render_pending(key: str, account: Account, lang: str) -> None:
    """The outcome of the last commit, then the review kept under `key`: its problems, or the preview
    with the write button."""
    render_message(key)
    pending: PendingChange | None = st.session_state.get(key)
    if pending is None:
        return
    review = pending.review
    rules = as_tracker_rules(read(load_plan_register_from))
    render_kept_preview(key, review, build_tracker_problem_table, lambda: st.dataframe(
        build_tracker_change_table(review, rules, lang), hide_index=True, width="stretch"),
        lambda: commit(key, pending, account, lang), lang)


def render_kept_preview(key: str, preview, problem_table: Callable, render_changes: Callable[[], None],
                        write: Callable[[], None], lang: str) -> None:
    """A preview kept under `key` (tracker records, a plan review): its problems, when nothing can be
    written, or what will be recorded (`render_changes`), then the write and discard buttons."""
    if not preview.ok:
        st.error(t("tracker_review.refused", lang, count=format_number(len(preview.problems), lang)))
        st.dataframe(problem_table(preview.problems, lang), hide_index=True, width="stretch")
        return
    st.markdown(f"**{t('tracker_review.preview_title', lang)}**")
    if preview.is_empty:
        st.info(t("tracker_review.nothing", lang))
        return
    render_changes()
    st.caption(t("tracker_review.untouched", lang))
    write_col, discard_col = st.columns([1, 1])
    if write_col.button(t("tracker_review.commit", lang), type="primary", key=f"{key}_commit"):
        write()
        st.rerun()
    if discard_col.button(t("tracker_review.discard", lang), key=f"{key}_discard"):
        st.session_state.pop(key, None)
        st.rerun()


def commit(key: str, pending: PendingChange, account: Account, lang: str) -> None:
    """Write the previewed change as one batch; when someone changed the same records first, nothing is
    written and the preview is made again against the records as they are now."""
    with write_connection(lang) as con:
        outcome = write_from_page(con, lambda: commit_tracker_review(con, pending.review, loaded_by=account.name,
                                                                     note=None),
                                  actor=account.name, refusal={"subject": pending.review.subject}, lang=lang,
                                  committed_key="tracker_review.committed", stale_key="tracker.stale")
        if outcome.stale:
            st.session_state[key] = PendingChange(pending.prepare(con), pending.prepare)
    if outcome.batch is not None:
        st.session_state.pop(key, None)
    st.session_state[f"{key}_message"] = outcome.message
