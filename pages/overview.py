"""Overview (Tổng quan): are we on track? One line for the city as it is now, then one verdict per plan
(the plans in force first, the former territories' plans as history), one card per target."""
import html

import streamlit as st

from ipmonitor.progress.city_verdict import (compute_city_line, compute_plan_spans, describe_city_line,
                                             group_links, order_plans, plan_heading)
from ipmonitor.i18n import t
from ipmonitor.numbers import format_percent
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.tracker.plan_reviews import describe_review_summary, load_review_summary
from ipmonitor.progress.growth import METHODS, STATUSES
from ipmonitor.store.reference import load_vocabulary
from ipmonitor.documents.editions import EDITIONS
from ipmonitor.store.queries import load_year_range
from ipmonitor.register.register_store import load_plan_register_from, load_target_register_from
from ipmonitor.documents.edition import FIRST_REPORT_YEAR
from ipmonitor.progress.scoreboard import AS_REGISTERED, assess_register
from ipmonitor.text import markdown_literal
from ipmonitor.tracker.summaries import describe_blocked_tasks, describe_tracker_summary, load_tracker_summary
from ipmonitor.progress.verdicts import describe_target, format_paces, plan_verdict
from ui.cached_reads import read
from ui.language import current_language
from ui.status_chip import status_chip
from ui.url_choices import url_choice
from ui.controls import TERRITORY_CHOICES, READINGS, territory_label, visible_targets
from ui.downloads import render_document_buttons

lang = current_language()
register = read(load_target_register_from)
territories = load_vocabulary("territory")
today = vietnam_today()
st.title(t("overview.title", lang))
# The city's one line sits right under the title; it is filled once the method is chosen below.
headline = st.container()
st.caption(t("overview.intro", lang))
# The plan tracker in one line: the tasks and yearly reports have their own pages.
# A row that wraps, so that the links keep their whole labels at any width and in either language
# (fixed columns cut them: "Nhiệm v", "Báo cáo định k" at 1280 px).
tracker_row = st.container(horizontal=True, vertical_alignment="center")
tracker_summary = read(load_tracker_summary, today)
tracker_row.caption(describe_tracker_summary(tracker_summary, lang), width="content")
tracker_row.page_link("pages/tasks.py", label=t("tracker_summary.link_tasks", lang), icon=":material/checklist:",
                      query_params={"lang": lang})
tracker_row.page_link("pages/yearly_reports.py", label=t("tracker_summary.link_reports", lang),
                      icon=":material/event_available:", query_params={"lang": lang})
for line in describe_blocked_tasks(tracker_summary, read(load_plan_register_from), lang, escape=markdown_literal):
    st.caption(line)
# The plan's reviews in one line: the last held and the next due (recorded on the Yearly reports page).
review_row = st.container(horizontal=True, vertical_alignment="center")
review_row.caption(describe_review_summary(read(load_review_summary, today), lang), width="content")
review_row.page_link("pages/yearly_reports.py", label=t("plan_review.overview_link", lang), icon=":material/rate_review:",
                     query_params={"lang": lang})

method_col, territory_col, reading_col = st.columns([1.2, 1.6, 1])
method = url_choice(method_col.selectbox, t("controls.method", lang), list(METHODS), "method", "eurostat",
                    key="overview_method", format_func=lambda m: t(f"method.{m}_name", lang))
territory = url_choice(territory_col.selectbox, t("controls.territory", lang), TERRITORY_CHOICES, "territory",
                       AS_REGISTERED, key="overview_territory", format_func=lambda c: territory_label(c, lang))
reading = url_choice(reading_col.radio, t("controls.reading", lang), READINGS, "reading", "a", key="overview_reading",
                     horizontal=True, format_func=lambda r: t(f"controls.reading_{r}", lang))

results = [r for r in read(assess_register, method, territory) if visible_targets(r, register, reading)]
st.caption(t("overview.method_in_use", lang, method=t(f"method.{method}_name", lang),
             territory=territory_label(territory, lang), reading=t(f"controls.reading_{reading}", lang)))



