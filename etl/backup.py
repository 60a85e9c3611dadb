"""Backups of the database: a snapshot before every change, a retention limit, and restore.

A backup is DuckDB's own snapshot: `EXPORT DATABASE` inside one transaction writes every table (as
Parquet) with the schema, constraints and sequences, exactly as that transaction saw them (DuckDB's
snapshot isolation), whatever the dashboard's other sessions in the same process read or commit
meanwhile. A byte copy of the file would not be consistent without stopping every other session: a
commit or checkpoint can rewrite blocks mid-copy, and committed changes may sit in the write-ahead log.

Why an export folder rather than a second .duckdb file (`ATTACH` + `COPY FROM DATABASE`): that copy
rebuilds every index. At national scale (2.4 million figures) it ran out of the app's 128 MB and, with
no limit, took 12 s, 1.1 GB of memory and 490 MB of disk per backup; the export takes about 1 s within
the 128 MB and 29 MB of disk. The index rebuild moves to `restore` (a rare command-line step).

A backup is written to a hidden temporary folder, flushed to disk and only then renamed into place:
a crash mid-backup leaves at most a hidden temporary (removed by the next backup), never a half
backup that looks complete. Its Parquet files can be read directly (pandas, DuckDB) without a restore.

Each backup carries `manifest.json`, written in the same transaction as the export: the database's id
(migration 008), its schema version, the time and label, every table's file and row count, every
sequence's next value, and every file's SHA-256 and size. Restore trusts nothing else in the folder. It
never runs the folder's schema.sql or load.sql (they stay for reading by hand): it builds a new file
from this application's own migrations up to the backup's schema version, inserts each table from its
Parquet file with the column list of that schema (files checked against the manifest first), moves the
sequences past what the backup and the replaced database used, reads every table through before the
swap, and only then applies the later migrations. The checksums detect damage and hand edits, not a
forger who rewrites the manifest too; even then the folder can only supply rows that this schema's
constraints accept, never statements.

A folder without a manifest (a backup written before this version) is refused rather than read on
trust: nothing would prove its files whole or say whose they are, and its Parquet files can still be
read by hand (`pd.read_parquet`, DuckDB's `read_parquet`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from graphlib import TopologicalSorter
from typing import Any, Callable, Iterable

import duckdb

from etl.register_changes import ensure_plan_register
from ipmonitor.store import db
from ipmonitor.store.audit import record_event

BACKUP_DIR_ENV_VAR = "IPMONITOR_BACKUP_DIR"
BACKUP_KEEP_ENV_VAR = "IPMONITOR_BACKUP_KEEP"
DEFAULT_KEEP = 30
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
EXPORT_FILES = ("schema.sql", "load.sql")  # what EXPORT DATABASE always writes beside the tables
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "ipmonitor-backup"
MANIFEST_VERSION = 1
REQUIRED_TABLES = ("schema_migration", "load_batch", "figure_version", "current_figure", "audit_event")
IDENTITY_TABLE, AUDIT_TABLE, MIGRATION_TABLE = "database_identity", "audit_event", "schema_migration"
DAMAGED = "damaged"

# ipmonitor-20261125T101500.123Z-before-batch-12: the backups of one database sort by name in time
# order (fixed width, UTC, milliseconds so that two backups in one second stay apart) and say what
# came next.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\.\d{3}Z)-(?P<label>[a-z0-9][a-z0-9-]*)$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# .<name>.<pid>-<token>.tmp: a backup being written, or left by a process killed while writing it.
_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]+\.tmp$")
# A file named in a manifest: a plain name inside the backup folder, never a path or a hidden file.
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupFailed(Exception):
    """The backup before a change could not be written, so the change was refused: nothing written."""


class RestoreRefused(Exception):
    """The restore was not done, the database left as it was: `reason` names the message
    (cli.restore_<reason>): same_file, not_a_backup, no_manifest, bad_manifest, missing_file, checksum,
    damaged, count_mismatch, newer_schema, other_database or unnamed_database."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Backup:
    """One backup of a database: a folder written by EXPORT DATABASE."""

    path: Path
    taken_at: dt.datetime  # UTC, naive, like the batches
    label: str
    size: int  # bytes, all files
    has_manifest: bool = True  # False: written before manifests, so restore refuses it


