"""Update figures (Cập nhật số liệu): templates, a file upload with its review, and small corrections
typed in place; both end in the same review and commit (ui/upload_review.py)."""
from functools import partial

import streamlit as st

from etl.edits import build_edit_grid, build_edit_table, compute_edited_cells
from etl.read import DEFAULT_LIMITS
from etl.template import TEMPLATE_FILES
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.store.queries import (FigureFilter, load_current_figures, load_reference_names,
                                     load_sources_in_use, load_year_range)
from ipmonitor.paths import database_path
from ui.access import require_account
from ui.cached_reads import read
from ui.language import current_language
from ui.upload_review import check_and_remember, render_review
from ui.write_outcomes import render_message
from ui.downloads import render_file_buttons

lang = current_language()
account = require_account(lang)
st.title(t("upload.title", lang))
st.caption(t("upload.intro", lang))
file_tab, edit_tab = st.tabs([t("upload.tab_file", lang), t("upload.tab_edit", lang)])

with file_tab:
    st.subheader(t("upload.template_title", lang))
    st.caption(t("upload.template_intro", lang))
    templates = {file_format: partial(build, database_path(), lang)
                 for file_format, build in TEMPLATE_FILES.items()}
    render_file_buttons(templates, t("upload.template_file", lang), "upload_template", lang,
                        "upload.template")

    st.subheader(t("upload.file_title", lang))
    # No type filter: the file's content decides its format, and a wrong file gets our message
    # rather than the browser's. A new key after each commit empties the uploader.
    # Streamlit 1.67 draws the drop zone's own texts in English with no way to translate them: its
    # button says "Upload", its size note "20MB per file". The size note repeats our own line, so it is
    # hidden (by Streamlit's test id, which its own tests rely on); the button is named in our line.
    limit = format_number(DEFAULT_LIMITS.max_bytes // 2**20, lang)
    st.caption(t("upload.file_how", lang, limit=limit))
    st.html('<style>[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }</style>')
    uploaded = st.file_uploader(
        t("upload.file_label", lang), key=f"upload_file_{st.session_state.get('upload_round', 0)}",
        help=t("upload.file_help", lang, limit=limit))
    # Tests hand a file over through the session (AppTest has no file uploader).
    incoming = (uploaded.name, uploaded.getvalue()) if uploaded is not None else st.session_state.pop(
        "upload_incoming", None)
    review = st.session_state.get("upload_review")
    if incoming is not None and (review is None or review.content != incoming[1]):
        check_and_remember("upload_review", account, "upload", incoming[1], incoming[0], lang)
    render_message("upload_review")
    render_review("upload_review", account, lang, on_commit=lambda: st.session_state.update(
        upload_round=st.session_state.get("upload_round", 0) + 1))

with edit_tab:
    st.caption(t("upload.edit_intro", lang))
    names = read(load_reference_names, lang)
    first_year, last_year = read(load_year_range) or (2020, 2025)
    territory_col, measure_col = st.columns(2)
    territory = territory_col.selectbox(t("data.filter_territory", lang), list(names["territory"]),
                                        format_func=names["territory"].get, key="edit_territory")
    measure = measure_col.selectbox(t("data.filter_measure", lang), list(names["measure"]),
                                    format_func=names["measure"].get, key="edit_measure")
    figures = read(load_current_figures, lang, FigureFilter((territory,), None, (measure,)))
    grid = build_edit_grid(figures, names["ip_type"], range(first_year, last_year + 2))
    edited = st.data_editor(
        grid, key=f"edit_grid_{territory}_{measure}_{st.session_state.get('edit_round', 0)}", width="stretch", placeholder="–",
        column_config={"year": st.column_config.NumberColumn(t("export.col_year", lang), format="%d", disabled=True),
                       **{code: st.column_config.NumberColumn(name, min_value=0, step=1, format="%d")
                          for code, name in names["ip_type"].items()}})
    changed, emptied = compute_edited_cells(grid, edited)
    if emptied:
        st.warning(t("upload.edit_emptied", lang, count=format_number(len(emptied), lang)))
    sources = read(load_sources_in_use)
    titles = dict(zip(sources["code"], sources["title"]))
    source = st.selectbox(t("upload.edit_source", lang), list(titles), index=None, accept_new_options=True,
                          format_func=lambda code: f"{code} – {titles[code]}" if code in titles else code,
                          placeholder=t("upload.edit_source_placeholder", lang), key="edit_source")
    st.caption(t("upload.edit_changed", lang, count=format_number(len(changed), lang)))
    if st.button(t("upload.edit_check", lang), disabled=not changed, key="edit_check"):
        table = build_edit_table(changed, measure, territory, source or "", t("upload.edit_file_name", lang))
        check_and_remember("edit_review", account, "edit", table, table.file_name, lang)
    render_message("edit_review")
    render_review("edit_review", account, lang, on_commit=lambda: st.session_state.update(
        edit_round=st.session_state.get("edit_round", 0) + 1))
