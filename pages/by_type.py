"""By IP type (Theo loại): patents, utility solutions and plant varieties against the total and the
5% edge; their index; the composition of the total; applications against grants, one chart at a time."""
from functools import partial

import streamlit as st

from ipmonitor.progress.breakdown import (FOCUS_TYPES, compute_index, compute_shares, compute_type_growth,
                                 load_type_frame, select_flows)
from ipmonitor.documents.chart_data import load_breakdown_sheets
from ipmonitor.progress.charts import (
    build_applications_grants_figure, build_composition_figure, build_index_figure, build_type_growth_figure,
    chart_config,
)
from ipmonitor.i18n import t
from ipmonitor.paths import database_path
from ipmonitor.store.queries import load_reference_names
from ui.cached_reads import keep_chart, read
from ui.language import current_language
from ui.url_choices import url_choice, url_number
from ui.controls import TERRITORY_CHOICES, territory_label
from ui.downloads import render_chart_downloads

CHARTS = ("growth", "index", "composition", "flows")

lang = current_language()
names = read(load_reference_names, lang)
st.title(t("by_type.title", lang))
st.caption(t("by_type.intro", lang))


# A fragment: a control's change reruns only this part (issue 18), the frame and the title above stay.
# Everything that follows the choice is drawn in here (the chart's heading and note, the chart, its
# downloads), so that nothing on screen is left showing an earlier choice; url_choice still writes each
# choice to the URL, so a link reopens the view.
@st.fragment
def render_chosen_chart() -> None:
    """The controls, then the chosen chart with its heading and downloads."""
    measure_col, territory_col, base_col = st.columns([1.2, 1.6, 1.2])
    measure = url_choice(measure_col.radio, t("controls.measure", lang), ["applications_filed", "titles_granted"],
                         "measure", "applications_filed", key="by_type_measure", format_func=names["measure"].get)
    territory = url_choice(territory_col.selectbox, t("controls.territory", lang), TERRITORY_CHOICES[1:],
                           "territory", "can_tho_former", key="by_type_territory",
                           format_func=lambda c: territory_label(c, lang))
    base_year = url_number(base_col.slider, t("controls.base_year", lang), 2010, 2024, "base", 2020,
                           key="by_type_base")

    def type_frame(measure_code: str):
        return read(load_type_frame, measure_code, territory)

    chart = url_choice(st.radio, t("by_type.chart", lang), list(CHARTS), "chart", "growth", key="by_type_chart",
                       horizontal=True, format_func=lambda code: t(f"by_type.chart_{code}", lang))

    frame = type_frame(measure)
    if frame.empty:
        st.info(t("by_type.empty", lang))
        return
    total_name = t("by_type.total", lang)
    type_names = names["ip_type"]

    # One chart at a time: each view stays quick to redraw (bench/bench_pages.py); the choice is in the URL.
    if chart == "growth":
        growth = compute_type_growth(frame, type_names, base_year, total_name)
        st.subheader(t("by_type.growth_title", lang, base=base_year, latest=growth.attrs["latest_year"]))
        st.caption(t("by_type.growth_help", lang))
        shown = growth
        figure = keep_chart(("growth", measure, territory, base_year, lang),
                            partial(build_type_growth_figure, growth, lang))
    elif chart == "index":
        st.subheader(t("by_type.index_title", lang, base=base_year))
        shown = compute_index(frame, type_names, base_year, total_name)
        figure = keep_chart(("index", measure, territory, base_year, lang),
                            partial(build_index_figure, shown, lang, base_year))
    elif chart == "composition":
        st.subheader(t("by_type.composition_title", lang))
        shown = compute_shares(frame, type_names)
        figure = keep_chart(("composition", measure, territory, base_year, lang),
                            partial(build_composition_figure, shown, lang, base_year))
    else:
        st.subheader(t("by_type.flows_title", lang))
        top_level = [code for code in type_names if code in set(frame["ip_type"])]
        ip_type = url_choice(st.selectbox, t("controls.ip_type", lang), top_level, "type",
                             FOCUS_TYPES[0] if FOCUS_TYPES[0] in top_level else top_level[0], key="by_type_type",
                             format_func=type_names.get)
        shown = select_flows({names["measure"][code]: type_frame(code)
                              for code in ("applications_filed", "titles_granted")}, ip_type)
        figure = keep_chart(("flows", territory, ip_type, lang),
                            partial(build_applications_grants_figure, shown, lang))
    st.plotly_chart(figure, key=f"{chart}_chart", config=chart_config(lang))
    measures = ("applications_filed", "titles_granted") if chart == "flows" else (measure,)
    name = f"ipmonitor-{chart}-{ip_type if chart == 'flows' else measure}-{territory}"
    render_chart_downloads(figure, name,
                           partial(load_breakdown_sheets, database_path(), shown, measures, territory, lang),
                           f"by_type_{chart}", lang)


render_chosen_chart()
