"""The frame around every page (dashboard.py): its few style rules, the check that there is a database
whose schema is up to date, and the sidebar's provenance lines."""
from __future__ import annotations

import duckdb
import streamlit as st

from ipmonitor.store import db
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.paths import database_path
from ipmonitor.store.queries import load_last_batch, load_provenance_summary
from ipmonitor.progress.tables import describe_last_update
from ui.cached_reads import read, stop_for_database_error

# Streamlit keeps a page link on one line and cuts what does not fit ("… tập huấn về SHTT, c" on a
# phone): a link's label wraps instead, so that an indicator's whole name is read. The icon keeps its own.
FRAME_STYLE = """<style>
[data-testid="stPageLink-NavLink"] span:has(> [data-testid="stMarkdownContainer"]),
[data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],
[data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"] p { white-space: normal; }
</style>"""


def render_frame_style() -> None:
    """The frame's few style rules, on every page (a style-only st.html takes no room on the page)."""
    st.html(FRAME_STYLE)


@st.cache_resource(show_spinner=False)
def _bring_schema_up_to_date(path: str) -> list[str]:
    """Once per server process and database file: apply the migrations it lacks (a database made by an
    older version, started without `make run`), so that no page meets a missing table."""
    from etl.register_changes import ensure_plan_register  # the write side, only when the schema is brought up

    with db.open_database(path, config=db.APP_CONFIG) as con:
        applied = db.apply_migrations(con)
        ensure_plan_register(con)  # a database from before migration 013 gets the shipped register
        return applied


def require_database(lang: str) -> None:
    """Stop the page with a clear message when there is no database yet; bring an older one's schema
    up to date (when another program holds it, later reads say so)."""
    path = database_path()
    if not path.exists():
        st.error(t("app.no_database", lang, path=path))
        st.stop()
    try:
        _bring_schema_up_to_date(str(path))
    except duckdb.Error as error:
        if db.is_damage_error(error):
            stop_for_database_error(error, lang)
        if not isinstance(error, duckdb.IOException):
            raise


def render_provenance(lang: str) -> None:
    """The sidebar's last-update and source lines, and the illustrative-figures notice."""
    last = read(load_last_batch)
    summary = read(load_provenance_summary)
    if last is None:
        st.sidebar.caption(t("app.last_update_none", lang))
        return
    st.sidebar.caption(describe_last_update(last, lang))
    st.sidebar.caption(t("app.sources_line", lang, count=summary["sources"]))
    if summary["illustrative"]:
        st.warning(t("app.illustrative_notice", lang, count=format_number(summary["illustrative"], lang),
                     total=format_number(summary["figures"], lang)))
