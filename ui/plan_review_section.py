"""The reviews of the plan on the Yearly reports page: the reviews held and the next one due; for a
signed-in analyst, the form that records a review (preview with the statuses it will freeze, then
write). Shared page code, like ui/tracker_review.py: no page of its own."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from etl.plan_review_writes import ReviewEntry, ReviewPreview, commit_review, prepare_review
from ipmonitor.changes.change_tables import build_review_preview_table, build_review_problem_table
from ipmonitor.i18n import t
from ipmonitor.tracker.plan_reviews import (REVIEW_KINDS, build_held_table, build_snapshot_table,
                                            describe_next, load_review_summary, review_years)
from ipmonitor.register.register_store import load_target_register_from
from ui.access import write_connection
from ui.cached_reads import read
from ui.write_outcomes import render_message, write_from_page
from ui.tracker_review import render_kept_preview, signed_in_analyst, table_height

KEY = "reports_plan_review"


def render_plan_review_section(today: dt.date, lang: str) -> None:
    """The section: reviews held, the next one due, and the analyst's form."""
    st.subheader(t("plan_review.section_title", lang))
    st.caption(t("plan_review.section_intro", lang))
    summary = read(load_review_summary, today)
    (st.warning if summary.next is not None and summary.next.overdue else st.info)(describe_next(summary.next, lang))
    st.markdown(f"**{t('plan_review.held_title', lang)}**")
    if summary.held:
        st.dataframe(build_held_table(summary.held, lang), hide_index=True, width="stretch",
                     height=table_height(len(summary.held)), column_config={
                         t("plan_review.field.link", lang): st.column_config.LinkColumn()})
    else:
        st.caption(t("plan_review.none_held", lang))
    account = signed_in_analyst(lang)
    if account is None:
        return
    st.markdown(f"**{t('plan_review.form_title', lang)}**")
    st.caption(t("plan_review.form_intro", lang))
    with st.container(border=True):
        kind_col, year_col, date_col = st.columns([1.4, 1, 1])
        kind = kind_col.selectbox(t("plan_review.form_kind", lang), list(REVIEW_KINDS), key=f"{KEY}_kind",
                                  format_func=lambda k: t(f"plan_review.kind.{k}", lang).capitalize())
        years = review_years(kind)
        year = year_col.selectbox(t("plan_review.form_year", lang), years, key=f"{KEY}_year_{kind}",
                                  index=years.index(min(max(today.year, years[0]), years[-1])))
        held_on = date_col.date_input(t("plan_review.form_held_on", lang), value=None, max_value=today,
                                      format="DD/MM/YYYY", key=f"{KEY}_held_on")
        document = st.text_input(t("plan_review.form_document", lang), key=f"{KEY}_document",
                                 placeholder=t("plan_review.form_document_placeholder", lang))
        link = st.text_input(t("plan_review.form_link", lang), key=f"{KEY}_link",
                             placeholder=t("plan_review.form_link_placeholder", lang))
        conclusions = st.text_area(t("plan_review.form_conclusions", lang), key=f"{KEY}_conclusions", height=100)
        if st.button(t("plan_review.preview", lang), key=f"{KEY}_preview"):
            entry = ReviewEntry(kind, year, held_on, document, link, conclusions)
            with write_connection(lang, changes=False) as con:
                st.session_state[KEY] = (entry, prepare_review(con, entry, today=today))
            st.session_state.pop(f"{KEY}_message", None)
        render_pending(account, today, lang)


def render_pending(account, today: dt.date, lang: str) -> None:
    """The last commit's outcome, then the kept preview: its problems, or what will be recorded (the
    frozen statuses included) with the write button."""
    render_message(KEY)
    kept = st.session_state.get(KEY)
    if kept is None:
        return
    entry, preview = kept

    def render_changes() -> None:
        st.dataframe(build_review_preview_table(preview, lang), hide_index=True, width="stretch")
        with st.expander(t("plan_review.frozen_title", lang)):
            snapshot = build_snapshot_table(preview.new.snapshot, read(load_target_register_from), lang)
            st.dataframe(snapshot, hide_index=True, width="stretch", height=table_height(len(snapshot)))

    render_kept_preview(KEY, preview, build_review_problem_table, render_changes,
                        lambda: commit(entry, preview, account, today, lang), lang)


def commit(entry: ReviewEntry, preview: ReviewPreview, account, today: dt.date, lang: str) -> None:
    """Write the previewed review as one batch; when anything was written since the preview, nothing is
    written and the preview is made again on the database as it is now."""
    with write_connection(lang) as con:
        outcome = write_from_page(con, lambda: commit_review(con, preview, loaded_by=account.name),
                                  actor=account.name, refusal={"subject": "plan_review"}, lang=lang,
                                  committed_key="tracker_review.committed", stale_key="tracker.stale")
        if outcome.stale:
            st.session_state[KEY] = (entry, prepare_review(con, entry, today=today))
    if outcome.batch is not None:
        st.session_state.pop(KEY, None)
    st.session_state[f"{KEY}_message"] = outcome.message
