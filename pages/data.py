"""Data (Dữ liệu): the current figures, filtered, with their sources and downloads."""
from functools import partial

import streamlit as st

from ipmonitor.documents.figure_files import load_figures_sheets
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.store.queries import (FigureFilter, load_current_figures, load_figure_filter_summary,
                               load_reference_names, load_sources_in_use, load_year_range)
from ipmonitor.paths import database_path
from ipmonitor.progress.tables import build_figures_table, build_sources_table
from ui.cached_reads import read
from ui.language import current_language
from ui.downloads import render_table_downloads

# A reader scans a screenful; at 5,000 rows the national table's rerun alone took 3.3x the empty page
# (bench/bench_pages.py). Downloads carry every row.
DISPLAY_LIMIT = 1_000

lang = current_language()
st.title(t("data.title", lang))
st.caption(t("data.intro", lang))

names = read(load_reference_names, lang)
first_year, last_year = read(load_year_range) or (2010, 2025)
territory_col, type_col, measure_col, years_col = st.columns([1.2, 1.2, 1, 1.2])
territories = territory_col.multiselect(
    t("data.filter_territory", lang), list(names["territory"]), format_func=names["territory"].get,
    placeholder=t("data.filter_all", lang), key="data_territory")
ip_types = type_col.multiselect(
    t("data.filter_ip_type", lang), list(names["ip_type"]), format_func=names["ip_type"].get,
    placeholder=t("data.filter_all", lang), key="data_ip_type")
measures = measure_col.multiselect(
    t("data.filter_measure", lang), list(names["measure"]), format_func=names["measure"].get,
    placeholder=t("data.filter_all", lang), key="data_measure")
year_from, year_to = years_col.slider(
    t("data.filter_years", lang), first_year, max(last_year, first_year + 1), (first_year, last_year),
    key="data_years")

where = FigureFilter(tuple(territories), tuple(ip_types), tuple(measures), year_from, year_to)
summary = read(load_figure_filter_summary, where)
st.caption(t("data.count", lang, count=format_number(summary["figures"], lang)))
if not summary["figures"]:
    st.info(t("data.empty", lang))
else:
    # The table shows the first rows only (a national table has millions); downloads carry them all
    # and are built only when clicked.
    figures = read(load_current_figures, lang, where, DISPLAY_LIMIT)
    if summary["figures"] > DISPLAY_LIMIT:
        st.caption(t("data.display_limited", lang, shown=format_number(DISPLAY_LIMIT, lang)))
    st.dataframe(build_figures_table(figures, lang), hide_index=True, width="stretch")
    render_table_downloads(partial(load_figures_sheets, database_path(), lang, where), "ipmonitor-figures",
                           "data_download", lang, "data.download")
    sources = read(load_sources_in_use, summary["sources"])
    st.subheader(t("data.sources_title", lang))
    st.caption(t("data.sources_intro", lang))
    st.dataframe(build_sources_table(sources, lang), hide_index=True, width="stretch")
