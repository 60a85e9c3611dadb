"""Versioned records (task statuses, report receipts, plan reviews, plan-register entries): what one batch
wrote to them, read by one query for all of them.

Each is kept as versions in its own table (keys, fields, withdrawn, batch_id, version_id), never updated in
place, like the figures. The query (ipmonitor/store/sql/record_batch_versions.sql) takes the table, its keys and
its fields as bound values; the tables it may read are the ones declared here, an allow-list.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import duckdb
import pandas as pd

from ipmonitor.paths import SQL_DIR

# Read here rather than through ipmonitor.store.db (whose named-file reader does the same): the modules that
# declare a versioned table sit beside the database module and would otherwise gain an import level.
_QUERY = SQL_DIR / "record_batch_versions.sql"
# The versioned tables a batch may write besides the figures (migrations 005, 011, 012, 013).
VERSIONED_TABLES = ("task_status_version", "report_receipt_version", "plan_review_version",
                    "plan_register_version")


@dataclass(frozen=True)
class VersionedTable:
    """One subject's table of versions: its key columns, the fields a version records, and the order
    its rows are listed in (History, a revert's rows)."""

    subject: str
    table: str
    keys: tuple[str, ...]
    fields: tuple[str, ...]
    order: Callable[[pd.DataFrame], pd.DataFrame]
    json_fields: tuple[str, ...] = ()  # fields held as JSON, read as their text


def load_batch_versions(con: duckdb.DuckDBPyConnection, versions: VersionedTable, batch_id: int) -> pd.DataFrame:
    """Every version a batch wrote to one table beside the version before it (keys, change, old_<field>,
    new_<field>), with what a revert of the batch needs (batch_withdrew, still_current, restore_withdrawn)."""
    if versions.table not in VERSIONED_TABLES:
        raise ValueError(f"not a versioned table: {versions.table!r}")
    frame = con.execute(_QUERY.read_text(encoding="utf-8"), {
        "table": versions.table, "keys": list(versions.keys), "fields": list(versions.fields),
        "batch_id": batch_id}).df()
    for name in versions.json_fields:
        for side in ("old", "new"):
            frame[f"{side}_{name}"] = frame[f"{side}_{name}"].astype(object).where(frame[f"{side}_{name}"].notna(), None)
    return versions.order(frame).reset_index(drop=True)


def sorted_by(*columns: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """An order by plain columns, missing values last."""
    return lambda frame: frame.sort_values(list(columns), kind="stable", na_position="last")
