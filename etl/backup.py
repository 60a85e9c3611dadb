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
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import duckdb

from ipmonitor import db

BACKUP_DIR_ENV_VAR = "IPMONITOR_BACKUP_DIR"
BACKUP_KEEP_ENV_VAR = "IPMONITOR_BACKUP_KEEP"
DEFAULT_KEEP = 30
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
EXPORT_FILES = ("schema.sql", "load.sql")  # what EXPORT DATABASE always writes beside the tables
REQUIRED_TABLES = ("load_batch", "figure_version", "current_figure")

# ipmonitor-20261125T101500.123Z-before-batch-12: the backups of one database sort by name in time
# order (fixed width, UTC, milliseconds so that two backups in one second stay apart) and say what
# came next.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\.\d{3}Z)-(?P<label>[a-z0-9][a-z0-9-]*)$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# .<name>.<pid>-<token>.tmp: a backup being written, or left by a process killed while writing it.
_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]+\.tmp$")


class BackupFailed(Exception):
    """The backup before a change could not be written, so the change was refused: nothing written."""


class RestoreRefused(Exception):
    """The restore was not done: `reason` is same_file, not_a_backup or unreadable (cli.restore_<reason>)."""

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


@dataclass(frozen=True)
class Restored:
    """What a restore did: the database, the backup put back, and the backup of what it replaced
    (None when there was no database)."""

    database: Path
    restored_from: Path
    replaced_kept_in: Path | None


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
            if match and match["stem"] == stem and _is_export(path):
                taken_at = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S.%fZ")
                try:
                    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
                except FileNotFoundError:  # removed meanwhile by another session's retention
                    continue
                found.append(Backup(path, taken_at, match["label"], size))
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
        con.execute("BEGIN TRANSACTION")  # one snapshot for every table
        try:
            con.execute(f"EXPORT DATABASE {_quote_identifier(source)} TO {_quote_literal(temporary)}"
                        " (FORMAT parquet)")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        if not _is_export(temporary):
            raise OSError(f"the export in {temporary} is incomplete")
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
    """An in-memory database holding a backup, to read it without restoring it."""
    con = duckdb.connect()
    try:
        con.execute(f"IMPORT DATABASE {_quote_literal(Path(backup_path))}")
    except BaseException:
        con.close()
        raise
    return con


def restore_database(db_path: Path | str, backup_path: Path | str, *, wait_seconds: float,
                     folder: Path | None = None, keep: int | None = None,
                     on_wait: Callable[[], None] | None = None) -> Restored:
    """Put a backup (a backup folder, or a .duckdb file) back in place of the database file, after
    backing up the database it replaces.

    The backup is first rebuilt beside the database under a temporary name (imported, checked,
    brought to the current schema, checkpointed); then, holding the database's lock (waiting at most
    `wait_seconds` for another process to let go, else DuckDB's lock error is raised), the current
    database is backed up, its write-ahead log folded in and removed, and the file swapped in one
    os.replace, so that a crash at any point leaves either the old database or the restored one.
    Call it from a process with no other connection to `db_path` (the command line).
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.exists():
        raise FileNotFoundError(backup_path)
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise RestoreRefused("same_file", path=backup_path)
    folder = folder or backup_folder(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    kept = None
    try:
        _stage_restore(backup_path, staged)
        if not db_path.exists():
            os.replace(staged, db_path)
            _flush(db_path.parent)
            return Restored(db_path, backup_path, None)
        try:
            con = db.connect_when_free(db_path, wait_seconds=wait_seconds, on_wait=on_wait)
        except duckdb.Error as error:
            if db.is_lock_error(error):
                raise
            raise RestoreRefused("unreadable", path=db_path, detail=str(error).splitlines()[0]) from error
        try:
            try:
                kept = backup_database(con, label=BEFORE_RESTORE, folder=folder, keep=keep,
                                       protect=[backup_path])
            except (OSError, duckdb.Error) as error:
                raise BackupFailed(str(error).splitlines()[0]) from error
            # Fold the write-ahead log into the old file and remove it: left beside the restored
            # file, it would be replayed onto it.
            con.execute("CHECKPOINT")
            _wal(db_path).unlink(missing_ok=True)
            os.replace(staged, db_path)
            _flush(db_path.parent)
        finally:
            con.close()
    finally:
        staged.unlink(missing_ok=True)
        _wal(staged).unlink(missing_ok=True)
    return Restored(db_path, backup_path, kept)


def _stage_restore(backup_path: Path, staged: Path) -> None:
    """Rebuild a backup as the database file `staged`, and prove it is a database of this application."""
    try:
        if backup_path.is_dir():
            if not _is_export(backup_path):
                raise RestoreRefused("not_a_backup", path=backup_path, detail="no schema.sql and load.sql")
            with db.open_database(staged) as con:
                con.execute(f"IMPORT DATABASE {_quote_literal(backup_path)}")
        else:
            # copyfile, not copy2: a fresh modification time, which the dashboard's caches key on
            shutil.copyfile(backup_path, staged)
            if _wal(backup_path).exists():
                shutil.copyfile(_wal(backup_path), _wal(staged))
        with db.open_database(staged) as con:
            for table in REQUIRED_TABLES:
                con.execute(f"SELECT count(*) FROM {table}").fetchall()
            db.apply_migrations(con)  # a backup made before a newer migration gets it now
            con.execute("CHECKPOINT")
    except duckdb.Error as error:
        raise RestoreRefused("not_a_backup", path=backup_path, detail=str(error).splitlines()[0]) from error
    _flush(staged)


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
