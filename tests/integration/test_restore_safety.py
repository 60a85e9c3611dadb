"""etl restore puts back only what a backup of this application wrote: the manifest's checksums and counts,
the database's id, no SQL from the backup folder, a full read before the swap, the live audit log kept,
and a damaged live database moved aside rather than blocking the way back."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.backup import MANIFEST, backup_database, list_backups, restore_database
from etl.cli import main
from ipmonitor.store import db
from tests.integration.test_backup import default_backup_settings  # noqa: F401 (autouse: backups beside the database)
from tests.integration.test_cli import LONG_HEADER, batches, current, file_digest


def figures_file(tmp_path: Path, value: int, year: int = 2026) -> Path:
    path = tmp_path / f"f{value}-{year}.csv"
    path.write_text(LONG_HEADER + f"{year},Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),{value},Báo cáo thử\n",
                    encoding="utf-8")
    return path


def take_backup(db_path: Path) -> Path:
    with db.open_database(db_path) as con:
        return backup_database(con, label="manual")


def database_id(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT database_id FROM database_identity").fetchone()[0]


def audit(path: Path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT * FROM audit_event ORDER BY event_id").df()


def rewrite_manifest_checksum(backup: Path, name: str) -> None:
    """What someone who also edits the manifest would do: the checksums no longer stand in the way."""
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    data = (backup / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (backup / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def run_etl(etl_in_process, monkeypatch):
    """`python -m etl ARGS` through etl.cli.main, with no IPMONITOR_ setting from the environment: its exit
    code and what it printed. An exception escaping the command (what a shell would see as a traceback)
    fails the test; the traceback-free message of a whole process is tests/integration/test_damaged_and_full.py's."""
    for name in [name for name in os.environ if name.startswith("IPMONITOR_")]:
        monkeypatch.delenv(name)
    return etl_in_process


