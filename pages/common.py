"""The frame every page shares: language, cached reads of the database, provenance lines.

Reads open a short read-only connection and close it, so the command line can still write; results
are cached per database version (file size and modification time), so a commit shows at once.
"""
from __future__ import annotations

import logging
from importlib import import_module
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

import duckdb
import streamlit as st

from ipmonitor import db
from ipmonitor.i18n import LANGUAGES, normalise_language, t
from ipmonitor.numbers import format_number
from ipmonitor.paths import database_path
from ipmonitor.status_style import status_chip_html, status_text
from ipmonitor.tables import describe_last_update

_LOG = logging.getLogger("ipmonitor.app")

LANG_KEY = "frame_lang"
# A command-line commit holds the database for about a second (100,000 figures, etl/backup.py's
# notes); a page waits that long rather than saying "busy" at once.
LOCK_WAIT_SECONDS = 2.0


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


def current_language() -> str:
    """The reader's language: the switch's value once it exists, before that ?lang= in the URL."""
    return normalise_language(st.session_state.get(LANG_KEY) or st.query_params.get("lang"))


def render_language_switch() -> str:
    """The sidebar switch, kept in ?lang= like every other choice, so that a link keeps it."""
    return url_choice(st.sidebar.radio, t("app.language_switch"), list(LANGUAGES), "lang", current_language(),
                      key=LANG_KEY, horizontal=True, format_func=lambda code: t(f"app.language_{code}", code))


def database_version(path: Path) -> tuple:
    """Changes whenever the database is written (its file or its write-ahead log); part of every cache key."""
    wal = path.with_name(path.name + ".wal")
    stats = [(p.stat().st_mtime_ns, p.stat().st_size) for p in (path, wal) if p.exists()]
    return str(path), *stats


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_query(version: tuple[str, int, int], name: str, *args: object) -> object:
    module, _, function = name.rpartition(".")
    with db.open_database_when_free(version[0], config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS) as con:
        return getattr(import_module(f"ipmonitor.{module or 'queries'}"), function)(con, *args)


def forget_cached_reads() -> None:
    """After a change made in the app: every page reads afresh (the cache key follows the file too,
    but a write may sit in the write-ahead log until the last connection closes)."""
    _cached_query.clear()
    _kept_chart.clear()


def keep_chart(choices: tuple, build: Callable[[], Any]) -> Any:
    """The chart `build()` makes for `choices` (everything the page's controls and language chose), built
    once per version of the database and then reused: Plotly validates every property as a figure is
    built, most of a chart page's rerun. The same object is handed out again, so callers only read it."""
    return _kept_chart(database_version(database_path()), choices, build)


