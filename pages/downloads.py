"""The downloads under a chart: the figure as PNG (twice the size shown) and SVG, and the figures behind
it as CSV and Excel. Files are built only when a button is pressed."""
from __future__ import annotations

from functools import partial
from typing import Callable

import plotly.graph_objects as go
import streamlit as st

from ipmonitor.i18n import t
from ipmonitor.images import build_png, build_svg, find_chromium

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_chart_downloads(figure: go.Figure, name: str, data: Callable[..., bytes], key: str, lang: str,
                           in_row: bool = True) -> None:
    """Four buttons, in a row or one under another (in a popover); `data(file_format=...)` returns the
    figures as "csv" or "xlsx"."""
    png_col, svg_col, csv_col, xlsx_col = st.columns(4) if in_row else [st.container()] * 4
    no_browser = find_chromium() is None
    why = t("downloads.no_browser", lang) if no_browser else None
    png_col.download_button(t("downloads.png", lang), partial(build_png, figure), file_name=f"{name}.png",
                            mime="image/png", key=f"{key}_png", disabled=no_browser, icon=":material/image:", help=why)
    svg_col.download_button(t("downloads.svg", lang), partial(build_svg, figure), file_name=f"{name}.svg",
                            mime="image/svg+xml", key=f"{key}_svg", disabled=no_browser, icon=":material/draw:",
                            help=why)
    csv_col.download_button(t("downloads.data_csv", lang), partial(data, file_format="csv"), file_name=f"{name}.csv",
                            mime="text/csv", key=f"{key}_csv", icon=":material/table:")
    xlsx_col.download_button(t("downloads.data_xlsx", lang), partial(data, file_format="xlsx"),
                             file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", icon=":material/table_view:")