@dataclass(frozen=True)
class Restored:
    """What a restore did: the database, the backup put back, and the backup of what it replaced
    (None when there was no database)."""

    database: Path
    restored_from: Path
    replaced_kept_in: Path | None
    damaged_kept_in: Path | None = None  # where an unreadable database was moved aside
    damaged_detail: str | None = None  # why it was unreadable
    other_database: bool = False  # the backup was of another database (--other-database)


@dataclass(frozen=True)
class _Contents:
    """What a backup holds, as its manifest says (a folder) or as read through (a .duckdb file)."""

    schema_version: int
    database_id: str | None
    rows: dict[str, int]  # per table of schema main
    sequences: dict[str, int]  # the next value of each sequence


def backup_folder(db_path: Path | str) -> Path:
    """$IPMONITOR_BACKUP_DIR if set, else backups/ beside the database file."""
    configured = os.environ.get(BACKUP_DIR_ENV_VAR)
    return Path(configured) if configured else Path(db_path).parent / "backups"


def backup_keep() -> int:
    """How many backups of a database are kept: $IPMONITOR_BACKUP_KEEP, else 30."""
    configured = os.environ.get(BACKUP_KEEP_ENV_VAR)
    if not configured:
        return DEFAULT_KEEP
    keep = int(configured)
    if keep < 1:
        raise ValueError(f"{BACKUP_KEEP_ENV_VAR} must be at least 1, not {configured!r}")
    return keep


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection's database; None for an in-memory database."""
    # fetchall, not fetchone, here and below: DuckDB refuses `register` on a connection whose last
    # result was not read to the end, and the callers register frames next.
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def next_batch_label(con: duckdb.DuckDBPyConnection) -> str:
    """before-batch-N, N being the number the next batch will get from its sequence."""
    rows = con.execute(
        "SELECT coalesce(last_value + increment_by, start_value) FROM duckdb_sequences()"
        " WHERE database_name = current_database() AND sequence_name = 'batch_id_seq'").fetchall()
    number = rows[0][0] if rows else db.execute(con, "latest_batch_id")[0][0] + 1
    return f"before-batch-{number}"


def list_backups(db_path: Path | str, folder: Path | None = None) -> list[Backup]:
    """The complete backups of a database, newest first."""
    folder = folder or backup_folder(db_path)
    stem = Path(db_path).stem
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == stem and (_has_manifest(path) or _is_export(path)):
                taken_at = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S.%fZ")
                try:
                    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
                except FileNotFoundError:  # removed meanwhile by another session's retention
                    continue
                found.append(Backup(path, taken_at, match["label"], size, _has_manifest(path)))
    return sorted(found, key=lambda backup: backup.path.name, reverse=True)


