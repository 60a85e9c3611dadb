"""Data (Dữ liệu): the current figures, filtered, with their sources and downloads."""
from functools import partial

import streamlit as st

from ipmonitor.exports import export_current_figures
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.queries import (FigureFilter, load_current_figures, load_figure_filter_summary,
                               load_reference_names, load_sources_in_use, load_year_range)
from ipmonitor.paths import database_path
from ipmonitor.tables import build_figures_table, build_sources_table
from ui.cached_reads import read
from ui.language import current_language

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
    path = database_path()
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(t("data.download_csv", lang), partial(export_current_figures, path, lang, where, "csv"),
                            file_name="ipmonitor-figures.csv", mime="text/csv", key="data_download_csv")
    xlsx_col.download_button(
        t("data.download_xlsx", lang), partial(export_current_figures, path, lang, where, "xlsx"),
        file_name="ipmonitor-figures.xlsx", key="data_download_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sources = read(load_sources_in_use, summary["sources"])
    st.subheader(t("data.sources_title", lang))
    st.caption(t("data.sources_intro", lang))
    st.dataframe(build_sources_table(sources, lang), hide_index=True, width="stretch")
