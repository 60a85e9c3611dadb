"""Yearly reports (Báo cáo định kỳ): the two deadlines of a year, who has been recorded as reporting and
when, who to remind (with downloads); for a signed-in analyst, the form that marks a report received."""
from functools import partial

import streamlit as st

from etl.tracker_writes import ReportReceiptChange, prepare_receipt_changes
from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_number
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.tracker.receipt_board import (build_board_table, build_reminder_list, build_reminder_sheets,
                                             count_reports_by_status, deadline_lines, default_report_year,
                                             load_reports_board, receipt_agency_choices, report_status_label,
                                             report_years, style_board_table)
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.tracker.records import REPORTS
from ui.cached_reads import read
from ui.language import current_language
from ui.url_choices import url_choice
from ui.downloads import render_table_downloads
from ui.plan_review_section import render_plan_review_section
from ui.tracker_review import preview, render_pending, signed_in_analyst, table_height

lang = current_language()
register = read(load_plan_register_from)
today = vietnam_today()
st.title(t("reports_page.title", lang))
st.caption(t("reports_page.intro", lang))

years = report_years(register)
year_col, _ = st.columns([1, 3])
year = url_choice(year_col.selectbox, t("reports_page.year", lang), years, "year",
                  default_report_year(register, today), key="reports_year")

st.subheader(t("reports_page.deadlines_title", lang, year=year))
for line, on_weekend in deadline_lines(register, year, lang):
    if on_weekend:
        st.warning(f"{line} {t('reporting.weekend_note', lang)}", icon=":material/event_busy:")
    else:
        st.markdown(f"- {line}")
st.caption(t("reporting.deadline_reading", lang))

st.subheader(t("reports_page.board_title", lang, year=year))
board = read(load_reports_board, year, today, lang)
for column, (code, count) in zip(st.columns(4), count_reports_by_status(board).items()):
    column.metric(report_status_label(code, lang), format_number(count, lang))
st.dataframe(style_board_table(build_board_table(board, lang), board), hide_index=True, width="stretch",
             height=table_height(len(board)))
st.caption(t("reports_page.receipts_caption", lang, today=format_date(today, lang)))

st.subheader(t("reports_page.reminders_title", lang))
reminders = build_reminder_list(board, lang)
if reminders.empty:
    st.info(t("reports_page.reminders_none", lang, year=year))
else:
    st.caption(t("reports_page.reminders_intro", lang))
    st.dataframe(reminders, hide_index=True, width="stretch", height=table_height(len(reminders)))
    name, sheet = t("reports_page.reminders_file", lang, year=year), t("reports_page.reminders_sheet", lang, year=year)
    render_table_downloads(partial(build_reminder_sheets, reminders, sheet), name, "reports", lang,
                           "reports_page.download")

account = signed_in_analyst(lang)
if account is not None:
    st.subheader(t("reports_page.form_title", lang))
    st.caption(t("reports_page.form_intro", lang))
    with st.container(border=True):
        report_col, year_form_col = st.columns([3, 1])
        report = report_col.radio(t("reports_page.form_report", lang), list(REPORTS), key="reports_form_report",
                                  format_func=lambda r: t(f"tracker.report.{r}", lang))
        form_year = year_form_col.selectbox(t("reports_page.form_year", lang), years, index=years.index(year),
                                            key="reports_form_year")
        agency_col, date_col = st.columns([3, 1])
        agency_id = agency_col.selectbox(t("reports_page.form_agency", lang),
                                         receipt_agency_choices(register, form_year, report), key="reports_form_agency",
                                         format_func=lambda a: register.agencies[a].name(lang))
        received_on = date_col.date_input(t("reports_page.form_received_on", lang), value=today, max_value=today,
                                          format="DD/MM/YYYY", key="reports_form_received_on")
        reference = st.text_input(t("reports_page.form_reference", lang), key="reports_form_reference",
                                  placeholder=t("reports_page.form_reference_placeholder", lang))
        note = st.text_area(t("reports_page.form_note", lang), key="reports_form_note", height=80)
        if st.button(t("reports_page.preview", lang), key="reports_form_preview"):
            change = ReportReceiptChange(report, agency_id, form_year, received_on, reference=reference, note=note)
            preview("reports_review", lambda con: prepare_receipt_changes(con, [change], register, today=today), lang)
        render_pending("reports_review", account, lang)

render_plan_review_section(today, lang)