def prune_backups(db_path: Path | str, keep: int, folder: Path | None = None,
                  protect: Iterable[Path] = ()) -> list[Path]:
    """Delete all but the `keep` newest backups of a database (never one in `protect`); return the deleted."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    protected = {Path(p).resolve() for p in protect}
    removed = []
    for backup in list_backups(db_path, folder)[keep:]:
        if backup.path.resolve() not in protected:
            shutil.rmtree(backup.path, ignore_errors=True)
            removed.append(backup.path)
    return removed


def backup_database(con: duckdb.DuckDBPyConnection, *, label: str, folder: Path | None = None,
                    keep: int | None = None, protect: Iterable[Path] = ()) -> Path | None:
    """Write a snapshot of the connection's database, then apply the retention limit.

    Returns the backup's folder; None for an in-memory database, which has no file to protect. The
    connection may be read-only. Raises OSError or duckdb.Error when the backup cannot be written.
    """
    if not _LABEL.match(label):
        raise ValueError(f"bad backup label: {label!r}")
    db_path = database_file(con)
    if db_path is None:
        return None
    folder = folder or backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temporaries(folder)
    taken_at = dt.datetime.now(dt.timezone.utc)
    temporary = folder / f".{db_path.stem}-{label}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    source = con.execute("SELECT current_database()").fetchall()[0][0]
    try:
        con.execute("BEGIN TRANSACTION")  # one snapshot for every table, and the manifest's counts of it
        try:
            con.execute(f"EXPORT DATABASE {_quote_identifier(source)} TO {_quote_literal(temporary)}"
                        " (FORMAT parquet)")
            contents = _describe_database(con, source)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        if not _is_export(temporary) or not all((temporary / f"{t}.parquet").is_file() for t in contents.rows):
            raise OSError(f"the export in {temporary} is incomplete")
        _write_manifest(temporary, contents, taken_at, label)
        for part in temporary.iterdir():
            _flush(part)
        _flush(temporary)
        final = _rename_to_free_name(temporary, folder, db_path.stem, taken_at, label)
        _flush(folder)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    prune_backups(db_path, keep if keep is not None else backup_keep(), folder, protect=[final, *protect])
    return final


def backup_before_write(con: duckdb.DuckDBPyConnection, label: str) -> Path | None:
    """The backup taken before a change to the figures; BackupFailed (the change is refused) when it
    cannot be written. A database without any batch yet has nothing to lose and gets none."""
    try:
        if db.execute(con, "latest_batch_id")[0][0] == 0:
            return None
        return backup_database(con, label=label)
    except (OSError, ValueError, duckdb.Error) as error:
        raise BackupFailed(str(error).splitlines()[0] if str(error) else type(error).__name__) from error


def open_backup(backup_path: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding a backup at its own schema version, to read it without restoring
    it; built and checked as a restore builds it (RestoreRefused when the backup is not whole)."""
    backup_path = Path(backup_path)
    con = duckdb.connect()
    try:
        contents = _read_source(con, backup_path)
        _build(con, backup_path, contents)
        _check_counts(con, backup_path, contents)
        _detach_source(con)
    except BaseException:
        con.close()
        raise
    return con


