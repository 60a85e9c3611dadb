"""Data (Dữ liệu): the current figures, filtered, with their sources and downloads."""
import streamlit as st

from ipmonitor.exports import build_export_frame, build_figures_workbook, write_csv
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.queries import FigureFilter
from ipmonitor.tables import build_figures_table, build_sources_table
from pages.common import current_language, read

lang = current_language()
st.title(t("data.title", lang))
st.caption(t("data.intro", lang))

names = read("load_reference_names", lang)
first_year, last_year = read("load_year_range") or (2010, 2025)
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
figures = read("load_current_figures", lang, where)
st.caption(t("data.count", lang, count=format_number(len(figures), lang)))
if figures.empty:
    st.info(t("data.empty", lang))
else:
    st.dataframe(build_figures_table(figures, lang), hide_index=True, width="stretch")
    sources = read("load_sources_in_use", tuple(sorted(set(figures["source"]))))
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(t("data.download_csv", lang), write_csv(build_export_frame(figures, lang)),
                            file_name="ipmonitor-figures.csv", mime="text/csv", key="data_download_csv")
    xlsx_col.download_button(
        t("data.download_xlsx", lang), build_figures_workbook(figures, sources, lang),
        file_name="ipmonitor-figures.xlsx", key="data_download_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.subheader(t("data.sources_title", lang))
    st.caption(t("data.sources_intro", lang))
    st.dataframe(build_sources_table(sources, lang), hide_index=True, width="stretch")
