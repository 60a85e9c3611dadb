"""Cached reads of the database: a query run once per database version, a chart built once per version
and choice, and what a page says when the database cannot be read.

Reads open a short read-only connection and close it, so the command line can still write; results
are cached per database version (file size and modification time), so a commit shows at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

import duckdb
import streamlit as st

from ipmonitor.store import db
from ipmonitor.store.damage_words import describe_damage
from ipmonitor.i18n import t
from ipmonitor.paths import database_path
from ui.language import current_language

# A command-line commit holds the database for about a second (100,000 figures, etl/backup.py's
# notes); a page waits that long rather than saying "busy" at once.
LOCK_WAIT_SECONDS = 2.0

Result = TypeVar("Result")


def database_version(path: Path) -> tuple:
    """Changes whenever the database is written (its file or its write-ahead log); part of every cache key."""
    wal = path.with_name(path.name + ".wal")
    stats = [(p.stat().st_mtime_ns, p.stat().st_size) for p in (path, wal) if p.exists()]
    return str(path), *stats


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_query(version: tuple[str, int, int], name: str, _query: Callable[..., object], *args: object) -> object:
    # Keyed by the query's qualified name, never by the function object (Streamlit would hash its id):
    # the same key in every rerun and session. The leading underscore keeps _query out of the key.
    with db.open_database_when_free(version[0], config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS) as con:
        return _query(con, *args)


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


def read(query: Callable[..., Result], *args: object) -> Result:
    """Run `query(con, *args)` (a read of the domain package, e.g. scoreboard.assess_register) on the
    current database, cached per database version; the arguments are plain values, part of the key.

    While another process writes (a command-line load holds DuckDB's file lock), the page says so
    and stops, rather than showing an error.
    """
    try:
        return _cached_query(database_version(database_path()), f"{query.__module__}.{query.__qualname__}", query,
                             *args)
    except duckdb.Error as error:
        stop_for_database_error(error, current_language())
        raise


def stop_for_database_error(error: duckdb.Error, lang: str) -> None:
    """Stop the page with what a DuckDB error means to the reader: the file is damaged (logged on the
    server, with the command that puts it right) or busy (another program holds it: reload soon).
    Any other error is left to the caller."""
    if db.is_damage_error(error):
        st.error(describe_damage(db.as_damage(error, database_path()), lang))
        st.stop()
    if isinstance(error, duckdb.IOException):
        st.warning(t("app.database_busy", lang))
        st.stop()