def restore_database(db_path: Path | str, backup_path: Path | str, *, wait_seconds: float,
                     folder: Path | None = None, keep: int | None = None,
                     on_wait: Callable[[], None] | None = None, other_database: bool = False,
                     actor: str = "unknown", detail: dict[str, Any] | None = None) -> Restored:
    """Put a backup (a backup folder, or a .duckdb file) back in place of the database file, after
    backing up the database it replaces; RestoreRefused, with the database left as it was, when the
    backup is not whole, not this application's, or (without `other_database`) of another database.

    The backup is rebuilt beside the database under a temporary name from this application's own
    migrations (never from SQL in the backup), read through, and brought to the current schema. Then,
    holding the database's lock (waiting at most `wait_seconds` for another process to let go, else
    DuckDB's lock error is raised), the current database is read through and backed up; its audit log,
    id and sequence positions are carried into the rebuilt file, with one "restore" event by `actor`
    (`detail` added to it); its write-ahead log is folded in and removed, and the file swapped in one
    os.replace, so that a crash at any point leaves either the old database or the restored one.

    A current database that cannot be opened or read through (not a lock) cannot be backed up either,
    and would block the way back: it is moved aside, with its log, to `<name>.damaged-<UTC time>` beside
    it, and the restore goes on with no backup of it (Restored.damaged_kept_in says where it went).
    The rebuilt file takes the replaced database's id when it has one (an id names the file's history,
    which its audit log continues), else the backup's. Call it from a process with no other connection
    to `db_path` (the command line).
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.exists():
        raise FileNotFoundError(backup_path)
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise RestoreRefused("same_file", path=backup_path)
    folder = folder or backup_folder(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    kept = damaged_kept = damaged_detail = None
    try:
        contents = _stage(backup_path, staged)
        live, damaged_detail = _open_live(db_path, wait_seconds, on_wait)
        if damaged_detail is not None or (live is None and _wal(db_path).exists()):
            damaged_kept = _aside_name(db_path)  # moved there only once nothing can stop the swap
        try:
            live_id = _database_id(live, _catalog(live)) if live is not None else None
            other = live_id is not None and contents.database_id != live_id
            if other and not other_database:
                if contents.database_id is None:
                    raise RestoreRefused("unnamed_database", path=backup_path, live_id=live_id)
                raise RestoreRefused("other_database", path=backup_path, backup_id=contents.database_id,
                                     live_id=live_id)
            sequences: dict[str, int] = {}
            if live is not None:
                try:
                    kept = backup_database(live, label=BEFORE_RESTORE, folder=folder, keep=keep,
                                           protect=[backup_path])
                except (OSError, duckdb.Error) as error:
                    raise BackupFailed(str(error).splitlines()[0]) from error
                sequences = _carry_over(live, staged, same_history=not other)
            with db.open_database(staged) as con:
                _advance_sequences(con, sequences)  # never reuse a number the replaced database used
                record_event(con, actor, "restore", channel="cli", detail={
                    "from": str(backup_path), "replaced_kept_in": str(kept) if kept else None,
                    "other_database": other, "damaged_kept_in": str(damaged_kept) if damaged_kept else None,
                    **(detail or {})})
                con.execute("CHECKPOINT")
            _read_through(staged, backup_path)
            _flush(staged)
            if live is not None:
                # Fold the write-ahead log into the old file and remove it: left beside the restored
                # file, it would be replayed onto it.
                live.execute("CHECKPOINT")
                _wal(db_path).unlink(missing_ok=True)
            if damaged_kept is not None:
                _move_aside(db_path, damaged_kept)
            os.replace(staged, db_path)
            _flush(db_path.parent)
        finally:
            if live is not None:
                live.close()
    finally:
        staged.unlink(missing_ok=True)
        _wal(staged).unlink(missing_ok=True)
    return Restored(db_path, backup_path, kept, damaged_kept, damaged_detail, other)


# -- what a backup holds ---------------------------------------------------------------------------

def _describe_database(con: duckdb.DuckDBPyConnection, catalog: str) -> _Contents:
    """Tables and their rows, sequences, id and schema version of a database, as the connection's
    transaction sees it."""
    tables = [row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
        " ORDER BY table_name", [catalog]).fetchall()]
    rows = {table: con.execute(f"SELECT count(*) FROM {_table(catalog, table)}").fetchall()[0][0]
            for table in tables}
    version = 0
    if MIGRATION_TABLE in rows:
        version = con.execute(f"SELECT coalesce(max(version), 0) FROM {_table(catalog, MIGRATION_TABLE)}"
                              ).fetchall()[0][0]
    return _Contents(version, _database_id(con, catalog), rows, _sequences(con, catalog))


def _sequences(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    return dict(con.execute(
        "SELECT sequence_name, coalesce(last_value + increment_by, start_value) FROM duckdb_sequences()"
        " WHERE database_name = ? AND schema_name = 'main'", [catalog]).fetchall())


def _database_id(con: duckdb.DuckDBPyConnection, catalog: str) -> str | None:
    """The database's id (migration 008); None for a database from before it."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
                       " AND table_name = ?", [catalog, IDENTITY_TABLE]).fetchall()[0][0]:
        return None
    rows = con.execute(f"SELECT database_id FROM {_table(catalog, IDENTITY_TABLE)}").fetchall()
    return rows[0][0] if rows else None


