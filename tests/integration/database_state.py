"""What a refused command-line load may change: only the audit log, by one load_refused event.

The figures, batches, sources and every other table are compared row by row; the file's bytes can
no longer be, since the refusal itself is recorded in the database.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

# Tables a refused load may append to: the audit log (its refusal event).
AUDIT_TABLES = ("audit_event",)


def data_state(db_path: Path) -> dict[str, str]:
    """Every table but the audit log, by a digest of its rows in a fixed order."""
    state = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()]
        for table in sorted(set(tables) - set(AUDIT_TABLES)):
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
            state[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def refused_loads(db_path: Path) -> list[dict]:
    """The details of the load_refused events, oldest first."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT detail FROM audit_event WHERE action = 'load_refused' ORDER BY event_id").fetchall()
    return [json.loads(row[0]) for row in rows]


def assert_only_the_refusal_was_recorded(db_path: Path, before: dict[str, str], refusals_before: int,
                                         reason: str) -> dict:
    """Nothing but one load_refused event with `reason` was written; returns that event's detail."""
    assert data_state(db_path) == before
    refusals = refused_loads(db_path)
    assert len(refusals) == refusals_before + 1, refusals
    assert refusals[-1]["reason"] == reason, refusals[-1]
    return refusals[-1]
