"""The DuckDB file: connecting, applying numbered migrations, and running the named SQL files."""
from __future__ import annotations

import errno
import logging
import re
import struct
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


RESTORE_COMMAND = "python -m etl restore --latest"
_LOG = logging.getLogger("ipmonitor.store.db")

# DuckDB's own words when a file is not a database or its blocks are not what was written.
_DAMAGE_MESSAGES = ("not a valid duckdb database file", "corrupt database file",
                    "could not read enough bytes from file", "checksum")
# DuckDB 2.x file layout (storage version 69+): a 4 KiB main header starting with a checksum and the
# magic "DUCK", then two 4 KiB database headers (the one with the higher iteration is current), each
# checksum, iteration, meta block, free list, block count, block size, ...; the blocks start at 12 KiB.
_MAGIC_OFFSET, _MAGIC = 8, b"DUCK"
_DATABASE_HEADERS = (4096, 8192)
_FIRST_BLOCK = 12288


class DatabaseDamaged(duckdb.IOException):
    """The database file cannot be trusted: not a DuckDB file, cut short, or a block whose checksum fails.

    A subclass of DuckDB's IOException so that code which already treats a failed open as "cannot read"
    keeps doing so; `is_lock_error` is false for it.
    """

    def __init__(self, path: Path | str, detail: str, *, size: int | None = None,
                 needed: int | None = None) -> None:
        super().__init__(f"database file damaged: {path}: {detail}")
        self.path = Path(path)
        self.detail = detail
        self.size, self.needed = size, needed  # set when the file is shorter than its header says


def is_damage_error(error: BaseException) -> bool:
    """True when an error from DuckDB says the file itself is damaged (not busy, not a query's fault)."""
    if isinstance(error, DatabaseDamaged):
        return True
    return isinstance(error, duckdb.Error) and any(words in str(error).lower() for words in _DAMAGE_MESSAGES)


def as_damage(error: BaseException, path: Path | str) -> DatabaseDamaged:
    """A DuckDB error that `is_damage_error` recognised, as DatabaseDamaged for `path`, logged once."""
    if isinstance(error, DatabaseDamaged):
        return error
    damaged = DatabaseDamaged(path, str(error).splitlines()[0] if str(error) else type(error).__name__)
    _LOG.error("%s", damaged)
    return damaged


_NO_SPACE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_NO_SPACE_MESSAGES = ("no space left on device", "disk quota exceeded", "file too large")


def is_no_space_error(error: BaseException) -> bool:
    """True when a write failed for want of room: the disk (or the user's quota) is full."""
    if isinstance(error, OSError) and error.errno in _NO_SPACE_ERRNOS:
        return True
    return isinstance(error, (duckdb.Error, OSError)) and any(
        words in str(error).lower() for words in _NO_SPACE_MESSAGES)


def _short_of_header(path: Path) -> tuple[int, int] | None:
    """(size, size the header's block count gives) when the file is shorter than that, else None.

    Shorter is not yet damage: after a checkpoint DuckDB cuts free blocks off the end of the file and
    keeps them in the header's count, so only the blocks in use (`_check_blocks_in_use`) decide. A file
    whose header is not DuckDB's is left to DuckDB, which names it; a missing file is not checked.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_FIRST_BLOCK)
            size = handle.seek(0, 2)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return None
    if len(head) < _FIRST_BLOCK or head[_MAGIC_OFFSET:_MAGIC_OFFSET + 4] != _MAGIC:
        return None
    headers = [struct.unpack_from("<6Q", head, offset) for offset in _DATABASE_HEADERS]
    _, _, _, _, block_count, block_size = max(headers, key=lambda fields: fields[1])
    if block_size < 4096 or block_size & (block_size - 1) or block_count > 1 << 40:
        return None  # not a layout this check knows: DuckDB's own checks decide
    needed = _FIRST_BLOCK + block_count * block_size
    return (size, needed) if size < needed else None


# File states (path, modification time, size) already found whole: the deeper look costs tens of
# milliseconds, and the dashboard connects on every read.
_FOUND_WHOLE: dict[tuple[str, int, int], bool] = {}


def _check_blocks_in_use(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than the blocks its tables use: a file cut short (a copy interrupted, a
    disk that filled) opens, because DuckDB checks a block only when it reads it, and the commands that
    read only the first blocks would answer as if nothing were wrong."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _FOUND_WHOLE:
        return
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()"
                         " WHERE database_name = current_database()").fetchall()
    highest = -1
    for schema, table in tables:
        name = '"' + schema.replace('"', '""') + '"."' + table.replace('"', '""') + '"'
        found = con.execute("SELECT max(block_id) FROM pragma_storage_info(?) WHERE persistent", [name]).fetchall()
        if found and found[0][0] is not None:
            highest = max(highest, found[0][0])
    block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchall()[0][0]
    needed = _FIRST_BLOCK + (highest + 1) * block_size
    size = path.stat().st_size
    if size < needed:
        damaged = DatabaseDamaged(path, f"the file holds {size} bytes; its tables use blocks up to {needed} bytes",
                                  size=size, needed=needed)
        _LOG.error("%s", damaged)
        raise damaged
    if len(_FOUND_WHOLE) > 64:
        _FOUND_WHOLE.clear()
    _FOUND_WHOLE[key] = True


def connect(path: Path | str, read_only: bool = False,
            config: Mapping[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database file (created, with its folder, when writing and missing).

    DatabaseDamaged (logged) when the file is not a DuckDB database or is damaged (cut short, or a
    block whose checksum fails on the way in).
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    suspicious = _short_of_header(path) is not None
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))
    except duckdb.Error as error:
        if is_damage_error(error):
            raise as_damage(error, path) from error
        raise
    if suspicious:
        try:
            _check_blocks_in_use(con, path)
        except BaseException:
            con.close()
            raise
    return con


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
    """The text of ipmonitor/store/sql/NAME.sql; names come from code, never from users."""
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


def apply_migrations(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names.

    `up_to`: stop after that migration (a restore puts a backup's rows into the schema they were
    written in, then applies the later migrations to them as to any database)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    applied = []
    for path in list_migrations():
        version = int(path.name[:3])
        if version in done or (up_to is not None and version > up_to):
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