def _write_manifest(folder: Path, contents: _Contents, taken_at: dt.datetime, label: str) -> None:
    """manifest.json: what the backup holds and a checksum of every other file in it."""
    files = {}
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST:
            digest, size = _sha256(path)
            files[path.name] = {"sha256": digest, "bytes": size}
    manifest = {
        "format": MANIFEST_FORMAT, "format_version": MANIFEST_VERSION,
        "database_id": contents.database_id, "schema_version": contents.schema_version,
        "taken_at": f"{taken_at:%Y-%m-%dT%H:%M:%S}.{taken_at.microsecond // 1000:03d}Z", "label": label,
        "tables": {table: {"file": f"{table}.parquet", "rows": rows} for table, rows in contents.rows.items()},
        "sequences": contents.sequences, "files": files,
    }
    with (folder / MANIFEST).open("w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())


def _read_manifest(folder: Path) -> _Contents:
    """The manifest of a backup folder, checked for shape, and every file it lists checked against it."""
    path = folder / MANIFEST
    if not path.is_file():
        raise RestoreRefused("no_manifest", path=folder)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        contents, files = _parse_manifest(manifest)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise RestoreRefused("bad_manifest", path=folder, detail=str(error) or type(error).__name__) from error
    for name, (digest, size) in files.items():
        if not (folder / name).is_file():
            raise RestoreRefused("missing_file", path=folder, file=name)
        if _sha256(folder / name) != (digest, size):
            raise RestoreRefused("checksum", path=folder, file=name)
    return contents


def _parse_manifest(manifest: Any) -> tuple[_Contents, dict[str, tuple[str, int]]]:
    """ValueError (or TypeError, KeyError) naming the first thing wrong with a manifest's shape."""
    def count(value: Any, what: str) -> int:
        if type(value) is not int or value < 0:
            raise ValueError(f"{what}: {value!r} is not a count")
        return value

    if manifest.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"format {manifest.get('format')!r}")
    if manifest.get("format_version") != MANIFEST_VERSION:
        raise ValueError(f"format version {manifest.get('format_version')!r}")
    database_id = manifest["database_id"]
    if database_id is not None and not isinstance(database_id, str):
        raise ValueError(f"database id {database_id!r}")
    files = {}
    for name, entry in manifest["files"].items():
        if not _FILE_NAME.match(name) or name == MANIFEST or not _SHA256.match(entry["sha256"]):
            raise ValueError(f"file {name!r}")
        files[name] = (entry["sha256"], count(entry["bytes"], name))
    rows = {}
    for table, entry in manifest["tables"].items():
        if entry["file"] != f"{table}.parquet" or entry["file"] not in files:
            raise ValueError(f"table {table!r}: file {entry['file']!r} is not listed")
        rows[table] = count(entry["rows"], table)
    sequences = {name: count(value, name) for name, value in manifest["sequences"].items()}
    return _Contents(count(manifest["schema_version"], "schema version"), database_id, rows, sequences), files


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# -- rebuilding a backup ---------------------------------------------------------------------------

_SOURCE = "restore_source"  # a .duckdb file being restored, attached read-only under this name


def _read_source(con: duckdb.DuckDBPyConnection, backup_path: Path) -> _Contents:
    """What a backup holds: a folder's verified manifest, or a .duckdb file attached read-only to `con`
    and read through (every column of every table)."""
    if backup_path.is_dir():
        return _read_manifest(backup_path)
    try:
        con.execute(f"ATTACH {_quote_literal(backup_path)} AS {_SOURCE} (READ_ONLY)")
    except duckdb.Error as error:
        if db.is_lock_error(error):
            raise
        raise RestoreRefused("not_a_backup", path=backup_path, detail=_first_line(error)) from error
    try:
        _scan(con, _SOURCE)
    except _Unreadable as unreadable:
        raise RestoreRefused(DAMAGED, path=backup_path, table=unreadable.table,
                             detail=unreadable.detail) from unreadable
    contents = _describe_database(con, _SOURCE)
    if MIGRATION_TABLE not in contents.rows:
        raise RestoreRefused("not_a_backup", path=backup_path, detail="no schema_migration table")
    return contents


def _detach_source(con: duckdb.DuckDBPyConnection) -> None:
    if con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [_SOURCE]).fetchall()[0][0]:
        con.execute(f"DETACH {_SOURCE}")


