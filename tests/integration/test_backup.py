"""etl/backup.py and the backup, backups and restore commands on real DuckDB files: a backup before every
change, the retention limit, restore (itself backed up), refusals that leave the database as it was."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.backup import (BACKUP_DIR_ENV_VAR, BACKUP_KEEP_ENV_VAR, BackupFailed, backup_database, list_backups,
                        open_backup, restore_database)
from etl.cli import main
from etl.load import revert_batch
from etl.pipeline import commit_prepared, prepare_bytes
from ipmonitor.store import db
from tests.database_holder import database_held
from tests.integration.test_cli import CURRENT, batches, current, file_digest

LONG_HEADER = "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"


@pytest.fixture(autouse=True)
def default_backup_settings(monkeypatch):
    """Backups beside each test's database, 30 kept, whatever the environment running the tests says."""
    monkeypatch.delenv(BACKUP_DIR_ENV_VAR, raising=False)
    monkeypatch.delenv(BACKUP_KEEP_ENV_VAR, raising=False)


def backed_up(backup: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The current figures and the batches a backup holds."""
    with open_backup(backup) as con:
        return con.execute(CURRENT).df(), con.execute("SELECT * FROM load_batch ORDER BY batch_id").df()


def load(con: duckdb.DuckDBPyConnection, value: int, year: int = 2026) -> int | None:
    """Commit one figure through the same path as the command line and the app."""
    territory = "Sóc Trăng" if year <= 2024 else "Cần Thơ (sau hợp nhất)"  # the province merged in 2025
    text = LONG_HEADER + f"{year},Sáng chế,Số đơn đăng ký,{territory},{value},Báo cáo thử\n"
    prepared = prepare_bytes(con, text.encode(), "f.csv")
    assert prepared.ok, prepared.problems
    return commit_prepared(con, prepared, loaded_by="test")


def test_a_commit_backs_up_the_database_first_and_the_backup_holds_the_figures_before_it(db_path):
    before = current(db_path)
    with db.open_database(db_path, config=db.APP_CONFIG) as con:
        assert load(con, 7) == 2
    [backup] = list_backups(db_path)
    assert backup.path.parent == db_path.parent / "backups"
    assert backup.path.name.startswith("ipmonitor-") and backup.path.name.endswith("Z-before-batch-2")
    assert backup.label == "before-batch-2" and backup.size > 0
    figures, history = backed_up(backup.path)
    pd.testing.assert_frame_equal(figures, before)
    assert len(history) == 1
    assert not current(db_path).equals(before)
    assert [p.name for p in backup.path.parent.iterdir()] == [backup.path.name]  # no temporary left
    # The Parquet files can be read without a restore.
    assert len(pd.read_parquet(backup.path / "current_figure.parquet")) == len(before)


def test_a_revert_backs_up_the_database_first(db_path):
    with db.open_database(db_path) as con:
        load(con, 7)
    after_load = current(db_path)
    with db.open_database(db_path) as con:
        revert_batch(con, 2, loaded_by="test")
    newest = list_backups(db_path)[0]
    assert newest.label == "before-batch-3"
    figures, history = backed_up(newest.path)
    pd.testing.assert_frame_equal(figures, after_load)
    assert history["kind"].tolist() == ["load", "load"]


def test_nothing_to_write_makes_no_backup(db_path):
    with db.open_database(db_path) as con:
        load(con, 7)
        assert load(con, 7) is None  # the same figure again
        assert revert_batch(con, 1, loaded_by="test").batch_id is not None
        assert revert_batch(con, 1, loaded_by="test").batch_id is None  # already undone
    assert [b.label for b in list_backups(db_path)] == ["before-batch-3", "before-batch-2"]


def test_a_backup_taken_while_another_session_commits_holds_one_consistent_state(db_path):
    # The dashboard's sessions share one DuckDB instance: a backup must be a snapshot even while
    # another session's commits land in the middle of it.
    def commit_eight_batches() -> None:
        with db.open_database(db_path, config=db.APP_CONFIG) as con:
            for value in range(100, 108):
                load(con, value, year=2000 + value % 26)

    writer = threading.Thread(target=commit_eight_batches)
    writer.start()
    with db.open_database(db_path, config=db.APP_CONFIG) as con:
        while writer.is_alive():
            backup_database(con, label="manual", keep=1000)
    writer.join()
    seen = set()
    for backup in list_backups(db_path):
        with open_backup(backup.path) as con:
            latest = con.execute(db.read_sql("latest_batch_id")).fetchone()[0]
            versions = con.execute("SELECT count(*) FROM figure_version").fetchone()[0]
            assert versions == 988 + (latest - 1), backup.path.name  # one figure per batch after the first
            stale = con.execute(
                "SELECT count(*) FROM current_figure c JOIN (SELECT year, ip_type, measure, territory,"
                " max(version_id) AS newest FROM figure_version GROUP BY ALL) v"
                " USING (year, ip_type, measure, territory) WHERE c.version_id <> v.newest").fetchone()[0]
            assert stale == 0, backup.path.name
            seen.add(latest)
    assert len(seen) >= 2, seen  # the backups did fall between commits


def test_retention_keeps_the_newest_backups(db_path, monkeypatch):
    monkeypatch.setenv(BACKUP_KEEP_ENV_VAR, "3")
    with db.open_database(db_path) as con:
        for value in range(1, 7):
            load(con, value)
    assert [b.label for b in list_backups(db_path)] == ["before-batch-7", "before-batch-6", "before-batch-5"]
    assert main(["backup", "--db", str(db_path), "--keep", "2", "--lang", "en"]) == 0
    assert [b.label for b in list_backups(db_path)] == ["manual", "before-batch-7"]


def test_the_backup_folder_can_be_set_and_backups_are_listed_newest_first(db_path, tmp_path, monkeypatch,
                                                                          capsys):
    folder = tmp_path / "elsewhere"
    monkeypatch.setenv(BACKUP_DIR_ENV_VAR, str(folder))
    assert main(["backups", "--db", str(db_path), "--lang", "en"]) == 0
    assert f"No backups yet in {folder}" in capsys.readouterr().out
    assert main(["backup", "--db", str(db_path)]) == 0
    assert f"Đã sao lưu: {folder}" in capsys.readouterr().out
    with db.open_database(db_path) as con:
        load(con, 7)
    assert main(["backups", "--db", str(db_path), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Backups in {folder}, newest first")
    assert lines[1].endswith("before batch 2 was written")
    assert lines[2].endswith("by hand (python -m etl backup)")
    assert main(["backups", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith("trước khi ghi lô 2")
    assert not (db_path.parent / "backups").exists()


def test_restore_brings_back_the_old_figures_and_keeps_a_backup_of_what_it_replaced(db_path, tmp_path,
                                                                                    capsys):
    before = current(db_path)
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),7,Báo cáo thử\n", encoding="utf-8")
    assert main(["load", str(path), "--db", str(db_path)]) == 0
    after_load = current(db_path)
    [before_load] = list_backups(db_path)
    capsys.readouterr()
    assert main(["restore", "--latest", "--db", str(db_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    pd.testing.assert_frame_equal(current(db_path), before)
    kept = list_backups(db_path)[0]
    assert kept.label == "before-restore"
    assert (f"Restored {db_path} from {before_load.path}. "
            f"The database it replaced is kept in {kept.path}.") in out
    pd.testing.assert_frame_equal(backed_up(kept.path)[0], after_load)
    assert not db_path.with_name(db_path.name + ".wal").exists()
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]
    # The restored database takes new batches, never reusing a number the database it replaced gave
    # (batch 2 is in its audit log, which the restore keeps) ...
    assert main(["load", str(path), "--db", str(db_path)]) == 0
    assert batches(db_path)["batch_id"].tolist() == [1, 3]
    # ... and a restore can itself be undone with the backup it made.
    assert main(["restore", str(kept.path), "--db", str(db_path)]) == 0
    pd.testing.assert_frame_equal(current(db_path), after_load)


def test_restore_is_refused_while_another_program_holds_the_database(db_path, capsys):
    with db.open_database(db_path) as con:
        load(con, 7)
    digest, backups_before = file_digest(db_path), list_backups(db_path)
    with database_held(db_path, seconds=60):
        assert main(["restore", "--latest", "--db", str(db_path), "--wait", "0.5", "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert "Another program is using the database" in err and "did not let go within 0.5 s" in err
    assert file_digest(db_path) == digest
    assert list_backups(db_path) == backups_before
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_restore_refuses_a_file_that_is_not_a_backup_and_leaves_the_database_alone(db_path, tmp_path, capsys):
    fake = tmp_path / "notes.duckdb"
    fake.write_text("not a database")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()  # a DuckDB file, but not this application's
    folder = tmp_path / "ipmonitor-20261125T101500.000Z-manual"
    folder.mkdir()  # named like a backup, empty
    digest = file_digest(db_path)
    for wrong in (fake, other):
        assert main(["restore", str(wrong), "--db", str(db_path), "--lang", "en"]) == 1
        assert f"Not restored: {wrong} is not a backup of this database" in capsys.readouterr().err
    assert main(["restore", str(folder), "--db", str(db_path), "--lang", "en"]) == 1
    assert f"Not restored: {folder} has no manifest.json" in capsys.readouterr().err
    assert main(["restore", str(db_path), "--db", str(db_path), "--lang", "en"]) == 1
    assert "is the database itself" in capsys.readouterr().err
    assert main(["restore", "--latest", "--db", str(db_path), "--lang", "en"]) == 1
    assert "There is no backup of" in capsys.readouterr().err
    assert file_digest(db_path) == digest and list_backups(db_path) == []


def test_restore_puts_a_backup_in_place_of_a_missing_database(db_path, tmp_path):
    before = current(db_path)
    with db.open_database(db_path) as con:
        backup = backup_database(con, label="manual")
    db_path.unlink()
    restored = restore_database(db_path, backup, wait_seconds=0)
    assert restored.replaced_kept_in is None
    pd.testing.assert_frame_equal(current(db_path), before)


def test_a_failed_backup_refuses_the_commit_and_the_database_is_unchanged(db_path, tmp_path, monkeypatch,
                                                                          capsys):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder should be")
    monkeypatch.setenv(BACKUP_DIR_ENV_VAR, str(blocked))
    before_figures, before_batches = current(db_path), batches(db_path)
    with db.open_database(db_path) as con:
        with pytest.raises(BackupFailed):
            load(con, 7)
        with pytest.raises(BackupFailed):
            revert_batch(con, 1, loaded_by="test")
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),7,Báo cáo thử\n", encoding="utf-8")
    assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == 4
    err = capsys.readouterr().err
    assert "Nothing written: the backup copy made before every change could not be written" in err
    assert main(["revert", "1", "--db", str(db_path)]) == 4
    assert "Không ghi gì: không tạo được bản sao lưu" in capsys.readouterr().err
    pd.testing.assert_frame_equal(current(db_path), before_figures)
    pd.testing.assert_frame_equal(batches(db_path), before_batches)


def test_an_in_memory_database_has_no_backup():
    with duckdb.connect() as con:
        assert backup_database(con, label="manual") is None


def test_a_backup_left_half_written_is_never_listed_and_the_next_backup_removes_it(db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    # What a process killed mid-backup leaves: a hidden temporary and its log, under a dead process id.
    dead = 2 ** 22 + 12345
    half = folder / f".ipmonitor-20261125T101500.000Z-before-batch-2.{dead}-0badc0de.tmp"
    half.mkdir()
    (half / "schema.sql").write_text("CREATE TABLE")
    (half / "load.sql").write_text("COPY")
    # and a backup folder the export had not finished (no load.sql), under a finished name
    unfinished = folder / "ipmonitor-20261125T101500.000Z-manual"
    unfinished.mkdir()
    (unfinished / "schema.sql").write_text("CREATE TABLE")
    assert list_backups(db_path) == []
    with db.open_database(db_path, read_only=True) as con:
        made = backup_database(con, label="manual")
    assert sorted(os.listdir(folder)) == sorted([made.name, unfinished.name])
