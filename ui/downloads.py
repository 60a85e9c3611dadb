"""The downloads under a chart (the figure as PNG, twice the size shown, and SVG; the figures behind it
as CSV and Excel), built only when a button is pressed; and the meeting's documents (the deck and the
PDF of an edition), prepared on a click under a progress bar that names each step, then downloaded."""
from __future__ import annotations

from functools import partial
from typing import Callable

import duckdb
import plotly.graph_objects as go
import streamlit as st

from ipmonitor.documents import FORMATS, DocumentRequest, build_document, document_key, find_document, warm_up
from ipmonitor.i18n import t
from ipmonitor.images import ImagesUnavailable, build_png, build_svg, find_chromium, missing_chromium, \
    warm_image_server
from ipmonitor.paths import database_path
from ipmonitor.queries import load_data_version
from ipmonitor.report_data import EditionError
from ipmonitor.scenario import ScenarioChoice
from ui.cached_reads import read, stop_for_database_error

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_chart_downloads(figure: go.Figure, name: str, data: Callable[..., bytes], key: str, lang: str,
                           in_row: bool = True) -> None:
    """Four buttons, in a row or one under another (in a popover); `data(file_format=...)` returns the
    figures as "csv" or "xlsx". A download changes nothing on the page, so it reruns nothing
    (on_click="ignore"): a rerun on each click raced the next click, whose file then never came (the
    Excel file after the CSV, on the fragment of a chart page)."""
    png_col, svg_col, csv_col, xlsx_col = st.columns(4) if in_row else [st.container()] * 4
    no_browser = find_chromium() is None
    warm_image_server()  # in the background: the first PNG then need not wait for Chromium to start
    why = t("downloads.no_browser", lang) if no_browser else None
    png_col.download_button(t("downloads.png", lang), partial(build_png, figure), file_name=f"{name}.png",
                            mime="image/png", on_click="ignore", key=f"{key}_png", disabled=no_browser,
                            icon=":material/image:", help=why)
    svg_col.download_button(t("downloads.svg", lang), partial(build_svg, figure), file_name=f"{name}.svg",
                            mime="image/svg+xml", on_click="ignore", key=f"{key}_svg", disabled=no_browser,
                            icon=":material/draw:", help=why)
    csv_col.download_button(t("downloads.data_csv", lang), partial(data, file_format="csv"), file_name=f"{name}.csv",
                            mime="text/csv", on_click="ignore", key=f"{key}_csv", icon=":material/table:")
    xlsx_col.download_button(t("downloads.data_xlsx", lang), partial(data, file_format="xlsx"),
                             file_name=f"{name}.xlsx", mime=XLSX_MIME, on_click="ignore", key=f"{key}_xlsx",
                             icon=":material/table_view:")


DOCUMENT_ICONS = {"pptx": ":material/slideshow:", "pdf": ":material/picture_as_pdf:"}


def render_document_buttons(edition: str, year: int | None, lang: str, method: str, key: str,
                            scenario: ScenarioChoice | None = None) -> None:
    """A row with a button per document (the deck, the PDF): its download when the document is ready for
    the data as they are now, else "Prepare…", which builds it under a progress bar below the row naming
    each step, and then becomes the download. Both documents behave the same. With `scenario`, one
    button: the deck with that scenario's slide."""
    if scenario is None:  # a deck draws no pictures: only the PDF needs Chromium
        warm_up()  # Chromium's start in the background, while the reader reads the page
    path, version = database_path(), read(load_data_version)
    # The deck alone needs no Chromium: a scenario's button is never off for it.
    problem = missing_chromium() if scenario is None else None
    row = st.container(horizontal=True)
    places = {file_format: row.empty() for file_format in (FORMATS if scenario is None else ("pptx",))}
    bar_place = st.empty()
    for file_format, slot in places.items():
        request = DocumentRequest(file_format, edition, year, lang, method, scenario)
        prepare_label = f"documents.prepare_{file_format}" if scenario is None else "scenario.prepare_deck"
        wanted = document_key(path, version, request)
        kept_key = f"{key}_{file_format}_document"
        kept = st.session_state.get(kept_key)
        content = find_document(path, version, request) or (kept[1] if kept and kept[0] == wanted else None)
        just_built = False
        if content is None:
            blocked = file_format == "pdf" and problem is not None
            pressed = slot.button(t(prepare_label, lang), key=f"{key}_prepare_{file_format}",
                                  icon=DOCUMENT_ICONS[file_format], disabled=blocked,
                                  help=problem.message(lang) if blocked else t("documents.prepare_help", lang))
            if not pressed:
                continue
            content = _prepare(path, request, bar_place, lang)
            if content is None:
                continue
            st.session_state[kept_key] = (wanted, content)
            just_built = True
        slot.download_button(t(request.download_label, lang), content, file_name=request.file_name,
                             mime=request.mime, key=f"{key}_{file_format}", on_click="ignore",
                             icon=DOCUMENT_ICONS[file_format], type="primary" if just_built else "secondary")
    if problem is not None:
        st.caption(problem.message(lang))


def _prepare(path, request: DocumentRequest, bar_place, lang: str) -> bytes | None:
    """Build the document with the progress bar in `bar_place`; None, with the reason shown there, when
    it cannot be built."""
    bar = bar_place.progress(0.0, text=t("documents.step_reading", lang))
    try:
        return build_document(path, request,
                              progress=lambda fraction, text: bar.progress(min(fraction, 1.0), text=text))
    except ImagesUnavailable as unavailable:
        bar_place.error(unavailable.message(lang))
    except EditionError as refused:
        bar_place.error(t(f"report.error_{refused.code}", lang, **refused.params))
    except duckdb.Error as error:
        bar_place.empty()
        stop_for_database_error(error, lang)
        raise
    return None
