"""The DuckDB file: connecting, applying numbered migrations, and running the named SQL files."""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import duckdb
import pandas as pd

from ipmonitor.paths import MIGRATIONS_DIR, SQL_DIR

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_SQL_NAME = re.compile(r"^[a-z0-9_]+$")

Params = Sequence[Any] | Mapping[str, Any] | None

# Every connection the app opens (reads, sign-ins, commits) uses this one configuration: DuckDB refuses,
# within one process, a second connection to a file with a different configuration (read_only
# included). One thread within 128 MB: at national scale (2.4 million figures) an unfiltered read
# otherwise takes the server past 600 MB (bench/bench_pages.py).
APP_CONFIG: Mapping[str, Any] = {"threads": 1, "memory_limit": "128MB"}


def connect(path: Path | str, read_only: bool = False,
            config: Mapping[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database file (created, with its folder, when writing and missing)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))


@contextmanager
def open_database(path: Path | str, read_only: bool = False,
                  config: Mapping[str, Any] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed on exit, so the file lock is held no longer than needed."""
    con = connect(path, read_only=read_only, config=config)
    try:
        yield con
    finally:
        con.close()


def is_lock_error(error: BaseException) -> bool:
    """True for DuckDB's refusal to open a file whose lock another process holds."""
    # The message's own words, not just "lock": a path may contain "lock" too.
    return isinstance(error, duckdb.IOException) and "could not set lock" in str(error).lower()


def connect_when_free(path: Path | str, read_only: bool = False, config: Mapping[str, Any] | None = None, *,
                      wait_seconds: float,
                      on_wait: Callable[[], None] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the file like `connect`, retrying for at most `wait_seconds` while another process holds it.

    DuckDB lets one process at a time open a file for writing (the dashboard holds it for a moment on
    every read), and refuses at once rather than queueing; a short bounded retry lets the command line
    slip in between the dashboard's reads. After the wait the last lock error is raised. `on_wait` is
    called once, at the first refusal, so that a caller can say why it is waiting.
    """
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    pause = 0.02
    told = False
    while True:
        try:
            return connect(path, read_only=read_only, config=config)
        except duckdb.IOException as error:
            remaining = deadline - time.monotonic()
            if not is_lock_error(error) or remaining <= 0:
                raise
            if on_wait is not None and not told:
                on_wait()
                told = True
        time.sleep(min(pause, remaining))  # the last try falls on the deadline
        pause = min(pause * 1.5, 0.25)  # quick at first (a dashboard read lasts milliseconds), then gentler


@contextmanager
def open_database_when_free(path: Path | str, read_only: bool = False,
                            config: Mapping[str, Any] | None = None, *, wait_seconds: float,
                            on_wait: Callable[[], None] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """`connect_when_free` as a connection closed on exit."""
    con = connect_when_free(path, read_only=read_only, config=config, wait_seconds=wait_seconds,
                            on_wait=on_wait)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All statements inside commit together or not at all."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def read_sql(name: str) -> str:
    """The text of ipmonitor/sql/NAME.sql; names come from code, never from users."""
    if not _SQL_NAME.match(name):
        raise ValueError(f"bad SQL file name: {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_df(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> pd.DataFrame:
    """Run a named SQL file with bound parameters and return the whole result as a DataFrame."""
    return con.execute(read_sql(name), params).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> list[tuple]:
    """Run a named SQL file with bound parameters and return all rows (also ends the streamed result)."""
    return con.execute(read_sql(name), params).fetchall()


def list_migrations() -> list[Path]:
    """Migration files in order; a file not named NNN_name.sql is an error, not silently skipped."""
    files = sorted(p for p in MIGRATIONS_DIR.iterdir() if p.suffix == ".sql")
    bad = [p.name for p in files if not _MIGRATION_NAME.match(p.name)]
    if bad:
        raise ValueError(f"migration files must be named NNN_name.sql: {bad}")
    return files


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    applied = []
    for path in list_migrations():
        version = int(path.name[:3])
        if version in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migration VALUES (?, ?, current_timestamp::TIMESTAMP)",
                [version, path.name],
            )
        applied.append(path.name)
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied, 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migration'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0]
