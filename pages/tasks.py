"""Tasks (Nhiệm vụ): the plan's tasks in a year, who holds them then, and the status recorded for each,
blocked tasks first with their difficulty and the agency that must act; for a signed-in analyst, the form
that records a status (preview, then write)."""
import streamlit as st

from etl.tracker_writes import TaskStatusChange, prepare_task_changes
from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_number
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.tracker.task_board import (BOARD_STATUSES, acting_agency_choices, acting_agency_name,
                                          agency_choices, blocked_task_rows, build_blocked_table,
                                          build_task_history_table, build_task_table, count_tasks_by_status,
                                          filter_task_rows, holding_day, load_task_history, load_task_rows,
                                          status_label, style_task_table, task_years)
from ipmonitor.tracker.records import TASK_STATUSES
from ui.cached_reads import read
from ui.language import current_language
from ui.url_choices import url_choice
from ui.tracker_review import preview, render_pending, signed_in_analyst, table_height

lang = current_language()
register = read(load_plan_register_from)
st.title(t("tasks_page.title", lang))
st.caption(t("tasks_page.intro", lang))

years = task_years()
this_year = min(max(vietnam_today().year, years[0]), years[-1])
year_col, area_col, agency_col, status_col = st.columns([0.7, 1.6, 1.6, 1])
year = url_choice(year_col.selectbox, t("tasks_page.filter_year", lang), years, "year", this_year, key="tasks_year")
rows = read(load_task_rows, year)
area = area_col.selectbox(t("tasks_page.filter_area", lang), list(register.areas), index=None, key="tasks_area",
                          format_func=lambda number: f"{number}. {register.areas[number].name(lang)}",
                          placeholder=t("data.filter_all", lang))
agency = agency_col.selectbox(t("tasks_page.filter_agency", lang), agency_choices(register, rows), index=None,
                              key="tasks_agency", format_func=lambda a: register.agencies[a].name(lang),
                              placeholder=t("data.filter_all", lang))
status = status_col.selectbox(t("tasks_page.filter_status", lang), list(BOARD_STATUSES), index=None,
                              key="tasks_status", format_func=lambda s: status_label(s, lang),
                              placeholder=t("data.filter_all", lang))

for column, (code, count) in zip(st.columns(len(BOARD_STATUSES)), count_tasks_by_status(rows).items()):
    column.metric(status_label(code, lang), format_number(count, lang))

shown = filter_task_rows(rows, area=area, agency=agency, status=status)
if not blocked_task_rows(shown).empty:
    st.subheader(t("tasks_page.blocked_title", lang, year=year))
    st.caption(t("tasks_page.blocked_intro", lang))
    st.dataframe(build_blocked_table(shown, register, lang), hide_index=True, width="stretch",
                 height=table_height(len(blocked_task_rows(shown))), column_config={
        t("tasks_page.col_difficulty", lang): st.column_config.TextColumn(width="medium"),
    })
st.caption(t("tasks_page.shown", lang, shown=format_number(len(shown), lang), total=format_number(len(rows), lang),
             year=year))
if shown.empty:
    st.info(t("tasks_page.none_match", lang))
else:
    st.dataframe(style_task_table(build_task_table(shown, register, lang), shown), hide_index=True, width="stretch",
                 height=table_height(len(shown)), column_config={
        t("tasks_page.col_link", lang): st.column_config.LinkColumn(display_text=t("tasks_page.link_text", lang)),
        t("tasks_page.col_title", lang): st.column_config.TextColumn(width="large"),
    })
st.caption(t("tasks_page.not_recorded_note", lang, year=year) + " "
           + t("tasks_page.holders_note", lang, date=format_date(holding_day(register, year), lang)))

with st.expander(t("tasks_page.history_title", lang)):
    picked = st.selectbox(t("tasks_page.history_pick", lang), list(register.tasks), key="tasks_history_task",
                          format_func=lambda task_id: f"{register.task_number(task_id, lang)} – "
                                                              f"{register.tasks[task_id].title(lang)}")
    history = read(load_task_history, picked)
    if history.empty:
        st.caption(t("tasks_page.history_none", lang))
    else:
        st.dataframe(build_task_history_table(history, register, lang), hide_index=True, width="stretch")

account = signed_in_analyst(lang)
if account is not None:
    st.subheader(t("tasks_page.form_title", lang))
    st.caption(t("tasks_page.form_intro", lang))
    with st.container(border=True):
        task_col, year_form_col, status_form_col = st.columns([3, 0.8, 1.2])
        task_id = task_col.selectbox(t("tasks_page.form_task", lang), list(register.tasks), key="tasks_form_task",
                                     format_func=lambda task_id: f"{register.task_number(task_id, lang)} – "
                                                              f"{register.tasks[task_id].title(lang)}")
        form_year = year_form_col.selectbox(t("tasks_page.form_year", lang), years, index=years.index(year),
                                            key="tasks_form_year")
        new_status = status_form_col.selectbox(t("tasks_page.form_status", lang), list(TASK_STATUSES),
                                               key="tasks_form_status",
                                               format_func=lambda s: t(f"tracker.status.{s}", lang))
        evidence = st.text_input(t("tasks_page.form_evidence", lang), key="tasks_form_evidence",
                                 placeholder=t("tasks_page.form_evidence_placeholder", lang))
        acting_agency = st.selectbox(t("tasks_page.form_acting_agency", lang), acting_agency_choices(register),
                                     index=None, key="tasks_form_acting_agency",
                                     format_func=lambda a: acting_agency_name(register, a, lang),
                                     placeholder=t("tasks_page.form_acting_agency_placeholder", lang))
        note = st.text_area(t("tasks_page.form_note", lang), key="tasks_form_note", height=80)
        if st.button(t("tasks_page.preview", lang), key="tasks_form_preview"):
            change = TaskStatusChange(task_id, form_year, new_status, note=note, evidence=evidence,
                                      acting_agency_id=acting_agency)
            preview("tasks_review", lambda con: prepare_task_changes(con, [change], register), lang)
        render_pending("tasks_review", account, lang)