def render_trajectory_links(group) -> None:
    """A group's targets, each a link to its trajectory on the territory the line judges it on."""
    with st.container(horizontal=True, gap="small"):
        for label, indicator in group_links(group, register, lang):
            st.page_link("pages/trajectories.py", label=label, icon=":material/trending_up:",
                         query_params={"indicator": indicator, "method": method, "territory": AS_REGISTERED,
                                       "lang": lang})


# The city as it is now is judged on each target's own territory, whatever territory the cards use.
city_results = [r for r in read(assess_register, method, AS_REGISTERED)
                if visible_targets(r, register, reading)]
city_line = compute_city_line(city_results, register, territories, today)
with headline:
    st.markdown(describe_city_line(city_line, register, territories, lang, chip=status_chip), unsafe_allow_html=True)
    if city_line.groups:
        worst, *others = city_line.groups
        st.markdown(t("city_verdict.worst", lang, status=status_chip(worst.status, lang)), unsafe_allow_html=True)
        render_trajectory_links(worst)
        if others:
            with st.expander(t("city_verdict.others", lang)):
                for group in others:
                    st.markdown(status_chip(group.status, lang), unsafe_allow_html=True)
                    render_trajectory_links(group)

spans = compute_plan_spans(register, territories)
for plan in order_plans(register, spans, today):
    plan_results = [r for r in results if r.plan == plan]
    if not plan_results:
        continue
    reference = all(r.reference for r in plan_results)
    st.subheader(plan_heading(plan, register, spans, territories, today, lang)
                 + (f" · {t('overview.reference', lang)}" if reference else ""))
    st.markdown(f"**{plan_verdict(plan_results, plan, register, lang)}**")
    columns = st.columns(3)
    for position, result in enumerate(plan_results):
        a = result.assessment
        indicator = register.indicators[result.indicator]
        with columns[position % 3].container(border=True):
            # The chip is our own HTML (shape and word in the status's colour); the name is the register's.
            st.markdown(f"**{html.escape(indicator.name(lang))}**  \n{status_chip(a.status, lang)}",
                        unsafe_allow_html=True)
            paces = format_paces(a, lang)  # each number in the indicator's unit (people, %, points a year)
            st.metric(t("overview.latest", lang, year=a.latest_year or "–"), paces["latest"],
                      help=t("overview.target_help", lang, target=paces["target"], year=a.target_year))
            lines = []
            if a.share_reached is not None:
                lines.append(t("overview.share_reached", lang, share=format_percent(a.share_reached, lang, 0),
                               target=paces["target"], year=a.target_year))
            if a.pace.actual is not None or a.pace.required is not None:
                # A lower-is-better target asks for a fall: its paces are changes, not growth.
                lines.append(t("overview.growth" if a.sign > 0 else "overview.growth_change", lang,
                               actual=paces["actual"], required=paces["required"]))
            if a.years_left is not None:
                lines.append(t("overview.years_left", lang, years=a.years_left))
            if a.target_recomputed:
                lines.append(t("overview.recomputed", lang))
            st.caption("  \n".join(lines))
            st.write(describe_target(result, lang))
            st.page_link("pages/trajectories.py", label=t("overview.see_trajectory", lang),
                         query_params={"indicator": result.indicator, "method": method, "territory": territory,
                                       "lang": lang})

# Markdown, not a caption: a caption's faded text would take the chips' colours below 4.5:1 on white.
st.markdown(t("overview.legend", lang, legend=" · ".join(status_chip(s, lang) for s in STATUSES)),
            unsafe_allow_html=True)

# The documents for review meetings: prepared on a click under a progress bar naming each step, then
# downloaded; a document already built for the data as they are now downloads at once.
st.subheader(t("downloads.reports_title", lang))
edition_col, year_col, _ = st.columns([1.4, 1, 2], vertical_alignment="bottom")
edition = edition_col.selectbox(t("downloads.edition", lang), list(EDITIONS), key="overview_edition",
                                format_func=lambda e: t(f"downloads.edition_{e}", lang))
first_year, last_year = read(load_year_range) or (2020, 2025)
year = int(year_col.number_input(t("downloads.as_of", lang), max(first_year, FIRST_REPORT_YEAR), last_year, last_year,
                                 key="overview_year")) if edition == "annual" else None
render_document_buttons(edition, year, lang, method, key="overview")
