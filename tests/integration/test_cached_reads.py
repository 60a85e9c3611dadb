"""ui.cached_reads.read takes the query function itself and keeps its answer per database version under
the function's module and qualified name (not the object's id), so that every rerun and session shares
it; a change made in the app (forget_cached_reads) or on the file reads afresh."""
from __future__ import annotations

import duckdb

from ipmonitor.store import queries
from ipmonitor.paths import DB_ENV_VAR
from ui.cached_reads import forget_cached_reads, read

calls: list[tuple] = []


def count_years(con: duckdb.DuckDBPyConnection, measure: str) -> int:
    calls.append((measure,))
    return con.execute("SELECT count(DISTINCT year) FROM current_figure WHERE measure = ?", [measure]).fetchone()[0]


def test_a_read_is_kept_by_the_functions_name_and_its_arguments(db_path, monkeypatch):
    monkeypatch.setenv(DB_ENV_VAR, str(db_path))
    forget_cached_reads()
    calls.clear()
    first = read(count_years, "applications_filed")
    assert read(count_years, "applications_filed") == first > 0 and len(calls) == 1
    read(count_years, "titles_granted")
    assert len(calls) == 2

    # Another function object under the same module and name (a module run again) finds the same answer.
    namespace: dict = {}
    exec("def count_years(con, measure):\n    raise AssertionError('read again')\n", namespace)
    twin = namespace["count_years"]
    twin.__module__, twin.__qualname__ = count_years.__module__, count_years.__qualname__
    assert read(twin, "applications_filed") == first

    forget_cached_reads()
    assert read(count_years, "applications_filed") == first and len(calls) == 3


def test_a_domain_query_reads_through_the_cache(db_path, monkeypatch):
    monkeypatch.setenv(DB_ENV_VAR, str(db_path))
    forget_cached_reads()
    first, last = read(queries.load_year_range)
    assert first <= last
