"""What if (Kịch bản): an indicator's path from its latest figure at a chosen yearly growth or count,
against every plan's target on it: the year each would be reached, the status it would have, the pace
it needs. Every choice is kept in the URL, so a link reopens the scenario."""
from functools import partial

import streamlit as st

from ipmonitor.documents.editions import EDITIONS
from ipmonitor.progress.charts import build_trajectory_figure, chart_config
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_percent
from ipmonitor.progress.growth import METHODS
from ipmonitor.store.queries import load_year_range
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.documents.edition import FIRST_REPORT_YEAR
from ipmonitor.documents.edition_data import load_year_kinds
from ipmonitor.progress.scenario import (ScenarioChoice, compute_scenario_view, count_adds_up,
                                         default_yearly_count)
from ipmonitor.progress.scoreboard import (AS_REGISTERED, assess_register, group_by_series_territory,
                                  load_indicator_series)
from ipmonitor.progress.tables import build_scenario_table
from ipmonitor.progress.trajectory import trajectory_of
from ipmonitor.progress.verdicts import describe_scenario
from ui.cached_reads import keep_chart, read
from ui.language import current_language
from ui.page_registry import SCENARIO
from ui.url_choices import link_to_this_view, url_choice, url_float, url_hundredths
from ui.controls import TERRITORY_CHOICES, territory_label
from ui.downloads import render_document_buttons

lang = current_language()
register = read(load_target_register_from)
indicators = [key for key in register.indicators if register.targets_of(key)] + list(register.untargeted())
st.title(t("scenario.title", lang))
st.caption(t("scenario.intro", lang))

indicator_col, territory_col, method_col = st.columns([1.6, 1.4, 1.2])
indicator = url_choice(indicator_col.selectbox, t("controls.indicator", lang), indicators, "indicator", indicators[0],
                       key="scenario_indicator", format_func=lambda key: register.indicators[key].name(lang))
territory = url_choice(territory_col.selectbox, t("controls.territory", lang), TERRITORY_CHOICES, "territory",
                       AS_REGISTERED, key="scenario_territory", format_func=lambda c: territory_label(c, lang))
method = url_choice(method_col.selectbox, t("controls.method", lang), list(METHODS), "method", "eurostat",
                    key="scenario_method", format_func=lambda m: t(f"method.{m}_name", lang))

results = [r for r in read(assess_register, method, territory) if r.indicator == indicator]
groups = group_by_series_territory(results)
if len(groups) > 1:
    # Read as registered, the plans judge different territories: a scenario runs on one territory's figures.
    def group_label(code: str) -> str:
        plans = dict.fromkeys(register.plan_name(r.plan, lang, short=True) for r in groups[code])
        return f"{', '.join(plans)}: {territory_label(code, lang)}"
    shown_on = url_choice(st.radio, t("trajectories.targets_on", lang), list(groups), "on", next(iter(groups)),
                          key="scenario_on", horizontal=True, format_func=group_label)
    results = groups[shown_on]
else:
    shown_on = None
series = results[0].series if results else read(load_indicator_series, indicator, territory)
unit = register.indicators[indicator].unit
adds_up = count_adds_up(register.indicators[indicator])

if not series.values:
    st.info(t("scenario.no_figures", lang, territory=territory_label(series.territory, lang)))
    st.stop()
latest_year = max(series.values)
mode_col, value_col = st.columns([1.4, 1.6])
mode = url_choice(mode_col.radio, t("scenario.mode", lang), ["growth", "count"], "mode", "growth",
                  key="scenario_mode", horizontal=True, format_func=lambda m: t(f"scenario.mode_{m}", lang))
# Decimals on sliders that write them the reader's way (3,05%); whole counts in a number box, which
# writes no separator at all (5500), never a dot that Vietnamese reads as thousands.
if mode == "growth":
    growth = url_hundredths(value_col.select_slider, t("scenario.growth", lang, year=latest_year), -20.0, 50.0,
                            5, "growth", 5.0, key="scenario_growth",
                            format_func=lambda percent: format_percent(percent / 100, lang, 2)) / 100
    yearly_count = None
else:
    growth = None
    label = t("scenario.count_added" if adds_up else "scenario.count_level", lang, year=latest_year)
    start = default_yearly_count(series, adds_up)
    if unit == "percent":  # points of a share: a tenth of a point at a time
        low, high = (-10.0, 10.0) if adds_up else (0.0, 100.0)
        yearly_count = url_hundredths(value_col.select_slider, label, low, high, 10, "count",
                                      min(max(start, low), high), key="scenario_count",
                                      format_func=lambda points: format_number(points, lang, 1))
    else:
        yearly_count = url_float(value_col.number_input, label, -1e12 if adds_up else 0.0, 1e12, "count",
                                 float(round(start)), key="scenario_count", step=1.0, format="%.0f")

view = compute_scenario_view(register, results, series, method, growth, yearly_count, adds_up)
outcomes = view.outcomes
name = describe_scenario(growth, yearly_count, unit, adds_up, lang)

st.subheader(register.indicators[indicator].name(lang))
st.caption(t("scenario.start", lang, year=latest_year, territory=territory_label(series.territory, lang)))
st.warning(t("scenario.not_a_forecast", lang), icon=":material/science:")
if not results:
    st.info(t("indicators.followed", lang))

kinds = read(load_year_kinds, indicator, series.territory)
figure = keep_chart(("scenario", indicator, territory, method, series.territory, lang, mode, growth, yearly_count),
                    partial(build_trajectory_figure, trajectory_of(series, results, register, lang, kinds=kinds),
                            lang, False, 2015, scenario=(name, view.drawn)))
st.plotly_chart(figure, key="scenario_chart", config=chart_config(lang))
if results:
    # A static table: its cells wrap, so that a plan's name and a target's sentence are read whole on a
    # phone (a data grid of seven columns shows only the first there).
    rows = [(register.target(r.target_id), register.plan_name(r.plan, lang, short=True), outcome)
            for r, outcome in zip(results, outcomes)]
    st.table(build_scenario_table(rows, lang).set_index(t("scenario.column_plan", lang)))
    st.caption(t("scenario.reached_help", lang))

# The deck of a review meeting with this scenario as a slide, built from the same choice (a plain value).
st.subheader(t("scenario.deck_section", lang))
st.caption(t("scenario.deck_intro", lang))
edition_col, year_col, _ = st.columns([1.4, 1, 2], vertical_alignment="bottom")
edition = edition_col.selectbox(t("downloads.edition", lang), list(EDITIONS), key="scenario_edition",
                                format_func=lambda e: t(f"downloads.edition_{e}", lang))
first_year, last_year = read(load_year_range) or (2020, 2025)
year = int(year_col.number_input(t("downloads.as_of", lang), max(first_year, FIRST_REPORT_YEAR), last_year, last_year,
                                 key="scenario_year")) if edition == "annual" else None
choice = ScenarioChoice(indicator, territory, shown_on, growth, yearly_count, link_to_this_view(SCENARIO.url_path))
render_document_buttons(edition, year, lang, method, key="scenario", scenario=choice)