@st.cache_resource(show_spinner=False, max_entries=64)
def _kept_chart(version: tuple, choices: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


def read(name: str, *args: object) -> object:
    """Run `ipmonitor.queries.<name>(con, *args)` (or `ipmonitor.<module>.<function>` for a dotted
    name) on the current database, cached per database version.

    While another process writes (a command-line load holds DuckDB's file lock), the page says so
    and stops, rather than showing an error.
    """
    try:
        return _cached_query(database_version(database_path()), name, *args)
    except duckdb.Error as error:
        stop_for_database_error(error, current_language())
        raise


def stop_for_database_error(error: duckdb.Error, lang: str) -> None:
    """Stop the page with what a DuckDB error means to the reader: the file is damaged (logged on the
    server, with the command that puts it right) or busy (another program holds it: reload soon).
    Any other error is left to the caller."""
    if db.is_damage_error(error):
        st.error(db.describe_damage(db.as_damage(error, database_path()), lang))
        st.stop()
    if isinstance(error, duckdb.IOException):
        st.warning(t("app.database_busy", lang))
        st.stop()


def write_failure_message(error: BaseException, lang: str) -> str | None:
    """What a failed write means to the analyst, when it is the machine's fault rather than the
    change's: the disk is full or the database file is damaged (both logged on the server). In
    either case the transaction was rolled back: nothing was written. None for any other error."""
    if db.is_no_space_error(error):
        _LOG.error("a write failed, the disk is full: %s", error)
        return t("review.disk_full", lang)
    if db.is_damage_error(error):
        return db.describe_damage(db.as_damage(error, database_path()), lang)
    return None


def record_refusal_if_possible(con, actor: str, detail: dict) -> None:
    """Audit a write refused by the machine; on a full disk the audit line may not fit either, and
    that must not hide the message the analyst needs (the server log keeps the failure)."""
    from ipmonitor.audit import record_event  # the frame's reads never need it
    try:
        record_event(con, actor, "commit_refused", detail=detail)
    except (duckdb.Error, OSError) as error:
        _LOG.error("the refusal could not be audited: %s", error)


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
    last = read("load_last_batch")
    summary = read("load_provenance_summary")
    if last is None:
        st.sidebar.caption(t("app.last_update_none", lang))
        return
    st.sidebar.caption(describe_last_update(last, lang))
    st.sidebar.caption(t("app.sources_line", lang, count=summary["sources"]))
    if summary["illustrative"]:
        st.warning(t("app.illustrative_notice", lang, count=format_number(summary["illustrative"], lang),
                     total=format_number(summary["figures"], lang)))


def link_to_this_view(url_path: str) -> str:
    """This page's address with its query (every choice the URL keeps), as a link that reopens the view:
    the address the reader's browser uses (st.context.url); in a run without a browser (AppTest), the
    path under server.baseUrlPath, relative to wherever the dashboard is served. IP Monitor has no
    configured public address of its own."""
    base = st.get_option("server.baseUrlPath").strip("/")
    address = st.context.url or ("/" + (f"{base}/" if base else "") + url_path)
    query = urlencode(st.query_params.to_dict())
    return address + (f"?{query}" if query else "")


def url_choice(widget, label: str, options: list, param: str, default, *, key: str, **kwargs) -> object:
    """A selectbox or radio whose choice lives in the URL as a code (?param=code), so that a copied
    link reopens the same view in either language. (Streamlit's own query-param binding writes the
    displayed label, which changes with the language.) The URL gives only the starting value."""
    codes = [str(option) for option in options]
    wanted = st.query_params.get(param)
    index = codes.index(wanted) if wanted in codes else options.index(default)
    value = widget(label, options, index=index, key=key, **kwargs)
    st.query_params[param] = str(value)
    return value


def url_number(widget, label: str, low: int, high: int, param: str, default: int, *, key: str, **kwargs) -> int:
    """A slider over whole numbers (years) kept in the URL."""
    try:
        start = min(max(int(st.query_params.get(param, default)), low), high)
    except ValueError:
        start = default
    value = widget(label, low, high, start, key=key, **kwargs)
    st.query_params[param] = str(value)
    return value


def url_float(widget, label: str, low: float, high: float, param: str, default: float, *, key: str,
              **kwargs) -> float:
    """A number input over decimals (a growth in percent, a yearly count) kept in the URL as written
    (?growth=3.05), within [low, high]; anything else in the URL gives the default."""
    try:
        start = float(st.query_params.get(param, default))
    except ValueError:
        start = default
    start = default if start != start else min(max(start, low), high)  # start != start: NaN
    value = widget(label, min_value=float(low), max_value=float(high), value=float(start), key=key, **kwargs)
    st.query_params[param] = f"{value:.12g}"
    return value


def url_hundredths(widget, label: str, low: float, high: float, step: int, param: str, default: float, *,
                   key: str, format_func) -> float:
    """A select slider over decimals, every `step` hundredths from `low` to `high` (a growth of 3.05% a
    year), each shown the reader's way by format_func ("3,05%" in Vietnamese: a number input can only
    write "3.05", a thousands sign there), kept in the URL as written (?growth=3.05); a value between
    steps goes to the nearest, anything else in the URL gives the default."""
    options = list(range(round(low * 100), round(high * 100) + 1, step))
    try:
        wanted = round(float(st.query_params.get(param, default)) * 100)
    except (ValueError, OverflowError):  # not a number, NaN, infinity
        wanted = round(default * 100)
    start = min(options, key=lambda option: abs(option - wanted))
    value = widget(label, options, value=start, key=key, format_func=lambda option: format_func(option / 100))
    st.query_params[param] = f"{value / 100:g}"
    return value / 100


def url_flag(widget, label: str, param: str, default: bool, *, key: str, **kwargs) -> bool:
    """A toggle kept in the URL as 1 or 0."""
    wanted = st.query_params.get(param)
    value = widget(label, default if wanted not in ("0", "1") else wanted == "1", key=key, **kwargs)
    st.query_params[param] = "1" if value else "0"
    return value


def status_label(status: str, lang: str) -> str:
    """A progress status as plain text, its shape and word ("▲ needs acceleration"): colour is never the
    only signal, and no emoji, which machines without an emoji font draw as boxes."""
    return status_text("progress", status, lang)


def status_chip(status: str, lang: str) -> str:
    """A progress status as a coloured HTML span (shape and word) for st.markdown(unsafe_allow_html=True)."""
    return status_chip_html("progress", status, lang)
