"""Trajectories (Lộ trình): one indicator's actual values against each plan's required path and target,
with the projection fan, as a chart or as a table."""
from functools import partial

import streamlit as st

from ipmonitor.documents.chart_data import build_split_data, load_drawn_trajectory_sheets, load_split_sheets
from ipmonitor.progress.charts import build_split_figure, build_trajectory_figure, chart_config
from ipmonitor.numbers import format_year_runs
from ipmonitor.i18n import t
from ipmonitor.paths import database_path
from ipmonitor.progress.growth import METHODS
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.documents.edition_data import load_year_kinds
from ipmonitor.progress.scoreboard import (AS_REGISTERED, assess_register, group_by_series_territory,
                                  load_indicator_series)
from ipmonitor.progress.splits import load_split
from ipmonitor.progress.tables import build_trajectory_table
from ipmonitor.progress.trajectory import trajectory_of
from ipmonitor.progress.verdicts import describe_target
from ipmonitor.register.target_words import target_tag
from ui.cached_reads import keep_chart, read
from ui.language import current_language
from ui.status_chip import status_chip
from ui.url_choices import url_choice, url_flag, url_number
from ui.controls import TERRITORY_CHOICES, territory_label
from ui.downloads import render_chart_downloads

lang = current_language()
register = read(load_target_register_from)
# Indicators with targets first, then those the plans name without a number (charted, never assessed).
indicators = [key for key in register.indicators if register.targets_of(key)] + list(register.untargeted())
st.title(t("trajectories.title", lang))
st.caption(t("trajectories.intro", lang))


# A fragment: a control's change reruns only this part (issue 18), the frame and the title above stay.
# Everything that follows the choice is drawn in here (the indicator's name, statuses, chart or table,
# downloads), so that nothing on screen is left showing an earlier choice; url_choice still writes each
# choice to the URL, so a link reopens the view.
@st.fragment
def render_chosen_trajectory() -> None:
    """The controls, then the chosen indicator's statuses, its chart or table, and the downloads."""
    indicator_col, territory_col, method_col = st.columns([1.6, 1.4, 1.2])
    indicator = url_choice(indicator_col.selectbox, t("controls.indicator", lang), indicators, "indicator",
                           indicators[0], key="trajectories_indicator",
                           format_func=lambda key: register.indicators[key].name(lang))
    territory = url_choice(territory_col.selectbox, t("controls.territory", lang), TERRITORY_CHOICES, "territory",
                           AS_REGISTERED, key="trajectories_territory", format_func=lambda c: territory_label(c, lang))
    method = url_choice(method_col.selectbox, t("controls.method", lang), list(METHODS), "method", "eurostat",
                        key="trajectories_method", format_func=lambda m: t(f"method.{m}_name", lang))
    years_col, projection_col, view_col = st.columns([2, 1, 1])
    first_year = url_number(years_col.slider, t("controls.first_year", lang), 2010, 2025, "from", 2015,
                            key="trajectories_from")
    show_projection = url_flag(projection_col.toggle, t("controls.projection", lang), "projection", True,
                               key="trajectories_projection")
    view = url_choice(view_col.radio, t("controls.view", lang), ["chart", "table"], "view", "chart",
                      key="trajectories_view", horizontal=True, format_func=lambda v: t(f"controls.view_{v}", lang))

    results = [r for r in read(assess_register, method, territory) if r.indicator == indicator]
    groups = group_by_series_territory(results)
    if not results:
        series = read(load_indicator_series, indicator, territory)
    elif len(groups) > 1:
        # Read as registered, the plans judge different territories: one chart per territory's series.
        def group_label(code: str) -> str:
            plans = dict.fromkeys(register.plan_name(r.plan, lang, short=True) for r in groups[code])
            return f"{', '.join(plans)}: {territory_label(code, lang)}"
        shown_on = url_choice(st.radio, t("trajectories.targets_on", lang), list(groups), "on", next(iter(groups)),
                              key="trajectories_on", horizontal=True, format_func=group_label)
        results = groups[shown_on]
    if results:
        series = results[0].series
    st.subheader(register.indicators[indicator].name(lang))
    basis = ("rebuilt" if "rebuilt" in series.basis.values()
             else "derived" if "derived" in series.basis.values() else None)
    st.caption(t("trajectories.territory_shown", lang, territory=territory_label(series.territory, lang))
               + (" " + t(f"trajectories.basis_{basis}", lang) if basis else ""))
    if not results:
        st.info(t("indicators.followed", lang))
    if register.indicators[indicator].note(lang):
        st.caption(register.indicators[indicator].note(lang))
    for result in results:
        target = register.target(result.target_id)
        # The status chip is our own HTML; the rest is the register's and our sentence (no target codes).
        st.markdown(f"{status_chip(result.assessment.status, lang)} · **{register.plan_name(target.plan, lang)}** "
                    f"({target_tag(target, lang)}): {describe_target(result, lang)}", unsafe_allow_html=True)

    kinds = read(load_year_kinds, indicator, series.territory)
    trajectory = trajectory_of(series, results, register, lang, kinds=kinds)
    figure = keep_chart(("trajectory", indicator, territory, method, series.territory, lang, show_projection,
                         first_year),
                        partial(build_trajectory_figure, trajectory, lang, show_projection, first_year))
    if view == "chart":
        st.plotly_chart(figure, key="trajectory_chart", config=chart_config(lang))
        st.caption(t("trajectories.chart_help", lang))
    else:
        st.dataframe(build_trajectory_table(trajectory, lang, first_year), hide_index=True, width="stretch")

    data = partial(load_drawn_trajectory_sheets, database_path(), indicator, trajectory, lang, first_year=first_year,
                   show_projection=show_projection)
    render_chart_downloads(figure, f"ipmonitor-{indicator}-{series.territory}", data, "trajectories", lang)
    if register.split_of(indicator):
        render_split(indicator, series.territory, view, first_year)


def render_split(indicator: str, territory: str, view: str, first_year: int) -> None:
    """The indicator's split (dossiers at home and abroad, the enterprises beside them), as a chart or
    a table, with its downloads; a year whose parts and total disagree is named."""
    split = read(load_split, indicator, territory)
    st.subheader(t("split.title", lang))
    st.caption(t("split.intro", lang))
    shown = split[split["year"] >= first_year]
    if shown[shown["role"].isin(["part", "beside"])].empty:
        st.info(t("split.empty", lang))
        return
    if split.attrs.get("disagree"):
        st.warning(t("split.disagree", lang, years=format_year_runs(split.attrs["disagree"])))
    names = {key: register.indicators[key].short_name(lang) for key in register.indicators}
    figure = keep_chart(("split", indicator, territory, lang, first_year),
                        partial(build_split_figure, split, names, lang, first_year))
    if view == "chart":
        st.plotly_chart(figure, key="split_chart", config=chart_config(lang))
        if (shown["role"] == "unsplit").any():
            st.caption(t("split.unsplit_help", lang))
    else:
        st.dataframe(build_split_data(shown, names, lang), hide_index=True, width="stretch")
    data = partial(load_split_sheets, database_path(), indicator, lang, territory=territory, first_year=first_year)
    render_chart_downloads(figure, f"ipmonitor-{register.split_of(indicator)}-split-{territory}", data,
                           "trajectories_split", lang)


render_chosen_trajectory()
