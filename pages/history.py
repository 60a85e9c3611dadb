"""History (Lịch sử): every batch, what it changed cell by cell, its revert, and the audit log."""
import datetime as dt

import duckdb
import streamlit as st

from etl.backup import BackupFailed
from etl.batches import RevertRefused, revert
from ipmonitor.tracker.plan_reviews import PLAN_REVIEW, build_review_field_table, load_review_batch_changes
from ipmonitor.register.register_store import PLAN_REGISTER
from ipmonitor.store.audit import AUDIT_ACTIONS, load_audit_log, record_event
from ipmonitor.changes.change_tables import build_change_table, build_tracker_field_table
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.vietnam_time import VIETNAM_TIME
from ipmonitor.store.queries import load_batch_changes, load_batch_history, load_reference_names
from ipmonitor.register.register_store import (load_plan_register_from, load_register_batch_changes,
                                      load_register_batch_status_moves, load_target_register_from)
from ipmonitor.changes.register_change_tables import build_register_change_table, build_status_move_table
from ipmonitor.progress.tables import build_audit_table, build_batch_table
from ipmonitor.tracker.records import TRACKER_SUBJECTS, as_tracker_rules, load_tracker_batch_changes
from ui.access import require_account, write_connection
from ui.cached_reads import read
from ui.language import current_language
from ui.write_outcomes import record_refusal_if_possible, render_message, write_failure_message

lang = current_language()
account = require_account(lang)
st.title(t("history.title", lang))
st.caption(t("history.intro", lang))

batches = read(load_batch_history)
# The kind column is sized for "Hoàn tác lô 1234": measured on its first rows only, it cut a revert's
# number off further down.
st.dataframe(build_batch_table(batches, lang), hide_index=True, width="stretch",
             column_config={t("history.col_kind", lang): st.column_config.TextColumn(width="medium")})

