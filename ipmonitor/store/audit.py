"""The audit log: who signed in (or failed to), uploaded, committed, edited, reverted or managed accounts.

Events are only ever appended. `detail` is a small JSON object (file name, counts, reason) so that the
log stays one table whatever an action needs to say.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from ipmonitor.store import db

AUDIT_ACTIONS = (
    "sign_in", "sign_in_failed", "account_locked", "sign_out",
    "sign_in_throttled",  # a name or client address starts a back-off (account_locked: before migration 009)
    "upload_checked", "commit", "commit_refused", "edit", "revert",
    "load_refused",  # a command-line load that wrote nothing: the file refused, or the write failed
    "user_added", "user_disabled", "user_enabled", "password_reset",
    "backup", "restore",
    "task_status_update", "report_receipt_update",  # the plan tracker's batches (etl/tracker_writes.py)
    "plan_register_update",  # the plan register's batches (etl/register_writes.py)
    "plan_review_update",  # a review of the plan recorded (etl/plan_review_writes.py)
)
CHANNELS = ("app", "cli")


def utc_now() -> dt.datetime:
    """Events are stamped in UTC (naive), like batches; pages show Viet Nam time."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def record_event(con: duckdb.DuckDBPyConnection, actor: str, action: str, *, channel: str = "app",
                 batch_id: int | None = None, detail: dict[str, Any] | None = None,
                 at: dt.datetime | None = None) -> int:
    """Append one event; returns its number."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action: {action!r}")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel: {channel!r}")
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str) if detail else None
    return db.execute(con, "insert_audit_event", {
        "at": at or utc_now(), "actor": actor, "channel": channel, "action": action,
        "batch_id": batch_id, "detail": text})[0][0]


def load_audit_log(con: duckdb.DuckDBPyConnection, actor: str | None = None, action: str | None = None,
                   since: dt.datetime | None = None, until: dt.datetime | None = None,
                   limit: int = 1_000) -> pd.DataFrame:
    """Events newest first, filtered by actor, action and a UTC time range [since, until)."""
    return db.query_df(con, "audit_log", {"actor": actor, "action": action, "since": since, "until": until,
                                          "limit": limit})
