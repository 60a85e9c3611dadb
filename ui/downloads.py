"""The download buttons: one per format of ipmonitor.formats, each with its words, icon, MIME type and
file name, its file built only when it is pressed. Under a chart, the figure as PNG (twice the size
shown) and SVG and the figures behind it in each table format; on the other pages, a table in each
table format; and the meeting's documents (the deck and the PDF of an edition), prepared on a click
under a progress bar that names each step, then downloaded."""
from __future__ import annotations

from functools import partial
from typing import Callable, Mapping, Sequence

import duckdb
import plotly.graph_objects as go
import streamlit as st

from ipmonitor.documents.kept_documents import (DocumentRequest, build_document, document_key, find_document,
                                                warm_up)
from ipmonitor.formats import (DOCUMENT_FORMATS, IMAGE_FORMATS, PPTX, TABLE_FORMATS, FileFormat, Sheets,
                               TableFormat)
from ipmonitor.i18n import t
from ipmonitor.chart_images import ImagesUnavailable, find_chromium, missing_chromium, warm_image_server
from ipmonitor.paths import database_path
from ipmonitor.store.queries import load_data_version
from ipmonitor.documents.edition import EditionError
from ipmonitor.progress.scenario import ScenarioChoice
from ui.cached_reads import read, stop_for_database_error


def render_file_buttons(files: Mapping[FileFormat, Callable[[], bytes]], stem: str, key: str, lang: str,
                        words: str | None = None, places: Sequence | None = None, **options) -> None:
    """A button per format in `files` (format -> what builds its file when the button is pressed),
    side by side or in `places`: the file `stem.suffix`, keyed `key_<format>`, with the format's words,
    or with `words` (a translation key) saying them as {format}. A download changes nothing on the page,
    so it reruns nothing (on_click="ignore"): a rerun on each click raced the next click, whose file then
    never came (the Excel file after the CSV, on the fragment of a chart page)."""
    if places is None:
        row = st.container(horizontal=True)
        places = [row] * len(files)
    for place, (file_format, build) in zip(places, files.items()):
        label = t(file_format.label, lang)
        place.download_button(label if words is None else t(words, lang, format=label), build,
                              file_name=file_format.file_name(stem), mime=file_format.mime, on_click="ignore",
                              key=f"{key}_{file_format.name}", icon=file_format.icon, **options)


def _write(table_format: TableFormat, sheets: Callable[[], Sheets]) -> bytes:
    return table_format.write(sheets())


def render_table_downloads(sheets: Callable[[], Sheets], stem: str, key: str, lang: str, words: str,
                           places: Sequence | None = None) -> None:
    """A button per table format (ipmonitor.formats.TABLE_FORMATS) for the sheets `sheets()` returns
    when one is pressed; `words` (a translation key) says the format as {format}."""
    files = {table_format: partial(_write, table_format, sheets) for table_format in TABLE_FORMATS.values()}
    render_file_buttons(files, stem, key, lang, words, places)


def render_chart_downloads(figure: go.Figure, name: str, data: Callable[[], Sheets], key: str, lang: str,
                           in_row: bool = True) -> None:
    """The figure in each image format, then the figures behind it (`data()` returns their sheets) in
    each table format, in a row or one under another (in a popover)."""
    count = len(IMAGE_FORMATS) + len(TABLE_FORMATS)
    places = st.columns(count) if in_row else [st.container()] * count
    no_browser = find_chromium() is None
    warm_image_server()  # in the background: the first PNG then need not wait for Chromium to start
    images = {image_format: partial(image_format.write, figure) for image_format in IMAGE_FORMATS.values()}
    render_file_buttons(images, name, key, lang, places=places[:len(images)], disabled=no_browser,
                        help=t("downloads.no_browser", lang) if no_browser else None)
    render_table_downloads(data, name, key, lang, "downloads.data", places[len(images):])


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
    places = {name: row.empty() for name in (DOCUMENT_FORMATS if scenario is None else (PPTX.name,))}
    bar_place = st.empty()
    for file_format, slot in places.items():
        document_format = DOCUMENT_FORMATS[file_format]
        request = DocumentRequest(file_format, edition, year, lang, method, scenario)
        prepare_label = document_format.prepare_label if scenario is None else "scenario.prepare_deck"
        wanted = document_key(path, version, request)
        kept_key = f"{key}_{file_format}_document"
        kept = st.session_state.get(kept_key)
        content = find_document(path, version, request) or (kept[1] if kept and kept[0] == wanted else None)
        just_built = False
        if content is None:
            blocked = document_format.draws_charts and problem is not None
            pressed = slot.button(t(prepare_label, lang), key=f"{key}_prepare_{file_format}",
                                  icon=document_format.icon, disabled=blocked,
                                  help=problem.message(lang) if blocked else t("documents.prepare_help", lang))
            if not pressed:
                continue
            content = _prepare(path, request, bar_place, lang)
            if content is None:
                continue
            st.session_state[kept_key] = (wanted, content)
            just_built = True
        slot.download_button(t(request.download_label, lang), content, file_name=request.file_name,
                             mime=document_format.mime, key=f"{key}_{file_format}", on_click="ignore",
                             icon=document_format.icon, type="primary" if just_built else "secondary")
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
