"""etl/load.py against a real DuckDB file: the current_figure table stays equal to the latest version of
every key through loads, withdrawals, reverts and reverts of reverts, and migration 003 builds it
from a database that had only the versions."""
from __future__ import annotations


import duckdb
import pandas as pd

from etl.load import revert_batch
from etl.pipeline import commit_prepared, prepare_bytes
from ipmonitor.store import db
from ipmonitor.paths import MIGRATIONS_DIR

LONG_HEADER = "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"
SOURCE = "Báo cáo Sở KH&CN Hậu Giang 2026"

# What the dropped view computed: the newest version of each key, unless that version withdrew it.
LATEST_VERSIONS = """
    SELECT year, ip_type, measure, territory, version_id, value, source_id, batch_id
    FROM (SELECT * FROM figure_version
          QUALIFY row_number() OVER (PARTITION BY year, ip_type, measure, territory ORDER BY version_id DESC) = 1)
    WHERE NOT withdrawn ORDER BY ALL"""
TABLE = """SELECT year, ip_type, measure, territory, version_id, value, source_id, batch_id
           FROM current_figure ORDER BY ALL"""


def assert_table_matches_versions(con: duckdb.DuckDBPyConnection) -> None:
    pd.testing.assert_frame_equal(con.execute(TABLE).df(), con.execute(LATEST_VERSIONS).df())


def load(con: duckdb.DuckDBPyConnection, lines: list[str]) -> int:
    prepared = prepare_bytes(con, (LONG_HEADER + "\n".join(lines) + "\n").encode(), "figures.csv")
    assert prepared.ok, prepared.problems
    return commit_prepared(con, prepared, loaded_by="test")


def test_the_current_figures_follow_every_load_and_revert(db_path):
    with db.open_database(db_path) as con:
        assert_table_matches_versions(con)
        first = load(con, [f"2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),7,{SOURCE}",
                           f"2024,Sáng chế,Số đơn đăng ký,Hậu Giang,40,{SOURCE}"])
        assert_table_matches_versions(con)
        second = load(con, [f"2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),9,{SOURCE}"])
        assert_table_matches_versions(con)
        revert = revert_batch(con, first, loaded_by="test")  # 2026 changed again later: left alone
        assert revert.conflicts and revert.restored == 1
        assert_table_matches_versions(con)
        undo = revert_batch(con, second, loaded_by="test")  # 2026 goes back to 7, the first batch's version
        assert_table_matches_versions(con)
        revert_batch(con, undo.batch_id, loaded_by="test")
        assert_table_matches_versions(con)
        assert con.execute("SELECT value FROM current_figure WHERE year = 2026 AND ip_type = 'patent' "
                           "AND territory = 'can_tho' AND measure = 'applications_filed'").fetchone() == (9,)


def test_a_withdrawn_figure_leaves_the_table_and_a_revert_brings_it_back(db_path):
    with db.open_database(db_path) as con:
        added = load(con, [f"2026,Nhãn hiệu,Số đơn đăng ký,Cần Thơ (sau hợp nhất),120,{SOURCE}"])
        before = con.execute("SELECT count(*) FROM current_figure").fetchone()[0]
        withdrawal = revert_batch(con, added, loaded_by="test")
        assert withdrawal.withdrawn == 1
        assert con.execute("SELECT count(*) FROM current_figure").fetchone()[0] == before - 1
        assert_table_matches_versions(con)
        revert_batch(con, withdrawal.batch_id, loaded_by="test")
        assert con.execute("SELECT count(*) FROM current_figure").fetchone()[0] == before
        assert_table_matches_versions(con)


def test_migration_003_builds_the_table_from_a_database_that_had_only_versions(db_path, tmp_path):
    old = tmp_path / "version2.duckdb"
    with duckdb.connect(str(db_path), read_only=True) as source:
        versions = source.execute("SELECT * FROM figure_version ORDER BY version_id").df()
        expected = source.execute(LATEST_VERSIONS).df()
        batches = source.execute("SELECT * FROM load_batch").df()
        reference = {name: source.execute(f"SELECT * FROM {name}").df()
                     for name in ("ip_type", "measure", "territory", "source")}
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL)")
        for number in (1, 2):
            path = next(MIGRATIONS_DIR.glob(f"{number:03d}_*.sql"))
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migration VALUES (?, ?, now()::TIMESTAMP)", [number, path.name])
        for name, frame in {**reference, "load_batch": batches, "figure_version": versions}.items():
            # Columns later migrations added (006: units, the placeholder type) were not there yet.
            columns = [row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]).fetchall()]
            frame = frame[[column for column in frame.columns if column in columns]]  # noqa: F841 (read by SQL)
            con.execute(f"INSERT INTO {name} SELECT * FROM frame")
        # A withdrawn newest version must hide the key, not uncover the version before it.
        con.execute("INSERT INTO load_batch (batch_id, kind, loaded_by, loaded_at, rows_added, rows_changed,"
                    " rows_unchanged, reverts_batch) VALUES (1000, 'revert', 'test', now()::TIMESTAMP, 0, 0, 0, 1)")
        con.execute("INSERT INTO figure_version (version_id, year, ip_type, measure, territory, value, source_id,"
                    " withdrawn, batch_id) SELECT 10**9, year, ip_type, measure, territory, NULL, NULL, TRUE, 1000"
                    " FROM figure_version WHERE version_id = 1")
        assert db.apply_migrations(con) == [p.name for p in db.list_migrations() if p.name >= "003"]
        assert_table_matches_versions(con)
        assert len(con.execute(TABLE).df()) == len(expected) - 1