def _build(con: duckdb.DuckDBPyConnection, backup_path: Path, contents: _Contents) -> None:
    """Create this application's schema as it was at the backup's version, and insert the backup's rows
    into it, each table by the column list of that schema."""
    newest = max(int(path.name[:3]) for path in db.list_migrations())
    if contents.schema_version > newest:
        raise RestoreRefused("newer_schema", path=backup_path, version=contents.schema_version, newest=newest)
    if contents.schema_version < 1:
        raise RestoreRefused("not_a_backup", path=backup_path, detail="no migration recorded")
    db.apply_migrations(con, up_to=contents.schema_version)
    catalog = _catalog(con)
    tables = _tables_in_order(con, catalog)
    missing = [table for table in tables if table not in contents.rows]
    if missing:
        raise RestoreRefused("not_a_backup", path=backup_path, detail=f"no table {missing[0]}")
    if backup_path.is_dir():  # a .duckdb file may hold other tables; a manifest lists only what we wrote
        strange = sorted(set(contents.rows) - set(tables))
        if strange:
            raise RestoreRefused("not_a_backup", path=backup_path,
                                 detail=f"{strange[0]} is not a table of schema version {contents.schema_version}")
    try:
        with db.transaction(con):
            for table in reversed(tables):  # what the migrations wrote (their bookkeeping, the id) gives way
                con.execute(f"DELETE FROM {_table(catalog, table)}")
            for table in tables:
                # Identifiers from this application's own catalog, the file name only as a bound value.
                columns = ", ".join(_quote_identifier(c) for c in _columns(con, catalog, table))
                if backup_path.is_dir():
                    origin, params = "read_parquet(?)", [str(backup_path / f"{table}.parquet")]
                else:
                    origin, params = _table(_SOURCE, table), []
                con.execute(f"INSERT INTO {_table(catalog, table)} ({columns}) SELECT {columns} FROM {origin}",
                            params)
        versions = con.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchall()[0][0]
    except duckdb.Error as error:
        if db.is_lock_error(error):
            raise
        raise RestoreRefused("not_a_backup", path=backup_path, detail=_first_line(error)) from error
    if versions != contents.schema_version:
        raise RestoreRefused("not_a_backup", path=backup_path,
                             detail=f"schema version {versions}, not {contents.schema_version}")
    _advance_sequences(con, contents.sequences)


def _stage(backup_path: Path, staged: Path) -> _Contents:
    """Rebuild a backup as the database file `staged`, read it through, and bring it to the current schema."""
    with db.open_database(staged) as con:
        contents = _read_source(con, backup_path)
        _build(con, backup_path, contents)
        _detach_source(con)
        con.execute("CHECKPOINT")
    with db.open_database(staged, read_only=True) as con:
        _check_counts(con, backup_path, contents)
    with db.open_database(staged) as con:
        db.apply_migrations(con)  # a backup made before a newer migration gets it now
        ensure_plan_register(con)  # and, from before migration 013, the shipped plan register
        con.execute("CHECKPOINT")
    return contents


def _check_counts(con: duckdb.DuckDBPyConnection, backup_path: Path, contents: _Contents) -> None:
    """Read every table through and compare its rows with what the backup says it holds."""
    try:
        found = _scan(con, _catalog(con))
    except _Unreadable as unreadable:
        raise RestoreRefused(DAMAGED, path=backup_path, table=unreadable.table,
                             detail=unreadable.detail) from unreadable
    for table, rows in found.items():
        if table in contents.rows and rows != contents.rows[table]:
            raise RestoreRefused("count_mismatch", path=backup_path, table=table, found=rows,
                                 expected=contents.rows[table])


def _read_through(staged: Path, backup_path: Path) -> None:
    """The last look before the swap: the file opens read-only, every table reads through, none missing."""
    with db.open_database(staged, read_only=True) as con:
        try:
            found = _scan(con, _catalog(con))
        except _Unreadable as unreadable:
            raise RestoreRefused(DAMAGED, path=backup_path, table=unreadable.table,
                                 detail=unreadable.detail) from unreadable
    missing = [table for table in REQUIRED_TABLES if table not in found]
    if missing:
        raise RestoreRefused("not_a_backup", path=backup_path, detail=f"no table {missing[0]}")


class _Unreadable(Exception):
    def __init__(self, table: str, detail: str) -> None:
        super().__init__(f"{table}: {detail}")
        self.table, self.detail = table, detail