if not batches.empty:
    st.subheader(t("history.batch_title", lang))
    batch_id = st.selectbox(t("history.pick_batch", lang), [int(b) for b in batches["batch_id"]], key="history_batch",
                            format_func=lambda b: t("history.batch_label", lang, batch=b))
    # A task-status or report-receipt batch is read, and reverted, by the plan tracker's own functions;
    # a plan-register batch by the register's, a review of the plan by the reviews'.
    subject = batches.set_index("batch_id").at[batch_id, "subject"]
    plans = subject == PLAN_REGISTER
    tracker = subject in TRACKER_SUBJECTS or subject == PLAN_REVIEW or plans  # told in the records' words
    if plans:
        changes = read(load_register_batch_changes, batch_id)
        st.caption(t("history_tracker.batch_count", lang, count=format_number(len(changes), lang)))
        st.dataframe(build_register_change_table(changes, lang), hide_index=True, width="stretch")
        moves = read(load_register_batch_status_moves, batch_id)
        st.markdown(f"**{t('plans.status_moves_done', lang)}**")
        if moves:
            register = read(load_target_register_from)
            st.dataframe(build_status_move_table(moves, register, None, lang), hide_index=True, width="stretch")
        else:
            st.caption(t("plans.no_status_moves_done", lang))
    elif subject == PLAN_REVIEW:  # a review of the plan (etl/plan_review_writes.py)
        changes = read(load_review_batch_changes, batch_id)
        st.caption(t("history_tracker.batch_count", lang, count=format_number(len(changes), lang)))
        st.dataframe(build_review_field_table(changes, lang), hide_index=True, width="stretch")
    elif tracker:
        changes = read(load_tracker_batch_changes, batch_id)
        st.caption(t("history_tracker.batch_count", lang, count=format_number(len(changes), lang)))
        st.dataframe(build_tracker_field_table(changes, as_tracker_rules(read(load_plan_register_from)), lang), hide_index=True,
                     width="stretch")
    else:
        changes = read(load_batch_changes, batch_id).assign(flagged=False, jump=float("nan"), _row=0)
        st.caption(t("history.batch_count", lang, count=format_number(len(changes), lang)))
        st.dataframe(build_change_table(changes, read(load_reference_names, lang), lang), hide_index=True,
                     width="stretch")

    render_message("history_revert")
    with st.expander(t("history.revert_title", lang, batch=batch_id)):
        st.caption(t("history_tracker.revert_intro" if tracker else "history.revert_intro", lang))
        note = st.text_input(t("review.note", lang), key="history_revert_note", max_chars=500)
        sure = st.checkbox(t("history.revert_confirm", lang, batch=batch_id), key="history_revert_sure")
        if st.button(t("history.revert_button", lang, batch=batch_id), disabled=not sure, type="primary",
                     key="history_revert"):
            with write_connection(lang) as con:
                try:  # whatever the batch changed, its revert and the audit event in one transaction
                    result = revert(con, batch_id, loaded_by=account.name, note=note.strip() or None)
                except RevertRefused as refused:  # the register after the revert would break its rules
                    st.session_state["history_revert_message"] = (
                        "error", t("plans.revert_refused", lang, batch=batch_id, detail=str(refused)))
                    st.rerun()
                except BackupFailed:
                    result = None
                    record_event(con, account.name, "commit_refused", detail={"reverts": batch_id, "reason": "backup"})
                except (duckdb.Error, OSError) as error:
                    message = write_failure_message(error, lang)
                    if message is None:
                        raise
                    record_refusal_if_possible(con, account.name, {"reverts": batch_id, "reason": "write_failed",
                                                                   "error": str(error).splitlines()[0]})
                    st.session_state["history_revert_message"] = ("error", message)
                    st.rerun()
            if result is None:
                st.session_state["history_revert_message"] = ("warning", t("review.backup_failed", lang))
                st.rerun()
            if result.batch_id is None:
                message = ("warning", t("history.revert_nothing", lang, batch=batch_id))
            else:
                message = ("success", t("history_tracker.reverted" if tracker else "history.reverted", lang,
                                        batch=batch_id, new=result.batch_id,
                                        restored=format_number(result.restored, lang),
                                        withdrawn=format_number(result.withdrawn, lang)))
            if result.conflicts:
                skipped = t("history_tracker.revert_skipped" if tracker else "history.revert_skipped", lang,
                            count=format_number(len(result.conflicts), lang))
                message = ("warning", message[1] + " " + skipped)
            st.session_state["history_revert_message"] = message
            st.session_state.pop("history_revert_sure", None)
            st.rerun()

st.subheader(t("history.audit_title", lang))
actor_col, action_col, dates_col = st.columns([1, 1, 1.2])
everyone = read(load_audit_log)
actor = actor_col.selectbox(t("history.col_who", lang), sorted(set(everyone["actor"])), index=None,
                            placeholder=t("data.filter_all", lang), key="history_actor")
action = action_col.selectbox(t("history.col_action", lang), list(AUDIT_ACTIONS), index=None,
                              format_func=lambda a: t(f"audit.{a}", lang), placeholder=t("data.filter_all", lang),
                              key="history_action")
days = dates_col.date_input(t("history.audit_dates", lang), value=(), key="history_dates", format="DD/MM/YYYY")
since = until = None
if len(days) == 2:  # days in Viet Nam time, the log in UTC
    since = dt.datetime.combine(days[0], dt.time(), VIETNAM_TIME).astimezone(dt.timezone.utc).replace(tzinfo=None)
    until = dt.datetime.combine(days[1] + dt.timedelta(days=1), dt.time(), VIETNAM_TIME).astimezone(
        dt.timezone.utc).replace(tzinfo=None)
log = read(load_audit_log, actor, action, since, until)
st.caption(t("history.audit_count", lang, count=format_number(len(log), lang)))
st.dataframe(build_audit_table(log, lang), hide_index=True, width="stretch")