def cut_in_half(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def test_a_backup_carries_a_manifest_with_the_database_id_checksums_and_row_counts(db_path):
    backup = take_backup(db_path)
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["database_id"] == database_id(db_path)
    assert manifest["schema_version"] == int(db.list_migrations()[-1].name[:3])
    assert manifest["label"] == "manual" and manifest["taken_at"].endswith("Z")
    files = {p.name for p in backup.iterdir()} - {MANIFEST}
    assert set(manifest["files"]) == files
    for name, entry in manifest["files"].items():
        data = (backup / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}, name
    with duckdb.connect(str(db_path), read_only=True) as con:
        for table in ("figure_version", "current_figure", "load_batch", "audit_event", "database_identity"):
            rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert manifest["tables"][table] == {"file": f"{table}.parquet", "rows": rows}, table


def test_sql_in_a_backup_folder_is_never_run(db_path, tmp_path, capsys):
    backup = take_backup(db_path)
    written = tmp_path / "ran.csv"
    for name in ("schema.sql", "load.sql"):
        with (backup / name).open("a", encoding="utf-8") as f:
            f.write(f"\nCOPY (SELECT 1) TO '{written}';\n")
    digest = file_digest(db_path)
    # As written by the backup, then edited: the checksum names the edited file.
    assert main(["restore", str(backup), "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "load.sql" in err or "schema.sql" in err
    assert "checksum" in err and "the database is unchanged." in err
    assert file_digest(db_path) == digest and not written.exists()
    # With the manifest edited to match, the restore goes on, and still never runs the folder's SQL.
    rewrite_manifest_checksum(backup, "schema.sql")
    rewrite_manifest_checksum(backup, "load.sql")
    assert main(["restore", str(backup), "--db", str(db_path), "--lang", "en"]) == 0
    assert not written.exists()


def test_an_altered_table_file_is_refused_naming_it(db_path, capsys):
    backup = take_backup(db_path)
    with duckdb.connect() as con:  # a figure changed by hand: a valid Parquet file, not the one written
        con.execute("COPY (SELECT * REPLACE (value + 1 AS value) FROM read_parquet(?)) TO"
                    f" '{backup / 'changed.parquet'}' (FORMAT parquet)", [str(backup / "current_figure.parquet")])
    os.replace(backup / "changed.parquet", backup / "current_figure.parquet")
    digest = file_digest(db_path)
    assert main(["restore", str(backup), "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"Not restored: the file current_figure.parquet in {backup} is not the file the backup wrote" in err
    assert file_digest(db_path) == digest
    assert main(["restore", str(backup), "--db", str(db_path)]) == 1
    assert "Không khôi phục: tệp current_figure.parquet trong" in capsys.readouterr().err


def test_a_folder_without_a_manifest_is_not_a_backup_of_this_version(db_path, capsys):
    backup = take_backup(db_path)
    (backup / MANIFEST).unlink()  # what a backup written before manifests looks like
    digest = file_digest(db_path)
    assert main(["restore", str(backup), "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"Not restored: {backup} has no manifest" in err and "pandas or DuckDB" in err
    assert main(["restore", "--latest", "--db", str(db_path), "--lang", "en"]) == 1  # the newest is that one
    assert "has no manifest" in capsys.readouterr().err
    (backup / MANIFEST).write_text("{not json", encoding="utf-8")
    assert main(["restore", str(backup), "--db", str(db_path), "--lang", "en"]) == 1
    assert "its manifest cannot be read" in capsys.readouterr().err
    assert file_digest(db_path) == digest


def test_a_backup_of_another_database_is_refused_unless_asked_for(db_path, tmp_path, capsys):
    other = tmp_path / "other" / "ipmonitor.duckdb"
    other.parent.mkdir()
    shutil.copy(db_path, other)
    with duckdb.connect(str(other)) as con:  # another database: its own id
        con.execute("UPDATE database_identity SET database_id = gen_random_uuid()::VARCHAR")
    backup = take_backup(other)
    live_id, digest = database_id(db_path), file_digest(db_path)
    for source in (backup, other):
        assert main(["restore", str(source), "--db", str(db_path), "--lang", "en"]) == 1
        err = capsys.readouterr().err
        assert f"Not restored: {source} is a backup of another database" in err and "--other-database" in err
        assert file_digest(db_path) == digest
    assert main(["restore", str(backup), "--db", str(db_path), "--other-database", "--lang", "en"]) == 0
    # The restored figures are the other database's; the file keeps its own id and its own audit log.
    assert database_id(db_path) == live_id
    [event] = audit(db_path).query("action == 'restore'").to_dict("records")
    assert json.loads(event["detail"])["other_database"] is True


def test_a_duckdb_file_cut_in_half_is_refused_and_the_database_is_left_as_it_was(db_path, tmp_path, run_etl):
    half = tmp_path / "copy.duckdb"
    shutil.copy(db_path, half)
    cut_in_half(half)
    digest = file_digest(db_path)
    result = run_etl("restore", str(half), "--db", str(db_path), "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"Not restored: {half} is damaged" in result.stderr and "the database is unchanged." in result.stderr
    assert file_digest(db_path) == digest
    assert list_backups(db_path) == []
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith((".tmp", ".tmp.wal"))]


def test_a_damaged_live_database_is_moved_aside_and_the_backup_restored(db_path, tmp_path, run_etl):
    before = current(db_path)
    path = figures_file(tmp_path, 7)
    assert main(["load", str(path), "--db", str(db_path)]) == 0
    cut_in_half(db_path)
    damaged = db_path.read_bytes()
    # A load on the damaged file fails ...
    assert run_etl("load", str(figures_file(tmp_path, 8)), "--db", str(db_path)).returncode != 0
    # ... and the restore does not need it.
    result = run_etl("restore", "--latest", "--db", str(db_path), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    [aside] = [p for p in db_path.parent.iterdir() if p.name.startswith("ipmonitor.duckdb.damaged-")]
    assert aside.read_bytes() == damaged
    assert f"moved aside to {aside}" in result.stdout and "no backup of it before the restore" in result.stdout
    pd.testing.assert_frame_equal(current(db_path), before)
    assert [b.label for b in list_backups(db_path)] == ["before-batch-2"]
    [event] = audit(db_path).query("action == 'restore'").to_dict("records")
    assert json.loads(event["detail"])["damaged_kept_in"] == str(aside)
    assert run_etl("load", str(path), "--db", str(db_path)).returncode == 0  # the restored database works


def test_audit_events_written_after_the_backup_survive_a_restore(db_path, tmp_path):
    with db.open_database(db_path) as con:
        from ipmonitor.store.audit import record_event
        record_event(con, "lan", "sign_in")
        backup = backup_database(con, label="manual")
        record_event(con, "minh", "sign_in")
        record_event(con, "minh", "sign_out")
    (backup / "notes.sql").write_text("DROP TABLE audit_event;")  # not in the manifest: never read
    live = audit(db_path).to_dict("records")
    restored = restore_database(db_path, backup, wait_seconds=1, actor="admin")
    log = audit(db_path).to_dict("records")
    assert [(e["event_id"], e["actor"], e["action"], e["occurred_at"]) for e in log[:len(live)]] == \
        [(e["event_id"], e["actor"], e["action"], e["occurred_at"]) for e in live]  # every live event
    assert [e["actor"] for e in live][-2:] == ["minh", "minh"]  # those after the backup included
    [event] = log[len(live):]  # and exactly one restore event after them
    assert (event["action"], event["actor"], event["channel"]) == ("restore", "admin", "cli")
    detail = json.loads(event["detail"])
    assert detail == {"from": str(backup), "replaced_kept_in": str(restored.replaced_kept_in),
                      "other_database": False, "damaged_kept_in": None}


def test_events_only_the_backup_holds_are_kept_too(db_path):
    with db.open_database(db_path) as con:
        from ipmonitor.store.audit import record_event
        record_event(con, "lan", "sign_in")
        backup = backup_database(con, label="manual")
    with duckdb.connect(str(db_path)) as con:  # a log that lost its last event (an older restore did this)
        con.execute("DELETE FROM audit_event WHERE actor = 'lan'")
    restore_database(db_path, backup, wait_seconds=1, actor="admin")
    assert audit(db_path)["actor"].tolist() == ["lan", "admin"]


def test_a_restored_database_takes_new_loads_and_its_numbers_never_repeat(db_path, tmp_path, capsys):
    assert main(["load", str(figures_file(tmp_path, 7)), "--db", str(db_path)]) == 0
    assert main(["restore", "--latest", "--db", str(db_path)]) == 0
    assert batches(db_path)["batch_id"].tolist() == [1]
    assert main(["load", str(figures_file(tmp_path, 9)), "--db", str(db_path)]) == 0
    # Batch 2 was the replaced database's (its audit events say so): the next batch is 3.
    assert batches(db_path)["batch_id"].tolist() == [1, 3]
    with duckdb.connect(str(db_path), read_only=True) as con:
        versions = con.execute("SELECT max(version_id), count(*) FROM figure_version").fetchone()
        assert versions[1] == 989 and versions[0] > 989
        assert con.execute("SELECT year, value FROM current_figure WHERE batch_id = 3").fetchall() == [(2026, 9)]
    log = audit(db_path)
    assert log["event_id"].is_unique and log["event_id"].is_monotonic_increasing
    assert log["action"].tolist()[-2:] == ["restore", "commit"]


def test_a_backup_taken_before_a_later_migration_restores_and_is_migrated(db_path, tmp_path):
    before = current(db_path)
    with duckdb.connect() as fresh:  # what migrations 1 to 7 create
        db.apply_migrations(fresh, up_to=7)
        at_seven = {row[0] for row in fresh.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    with duckdb.connect(str(db_path)) as con:  # a database as it was at migration 7
        for table in {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} - at_seven:
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM schema_migration WHERE version > 7")
    backup = take_backup(db_path)
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    assert (manifest["schema_version"], manifest["database_id"]) == (7, None)
    db_path.unlink()
    restore_database(db_path, backup, wait_seconds=1, actor="admin")
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert db.schema_version(con) == int(db.list_migrations()[-1].name[:3])
        assert con.execute("SELECT count(*) FROM database_identity").fetchone()[0] == 1
    pd.testing.assert_frame_equal(current(db_path), before)