def _scan(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    """Rows per table, reading every column of every row: DuckDB checks a block's checksum only when it
    reads the block, and `count(*)` alone may be answered without reading the data at all."""
    found = {}
    for schema, table in con.execute("SELECT schema_name, table_name FROM duckdb_tables()"
                                     " WHERE database_name = ? ORDER BY ALL", [catalog]).fetchall():
        try:
            found[table if schema == "main" else f"{schema}.{table}"] = con.execute(
                f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {_table(catalog, table, schema)}").fetchall()[0][0]
        except duckdb.Error as error:
            if db.is_lock_error(error):
                raise
            raise _Unreadable(table, _first_line(error)) from error
    return found


def _tables_in_order(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The tables of schema main, each after the tables its foreign keys point to."""
    order = TopologicalSorter({row[0]: set() for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
        " ORDER BY table_name", [catalog]).fetchall()})
    for table, referenced in con.execute(
            "SELECT table_name, referenced_table FROM duckdb_constraints() WHERE database_name = ?"
            " AND schema_name = 'main' AND constraint_type = 'FOREIGN KEY' ORDER BY ALL", [catalog]).fetchall():
        order.add(table, referenced)
    return list(order.static_order())


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main'"
        " AND table_name = ? ORDER BY column_index", [catalog, table]).fetchall()]


def _advance_sequences(con: duckdb.DuckDBPyConnection, wanted: dict[str, int]) -> None:
    """Move each sequence of the connection's database to at least `wanted` and past the largest value
    in the columns it numbers, so that no number is ever given twice.

    DuckDB cannot restart a sequence (no ALTER SEQUENCE ... RESTART) nor drop one a column default uses:
    the defaults are dropped, the sequence created again with its new START, and the defaults set back,
    in one transaction; tried on DuckDB 2.0, the dependency comes back with the default.
    """
    catalog = _catalog(con)
    for name, current, increment in con.execute(
            "SELECT sequence_name, coalesce(last_value + increment_by, start_value), increment_by"
            " FROM duckdb_sequences() WHERE database_name = ? AND schema_name = 'main' ORDER BY ALL",
            [catalog]).fetchall():
        default = f"nextval({_quote_literal(name)})"
        users = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ?"
                            " AND schema_name = 'main' AND column_default = ? ORDER BY ALL",
                            [catalog, default]).fetchall()
        target = max([current, wanted.get(name, current)] + [
            con.execute(f"SELECT coalesce(max({_quote_identifier(column)}), 0) + 1"
                        f" FROM {_table(catalog, table)}").fetchall()[0][0] for table, column in users])
        if target <= current:
            continue
        if increment != 1:
            raise ValueError(f"sequence {name} counts by {increment}, which a restore does not expect")
        with db.transaction(con):
            for table, column in users:
                con.execute(f"ALTER TABLE {_table(catalog, table)} ALTER COLUMN {_quote_identifier(column)}"
                            " DROP DEFAULT")
            con.execute(f"DROP SEQUENCE {_quote_identifier(name)}")
            con.execute(f"CREATE SEQUENCE {_quote_identifier(name)} START {int(target)}")
            for table, column in users:
                con.execute(f"ALTER TABLE {_table(catalog, table)} ALTER COLUMN {_quote_identifier(column)}"
                            f" SET DEFAULT {default}")


# -- the database being replaced -------------------------------------------------------------------

def _open_live(db_path: Path, wait_seconds: float,
               on_wait: Callable[[], None] | None) -> tuple[duckdb.DuckDBPyConnection | None, str | None]:
    """The current database, opened for writing and read through: (connection, None); (None, None) when
    there is none; (None, why) when it cannot be opened or read (a lock error is raised, not returned)."""
    if not db_path.exists():
        return None, None
    try:
        con = db.connect_when_free(db_path, wait_seconds=wait_seconds, on_wait=on_wait)
    except duckdb.Error as error:
        if db.is_lock_error(error):
            raise
        return None, _first_line(error)
    try:
        _scan(con, _catalog(con))
    except _Unreadable as unreadable:
        con.close()
        return None, str(unreadable)
    return con, None


def _aside_name(db_path: Path) -> Path:
    """<name>.damaged-<UTC time> beside the database, not yet taken."""
    stamp = dt.datetime.now(dt.timezone.utc)
    for _ in range(100):
        aside = db_path.with_name(f"{db_path.name}.{DAMAGED}-{stamp:%Y%m%dT%H%M%SZ}")
        if not aside.exists() and not _wal(aside).exists():
            return aside
        stamp += dt.timedelta(seconds=1)
    raise OSError(f"no free name beside {db_path}")


def _move_aside(db_path: Path, aside: Path) -> None:
    """Rename a damaged database and its write-ahead log to `aside` (nothing is deleted)."""
    if db_path.exists():
        os.replace(db_path, aside)
    if _wal(db_path).exists():
        os.replace(_wal(db_path), _wal(aside))  # it belongs to the damaged file, not to the restored one
    _flush(db_path.parent)


def _carry_over(live: duckdb.DuckDBPyConnection, staged: Path, *, same_history: bool) -> dict[str, int]:
    """Copy the current database's audit log and id into the rebuilt file; return its sequences' next values.

    The live log is kept whole: every event, including those after the backup was taken. Of the
    backup's events, those the live log lacks (same event_id) are added when the backup is of this
    database; a backup of another database brings none (its log is of another database).
    """
    live_catalog = _catalog(live)
    alias = f"restore_{secrets.token_hex(4)}"
    live.execute(f"ATTACH {_quote_literal(staged)} AS {alias}")
    try:
        with db.transaction(live):
            for table in (AUDIT_TABLE, IDENTITY_TABLE):
                live_columns = set(_columns(live, live_catalog, table))
                if not live_columns:
                    continue  # a database from before that table
                columns = ", ".join(_quote_identifier(c) for c in _columns(live, alias, table) if c in live_columns)
                if table == AUDIT_TABLE and same_history:
                    live.execute(f"DELETE FROM {_table(alias, table)} WHERE event_id IN"
                                 f" (SELECT event_id FROM {_table(live_catalog, table)})")
                else:
                    live.execute(f"DELETE FROM {_table(alias, table)}")
                live.execute(f"INSERT INTO {_table(alias, table)} ({columns})"
                             f" SELECT {columns} FROM {_table(live_catalog, table)}")
        return _sequences(live, live_catalog)
    finally:
        live.execute(f"DETACH {alias}")


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_database()").fetchall()[0][0]


def _table(catalog: str, table: str, schema: str = "main") -> str:
    return ".".join(_quote_identifier(part) for part in (catalog, schema, table))


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _rename_to_free_name(temporary: Path, folder: Path, stem: str, taken_at: dt.datetime, label: str) -> Path:
    """Give a finished backup its name; two sessions backing up in the same millisecond get the
    next millisecond rather than one backup replacing the other (a folder is never renamed over
    a non-empty one)."""
    for _ in range(100):
        final = folder / f"{stem}-{taken_at:%Y%m%dT%H%M%S}.{taken_at.microsecond // 1000:03d}Z-{label}"
        if not final.exists():
            try:
                os.rename(temporary, final)
                return final
            except OSError:
                if not final.exists():
                    raise
        taken_at += dt.timedelta(milliseconds=1)
    raise OSError(f"no free backup name in {folder}")


def _is_export(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in EXPORT_FILES)


def _has_manifest(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def _remove_abandoned_temporaries(folder: Path) -> None:
    """Delete temporary backups whose writing process is gone (killed mid-backup)."""
    for path in folder.iterdir():
        match = _TEMPORARY.match(path.name)
        if match and not _process_alive(int(match["pid"])):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own temporaries are removed by the backup that made them
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _flush(path: Path) -> None:
    """fsync a file, or a folder (so that a rename in it survives a power cut); folders are skipped
    where the system cannot open them (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _quote_literal(path: Path) -> str:
    """EXPORT and IMPORT take no bound parameter: the path (ours, or from $IPMONITOR_BACKUP_DIR) is quoted."""
    return "'" + str(path).replace("'", "''") + "'"


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
